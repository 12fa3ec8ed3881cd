//! confine's core: parse nginx configs losslessly, analyse them, fix them,
//! render the result, and redact secrets. No file system, network or clock:
//! callers inject file lookup, so the same code runs natively and in wasm32.
//!
//! The pipeline shows in the modules: [`input`] gathers files, [`syntax`]
//! parses each one into a lossless tree, [`analysis`] checks them, [`render`]
//! prints the results. [`redact`] stands beside the pipeline: it replaces
//! addresses, names and secrets with placeholders before text is shared.

pub mod analysis;
pub mod assist;
pub mod bytes;
pub mod diagnostic;
pub mod fix;
pub mod hash;
pub mod input;
pub mod options;
pub mod redact;
pub mod render;
pub mod report;
pub mod rules;
pub mod span;
pub mod syntax;

pub use report::{analyze, analyze_with, Report};

/// The built-in example: the failing `grpc_pass` config of the 502 incident,
/// with made-up internal names. The CLI's `example` and the page start from it.
pub const EXAMPLE: &str = include_str!("../assets/example.conf");
