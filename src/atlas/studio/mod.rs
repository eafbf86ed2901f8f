//! The studio: guided tours for clients (`data/tours.ron`) and the practice's own profile
//! (`practice.ron` in the user's config folder), with its logo.
//!
//! Both are hand-written RON files, loaded and checked like the atlas: every problem comes back
//! with `file:line:column` and a fix, and nothing here panics on bad input.

pub mod logo;
pub mod practice;
pub mod tours;

pub use logo::{Logo, LogoError, MAX_LOGO_BYTES, MAX_LOGO_PIXELS, MAX_LOGO_SIDE, read_logo};
pub use practice::{Paper, Practice, load_practice, parse_practice, practice_path};
pub use tours::{
    SHIPPED_TOURS, Tour, TourStep, TourView, Tours, find_shipped_tours, load_shipped_tours,
    load_tours, parse_tours,
};
