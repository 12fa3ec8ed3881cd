//! A `proxy_set_header` in a nested level drops every one the outer levels
//! set: the backend stops getting the client's address, host or scheme for
//! exactly the requests of that location, and a header the server blanked
//! (`Authorization ""`) passes from the client again. gixy's
//! `proxy_set_header_redefinition`, seeing through includes.

use crate::hash::FastSet;

use crate::analysis::model::{EntryId, Model, ScopeId};
use crate::diagnostic::Severity;
use crate::options::Version;
use crate::rules::add_header_redefinition::{
    copy_fix, drop_at, level_name, levels, names_of, Family,
};
use crate::rules::{Category, Finding, Rule, RuleContext, RuleMeta};

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "proxy-set-header-redefinition",
        severity: Severity::Warning,
        category: Category::Security,
        summary: "a `proxy_set_header` in a nested level drops every `proxy_set_header` inherited from outer levels",
        explanation: "nginx inherits `proxy_set_header` into a level only when that level has none of its own: \
                      one `proxy_set_header` in a location removes every one the server and `http` set, so the \
                      backend behind it gets `Host: $proxy_host` and no `X-Forwarded-For` or `X-Real-IP` (it \
                      logs nginx's address, builds redirects for the wrong host, or trusts a forwarding header \
                      the client wrote), and a header the outer level blanked, such as `Authorization \"\"`, \
                      reaches the backend from the client again. The suggested fix repeats the dropped lines \
                      in the inner level.",
        docs: "https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_set_header",
        #[cfg(feature = "rule-docs")]
        bad: r#"server {
    listen 80;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    location /ws/ {
        proxy_set_header Upgrade $http_upgrade;
        proxy_pass http://127.0.0.1:8080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        good: r#"server {
    listen 80;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    location /ws/ {
        proxy_set_header Upgrade $http_upgrade;
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_pass http://127.0.0.1:8080;
    }
}
"#,
        #[cfg(feature = "rule-docs")]
        log: "",
    },
    check,
};

const FAMILY: Family = Family {
    directive: "proxy_set_header",
    inherit: None,
    kind: "header",
};

/// Request headers that tell the backend who the client is, or that the
/// client must not choose.
const SECURITY_HEADERS: [&str; 9] = [
    "host",
    "x-forwarded-for",
    "x-real-ip",
    "x-forwarded-proto",
    "x-forwarded-host",
    "forwarded",
    "authorization",
    "proxy-authorization",
    "early-data",
];

fn check(cx: &RuleContext<'_, '_>, out: &mut Vec<Finding>) {
    let model = cx.model;
    let new_default = cx.options.nginx_version >= Version::UPSTREAM_KEEPALIVE_DEFAULT;
    let ignore = |e: EntryId| is_nginx_default(model, e, new_default);
    let mut seen = FastSet::default();
    for scope in levels(model, FAMILY.directive) {
        if !proxies(cx, scope) {
            continue;
        }
        let Some(drop) = drop_at(model, scope, &FAMILY, ignore) else {
            continue;
        };
        let Some(&first) = drop.own.first() else {
            continue;
        };
        let e = &model.entries[first];
        if !seen.insert((e.file, e.directive.span().start)) {
            continue;
        }
        let names = names_of(model, &drop.dropped);
        let mut message = format!(
            "proxy_set_header in this {} drops the inherited header{} {}: a level with its own \
             proxy_set_header inherits none",
            level_name(model, scope),
            if names.len() == 1 { "" } else { "s" },
            names.join(", "),
        );
        let blanked = names_of(
            model,
            &drop
                .dropped
                .iter()
                .copied()
                .filter(|&d| is_blanked(model, d))
                .collect::<Vec<_>>(),
        );
        if !blanked.is_empty() {
            message.push_str(&format!(
                " ({} from the client reaches the backend again)",
                blanked.join(", ")
            ));
        } else if names
            .iter()
            .any(|n| SECURITY_HEADERS.contains(&n.to_ascii_lowercase().as_str()))
        {
            message.push_str(" (the backend no longer learns the client's host or address)");
        }
        let fix = copy_fix(model, scope, &drop);
        out.push(cx.finding(&RULE.meta, first, message, fix));
    }
}

/// Whether a `proxy_pass` reads this level's headers: one in it or below it.
fn proxies(cx: &RuleContext<'_, '_>, scope: ScopeId) -> bool {
    cx.proxy_passes()
        .iter()
        .any(|p| cx.model.inheritance_chain(p.scope).any(|s| s == scope))
}

/// A header set to what nginx sends anyway: losing it changes nothing.
fn is_nginx_default(model: &Model<'_>, entry: EntryId, new_default: bool) -> bool {
    let args = model.args(entry);
    let (Some(name), Some(value)) = (args.first(), args.get(1)) else {
        return false;
    };
    let name = name.to_ascii_lowercase();
    let value = value.as_ref();
    match name.as_slice() {
        b"host" => value == b"$proxy_host",
        b"connection" if new_default => value.is_empty(),
        b"connection" => value.eq_ignore_ascii_case(b"close"),
        b"te" | b"keep-alive" | b"expect" | b"upgrade" => value.is_empty(),
        _ => false,
    }
}

/// `proxy_set_header NAME "";`: the header is not passed on.
fn is_blanked(model: &Model<'_>, entry: EntryId) -> bool {
    model.args(entry).get(1).is_some_and(|v| v.is_empty())
}

#[cfg(test)]
mod tests {
    use crate::input::{ConfigSet, MemoryFiles};
    use crate::options::Options;

    fn messages(files: &[(&str, &str)]) -> Vec<String> {
        let mut mem = MemoryFiles::new();
        for (path, text) in files {
            mem.insert(*path, text.as_bytes().to_vec());
        }
        let set = ConfigSet::load(&[files[0].0.to_string()], &mem);
        let model = crate::analysis::model::Model::build(&set);
        let options = Options::default();
        let cx = crate::rules::RuleContext::new(&model, &options);
        let mut out = Vec::new();
        (super::RULE.check)(&cx, &mut out);
        out.into_iter().map(|f| f.message).collect()
    }

    #[test]
    fn proxy_params_included_in_the_location_drop_nothing() {
        let conf = "http { server { include /etc/nginx/proxy_params; \
                    location / { include /etc/nginx/proxy_params; proxy_set_header X-Extra 1; \
                    proxy_pass http://127.0.0.1:8080; } } }";
        let params = "proxy_set_header Host $host; proxy_set_header X-Real-IP $remote_addr;";
        assert!(messages(&[
            ("/etc/nginx/nginx.conf", conf),
            ("/etc/nginx/proxy_params", params)
        ])
        .is_empty());
    }

    #[test]
    fn a_blanked_header_that_is_dropped_reaches_the_backend() {
        let conf = "http { server { proxy_set_header Authorization \"\"; proxy_set_header Host $proxy_host; \
                    location / { proxy_set_header X-Extra 1; proxy_pass http://127.0.0.1:8080; } } }";
        assert_eq!(
            messages(&[("/n.conf", conf)]),
            ["proxy_set_header in this location drops the inherited header Authorization: a level with \
              its own proxy_set_header inherits none (Authorization from the client reaches the backend again)"]
        );
    }

    #[test]
    fn a_level_nothing_proxies_from_is_not_reported() {
        let conf = "http { proxy_set_header Host $host; server { proxy_set_header X-Extra 1; \
                    location / { root /srv; } } }";
        assert!(messages(&[("/n.conf", conf)]).is_empty());
    }
}
