//! Trigger Atlas: a clickable body map of myofascial trigger points and their referred pain.
//!
//! [`atlas`] is the pure core (data, validation, geometry, queries, files); [`cli`] is the
//! command line on top of it; `explorer` (feature `explorer`) is the Bevy app. Imports only run
//! downward: the CLI uses the explorer and the core, the explorer uses the core.

pub mod atlas;
pub mod cli;
#[cfg(feature = "explorer")]
pub mod explorer;
