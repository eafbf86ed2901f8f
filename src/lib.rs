//! Trigger Atlas: a clickable body map of myofascial trigger points and their referred pain.
//!
//! [`atlas`] is the pure core (data, validation, geometry, queries); [`cli`] is the command
//! line built on it; `explorer` (feature `explorer`) is the Bevy app.

pub mod atlas;
pub mod cli;
#[cfg(feature = "explorer")]
pub mod explorer;
pub mod export;
