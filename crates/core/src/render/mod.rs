//! Rendering: turning analysis results into what people and tools read.

pub mod crossplane;
pub mod diff;
pub mod json;
pub mod route;
#[cfg(feature = "rule-docs")]
pub mod rules_md;
pub mod sarif;
pub mod text;
