//! Rendering: turning analysis results into what people and tools read.

pub mod crossplane;
pub mod text;
