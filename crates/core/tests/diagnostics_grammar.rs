//! The argument grammars' diagnostics (values of the `ngx_conf_set_*_slot`
//! handlers, directives given twice in a block, a missing `;` whose merged
//! directive the grammar refuses): every diagnostic of each row, with its
//! exact message, help, line and column, so a missing or an extra one fails.
//!
//! Each row is a whole config (some with included files) and the target
//! nginx version it is checked for. `nginx_says_what_the_rows_say` runs the
//! real nginx on every row checked for 1.22.1 and compares its verdict, its
//! message and its line with the row's.

use confine_core::analysis::validate_for;
use confine_core::diagnostic::{Code, Severity};
use confine_core::input::{ConfigSet, MemoryFiles};
use confine_core::options::Version;

mod support;

/// Where the rows' files live: `/t` for confine, a temporary directory for nginx.
const DIR: &str = "@DIR@";

const V1_22: Version = Version(1, 22, 1);
const V1_30: Version = Version(1, 30, 0);

/// One expected diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Expect {
    /// The file, as the row names it.
    file: &'static str,
    line: usize,
    column: usize,
    severity: Severity,
    code: Code,
    message: &'static str,
    help: Option<&'static str>,
}

const fn err(line: usize, column: usize, code: Code, message: &'static str) -> Expect {
    Expect {
        file: "nginx.conf",
        line,
        column,
        severity: Severity::Error,
        code,
        message,
        help: None,
    }
}

impl Expect {
    const fn warning(self) -> Expect {
        Expect {
            severity: Severity::Warning,
            ..self
        }
    }

    const fn in_file(self, file: &'static str) -> Expect {
        Expect { file, ..self }
    }

    const fn help(self, help: &'static str) -> Expect {
        Expect {
            help: Some(help),
            ..self
        }
    }
}

/// What the real nginx 1.22.1 says about the row's config.
#[derive(Clone, Copy, Debug)]
enum Nginx {
    /// `nginx -t` succeeds.
    Accepts,
    /// nginx's error, without ` in FILE:LINE`, and its line.
    Fails(&'static str, usize),
    /// Checked for another version than the installed nginx: not run.
    Skip,
}

struct Row {
    name: &'static str,
    version: Version,
    /// `nginx.conf`, then the files it includes (paths under [`DIR`]).
    files: &'static [(&'static str, &'static str)],
    nginx: Nginx,
    expect: Vec<Expect>,
}

fn row(
    name: &'static str,
    version: Version,
    files: &'static [(&'static str, &'static str)],
    nginx: Nginx,
    expect: Vec<Expect>,
) -> Row {
    Row {
        name,
        version,
        files,
        nginx,
        expect,
    }
}

/// A root file only.
macro_rules! conf {
    ($text:expr) => {
        &[("nginx.conf", $text)]
    };
}

fn rows() -> Vec<Row> {
    use Code::*;
    vec![
        row(
            "flag slot: neither on nor off",
            V1_22,
            conf!("events {}\nhttp {\n    gzip maybe;\n}\n"),
            Nginx::Fails(
                "invalid value \"maybe\" in \"gzip\" directive, it must be \"on\" or \"off\"",
                3,
            ),
            vec![err(
                3,
                10,
                InvalidFlag,
                "invalid value \"maybe\" in \"gzip\" directive, it must be \"on\" or \"off\"",
            )],
        ),
        row(
            "num slot: not a number",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_comp_level x;\n}\n"),
            Nginx::Fails("\"gzip_comp_level\" directive invalid number", 3),
            vec![err(
                3,
                21,
                InvalidValue,
                "\"gzip_comp_level\" directive invalid number",
            )],
        ),
        row(
            "num slot: outside its bounds",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_comp_level 10;\n}\n"),
            Nginx::Fails("value must be between 1 and 9", 3),
            vec![err(3, 21, InvalidValue, "value must be between 1 and 9")],
        ),
        row(
            "off slot: an unknown unit",
            V1_22,
            conf!("events {}\nhttp {\n    client_max_body_size 10X;\n}\n"),
            Nginx::Fails("\"client_max_body_size\" directive invalid value", 3),
            vec![err(
                3,
                26,
                InvalidValue,
                "\"client_max_body_size\" directive invalid value",
            )],
        ),
        row(
            "size slot: g is for offsets only",
            V1_22,
            conf!("events {}\nhttp {\n    client_body_buffer_size 1g;\n}\n"),
            Nginx::Fails("\"client_body_buffer_size\" directive invalid value", 3),
            vec![err(
                3,
                29,
                InvalidValue,
                "\"client_body_buffer_size\" directive invalid value",
            )],
        ),
        row(
            "msec slot: a unit in words",
            V1_22,
            conf!("events {}\nhttp {\n    proxy_read_timeout \"10 minutes\";\n}\n"),
            Nginx::Fails("\"proxy_read_timeout\" directive invalid value", 3),
            vec![err(
                3,
                24,
                InvalidValue,
                "\"proxy_read_timeout\" directive invalid value",
            )],
        ),
        row(
            "sec slot: no milliseconds",
            V1_22,
            conf!("events {}\nhttp {\n    ssl_session_timeout 1ms;\n}\n"),
            Nginx::Fails("\"ssl_session_timeout\" directive invalid value", 3),
            vec![err(
                3,
                25,
                InvalidValue,
                "\"ssl_session_timeout\" directive invalid value",
            )],
        ),
        row(
            "bufs slot: zero buffers",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_buffers 0 4k;\n}\n"),
            Nginx::Fails("\"gzip_buffers\" directive invalid value", 3),
            vec![err(
                3,
                18,
                InvalidValue,
                "\"gzip_buffers\" directive invalid value",
            )],
        ),
        row(
            "enum slot: not one of its words",
            V1_22,
            conf!("events {}\nhttp {\n    server_tokens maybe;\n}\n"),
            Nginx::Fails("invalid value \"maybe\"", 3),
            vec![err(3, 19, InvalidValue, "invalid value \"maybe\"")],
        ),
        row(
            "bitmask slot: the bad word among good ones",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_proxied expired foo any;\n}\n"),
            Nginx::Fails("invalid value \"foo\"", 3),
            vec![err(3, 26, InvalidValue, "invalid value \"foo\"")],
        ),
        row(
            "access slot: no such right",
            V1_22,
            conf!("events {}\nhttp {\n    proxy_store_access user:rw group:rwx;\n}\n"),
            Nginx::Fails("invalid value \"group:rwx\"", 3),
            vec![err(3, 32, InvalidValue, "invalid value \"group:rwx\"")],
        ),
        row(
            "path slot: a level that is not a number",
            V1_22,
            conf!("events {}\nhttp {\n    proxy_temp_path /tmp/p 1 x;\n}\n"),
            Nginx::Fails("\"proxy_temp_path\" directive invalid value", 3),
            vec![err(
                3,
                30,
                InvalidValue,
                "\"proxy_temp_path\" directive invalid value",
            )],
        ),
        row(
            "a custom handler of plain values: keepalive_timeout's header timeout is in seconds",
            V1_22,
            conf!("events {}\nhttp {\n    keepalive_timeout 65 10ms;\n}\n"),
            Nginx::Fails("\"keepalive_timeout\" directive invalid value", 3),
            vec![err(
                3,
                26,
                InvalidValue,
                "\"keepalive_timeout\" directive invalid value",
            )],
        ),
        row(
            "enum by version: HTTP/2 to upstreams before 1.29.4",
            V1_22,
            conf!("events {}\nhttp {\n    proxy_http_version 2;\n}\n"),
            Nginx::Fails("invalid value \"2\"", 3),
            vec![err(3, 24, InvalidValue, "invalid value \"2\"")],
        ),
        row(
            "enum by version: HTTP/2 to upstreams from 1.29.4",
            V1_30,
            conf!("events {}\nhttp {\n    proxy_http_version 2;\n}\n"),
            Nginx::Skip,
            vec![],
        ),
        row(
            "size by version: a variable before 1.27.0",
            V1_22,
            conf!("events {}\nhttp {\n    proxy_limit_rate $arg_rate;\n}\n"),
            Nginx::Fails("\"proxy_limit_rate\" directive invalid value", 3),
            vec![err(
                3,
                22,
                InvalidValue,
                "\"proxy_limit_rate\" directive invalid value",
            )],
        ),
        row(
            "size by version: a variable from 1.27.0",
            V1_30,
            conf!("events {}\nhttp {\n    proxy_limit_rate $arg_rate;\n}\n"),
            Nginx::Skip,
            vec![],
        ),
        row(
            "values nginx accepts",
            V1_22,
            conf!(
                "events {}\nhttp {\n    proxy_read_timeout 1h30m;\n    proxy_connect_timeout \"1s 500ms\";\n    \
                 client_max_body_size 1G;\n    ssl_session_timeout 1y;\n    gzip_buffers 16 8k;\n    \
                 gzip_comp_level 009;\n    proxy_store_access user:rw group:r all:r;\n    \
                 gzip_proxied EXPIRED no-cache;\n    server_tokens Build;\n    proxy_limit_rate 10k;\n}\n"
            ),
            Nginx::Accepts,
            vec![],
        ),
        row(
            "duplicate: a slot directive twice in a block",
            V1_22,
            conf!("events {}\nhttp {\n    gzip on;\n    gzip off;\n}\n"),
            Nginx::Fails("\"gzip\" directive is duplicate", 4),
            vec![err(4, 5, Duplicate, "\"gzip\" directive is duplicate")],
        ),
        row(
            "duplicate: the repeat is refused before its value is read",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_comp_level 5;\n    gzip_comp_level x;\n}\n"),
            Nginx::Fails("\"gzip_comp_level\" directive is duplicate", 4),
            vec![err(
                4,
                5,
                Duplicate,
                "\"gzip_comp_level\" directive is duplicate",
            )],
        ),
        row(
            "duplicate: a custom handler that stores one value",
            V1_22,
            conf!(
                "events {}\nhttp {\n    server {\n        location / {\n            try_files $uri /index.html;\n            \
                 try_files $uri =404;\n        }\n    }\n}\n"
            ),
            Nginx::Fails("\"try_files\" directive is duplicate", 6),
            vec![err(6, 13, Duplicate, "\"try_files\" directive is duplicate")],
        ),
        row(
            "duplicate: the upstream row of a name the core module also has",
            V1_22,
            conf!(
                "events {}\nhttp {\n    keepalive_requests 100;\n    upstream u {\n        server 127.0.0.1;\n        \
                 keepalive_requests 1;\n        keepalive_requests 2;\n    }\n}\n"
            ),
            Nginx::Fails("\"keepalive_requests\" directive is duplicate", 7),
            vec![err(
                7,
                9,
                Duplicate,
                "\"keepalive_requests\" directive is duplicate",
            )],
        ),
        row(
            "duplicate: alias after root names both",
            V1_22,
            conf!(
                "events {}\nhttp {\n    server {\n        location / {\n            root /srv;\n            \
                 alias /srv/a/;\n        }\n    }\n}\n"
            ),
            Nginx::Fails(
                "\"alias\" directive is duplicate, \"root\" directive was specified earlier",
                6,
            ),
            vec![err(
                6,
                13,
                Duplicate,
                "\"alias\" directive is duplicate, \"root\" directive was specified earlier",
            )],
        ),
        row(
            "duplicate: ssl on twice in a server (before 1.25.1)",
            V1_22,
            conf!(
                "events {}\nhttp {\n    server {\n        listen 8001;\n        ssl on;\n        ssl on;\n    }\n}\n"
            ),
            Nginx::Fails("\"ssl\" directive is duplicate", 6),
            vec![err(6, 9, Duplicate, "\"ssl\" directive is duplicate")],
        ),
        row(
            "duplicate: ssl on twice in a mail server",
            V1_22,
            conf!(
                "load_module /usr/lib/nginx/modules/ngx_mail_module.so;\nevents {}\nmail {\n    \
                 server_name x;\n    auth_http 127.0.0.1:9/auth;\n    server {\n        listen 1143;\n        \
                 protocol imap;\n        ssl on;\n        ssl on;\n    }\n}\n"
            ),
            Nginx::Fails("\"ssl\" directive is duplicate", 10),
            vec![err(10, 9, Duplicate, "\"ssl\" directive is duplicate")],
        ),
        row(
            "duplicate: limit_conn and limit_req of one zone twice in a block",
            V1_22,
            conf!(
                "events {}\nhttp {\n    limit_conn_zone $binary_remote_addr zone=addr:1m;\n    \
                 limit_req_zone $binary_remote_addr zone=req:1m rate=1r/s;\n    server {\n        \
                 listen 8001;\n        limit_conn addr 10;\n        limit_req zone=req;\n        \
                 limit_conn addr 20;\n        limit_req burst=5 zone=req;\n    }\n}\n"
            ),
            Nginx::Fails("\"limit_conn\" directive is duplicate", 9),
            vec![
                err(9, 9, Duplicate, "\"limit_conn\" directive is duplicate"),
                err(10, 9, Duplicate, "\"limit_req\" directive is duplicate"),
            ],
        ),
        row(
            "duplicate: limit_req of one zone twice in a location",
            V1_22,
            conf!(
                "events {}\nhttp {\n    limit_req_zone $binary_remote_addr zone=req:1m rate=1r/s;\n    \
                 server {\n        listen 8001;\n        location / {\n            limit_req zone=req;\n            \
                 limit_req zone=req nodelay;\n        }\n    }\n}\n"
            ),
            Nginx::Fails("\"limit_req\" directive is duplicate", 8),
            vec![err(8, 13, Duplicate, "\"limit_req\" directive is duplicate")],
        ),
        row(
            "duplicate: limit_conn in stream, one zone twice in a server",
            V1_22,
            conf!(
                "load_module /usr/lib/nginx/modules/ngx_stream_module.so;\nevents {}\nstream {\n    \
                 limit_conn_zone $binary_remote_addr zone=addr:1m;\n    server {\n        listen 9000;\n        \
                 proxy_pass 127.0.0.1:1;\n        limit_conn addr 1;\n        limit_conn addr 2;\n    }\n}\n"
            ),
            Nginx::Fails("\"limit_conn\" directive is duplicate", 9),
            vec![err(9, 9, Duplicate, "\"limit_conn\" directive is duplicate")],
        ),
        row(
            "duplicate: limits of other zones (or of one in nested blocks) repeat freely",
            V1_22,
            conf!(
                "events {}\nhttp {\n    limit_conn_zone $binary_remote_addr zone=addr:1m;\n    \
                 limit_conn_zone $server_name zone=Addr:1m;\n    \
                 limit_req_zone $binary_remote_addr zone=a:1m rate=1r/s;\n    \
                 limit_req_zone $server_name zone=b:1m rate=1r/s;\n    limit_conn addr 100;\n    \
                 limit_req zone=a;\n    server {\n        listen 8001;\n        limit_conn addr 10;\n        \
                 limit_conn Addr 10;\n        limit_req zone=a;\n        limit_req zone=b;\n        \
                 location / {\n            limit_conn addr 1;\n            limit_req zone=a;\n        }\n    }\n}\n"
            ),
            Nginx::Accepts,
            vec![],
        ),
        row(
            "duplicate: proxy_redirect off after a redirect",
            V1_22,
            conf!(
                "events {}\nhttp {\n    server {\n        listen 8001;\n        location / {\n            \
                 proxy_pass http://127.0.0.1:1;\n            proxy_redirect default;\n            \
                 proxy_redirect off;\n        }\n    }\n}\n"
            ),
            Nginx::Fails("\"proxy_redirect\" directive is duplicate", 8),
            vec![err(8, 13, Duplicate, "\"proxy_redirect\" directive is duplicate")],
        ),
        row(
            "duplicate: any proxy_redirect after proxy_redirect off",
            V1_22,
            conf!(
                "events {}\nhttp {\n    server {\n        listen 8001;\n        proxy_redirect off;\n        \
                 proxy_redirect http://a/ /;\n    }\n}\n"
            ),
            Nginx::Fails("\"proxy_redirect\" directive is duplicate", 6),
            vec![err(6, 9, Duplicate, "\"proxy_redirect\" directive is duplicate")],
        ),
        row(
            "duplicate: proxy_redirect rewrites add up, and off stands alone in its block",
            V1_22,
            conf!(
                "events {}\nhttp {\n    proxy_redirect off;\n    server {\n        listen 8001;\n        \
                 proxy_redirect http://a/ /;\n        proxy_redirect http://b/ /b/;\n        location / {\n            \
                 proxy_pass http://127.0.0.1:1;\n            proxy_redirect default;\n            \
                 proxy_redirect ~^http://c(.*)$ $1;\n        }\n        location /x {\n            \
                 proxy_redirect off;\n        }\n    }\n}\n"
            ),
            Nginx::Accepts,
            vec![],
        ),
        row(
            "duplicate: not across nested blocks",
            V1_22,
            conf!(
                "events {}\nhttp {\n    gzip on;\n    server {\n        gzip off;\n        location / {\n            \
                 gzip on;\n            if ($request_method = POST) {\n                gzip off;\n            }\n        \
                 }\n        location /a {\n            gzip on;\n        }\n    }\n}\n"
            ),
            Nginx::Accepts,
            vec![],
        ),
        row(
            "duplicate: array directives repeat freely",
            V1_22,
            conf!(
                "events {}\nhttp {\n    gzip_types text/css;\n    gzip_types text/xml;\n    \
                 proxy_set_header A a;\n    proxy_set_header B b;\n    ssl_protocols TLSv1.2;\n    \
                 ssl_protocols TLSv1.3;\n}\n"
            ),
            Nginx::Accepts,
            vec![],
        ),
        row(
            "duplicate: across included files in one block",
            V1_22,
            &[
                (
                    "nginx.conf",
                    "events {}\nhttp {\n    include @DIR@/conf.d/*.conf;\n}\n",
                ),
                ("conf.d/a.conf", "client_max_body_size 10m;\n"),
                ("conf.d/b.conf", "\n\nclient_max_body_size 20m;\n"),
            ],
            Nginx::Fails("\"client_max_body_size\" directive is duplicate", 3),
            vec![err(
                3,
                1,
                Duplicate,
                "\"client_max_body_size\" directive is duplicate",
            )
            .in_file("conf.d/b.conf")],
        ),
        row(
            "missing ';': the merged directive's grammar refuses it",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_proxied any\n    gzip_vary on;\n}\n"),
            Nginx::Fails("invalid value \"gzip_vary\"", 4),
            vec![err(
                3,
                21,
                MissingSemicolon,
                "missing \";\" before \"gzip_vary\"",
            )
            .help(
                "nginx reads \"gzip_vary\" as an argument of \"gzip_proxied\" and fails: \
                 invalid value \"gzip_vary\"",
            )],
        ),
        row(
            "missing ';': the merged directive has the wrong shape",
            V1_22,
            conf!("events {}\nhttp {\n    gzip_comp_level 5\n    gzip on;\n}\n"),
            Nginx::Fails("invalid number of arguments in \"gzip_comp_level\" directive", 4),
            vec![err(
                3,
                22,
                MissingSemicolon,
                "missing \";\" before \"gzip\"",
            )
            .help("nginx reads \"gzip\" as an argument of \"gzip_comp_level\" and fails")],
        ),
        row(
            "missing ';': no grammar to tell, so never 'accepts it'",
            V1_22,
            conf!(
                "events {}\nhttp {\n    server {\n        server_name a.example\n        root /srv;\n    }\n}\n"
            ),
            Nginx::Accepts,
            vec![err(
                4,
                30,
                MissingSemicolon,
                "missing \";\" before \"root\"",
            )
            .warning()
            .help("nginx reads \"root\" as an argument of \"server_name\" and may accept it")],
        ),
    ]
}

/// A row's files with [`DIR`] replaced by `dir`, paths under `dir`.
fn files_in(row: &Row, dir: &str) -> Vec<(String, String)> {
    row.files
        .iter()
        .map(|(path, text)| (format!("{dir}/{path}"), text.replace(DIR, dir)))
        .collect()
}

type Flat = (String, usize, usize, Severity, Code, String, Option<String>);

/// What confine reports for the row, for its version.
fn actual(row: &Row) -> Vec<Flat> {
    let mut memory = MemoryFiles::new();
    for (path, text) in files_in(row, "/t") {
        memory.insert(path, text);
    }
    let set = ConfigSet::load(&["/t/nginx.conf".to_string()], &memory);
    validate_for(&set, row.version)
        .into_iter()
        .map(|fd| {
            let file = &set.files[fd.file];
            let d = fd.diagnostic;
            let at = file.tree.position(d.span.start);
            let path = file.path.strip_prefix("/t/").unwrap_or(&file.path);
            (
                path.to_string(),
                at.line,
                at.column,
                d.severity,
                d.code,
                d.message,
                d.help,
            )
        })
        .collect()
}

#[test]
fn every_row_gives_exactly_its_diagnostics() {
    let mut failures = Vec::new();
    for row in rows() {
        let got = actual(&row);
        let want: Vec<Flat> = row
            .expect
            .iter()
            .map(|e| {
                (
                    e.file.to_string(),
                    e.line,
                    e.column,
                    e.severity,
                    e.code,
                    e.message.to_string(),
                    e.help.map(str::to_string),
                )
            })
            .collect();
        if got != want {
            failures.push(format!(
                "row {:?}\n  want: {want:#?}\n  got:  {got:#?}",
                row.name
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} row(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn rows_are_distinct_and_cover_each_shape() {
    let rows = rows();
    let mut names: Vec<&str> = rows.iter().map(|r| r.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "row names must be unique");
    for code in [
        Code::InvalidValue,
        Code::InvalidFlag,
        Code::Duplicate,
        Code::MissingSemicolon,
    ] {
        assert!(
            rows.iter().any(|r| r.expect.iter().any(|e| e.code == code)),
            "no row for {code:?}"
        );
    }
}

#[test]
fn nginx_says_what_the_rows_say() {
    let Some(nginx) = support::Nginx::or_skip() else {
        return;
    };
    let mut failures = Vec::new();
    for (i, row) in rows().into_iter().enumerate() {
        let want = match row.nginx {
            Nginx::Skip => continue,
            Nginx::Accepts => None,
            Nginx::Fails(message, line) => Some((message.to_string(), Some(line))),
        };
        assert_eq!(row.version, V1_22, "row {:?}: nginx is 1.22.1", row.name);
        let prefix = support::Prefix::new(&format!("grammar-{i}"));
        for (path, text) in files_in(&row, &prefix.path().display().to_string()) {
            prefix.write(&path, text);
        }
        let got = nginx.test(&prefix).message_and_line();
        if got != want {
            failures.push(format!(
                "row {:?}: nginx says {got:?}, the row says {want:?}",
                row.name
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
