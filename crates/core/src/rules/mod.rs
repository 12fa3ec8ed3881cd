//! Rules: one module per rule, all registered in [`RULES`].
//!
//! A rule reads the [`Model`] (the include-expanded config with nginx's
//! inheritance) and the user's [`Options`], and reports [`Finding`]s, each
//! optionally with a [`Fix`]. Rules never print and never touch files.

#[cfg(feature = "all-rules")]
mod access_list;
#[cfg(feature = "all-rules")]
mod add_header_redefinition;
#[cfg(feature = "all-rules")]
mod alias_traversal;
#[cfg(feature = "all-rules")]
mod allow_without_deny;
mod client_body_too_large;
#[cfg(feature = "all-rules")]
pub mod cves;
mod error_log_mismatch;
#[cfg(feature = "all-rules")]
mod error_log_off;
mod evidence;
mod forwarding_headers;
mod grpc_to_http1;
#[cfg(feature = "all-rules")]
mod host_spoofing;
mod http2_directive_unsupported;
#[cfg(feature = "all-rules")]
mod http_splitting;
mod keepalive_connection_close;
mod keepalive_without_http11;
mod listen_http2;
mod max_fails_single_server;
#[cfg(feature = "all-rules")]
mod missing_worker_processes;
#[cfg(feature = "all-rules")]
mod mixed_case_variable;
mod next_upstream_marks_peers_down;
mod next_upstream_non_idempotent;
#[cfg(feature = "all-rules")]
mod nginx_cves;
mod open_files;
mod proxy_http_version_2;
#[cfg(feature = "all-rules")]
mod proxy_pass_normalized;
mod proxy_pass_scheme;
#[cfg(feature = "all-rules")]
mod proxy_set_header_redefinition;
mod redirection_cycle;
mod response_buffered;
#[cfg(feature = "all-rules")]
mod return_bypasses_allow_deny;
pub mod select;
mod shared;
#[cfg(feature = "all-rules")]
mod ssrf;
pub mod suppress;
mod upstream_closed;
mod upstream_header_too_big;
mod upstream_no_live;
mod upstream_not_resolved;
mod upstream_plain_to_tls;
mod upstream_protocol_error;
mod upstream_ssl_handshake;
mod upstream_ssl_verify;
mod upstream_timed_out;
mod upstream_tls_to_plain;
mod upstream_unreachable;
#[cfg(feature = "all-rules")]
mod version_disclosure;
mod worker_connections;

use std::cell::OnceCell;

use serde::Serialize;

use crate::analysis::diagnose::{Diagnosed, Diagnosis};
use crate::analysis::model::{EntryId, Model};
use crate::analysis::variables::Variables;
use crate::diagnostic::Severity;
use crate::fix::Fix;
use crate::input::FileId;
use crate::options::Options;
use crate::rules::shared::Pass;
use crate::span::Span;

/// What a rule is about, for `--select`/`--ignore` by family.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// nginx and a backend not speaking the same protocol: 502s, useless pools.
    Protocol,
    /// What an attacker can use: spoofed hosts, header injection, exposed files.
    Security,
    /// Limits and settings that cost throughput or capacity.
    Performance,
    /// Config that works today but misleads the next reader or breaks on change.
    Hygiene,
}

impl Category {
    pub const ALL: [Category; 4] = [
        Category::Protocol,
        Category::Security,
        Category::Performance,
        Category::Hygiene,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Protocol => "protocol",
            Category::Security => "security",
            Category::Performance => "performance",
            Category::Hygiene => "hygiene",
        }
    }
}

/// What a rule is, for listings, explanations, SARIF rule metadata and the
/// rules page. `bad` and `good` are run by the test suite: `bad` must raise
/// the rule, `good` must not.
#[derive(Debug, Serialize)]
pub struct RuleMeta {
    /// Stable kebab-case id, used in output and in `# confine: ignore ID reason`.
    pub id: &'static str,
    pub severity: Severity,
    pub category: Category,
    /// One line: what is wrong.
    pub summary: &'static str,
    /// Why it breaks, what nginx does, what the fix changes.
    pub explanation: &'static str,
    /// The nginx documentation of the directive concerned.
    pub docs: &'static str,
    /// A config that raises the rule.
    #[cfg(feature = "rule-docs")]
    pub bad: &'static str,
    /// The same config done right: the rule stays silent.
    #[cfg(feature = "rule-docs")]
    pub good: &'static str,
    /// The error-log lines both examples are read with ("" when the rule
    /// does not read the log).
    #[cfg(feature = "rule-docs")]
    pub log: &'static str,
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
    /// The error-log line that proves it, when the finding came from the log.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub log: Option<LogEvidence>,
}

/// The error-log event behind a finding.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LogEvidence {
    /// The 1-based log line of the first event.
    pub line: usize,
    /// That event's text, without its line break.
    pub text: String,
    /// Its cause (`Cause::id`).
    pub cause: &'static str,
    /// Every event behind the finding (indexes into `ErrorLog::events`),
    /// the first one first.
    #[serde(skip)]
    pub events: Vec<usize>,
}

impl LogEvidence {
    pub fn of(d: &Diagnosis<'_>) -> LogEvidence {
        LogEvidence {
            line: d.event.line,
            text: d.event.text.clone(),
            cause: d.event.cause.id(),
            events: vec![d.index],
        }
    }
}

/// What a rule sees.
pub struct RuleContext<'m, 'a> {
    pub model: &'m Model<'a>,
    pub options: &'m Options,
    /// The error log read against the config, when one was given.
    pub log: Option<&'m Diagnosed<'m>>,
    /// Every `proxy_pass` and every `grpc_pass` (http only), found on first
    /// use and shared: most rules start from them, and each rule scanning
    /// all entries and resolving every target again was a third of the time
    /// of the rules on large configs.
    passes: OnceCell<(Vec<Pass>, Vec<Pass>)>,
    /// The variables' definitions, built on first use for the rules that
    /// ask where a value comes from.
    variables: OnceCell<Variables>,
}

impl<'m, 'a> RuleContext<'m, 'a> {
    pub fn new(model: &'m Model<'a>, options: &'m Options) -> RuleContext<'m, 'a> {
        RuleContext {
            model,
            options,
            log: None,
            passes: OnceCell::new(),
            variables: OnceCell::new(),
        }
    }

    /// The config's variables, for the target nginx version.
    pub fn variables(&self) -> &Variables {
        self.variables
            .get_or_init(|| Variables::build(self.model, self.options.nginx_version))
    }

    /// The placed log events whose cause satisfies `want` (none without a log).
    pub fn events<'s>(
        &'s self,
        want: impl Fn(&crate::input::error_log::Cause) -> bool + 's,
    ) -> impl Iterator<Item = &'s Diagnosis<'m>> + 's {
        self.log
            .into_iter()
            .flat_map(|l| l.events.iter())
            .filter(move |d| want(&d.event.cause))
    }

    /// A finding of `meta`'s rule at `entry`, proven by a log event.
    pub fn log_finding(
        &self,
        meta: &RuleMeta,
        entry: EntryId,
        message: String,
        fix: Option<Fix>,
        event: &Diagnosis<'_>,
    ) -> Finding {
        let mut f = self.finding(meta, entry, message, fix);
        f.log = Some(LogEvidence::of(event));
        f
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
            log: None,
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

/// Every rule, in the order their findings are listed at one place. The
/// order their fixes apply in is [`FIX_ORDER`]'s.
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
    // The error log's rules: each reads the events `analysis::diagnose`
    // placed, and reports nothing without a log.
    &upstream_tls_to_plain::RULE,
    &upstream_plain_to_tls::RULE,
    &upstream_header_too_big::RULE,
    &upstream_unreachable::RULE,
    &upstream_no_live::RULE,
    &upstream_timed_out::RULE,
    &upstream_closed::RULE,
    &upstream_protocol_error::RULE,
    &upstream_ssl_verify::RULE,
    &upstream_ssl_handshake::RULE,
    &upstream_not_resolved::RULE,
    &client_body_too_large::RULE,
    &redirection_cycle::RULE,
    &worker_connections::RULE,
    &open_files::RULE,
    &response_buffered::RULE,
    &error_log_mismatch::RULE,
    // gixy's checks.
    #[cfg(feature = "all-rules")]
    &version_disclosure::RULE,
    #[cfg(feature = "all-rules")]
    &error_log_off::RULE,
    #[cfg(feature = "all-rules")]
    &missing_worker_processes::RULE,
    #[cfg(feature = "all-rules")]
    &add_header_redefinition::RULE,
    #[cfg(feature = "all-rules")]
    &proxy_set_header_redefinition::RULE,
    #[cfg(feature = "all-rules")]
    &allow_without_deny::RULE,
    #[cfg(feature = "all-rules")]
    &return_bypasses_allow_deny::RULE,
    #[cfg(feature = "all-rules")]
    &alias_traversal::RULE,
    #[cfg(feature = "all-rules")]
    &proxy_pass_normalized::RULE,
    #[cfg(feature = "all-rules")]
    &nginx_cves::RULE,
    #[cfg(feature = "all-rules")]
    &http_splitting::RULE,
    #[cfg(feature = "all-rules")]
    &host_spoofing::RULE,
    #[cfg(feature = "all-rules")]
    &ssrf::RULE,
    #[cfg(feature = "all-rules")]
    &mixed_case_variable::RULE,
];

/// The order in which fixes apply, by rule id: when two fixes touch the same
/// text, the one earlier here wins and the other is skipped whole. Protocol
/// fixes come first (they end the 502), then the ones that add directives
/// beside them. Every rule is listed once (a test checks it).
pub static FIX_ORDER: &[&str] = &[
    "proxy-pass-unsupported-scheme",
    "grpc-to-http1-backend",
    "proxy-http-version-2",
    "keepalive-without-http11",
    "keepalive-connection-close",
    "proxy-forwarding-headers",
    "listen-http2-deprecated",
    "http2-directive-unsupported",
    "max-fails-single-server",
    "next-upstream-non-idempotent",
    "next-upstream-marks-peers-down",
    "upstream-tls-to-plain-backend",
    "upstream-plain-to-tls-backend",
    "upstream-header-too-big",
    "upstream-unreachable",
    "upstream-no-live-servers",
    "upstream-timed-out",
    "upstream-closed-connection",
    "upstream-protocol-error",
    "upstream-ssl-verify-failed",
    "upstream-ssl-handshake-failed",
    "upstream-host-not-resolved",
    "client-body-too-large",
    "internal-redirection-cycle",
    "worker-connections-exhausted",
    "worker-open-files-exhausted",
    "upstream-response-buffered-to-file",
    "error-log-mismatch",
    "version-disclosure",
    "error-log-off",
    "missing-worker-processes",
    "add-header-redefinition",
    "proxy-set-header-redefinition",
    "allow-without-deny",
    "return-bypasses-allow-deny",
    "alias-traversal",
    "proxy-pass-normalized",
    "nginx-cves",
    "http-splitting",
    "host-spoofing",
    "ssrf",
    "mixed-case-variable",
];

/// Where a rule's fixes stand in [`FIX_ORDER`] (an unlisted id last).
pub fn fix_rank(id: &str) -> usize {
    FIX_ORDER
        .iter()
        .position(|&r| r == id)
        .unwrap_or(FIX_ORDER.len())
}

/// The rule with this id.
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.id == id)
}

/// Run every rule `options` selects, then drop the findings suppressed by a
/// `# confine: ignore RULE-ID reason` comment (and report suppressions that
/// give no reason) and those below `options.min_severity`. Sorted by file,
/// position and rule order. Selectors naming nothing select nothing: check
/// them first with [`select::check_selectors`].
pub fn run(model: &Model<'_>, options: &Options) -> Vec<Finding> {
    run_with(model, options, None)
}

/// [`run`] with an error log read against the config: the log's rules
/// report its events, and several events of one rule at one place become
/// one finding that lists them all.
pub fn run_with(model: &Model<'_>, options: &Options, log: Option<&Diagnosed<'_>>) -> Vec<Finding> {
    let mut cx = RuleContext::new(model, options);
    cx.log = log;
    let mut findings = Vec::new();
    // Unselected rules are skipped, not run and filtered: they cost nothing.
    for rule in RULES
        .iter()
        .filter(|r| select::is_selected(options, &r.meta))
    {
        (rule.check)(&cx, &mut findings);
    }
    let findings = merge_log_findings(findings);
    let mut findings = suppress::apply(model, findings);
    let suppressions_selected = select::is_selected(options, &suppress::META);
    findings.retain(|f| {
        (suppressions_selected || f.rule != suppress::META.id)
            && options.min_severity.is_none_or(|min| f.severity >= min)
    });
    let order = |id: &str| {
        RULES
            .iter()
            .position(|r| r.meta().id == id)
            .unwrap_or(usize::MAX)
    };
    findings.sort_by_key(|f| (f.file, f.span.start, order(f.rule)));
    findings
}

/// One finding per rule and place: a later one proven by another log event
/// adds its event to the first, whose message names the other log lines.
fn merge_log_findings(findings: Vec<Finding>) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::with_capacity(findings.len());
    let mut seen: crate::hash::FastMap<(&'static str, FileId, usize, usize), usize> =
        crate::hash::FastMap::default();
    let mut more: Vec<Vec<usize>> = Vec::new();
    for f in findings {
        let Some(log) = &f.log else {
            out.push(f);
            more.push(Vec::new());
            continue;
        };
        let key = (f.rule, f.file, f.span.start, f.span.end);
        match seen.get(&key) {
            Some(&i) => {
                if let Some(first) = out[i].log.as_mut() {
                    first.events.extend(&log.events);
                }
                more[i].push(log.line);
            }
            None => {
                seen.insert(key, out.len());
                out.push(f);
                more.push(Vec::new());
            }
        }
    }
    for (f, lines) in out.iter_mut().zip(more) {
        if lines.is_empty() {
            continue;
        }
        let shown: Vec<String> = lines.iter().take(5).map(usize::to_string).collect();
        let rest = lines.len().saturating_sub(5);
        let tail = if rest > 0 {
            format!(" and {rest} more")
        } else {
            String::new()
        };
        let s = if lines.len() == 1 { "" } else { "s" };
        f.message.push_str(&format!(
            " (also error log line{s} {}{tail})",
            shown.join(", ")
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_one_place_in_the_fix_order() {
        for rule in RULES {
            let places = FIX_ORDER.iter().filter(|&&id| id == rule.meta.id).count();
            assert_eq!(places, 1, "{} in FIX_ORDER", rule.meta.id);
        }
        #[cfg(feature = "all-rules")]
        for id in FIX_ORDER {
            assert!(rule(id).is_some(), "FIX_ORDER names {id}, which is no rule");
        }
    }
}
