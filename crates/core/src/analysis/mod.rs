//! Analysis: directive knowledge, contexts, and the checks built on them.

pub mod context;
pub mod directives;
pub mod validate;

pub use context::Context;
pub use validate::{validate, FileDiagnostic};
