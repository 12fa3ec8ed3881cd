//! Analysis: directive knowledge, contexts, and the checks built on them.

pub mod config_checks;
pub mod context;
pub mod diagnose;
pub mod directives;
pub mod effective;
pub mod grammar;
pub mod location;
pub mod matcher;
pub mod model;
pub mod regex;
pub mod route;
pub(crate) mod similar;
pub mod target;
pub mod third_party;
pub mod unknown;
pub mod validate;
pub mod variables;
pub mod versions;

pub use context::Context;
pub use model::Model;
pub use validate::{validate, validate_for, validate_model, FileDiagnostic};
