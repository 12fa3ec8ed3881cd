//! The `confine` binary's contract: output lines, JSON shape, exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn confine(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_confine"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("confine starts");
    if let Some(bytes) = stdin {
        // confine may exit (a usage error) before reading: a closed pipe is fine.
        let written = child.stdin.take().expect("stdin").write_all(bytes);
        if let Err(e) = written {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "write stdin: {e}");
        }
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("confine finishes")
}

/// A fresh directory for one test, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("confine-cli-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    fn write(&self, rel: &str, text: &str) -> String {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_valid_config_exits_zero_and_prints_no_error() {
    let dir = TempDir::new("valid");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    server {\n        listen 80;\n    }\n}\n",
    );
    let out = confine(&["parse", &file], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("error"), "{}", stdout(&out));
}

#[test]
fn errors_print_file_line_column_and_exit_one() {
    let dir = TempDir::new("broken");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n  server {\n    listen 80\n  }\n}\n",
    );
    let out = confine(&["parse", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{file}:5:3: error: unexpected \"}}\""))),
        "{text}"
    );
}

#[test]
fn every_error_is_reported_not_only_the_first() {
    let dir = TempDir::new("many");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n  proxy_pass http://a;\n  server {\n    gzip maybe;\n  }\n}\n}\n",
    );
    let out = confine(&["parse", &file], None);
    let text = stdout(&out);
    let errors = text.lines().filter(|l| l.contains(": error: ")).count();
    assert_eq!(errors, 3, "{text}");
}

#[test]
fn usage_and_io_errors_exit_two() {
    let out = confine(&["parse"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = confine(&["parse", "--bogus", "x"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = confine(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = confine(&["parse", "/definitely/not/here.conf"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/definitely/not/here.conf"));
}

#[test]
fn standard_input_is_read_for_dash() {
    let out = confine(&["parse", "-"], Some(b"http {\n  server {\n"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("-:2:10: error: unexpected end of file, expecting \"}\""),
        "{}",
        stdout(&out)
    );
}

#[test]
fn includes_resolve_relative_to_the_main_file_and_errors_name_the_included_file() {
    let dir = TempDir::new("include");
    let main = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    include conf.d/*.conf;\n}\n",
    );
    let site = dir.write(
        "conf.d/site.conf",
        "server {\n    listen 80;\n    root /srv\n}\n",
    );
    dir.write("conf.d/ignored.conf.bak", "this is not included {");
    let out = confine(&["parse", &main], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{site}:4:1: error: unexpected \"}}\"")),
        "{text}"
    );
    assert!(!text.contains("ignored"), "{text}");
}

#[test]
fn a_missing_include_is_an_error() {
    let dir = TempDir::new("missing-include");
    let main = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    include nope.conf;\n}\n",
    );
    let out = confine(&["parse", &main], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("nope.conf\" failed"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn an_nginx_dump_is_split_into_its_files() {
    let dump = "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok\n\
# configuration file /etc/nginx/nginx.conf:\nevents {}\nhttp {\n    include /etc/nginx/conf.d/*.conf;\n}\n\n\
# configuration file /etc/nginx/conf.d/a.conf:\nserver {\n    listen 80\n}\n\n";
    let out = confine(&["parse", "-"], Some(dump.as_bytes()));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout(&out).contains("/etc/nginx/conf.d/a.conf:3:1: error: unexpected \"}\""),
        "{}",
        stdout(&out)
    );
}

#[test]
fn json_has_crossplane_shape_with_includes() {
    let dir = TempDir::new("json");
    let main = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    include site.conf;\n}\n",
    );
    dir.write("site.conf", "server {\n    listen \"80\";\n}\n");
    let out = confine(&["parse", "--json", &main], None);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["status"], "ok");
    assert_eq!(v["config"].as_array().map(Vec::len), Some(2));
    let include = &v["config"][0]["parsed"][1]["block"][0];
    assert_eq!(include["directive"], "include");
    assert_eq!(include["includes"], serde_json::json!([1]));
    let listen = &v["config"][1]["parsed"][0]["block"][0];
    assert_eq!(listen["directive"], "listen");
    assert_eq!(listen["args"], serde_json::json!(["80"]));
    assert_eq!(listen["line"], 2);
}

#[test]
fn the_builtin_example_parses_cleanly() {
    let out = confine(&["example"], None);
    assert_eq!(out.status.code(), Some(0));
    let out = confine(&["parse", "-"], Some(&out.stdout));
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(!stdout(&out).contains("warning"), "{}", stdout(&out));
}

fn example_file(dir: &TempDir) -> String {
    let out = confine(&["example"], None);
    dir.write("example.conf", &stdout(&out))
}

#[test]
fn check_reports_the_incident_with_rule_ids_and_exits_one() {
    let dir = TempDir::new("check");
    let file = example_file(&dir);
    let out = confine(&["check", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| l.starts_with(&format!("{file}:26:13: error[grpc-to-http1-backend]: "))),
        "{text}"
    );
}

#[test]
fn check_exits_zero_when_only_information_remains() {
    let dir = TempDir::new("check-clean");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://127.0.0.1:8080;\n        }\n    }\n    server_tokens off;\n}\nworker_processes 1;\n",
    );
    let out = confine(&["check", &file], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("info[proxy-forwarding-headers]"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn check_json_and_sarif_carry_the_findings() {
    let dir = TempDir::new("formats");
    let file = example_file(&dir);
    let out = confine(&["check", "--format", "json", &file], None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"grpc-to-http1-backend"), "{rules:?}");
    assert_eq!(v["findings"][0]["location"]["file"], file.as_str());

    let out = confine(&["check", "--format=sarif", &file], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("SARIF is JSON");
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().expect("results");
    let grpc = results
        .iter()
        .find(|r| r["ruleId"] == "grpc-to-http1-backend")
        .expect("finding in SARIF");
    assert_eq!(grpc["level"], "error");
    assert_eq!(
        grpc["locations"][0]["physicalLocation"]["region"]["startLine"],
        26
    );
    let rules = v["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules");
    assert!(rules
        .iter()
        .any(|r| r["id"] == "grpc-to-http1-backend" && r["helpUri"].is_string()));
}

#[test]
fn fix_prints_the_corrected_config_and_a_diff() {
    let dir = TempDir::new("fix");
    let file = example_file(&dir);
    let out = confine(&["fix", "--nginx-version", "1.22.1", &file], None);
    let fixed = stdout(&out);
    assert!(
        fixed.contains("proxy_pass http://billing_backend;"),
        "{fixed}"
    );
    assert!(fixed.contains("proxy_http_version 1.1;"), "{fixed}");
    assert!(!fixed.contains("grpc_pass"), "{fixed}");

    let out = confine(&["fix", "--diff", "--nginx-version=1.22.1", &file], None);
    let diff = stdout(&out);
    let header = format!(
        "--- a/{}\n+++ b/{}\n@@ ",
        file.trim_start_matches('/'),
        file.trim_start_matches('/')
    );
    assert!(diff.starts_with(&header), "{diff}");
    assert!(
        diff.contains("-            grpc_pass grpc://billing_backend;\n"),
        "{diff}"
    );
    assert!(
        diff.contains("+            proxy_pass http://billing_backend;\n"),
        "{diff}"
    );
}

#[test]
fn fix_in_place_rewrites_files_and_is_idempotent() {
    let dir = TempDir::new("in-place");
    let file = example_file(&dir);
    let original = std::fs::read_to_string(&file).expect("read");
    let out = confine(
        &["fix", "--in-place", "--nginx-version", "1.22.1", &file],
        None,
    );
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let once = std::fs::read_to_string(&file).expect("read");
    assert_ne!(once, original);
    confine(
        &["fix", "--in-place", "--nginx-version", "1.22.1", &file],
        None,
    );
    let twice = std::fs::read_to_string(&file).expect("read");
    assert_eq!(once, twice);
    let out = confine(&["check", "--nginx-version", "1.22.1", &file], None);
    assert!(
        !stdout(&out).contains("grpc-to-http1-backend"),
        "{}",
        stdout(&out)
    );
}

#[test]
fn bad_options_are_usage_errors() {
    for args in [
        &["check", "--nginx-version", "one.two", "x.conf"][..],
        &["check", "--backend", "pool", "x.conf"],
        &["check", "--backend", "pool=spdy", "x.conf"],
        &["check", "--format", "xml", "-"],
        &["fix", "--diff", "--in-place", "x.conf"],
    ] {
        let out = confine(args, Some(b"events {}\n"));
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

const SECRET_CONF: &str = "upstream u { server 10.20.30.41:8080; }\nserver {\n    server_name api.corp.acme.io;\n    proxy_set_header Authorization \"Bearer fake-0000-token-1234\";\n}\n";

#[test]
fn redact_prints_one_file_as_is_and_exits_zero() {
    let out = confine(&["redact", "-"], Some(SECRET_CONF.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    for secret in ["10.20.30.41", "api.corp.acme.io", "fake-0000-token-1234"] {
        assert!(!text.contains(secret), "{secret} in\n{text}");
    }
    assert!(
        text.starts_with("upstream u { server 192.0.2.41:8080; }\n"),
        "{text}"
    );
    assert!(!text.contains("# file:"), "{text}");
}

#[test]
fn redact_map_and_restore_round_trip_across_files() {
    let dir = TempDir::new("redact");
    let a = dir.write("a.conf", SECRET_CONF);
    let b = dir.write(
        "b.env",
        "API_TOKEN=fake-0000-token-1234\nHOST=api.corp.acme.io\n",
    );
    let map = dir.0.join("map.json").to_string_lossy().into_owned();
    let out = confine(&["redact", "--map", &map, &a, &b], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = stdout(&out);
    assert!(text.starts_with(&format!("# file: {a}\n")), "{text}");
    assert!(text.contains(&format!("# file: {b}\n")), "{text}");
    // One placeholder per value, across both files.
    assert_eq!(
        text.matches("host1.host2.domain1.example").count()
            + text.matches("host2.host1.domain1.example").count(),
        2,
        "{text}"
    );
    let mapping = std::fs::read_to_string(&map).expect("map written");
    assert!(
        mapping.contains("\"original\": \"10.20.30.41\""),
        "{mapping}"
    );

    let redacted = dir.write(
        "redacted.conf",
        &String::from_utf8_lossy(&confine(&["redact", &a], None).stdout),
    );
    let map1 = dir.0.join("map1.json").to_string_lossy().into_owned();
    confine(&["redact", "--map", &map1, &a], None);
    let restored = confine(&["redact", "--restore", &map1, &redacted], None);
    assert_eq!(restored.status.code(), Some(0));
    assert_eq!(stdout(&restored), SECRET_CONF);
}

#[test]
fn redact_report_counts_categories_and_spans() {
    let out = confine(&["redact", "--report", "-"], Some(SECRET_CONF.as_bytes()));
    assert_eq!(out.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["counts"]["ip"], 1);
    assert_eq!(report["counts"]["hostname"], 1);
    assert_eq!(report["counts"]["secret"], 1);
    let items = report["items"].as_array().expect("items");
    let ip = items
        .iter()
        .find(|i| i["category"] == "ip")
        .expect("ip item");
    assert_eq!(ip["original"], "10.20.30.41");
    let (s, e) = (
        ip["span"]["start"].as_u64().unwrap() as usize,
        ip["span"]["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&SECRET_CONF[s..e], "10.20.30.41");
    assert_eq!(ip["line"], 1);
}

#[test]
fn redact_usage_and_io_errors_exit_two() {
    assert_eq!(confine(&["redact"], None).status.code(), Some(2));
    assert_eq!(
        confine(&["redact", "--enable", "nonsense", "-"], Some(b""))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        confine(&["redact", "/nonexistent/x.conf"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        confine(
            &["redact", "--restore", "/nonexistent/map.json", "-"],
            Some(b"x")
        )
        .status
        .code(),
        Some(2)
    );
}

// --- writes: nothing lost, nothing written outside the input ---------------

/// A dump whose one member is the built-in example, under `member_path`.
fn example_dump(member_path: &str) -> String {
    let example = stdout(&confine(&["example"], None));
    format!(
        "nginx: the configuration file {member_path} syntax is ok\n\
         # configuration file {member_path}:\n{example}\n"
    )
}

#[test]
fn fix_in_place_on_a_dump_rewrites_the_dump_never_the_paths_it_names() {
    let victim_dir = TempDir::new("dump-victim");
    let example = stdout(&confine(&["example"], None));
    let victim = victim_dir.write("nginx.conf", &example);
    let dir = TempDir::new("dump-in-place");
    let dump = dir.write("dump.txt", &example_dump(&victim));

    let printed = confine(&["fix", "--nginx-version", "1.22.1", &dump], None);
    let text = stdout(&printed);
    assert!(
        text.starts_with("nginx: the configuration file ")
            && text.contains(&format!("# configuration file {victim}:\n"))
            && text.contains("proxy_pass http://billing_backend;")
            && !text.contains("grpc_pass"),
        "fix prints the dump, fixed: {text}"
    );

    let out = confine(
        &["fix", "--in-place", "--nginx-version", "1.22.1", &dump],
        None,
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), example);
    assert_eq!(std::fs::read_to_string(&dump).expect("dump"), text);
}

#[test]
fn members_under_rewrites_only_members_inside_the_directory_that_match_the_dump() {
    let example = stdout(&confine(&["example"], None));
    let outside = TempDir::new("members-outside");
    let victim = outside.write("nginx.conf", &example);
    let dir = TempDir::new("members");
    let dump = dir.write("dump.txt", &example_dump(&victim));
    let root = dir.0.to_string_lossy().into_owned();
    let out = confine(
        &["fix", "--in-place", "--members-under", &root, &dump],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not inside --members-under"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), example);

    // Inside the directory: rewritten when the file is what the dump shows,
    // refused when it is not.
    let member = dir.write("etc/nginx.conf", &example);
    let dump = dir.write("dump2.txt", &example_dump(&member));
    let dump_text = std::fs::read_to_string(&dump).expect("dump");
    std::fs::write(&member, format!("{example}# edited since the dump\n")).expect("edit");
    let out = confine(
        &["fix", "--in-place", "--members-under", &root, &dump],
        None,
    );
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("changed since"),
        "{out:?}"
    );
    std::fs::write(&member, &example).expect("restore");
    let out = confine(
        &["fix", "--in-place", "--members-under", &root, &dump],
        None,
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    let fixed = std::fs::read_to_string(&member).expect("member");
    assert!(
        fixed.contains("proxy_pass http://billing_backend;"),
        "{fixed}"
    );
    assert_eq!(std::fs::read_to_string(&dump).expect("dump"), dump_text);
}

#[test]
fn in_place_keeps_mode_and_a_symlink_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("in-place-link");
    let real = example_file(&dir);
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).expect("chmod");
    let link = dir.0.join("link.conf");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    let out = confine(
        &[
            "fix",
            "--in-place",
            "--nginx-version",
            "1.22.1",
            &link.to_string_lossy(),
        ],
        None,
    );
    assert!(out.status.code().is_some_and(|c| c <= 1), "{out:?}");
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    let fixed = std::fs::read_to_string(&real).expect("real");
    assert!(
        fixed.contains("proxy_pass http://billing_backend;"),
        "{fixed}"
    );
    let mode = std::fs::metadata(&real).expect("meta").permissions().mode() & 0o7777;
    assert_eq!(mode, 0o640);
    let names: Vec<String> = std::fs::read_dir(&dir.0)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
}

#[test]
fn in_place_writes_all_files_or_none() {
    let dir = TempDir::new("all-or-none");
    let main = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    include a.conf;\n    include b.conf;\n}\n",
    );
    let a = dir.write(
        "a.conf",
        "upstream pool_a {\n    server 127.0.0.1:8081;\n}\nserver {\n    listen 8080;\n    location / {\n        grpc_pass grpc://pool_a;\n    }\n}\n",
    );
    let b = dir.write(
        "b.conf",
        "upstream pool_b {\n    server 127.0.0.1:8082;\n}\nserver {\n    listen 8090;\n    location / {\n        grpc_pass grpc://pool_b;\n    }\n}\n",
    );
    let args = [
        "fix",
        "--nginx-version",
        "1.22.1",
        "--backend",
        "pool_a=http1",
        "--backend",
        "pool_b=http1",
    ];
    let diff = stdout(&confine(&[&args[..], &["--diff", &main]].concat(), None));
    assert!(
        diff.contains("a.conf") && diff.contains("b.conf"),
        "both are fixed: {diff}"
    );

    // A second name for b.conf: replacing it would split the two names, so
    // b.conf is refused, and a.conf (staged first) must not be written either.
    let before_a = std::fs::read_to_string(&a).expect("a");
    std::fs::hard_link(&b, dir.0.join("b-alias.conf")).expect("hard link");
    let out = confine(&[&args[..], &["--in-place", &main]].concat(), None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("hard links"),
        "{out:?}"
    );
    assert_eq!(std::fs::read_to_string(&a).expect("a"), before_a);
}

#[test]
fn redact_map_is_private_never_a_symlink_never_an_input() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new("map");
    let conf = dir.write(
        "nginx.conf",
        "server { server_name api.corp.example; allow 10.1.2.3; }\n",
    );
    let map = dir.0.join("map.json");
    let map_s = map.to_string_lossy().into_owned();
    let out = confine(&["redact", "--map", &map_s, &conf], None);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let mode = std::fs::metadata(&map).expect("map").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);

    let elsewhere = dir.write("elsewhere.txt", "keep me\n");
    let link = dir.0.join("link.json");
    std::os::unix::fs::symlink(&elsewhere, &link).expect("symlink");
    let out = confine(&["redact", "--map", &link.to_string_lossy(), &conf], None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&elsewhere).expect("read"),
        "keep me\n"
    );

    let before = std::fs::read_to_string(&conf).expect("read");
    let out = confine(&["redact", "--map", &conf, &conf], None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert_eq!(std::fs::read_to_string(&conf).expect("read"), before);
}

#[test]
fn help_works_for_every_command() {
    for command in ["parse", "check", "fix", "redact"] {
        let out = confine(&[command, "--help"], None);
        assert_eq!(out.status.code(), Some(0), "{command}: {out:?}");
        assert!(
            stdout(&out).contains("confine redact [OPTIONS]"),
            "{command}"
        );
    }
}

// --- reading: bounded, and nginx's reasons --------------------------------

#[test]
fn inputs_stop_at_the_size_limit_with_the_file_and_the_limit_named() {
    let out = confine(&["parse", "/dev/zero"], None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        err.contains("\"/dev/zero\" is larger than 67108864 bytes"),
        "{err}"
    );

    let dir = TempDir::new("max-size");
    let file = dir.write(
        "nginx.conf",
        &format!("events {{}}\n# {}\n", "x".repeat(2000)),
    );
    let out = confine(&["parse", "--max-size", "1k", &file], None);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("larger than 1024 bytes"));
    assert_eq!(
        confine(&["parse", "--max-size=4k", &file], None)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        confine(&["check", "--max-size", "lots", &file], None)
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn includes_of_devices_fifos_and_directories_are_refused_with_the_reason() {
    let dir = TempDir::new("special-includes");
    std::fs::create_dir_all(dir.0.join("sub")).expect("mkdir");
    let fifo = dir.0.join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let (fifo, sub) = (fifo.to_string_lossy(), dir.0.join("sub"));
    let sub = sub.to_string_lossy();
    // The errno nginx would print, not always "No such file".
    let under_a_file = format!("{}/x.conf", dir.write("plain.conf", "gzip on;\n"));
    let cases = [
        ("/dev/zero", "refused: it is a character device"),
        (&*fifo, "refused: it is a FIFO"),
        (&*sub, "failed (21: Is a directory)"),
        (&*under_a_file, "failed (20: Not a directory)"),
    ];
    for (target, reason) in cases {
        let conf = dir.write("nginx.conf", &format!("events {{}}\ninclude {target};\n"));
        let out = confine(&["parse", &conf], None);
        assert_eq!(out.status.code(), Some(1), "{target}: {out:?}");
        assert!(stdout(&out).contains(reason), "{target}: {}", stdout(&out));
    }
}

#[test]
fn control_characters_in_diagnostics_are_escaped() {
    let dir = TempDir::new("control");
    let file = dir.write("nginx.conf", "events {}\nfoo\u{1b}[2J\u{202e} bar;\n");
    let out = confine(&["parse", &file], None);
    let text = stdout(&out);
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{202e}'),
        "{text:?}"
    );
    assert!(
        text.contains("unknown directive \"foo\\u{1b}[2J\\u{202e}\""),
        "{text}"
    );
}

#[test]
fn route_prints_the_chain_from_server_to_upstream_peers() {
    let dir = TempDir::new("route");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    proxy_read_timeout 90s;\n    upstream pool {\n        server 10.0.2.10:8080;\n    }\n    server {\n        listen 443 ssl http2;\n        server_name api.internal;\n        location / { return 404; }\n        location /v1/ {\n            proxy_pass http://pool;\n        }\n    }\n}\n",
    );
    let out = confine(
        &[
            "route",
            &file,
            "--request",
            "POST /v1/ingest",
            "--host",
            "api.internal",
            "--port",
            "443",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    for want in [
        format!("server    {file}:7  server {{  (server_name api.internal: exact name)"),
        format!("location  {file}:11  location /v1/ {{  (longest prefix)"),
        format!("handler   {file}:12  proxy_pass http://pool;"),
        format!("setting   {file}:3  proxy_read_timeout 90s;  (set at http level)"),
        format!("peer      {file}:5  server 10.0.2.10:8080;"),
    ] {
        assert!(text.contains(&want), "missing {want:?} in:\n{text}");
    }
    let out = confine(
        &[
            "route",
            &file,
            "--request",
            "/v1/x",
            "--host",
            "api.internal",
            "--format",
            "json",
        ],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["port"], 443);
    assert_eq!(v["steps"][1]["role"], "location");
    assert_eq!(v["steps"][1]["line"], 11);
    let out = confine(&["route", &file, "--request", "/../x"], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("400 Bad Request"), "{}", stdout(&out));
    assert_eq!(confine(&["route", &file], None).status.code(), Some(2));
}

#[test]
fn redact_decodes_utf16_and_says_when_a_map_is_for_other_text() {
    let text = "server { allow 10.9.8.7; server_name billing.acme.internal; }\n";
    for bom in [true, false] {
        let mut bytes: Vec<u8> = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let out = confine(&["redact", "-"], Some(&bytes));
        assert_eq!(out.status.code(), Some(0), "{out:?}");
        let printed = stdout(&out);
        assert!(
            !printed.contains("10.9.8.7") && !printed.contains("billing.acme.internal"),
            "bom {bom}: {printed}"
        );
        assert!(printed.starts_with("server { allow "), "{printed}");
    }
    let out = confine(&["redact", "-"], Some(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]));
    assert_eq!(out.status.code(), Some(2), "{out:?}");

    let dir = TempDir::new("foreign-map");
    let conf = dir.write("a.conf", text);
    let map = dir.0.join("map.json");
    let map_s = map.to_string_lossy().into_owned();
    let redacted = confine(&["redact", "--map", &map_s, &conf], None);
    let other = "allow REDACTED_TOKEN_77; server_name host9.domain9.example;\n";
    let out = confine(
        &["redact", "--restore", &map_s, "-"],
        Some(other.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("was it made for other text?"),
        "{out:?}"
    );
    let out = confine(
        &["redact", "--restore", &map_s, "-"],
        Some(&redacted.stdout),
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert_eq!(stdout(&out), text);
}

/// A target older than what the config needs is said on stderr, with the
/// directive and its line; JSON carries the same in `versions`.
#[test]
fn a_target_the_config_contradicts_is_noted_with_the_directive_that_tells() {
    let dir = TempDir::new("versions");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n  server {\n    listen 443 ssl;\n    http2 on;\n  }\n}\n",
    );
    let out = confine(&["check", &file, "--nginx-version", "1.22.1"], None);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("target nginx 1.22.1 contradicts the config")
            && err.contains("`http2` needs nginx 1.25.1 or later")
            && err.contains("nginx.conf:5"),
        "{err}"
    );
    // The default target (the newest) agrees: no note.
    let out = confine(&["check", &file], None);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("contradicts"));
    let out = confine(
        &[
            "check",
            &file,
            "--format",
            "json",
            "--nginx-version",
            "1.22.1",
        ],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(json["versions"]["range"], "1.25.1 or later");
    assert_eq!(json["versions"]["suggestion"], "1.25.1");
    assert_eq!(json["versions"]["at_least"]["location"]["line"], 5);
    // fix says it too.
    let out = confine(&["fix", &file, "--nginx-version", "1.22.1"], None);
    assert!(String::from_utf8_lossy(&out.stderr).contains("contradicts"));
}

/// The incident's shape: an HTTP/2 server, `grpc_pass` in `location /v1/`.
const SEED: &str = "events {}
http {
    upstream pool {
        server 10.0.2.10:8080;
    }
    server {
        listen 443 ssl http2;
        server_name api.internal;
        location /v1/ {
            grpc_pass grpc://pool;
        }
        location /health {
            return 200;
        }
        ssl_certificate /etc/nginx/tls/api.crt;
        ssl_certificate_key /etc/nginx/tls/api.key;
    }
    server_tokens off;
}
worker_processes 1;
";

/// What nginx logged for it (line 2), after a line that is no event.
const SEED_LOG: &str = "web-1 | starting\n2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.1.7, server: api.internal, request: \"POST /v1/ingest HTTP/2.0\", upstream: \"grpc://10.0.2.10:8080\", host: \"api.internal\"\r\n";

const SEED_EVENT: &str = "2026/12/06 12:18:19 [error] 31#31: *1 upstream sent too large http2 frame: 4740180 while reading response header from upstream, client: 10.0.1.7, server: api.internal, request: \"POST /v1/ingest HTTP/2.0\", upstream: \"grpc://10.0.2.10:8080\", host: \"api.internal\"";

#[test]
fn check_with_an_error_log_makes_the_finding_certain_and_shows_the_log_line() {
    let dir = TempDir::new("log-text");
    let conf = dir.write("nginx.conf", SEED);
    let log = dir.write("error.log", SEED_LOG);
    let without = stdout(&confine(
        &["check", "--nginx-version", "1.22.1", &conf],
        None,
    ));
    assert!(
        without.contains(&format!("{conf}:10:13: warning[grpc-to-http1-backend]: ")),
        "{without}"
    );
    let out = confine(
        &[
            "check",
            "--nginx-version",
            "1.22.1",
            "--error-log",
            &log,
            &conf,
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with(&format!("{conf}:10:13: error[grpc-to-http1-backend]: ")))
        .unwrap_or_else(|| panic!("{text}"));
    assert_eq!(
        lines[at],
        format!(
            "{conf}:10:13: error[grpc-to-http1-backend]: grpc_pass speaks HTTP/2 to \"pool\", which \
             speaks HTTP/1.1: every request gets 502 (error log line 2: POST /v1/ingest (server \
             api.internal, location /v1/): nginx read the answer as an HTTP/2 frame, \"upstream \
             sent too large http2 frame: 4740180\"; \"/v1/\" is not a gRPC service path \
             (/package.Service/Method))"
        )
    );
    assert_eq!(lines[at + 1], format!("    {log}:2: {SEED_EVENT}"));
}

#[test]
fn check_json_and_sarif_carry_the_log_line_and_the_log() {
    let dir = TempDir::new("log-json");
    let conf = dir.write("nginx.conf", SEED);
    let log = dir.write("error.log", SEED_LOG);
    let args = [
        "check",
        "--nginx-version",
        "1.22.1",
        "--error-log",
        &log,
        "--format",
        "json",
        &conf,
    ];
    let out = confine(&args, None);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = v["findings"].as_array().expect("findings");
    let grpc = findings
        .iter()
        .position(|f| f["rule"] == "grpc-to-http1-backend")
        .expect("grpc finding");
    assert_eq!(
        findings[grpc]["log"],
        serde_json::json!({"line": 2, "text": SEED_EVENT, "cause": "http2-frame-too-large"})
    );
    assert_eq!(findings[grpc]["severity"], "error");
    assert_eq!(findings[grpc]["fix"]["applicability"], "safe");
    // Findings the log does not prove carry `log: null`.
    assert!(findings
        .iter()
        .filter(|f| f["rule"] != "grpc-to-http1-backend")
        .all(|f| f["log"].is_null()));
    assert_eq!(
        v["log"],
        serde_json::json!({
            "lines": 2,
            "ignored": 1,
            "events": [{
                "line": 2, "last_line": 2, "level": "error", "cause": "http2-frame-too-large",
                "meaning": v["log"]["events"][0]["meaning"].clone(),
                "request": "POST /v1/ingest HTTP/2.0", "host": "api.internal",
                "server": "api.internal", "upstream": "grpc://10.0.2.10:8080",
                "findings": [grpc],
            }],
        })
    );
    assert!(v["log"]["events"][0]["meaning"]
        .as_str()
        .is_some_and(|m| m.starts_with("nginx spoke HTTP/2 to the upstream")));
    // Without a log, the report's `log` is null.
    let out = confine(&["check", "--format", "json", &conf], None);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(v["log"].is_null(), "{}", v["log"]);

    let args = [
        "check",
        "--nginx-version",
        "1.22.1",
        "--error-log",
        &log,
        "--format",
        "sarif",
        &conf,
    ];
    let v: serde_json::Value = serde_json::from_slice(&confine(&args, None).stdout).expect("SARIF");
    let results = v["runs"][0]["results"].as_array().expect("results");
    let grpc = results
        .iter()
        .find(|r| r["ruleId"] == "grpc-to-http1-backend")
        .expect("result");
    let related = &grpc["relatedLocations"][0];
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        log.trim_start_matches('/')
    );
    assert_eq!(related["physicalLocation"]["region"]["startLine"], 2);
    assert_eq!(related["message"]["text"], SEED_EVENT);
    assert!(results
        .iter()
        .filter(|r| r["ruleId"] != "grpc-to-http1-backend")
        .all(|r| r.get("relatedLocations").is_none()));
}

#[test]
fn fix_with_an_error_log_applies_the_fix_the_log_proves() {
    let dir = TempDir::new("log-fix");
    let conf = dir.write("nginx.conf", SEED);
    let log = dir.write("error.log", SEED_LOG);
    // Without the log the fix is only a suggestion: nothing changes, exit 1.
    let out = confine(&["fix", "--nginx-version", "1.22.1", &conf], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), SEED);
    // 1.22.1 has an advisory for HTTP/2 to backends (nginx-cves): not this test's subject.
    let out = confine(
        &[
            "fix",
            "--nginx-version",
            "1.22.1",
            "--ignore",
            "nginx-cves",
            "--error-log",
            &log,
            &conf,
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        stdout(&out),
        SEED.replace("grpc_pass grpc://pool;", "proxy_pass http://pool;")
    );
    // The log from standard input, `--error-log=-`.
    let out = confine(
        &[
            "fix",
            "--nginx-version",
            "1.22.1",
            "--ignore=nginx-cves",
            "--diff",
            "--error-log=-",
            &conf,
        ],
        Some(SEED_LOG.as_bytes()),
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains(
            "-            grpc_pass grpc://pool;\n+            proxy_pass http://pool;\n"
        ),
        "{}",
        stdout(&out)
    );
}

#[test]
fn error_log_input_errors_are_usage_or_io_errors() {
    let dir = TempDir::new("log-errors");
    let conf = dir.write("nginx.conf", SEED);
    // Standard input cannot be both the config and the log.
    let out = confine(&["check", "--error-log", "-", "-"], Some(SEED.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--error-log - reads standard input"));
    let missing = format!("{}/nope.log", dir.0.display());
    let out = confine(&["check", "--error-log", &missing, &conf], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&missing));
    let out = confine(&["fix", "--error-log"], None);
    assert_eq!(out.status.code(), Some(2));
    // A file that holds no nginx line is read, each line counted as ignored.
    let noise = dir.write("noise.log", "hello\nworld\n");
    let out = confine(
        &["check", "--format", "json", "--error-log", &noise, &conf],
        None,
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["log"]["ignored"], 2);
    assert_eq!(v["log"]["events"], serde_json::json!([]));
}

/// A third-party directive is a warning naming its module (exit 0); under
/// `--strict` it is an error (exit 1) in `parse`, `check` and `fix`, as
/// `nginx -t` says without the module.
#[test]
fn strict_makes_a_third_party_directive_an_error_in_parse_check_and_fix() {
    let dir = TempDir::new("strict");
    let file = dir.write(
        "nginx.conf",
        "events {}\nhttp {\n    server {\n        listen 80;\n        more_set_headers \"Server: x\";\n    }\n    server_tokens off;\n}\nworker_processes 1;\n",
    );
    let help = "(needs the headers-more module: github.com/openresty/headers-more-nginx-module; \
                nginx without it fails here)";
    for command in ["parse", "check", "fix"] {
        let out = confine(&[command, &file], None);
        assert_eq!(out.status.code(), Some(0), "{command}: {}", stdout(&out));
        if command != "fix" {
            let want =
                format!("{file}:5:9: warning: unknown directive \"more_set_headers\" {help}");
            assert!(
                stdout(&out).lines().any(|l| l == want),
                "{command}: {}",
                stdout(&out)
            );
        }
        let out = confine(&[command, "--strict", &file], None);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{command} --strict: {}",
            stdout(&out)
        );
        if command != "fix" {
            let want = format!("{file}:5:9: error: unknown directive \"more_set_headers\" {help}");
            assert!(
                stdout(&out).lines().any(|l| l == want),
                "{command} --strict: {}",
                stdout(&out)
            );
        }
    }
}

/// A typo of a directive allowed where it stands fails without `--strict`;
/// a name that is neither a typo nor known stays a warning until `--strict`.
#[test]
fn a_typo_is_an_error_and_strict_turns_other_unknown_names_into_errors() {
    let dir = TempDir::new("typo");
    let typo = dir.write(
        "typo.conf",
        "events {}\nhttp {\n    server {\n        location / {\n            proxy_pas http://127.0.0.1:8080;\n        }\n    }\n}\n",
    );
    let out = confine(&["parse", &typo], None);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let want = format!(
        "{typo}:5:13: error: unknown directive \"proxy_pas\" (did you mean \"proxy_pass\"?)"
    );
    assert!(stdout(&out).lines().any(|l| l == want), "{}", stdout(&out));

    let other = dir.write("other.conf", "events {}\nhttp {\n    frobnicate on;\n}\n");
    let out = confine(&["check", &other], None);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!(
            "{other}:3:5: warning: unknown directive \"frobnicate\""
        )),
        "{}",
        stdout(&out)
    );
    let out = confine(&["check", "--strict", &other], None);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    assert!(
        stdout(&out).contains(&format!(
            "{other}:3:5: error: unknown directive \"frobnicate\""
        )),
        "{}",
        stdout(&out)
    );
}

/// Raises a performance info, a hygiene warning (a suppression without a
/// reason), a protocol info and a protocol error.
const SELECTION_CONF: &str = "events {}
http {
    upstream app {
        server 127.0.0.1:8080 max_fails=3;
    }
    server {
        listen 80;
        # confine: ignore proxy-forwarding-headers
        location / {
            proxy_pass http://app;
        }
        location /g/ {
            grpc_pass grpc://app;
        }
    }
    server_tokens off;
}
worker_processes 1;
";

/// The `[rule-id]`s of a text report, in order.
fn rule_ids(o: &Output) -> Vec<String> {
    stdout(o)
        .lines()
        .filter_map(|l| Some(l.split_once('[')?.1.split_once(']')?.0.to_string()))
        .collect()
}

#[test]
fn select_and_ignore_pick_rules_by_id_and_category() {
    let dir = TempDir::new("select");
    let file = dir.write("nginx.conf", SELECTION_CONF);
    let out = confine(&["check", &file], None);
    assert_eq!(
        rule_ids(&out),
        [
            "max-fails-single-server",
            "invalid-suppression",
            "proxy-forwarding-headers",
            "grpc-to-http1-backend"
        ]
    );
    // By id: only an info left, so the check passes.
    let out = confine(
        &["check", "--select", "max-fails-single-server", &file],
        None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert_eq!(
        stdout(&out),
        format!(
            "{file}:4:9: info[max-fails-single-server]: upstream \"app\" has a single server: \
             nginx ignores its max_fails and fail_timeout\n"
        )
    );
    // By category, two flags adding up.
    let out = confine(
        &[
            "check",
            "--select",
            "performance",
            "--select=hygiene",
            &file,
        ],
        None,
    );
    assert_eq!(
        rule_ids(&out),
        ["max-fails-single-server", "invalid-suppression"]
    );
    assert_eq!(out.status.code(), Some(1));
    let out = confine(
        &["fix", "--select", "performance,hygiene", "--diff", &file],
        None,
    );
    assert_eq!(stdout(&out), "");
}

#[test]
fn an_ignored_id_beats_a_selected_category_and_back() {
    let dir = TempDir::new("select-ignore");
    let file = dir.write("nginx.conf", SELECTION_CONF);
    let out = confine(
        &[
            "check",
            "--select",
            "protocol",
            "--ignore",
            "grpc-to-http1-backend",
            &file,
        ],
        None,
    );
    assert_eq!(rule_ids(&out), ["proxy-forwarding-headers"]);
    assert_eq!(out.status.code(), Some(0));
    let out = confine(
        &[
            "check",
            "--ignore",
            "protocol",
            "--select",
            "grpc-to-http1-backend",
            &file,
        ],
        None,
    );
    assert_eq!(rule_ids(&out), ["grpc-to-http1-backend"]);
    let out = confine(&["check", "--ignore", "protocol,hygiene", &file], None);
    assert_eq!(rule_ids(&out), ["max-fails-single-server"]);
}

#[test]
fn min_severity_drops_the_findings_below_it() {
    let dir = TempDir::new("min-severity");
    let file = dir.write("nginx.conf", SELECTION_CONF);
    let out = confine(&["check", "--min-severity", "warning", &file], None);
    assert_eq!(
        rule_ids(&out),
        ["invalid-suppression", "grpc-to-http1-backend"]
    );
    let out = confine(&["check", "--min-severity=error", &file], None);
    assert_eq!(rule_ids(&out), ["grpc-to-http1-backend"]);
    let out = confine(&["check", "--min-severity", "fatal", &file], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("confine: unknown severity \"fatal\" (expected info, warning or error)\n"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unknown_selector_is_a_usage_error_naming_the_closest_rule() {
    let dir = TempDir::new("select-unknown");
    let file = dir.write("nginx.conf", SELECTION_CONF);
    for args in [
        ["check", "--select", "grpc-to-http-backend"],
        ["fix", "--ignore", "protocol,grpc-to-http-backend"],
    ] {
        let out = confine(&[args[0], args[1], args[2], &file], None);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stdout(&out), "");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(
                "confine: unknown rule or category \"grpc-to-http-backend\" (categories: all, \
                 protocol, security, performance, hygiene); did you mean \"grpc-to-http1-backend\"?\n"
            ),
            "{err}"
        );
    }
}

#[test]
fn confine_toml_beside_the_config_is_read_and_flags_override_it() {
    let dir = TempDir::new("confine-toml");
    let file = dir.write("conf/nginx.conf", SELECTION_CONF);
    dir.write(
        "conf/confine.toml",
        "# this project's checks\nselect = [\"protocol\"]\nignore = [\"proxy-forwarding-headers\"]\n\n\
         min-severity = \"info\"\nnginx-version = \"1.22.1\"\n",
    );
    let out = confine(&["check", &file], None);
    assert_eq!(rule_ids(&out), ["grpc-to-http1-backend"]);
    // The flags' select replaces the file's.
    let out = confine(&["check", "--select", "performance", &file], None);
    assert_eq!(rule_ids(&out), ["max-fails-single-server"]);
    let out = confine(&["check", "--no-config", &file], None);
    assert_eq!(rule_ids(&out).len(), 4, "{}", stdout(&out));
    // Named with --config, from anywhere.
    let other = dir.write("elsewhere.toml", "select = [\"hygiene\"]\n");
    let out = confine(&["check", "--config", &other, &file], None);
    assert_eq!(rule_ids(&out), ["invalid-suppression"]);
    let out = confine(&["check", "--config", &other, "--no-config", &file], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn confine_toml_in_the_current_directory_goes_with_standard_input() {
    let dir = TempDir::new("confine-toml-stdin");
    dir.write("confine.toml", "min-severity = \"error\"\n");
    let out = Command::new(env!("CARGO_BIN_EXE_confine"))
        .args(["check", "-"])
        .current_dir(&dir.0)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(SELECTION_CONF.as_bytes())?;
            child.wait_with_output()
        })
        .expect("confine runs");
    assert_eq!(rule_ids(&out), ["grpc-to-http1-backend"]);
}

#[test]
fn a_bad_confine_toml_is_reported_at_its_line_and_column() {
    let dir = TempDir::new("confine-toml-bad");
    let file = dir.write("nginx.conf", SELECTION_CONF);
    let toml = dir.write(
        "confine.toml",
        "select = [\"protocol\"]\nignore = [\"protocl\"]\n",
    );
    let out = confine(&["check", &file], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "confine: {toml}:2:11: unknown rule or category \"protocl\" (categories: all, \
             protocol, security, performance, hygiene); did you mean \"protocol\"?\n"
        )
    );
    dir.write("confine.toml", "min_severity = \"info\"\n");
    let out = confine(&["fix", &file], None);
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "confine: {toml}:1:1: unknown key `min_severity` (expected select, ignore, \
             min-severity or nginx-version)\n"
        )
    );
    // --no-config reads none, a broken one neither.
    let out = confine(
        &["check", "--no-config", "--select=performance", &file],
        None,
    );
    assert_eq!(rule_ids(&out), ["max-fails-single-server"]);
}
