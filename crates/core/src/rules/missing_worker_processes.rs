//! A main config without `worker_processes` runs one worker: nginx's default
//! is 1, so one CPU core serves every connection however many the host has.

use crate::analysis::context::Context;
use crate::diagnostic::Severity;
use crate::fix::{style, Applicability, Fix};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "missing-worker-processes",
        severity: Severity::Info,
        category: Category::Performance,
        summary: "`worker_processes` is not set: nginx runs a single worker",
        explanation:
            "nginx's default is `worker_processes 1;`: one process, so one CPU core, handles every \
                      connection, and under load requests queue while the other cores idle. \
                      `worker_processes auto;` starts one worker per core.",
        docs: "https://nginx.org/en/docs/ngx_core_module.html#worker_processes",
        #[cfg(feature = "rule-docs")]
        bad: "events {}\n",
        #[cfg(feature = "rule-docs")]
        good: "worker_processes auto;\nevents {}\n",
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let set = model
        .named("worker_processes")
        .iter()
        .any(|&id| model.entries[id].context == Context::Main);
    if set {
        return;
    }
    for &id in model.named("events").iter() {
        let e = &model.entries[id];
        if e.context != Context::Main {
            continue;
        }
        let fix = Fix {
            description: "add `worker_processes auto;`".into(),
            applicability: Applicability::Safe,
            edits: vec![style::insert_before(
                e.tree,
                e.file,
                e.directive,
                "worker_processes auto;",
            )],
        };
        out.push(cx.finding(
            &RULE.meta,
            id,
            "worker_processes is not set: nginx runs 1 worker process, so one CPU core serves every connection"
                .into(),
            Some(fix),
        ));
    }
}
