//! Analysis: directive knowledge and the checks built on it.

pub mod directives;
