//! Instruments: scripted actions for screenshots and measurements (`script`), and the timing
//! figures of `scripts/bench` (`metrics`).

pub mod metrics;
pub mod script;
