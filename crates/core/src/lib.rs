//! Xanh's domain core: frameworks, targets, reporting periods, organisational
//! units. Pure: no I/O, no clock, no database. Everything here can be tested
//! with plain values.

pub mod access;
pub mod admin_registry;
pub mod assess;
pub mod chain;
pub mod consolidate;
pub mod display;
pub mod draft;
pub mod framework;
pub mod national;
pub mod number;
pub mod period;
pub mod problem;
pub mod quality;
pub mod report;
pub mod text;
pub mod workflow;

pub use problem::{Location, Problem, Severity};
pub use text::{Lang, Text};
