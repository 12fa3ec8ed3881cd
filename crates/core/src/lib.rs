//! confine's core: parse nginx configs losslessly, analyse them, fix them,
//! render the result, and redact secrets. No file system, network or clock:
//! callers inject file lookup, so the same code runs natively and in wasm32.

pub mod analysis;
pub mod diagnostic;
pub mod span;
pub mod syntax;
