//! The process exit codes, shared by the command line, the explorer and the handout renderer.

/// Success.
pub const EXIT_OK: u8 = 0;
/// Invalid data, or no such id.
pub const EXIT_INVALID: u8 = 1;
/// A usage or I/O error.
pub const EXIT_USAGE: u8 = 2;
/// No graphics adapter could be found (rendering needs one).
pub const EXIT_NO_ADAPTER: u8 = 3;
