//! Frameworks as data: the file format, its validation, and the validated model.

pub mod continuity;
mod describe;
mod documents;
pub mod eras;
pub mod file;
mod locate;
pub mod model;
pub mod registry;
mod validate;

pub use describe::number;
pub use model::*;
pub use validate::{Loaded, load, load_bytes, vn_date};
