//! Rules: one module per rule, all registered in [`RULES`].
//!
//! A rule reads the [`Model`] (the include-expanded config with nginx's
//! inheritance) and the user's [`Options`], and reports [`Finding`]s, each
//! optionally with a [`Fix`]. Rules never print and never touch files.

mod forwarding_headers;
mod grpc_to_http1;
mod http2_directive_unsupported;
mod keepalive_connection_close;
mod keepalive_without_http11;
mod listen_http2;
mod max_fails_single_server;
mod next_upstream_marks_peers_down;
mod next_upstream_non_idempotent;
mod proxy_http_version_2;
mod proxy_pass_scheme;
mod shared;
pub mod suppress;

use std::cell::OnceCell;

use serde::Serialize;

use crate::analysis::model::{EntryId, Model};
use crate::diagnostic::Severity;
use crate::fix::Fix;
use crate::input::FileId;
use crate::options::Options;
use crate::rules::shared::Pass;
use crate::span::Span;

/// What a rule is, for listings, explanations, SARIF rule metadata.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case id, used in output and in `# confine: ignore ID reason`.
    pub id: &'static str,
    pub severity: Severity,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Why it breaks, what nginx does, what the fix changes.
    pub explanation: &'static str,
    /// The nginx documentation of the directive concerned.
    pub docs: &'static str,
}

/// One problem found by a rule.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub file: FileId,
    pub span: Span,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// What a rule sees.
pub struct RuleContext<'m, 'a> {
    pub model: &'m Model<'a>,
    pub options: &'m Options,
    /// Every `proxy_pass` and every `grpc_pass` (http only), found on first
    /// use and shared: most rules start from them, and each rule scanning
    /// all entries and resolving every target again was a third of the time
    /// of the rules on large configs.
    passes: OnceCell<(Vec<Pass>, Vec<Pass>)>,
}

impl<'m, 'a> RuleContext<'m, 'a> {
    pub fn new(model: &'m Model<'a>, options: &'m Options) -> RuleContext<'m, 'a> {
        RuleContext {
            model,
            options,
            passes: OnceCell::new(),
        }
    }

    /// Every `proxy_pass` in an http context, in entry order.
    pub fn proxy_passes(&self) -> &[Pass] {
        &self.all_passes().0
    }

    /// Every `grpc_pass` in an http context, in entry order.
    pub fn grpc_passes(&self) -> &[Pass] {
        &self.all_passes().1
    }

    fn all_passes(&self) -> &(Vec<Pass>, Vec<Pass>) {
        self.passes.get_or_init(|| {
            (
                shared::passes(self.model, "proxy_pass"),
                shared::passes(self.model, "grpc_pass"),
            )
        })
    }

    /// A finding of `meta`'s rule at an entry's directive.
    pub fn finding(
        &self,
        meta: &RuleMeta,
        entry: EntryId,
        message: String,
        fix: Option<Fix>,
    ) -> Finding {
        let e = &self.model.entries[entry];
        Finding {
            rule: meta.id,
            severity: meta.severity,
            file: e.file,
            span: e.directive.span(),
            message,
            fix,
        }
    }
}

/// A rule: what it is, and the function that looks for it. Each rule module
/// defines one `pub static RULE`.
pub struct Rule {
    pub meta: RuleMeta,
    pub check: fn(&RuleContext<'_, '_>, &mut Vec<Finding>),
}

impl Rule {
    pub fn meta(&self) -> &RuleMeta {
        &self.meta
    }
}

/// Every rule, in the order their fixes are applied.
pub static RULES: &[&Rule] = &[
    &proxy_pass_scheme::RULE,
    &grpc_to_http1::RULE,
    &proxy_http_version_2::RULE,
    &keepalive_without_http11::RULE,
    &keepalive_connection_close::RULE,
    &forwarding_headers::RULE,
    &listen_http2::RULE,
    &http2_directive_unsupported::RULE,
    &max_fails_single_server::RULE,
    &next_upstream_non_idempotent::RULE,
    &next_upstream_marks_peers_down::RULE,
];

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.id == id)
}

/// Run every rule, then drop the findings suppressed by a
/// `# confine: ignore RULE-ID reason` comment (and report suppressions that
/// give no reason). Sorted by file, position and rule order.
pub fn run(model: &Model<'_>, options: &Options) -> Vec<Finding> {
    let cx = RuleContext::new(model, options);
    let mut findings = Vec::new();
    for rule in RULES {
        (rule.check)(&cx, &mut findings);
    }
    let mut findings = suppress::apply(model, findings);
    let order = |id: &str| {
        RULES
            .iter()
            .position(|r| r.meta().id == id)
            .unwrap_or(usize::MAX)
    };
    findings.sort_by_key(|f| (f.file, f.span.start, order(f.rule)));
    findings
}
