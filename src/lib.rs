//! Trigger Atlas: a clickable body map of myofascial trigger points and their referred pain.
//!
//! [`atlas`] is the pure core (data, validation, geometry, queries); [`cli`] is the command
//! line built on it.

pub mod atlas;
pub mod cli;
