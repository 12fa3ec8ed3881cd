//! `error_log off;` does not turn the error log off: nginx has no `off` for
//! `error_log` and writes the log to a file named `off`. gixy's `error_log_off`.

use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "error-log-off",
        severity: Severity::Warning,
        category: Category::Hygiene,
        summary: "`error_log off;` logs to a file named `off`",
        explanation: "`error_log` takes a file, and `off` is not special to it (unlike `access_log off`): nginx \
                      opens a file called `off` under its prefix and keeps writing errors there, filling the \
                      disk unseen. To discard the log, write it to `/dev/null` (the fix, a suggestion: dropping \
                      every error also hides the ones worth reading; a higher level such as `crit` keeps the \
                      worst).",
        docs: "https://nginx.org/en/docs/ngx_core_module.html#error_log",
        #[cfg(feature = "rule-docs")]
        bad: "server {\n    listen 80;\n    error_log off;\n}\n",
        #[cfg(feature = "rule-docs")]
        good: "server {\n    listen 80;\n    error_log /dev/null crit;\n}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    for &id in model.named("error_log").iter() {
        if model.first_arg_bytes(id).as_deref() != Some(b"off".as_slice()) {
            continue;
        }
        let e = &model.entries[id];
        let fix = e.args().next().map(|t| Fix {
            description: "write the log to `/dev/null`".into(),
            applicability: Applicability::Suggestion,
            edits: vec![style::replace(e.file, t.span(), "/dev/null")],
        });
        out.push(cx.finding(
            &RULE.meta,
            id,
            "error_log off does not disable the error log: nginx writes it to a file named \"off\"".into(),
            fix,
        ));
    }
}
