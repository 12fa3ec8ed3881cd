//! Every fixed config of the rule fixtures (`crates/core/tests/rules/*/*.after.conf`)
//! passes real `nginx -t` (Debian's 1.22.1). Fixtures written for a newer
//! nginx (`http2 on;`, `proxy_http_version 2`) are listed as skipped: 1.22.1
//! does not know them, and that is what the rules themselves say.

/// Shared with the end-to-end tests; only its nginx helpers are used here.
#[allow(dead_code)]
#[path = "support/e2e/mod.rs"]
mod e2e;

use std::path::Path;

use confine_core::analysis::Context;
use confine_core::syntax::parse;

/// Constructs that need an nginx newer than the one installed here.
const NEWER_THAN_1_22: [&str; 3] = [
    "http2 on;",
    "proxy_http_version 2;",
    "add_header_inherit merge;",
];

/// The stub certificate and key shipped with the agreement tests.
fn stub_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/support/nginx-stub")
}

#[test]
fn every_fixed_fixture_passes_nginx_t() {
    let Some(bin) = e2e::nginx_or_skip("fixtures_nginx") else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/tests/rules");
    let mut checked = 0;
    let mut skipped = Vec::new();
    let mut failures = Vec::new();
    let scratch = e2e::nginx::Scratch::new("fixtures");
    let mut rules: Vec<_> = std::fs::read_dir(&root)
        .expect("fixtures")
        .flatten()
        .map(|e| e.path())
        .collect();
    rules.sort();
    for rule in rules {
        let mut files: Vec<_> = std::fs::read_dir(&rule)
            .expect("rule dir")
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for file in files
            .iter()
            .filter(|f| f.to_string_lossy().ends_with(".after.conf"))
        {
            let text = std::fs::read_to_string(file).expect("fixture");
            let name = format!(
                "{}/{}",
                rule.file_name().expect("name").to_string_lossy(),
                file.file_name().expect("name").to_string_lossy()
            );
            if let Some(newer) = NEWER_THAN_1_22.iter().find(|c| text.contains(*c)) {
                skipped.push(format!("{name} ({newer})"));
                continue;
            }
            // A throwaway certificate for the `listen ... ssl` lines.
            let tls = format!(
                "ssl_certificate {dir}/cert.pem;\nssl_certificate_key {dir}/key.pem;\n",
                dir = stub_dir().display()
            );
            let config = match Context::infer(&parse(text.as_bytes()).file) {
                Context::Http => e2e::nginx::config(scratch.path(), &format!("{tls}{text}")),
                Context::HttpServer => {
                    e2e::nginx::config(scratch.path(), &format!("{tls}server {{\n{text}\n}}\n"))
                }
                Context::Main => main_config(scratch.path(), &text),
                other => {
                    panic!("{name}: fixture read in {other:?}, expected main, http or server level")
                }
            };
            let conf = scratch.write(&format!("{}.conf", name.replace('/', "__")), &config);
            let result = e2e::nginx::test_config(&bin, scratch.path(), &conf);
            checked += 1;
            if !result.ok {
                failures.push(format!("{name}:\n{}", result.output));
            }
        }
    }
    eprintln!(
        "nginx -t accepted {} of {checked} fixed fixtures; skipped (newer nginx): {skipped:?}",
        checked - failures.len()
    );
    assert!(checked >= 10, "only {checked} fixtures checked");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A whole-config fixture (`events`, `http` of its own) as nginx -t reads
/// it in the scratch prefix: the pid and error log moved there, and the
/// first `http {` given the scratch temp paths.
fn main_config(prefix: &Path, text: &str) -> String {
    let p = prefix.display();
    let text = text.replacen(
        "http {",
        &format!(
            "http {{\n    client_body_temp_path {p}/client_body_temp;\n    proxy_temp_path {p}/proxy_temp;\n    \
             fastcgi_temp_path {p}/fastcgi_temp;\n    uwsgi_temp_path {p}/uwsgi_temp;\n    scgi_temp_path {p}/scgi_temp;"
        ),
        1,
    );
    format!("pid {p}/nginx.pid;\nerror_log {p}/error.log info;\n{text}")
}
