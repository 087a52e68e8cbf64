//! Xanh's documents at the edge: the formats officials and other systems
//! read and write. Pure: bytes and strings in and out, no database.

pub mod document;
#[cfg(feature = "official")]
pub mod docx;
pub mod exchange;
#[cfg(feature = "official")]
mod fonts;
#[cfg(feature = "official")]
pub mod pdf;
#[cfg(feature = "sign")]
pub mod sign;
pub mod table;
pub mod xlsx;
mod xlsx_guard;
