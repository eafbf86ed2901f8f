//! Live data: the atlas and the body art as hot-reloaded assets (`data`), and sleeping when
//! idle while still waking for loads, file changes and finished saves (`idle`).

mod data;
pub mod idle;

pub use data::*;
