//! The page: the core compiled to wasm under a Trunk-built static site.
//!
//! `cargo xtask serve` and `cargo xtask dist` build it; the `wasm-test` and
//! `browser` test steps run the binding's wasm-bindgen tests and the
//! Playwright end-to-end tests in Debian's headless Chromium.
//!
//! The wasm build uses Debian's rustc 1.96 with build-std (rustup cannot
//! fetch the wasm32 standard library here), in its own target directory
//! (`target/wasm`) so the two toolchains never share artefacts. Trunk never
//! downloads anything: `Trunk.toml` sets `offline = true` and pins the
//! wasm-bindgen and wasm-opt versions that are installed here, and the version
//! check is switched off.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use super::{
    capture, ensure, ensure_apt_packages, header, run, scrub_cargo_env, Ctx, Result,
    APT_PAGE_PACKAGES, WASM_CARGO, WASM_RUSTC,
};

/// Trunk 0.22 needs rustc >= 1.96.1; 0.21.14 builds with the machine's 1.95.
pub const TRUNK_VERSION: &str = "0.21.14";
/// playwright-core's version is pinned in tests/browser/package.json (and its lock).
const BROWSER_TESTS: &str = "tests/browser";
const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
/// Binaryen 108 (Debian's) mangles wasm files with several tables: it exported
/// the funcref table as wasm-bindgen's externref table, and the page failed at
/// start ("WebAssembly.Table.set(): Argument 1 is invalid"). Without
/// reference types wasm-bindgen keeps JS values in a JS-side heap instead.
const WASM_RUSTFLAGS: &str = "-Ctarget-feature=-reference-types";
/// The single-file build, next to the site in dist/.
pub const STANDALONE: &str = "confine-standalone.html";

/// What `serve` and `dist` need: Debian's wasm toolchain pieces and
/// binaryen, wasm-bindgen-cli and trunk (not nginx, Chromium or the test tools).
pub const PAGE_INSTALLS: &[fn(&Ctx) -> Result] = &[
    |_| ensure_apt_packages(APT_PAGE_PACKAGES),
    ensure_wasm_bindgen_cli,
    ensure_trunk,
];

// ---------------------------------------------------------------------------
// install

/// The wasm-bindgen crate's version in Cargo.lock: the CLI must match it exactly.
fn locked_wasm_bindgen(ctx: &Ctx) -> Result<String> {
    let lock = fs::read_to_string(ctx.root.join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = \""))
            {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen package (is crates/wasm a workspace member?)".into())
}

/// A tool in cargo's bin directory (where `cargo install` puts it).
fn cargo_bin(tool: &str) -> PathBuf {
    let home = env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"));
    home.join("bin").join(tool)
}

/// `TOOL --version`'s last word when its first line starts with `expect`.
fn tool_version(tool: &Path) -> Option<String> {
    let out = Command::new(tool)
        .arg("--version")
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text.lines().next()?;
    line.split_whitespace().nth(1).map(str::to_string)
}

fn check_wasm_bindgen_cli(ctx: &Ctx) -> Result<Option<String>> {
    let want = locked_wasm_bindgen(ctx)?;
    let found = tool_version(&cargo_bin("wasm-bindgen"));
    let runner = cargo_bin("wasm-bindgen-test-runner").is_file();
    Ok((found.as_deref() == Some(want.as_str()) && runner).then_some(want))
}

fn install_wasm_bindgen_cli(ctx: &Ctx) -> Result {
    let version = locked_wasm_bindgen(ctx)?;
    cargo_install(ctx, "wasm-bindgen-cli", &version)
}

pub fn ensure_wasm_bindgen_cli(ctx: &Ctx) -> Result {
    ensure(
        ctx,
        "wasm-bindgen-cli",
        check_wasm_bindgen_cli,
        install_wasm_bindgen_cli,
    )
}

fn check_trunk(_: &Ctx) -> Result<Option<String>> {
    let found = tool_version(&cargo_bin("trunk"));
    Ok((found.as_deref() == Some(TRUNK_VERSION)).then(|| TRUNK_VERSION.to_string()))
}

pub fn ensure_trunk(ctx: &Ctx) -> Result {
    ensure(ctx, "trunk", check_trunk, |ctx| {
        cargo_install(ctx, "trunk", TRUNK_VERSION)
    })
}

/// `cargo install NAME --version =V --locked`, and without `--locked` when
/// the lock file names a dependency version that the registry index does not
/// serve here (seen: wasm-bindgen-cli 0.2.130's lock wants webpki-roots
/// 1.0.11, which the index lacked).
fn cargo_install(ctx: &Ctx, name: &str, version: &str) -> Result {
    let exact = format!("={version}");
    let locked = run(ctx
        .native_cargo()
        .args(["install", name, "--version", &exact, "--locked"]));
    match locked {
        Ok(()) => Ok(()),
        Err(e) => {
            eprintln!("install: {name} with --locked failed ({e}); trying without --locked");
            run(ctx
                .native_cargo()
                .args(["install", name, "--version", &exact]))
        }
    }
}

/// playwright-core in tests/browser/node_modules at the version of package-lock.json.
fn check_browser_deps(ctx: &Ctx) -> Result<Option<String>> {
    let dir = ctx.root.join(BROWSER_TESTS);
    let want = package_version(
        &dir.join("package-lock.json"),
        "node_modules/playwright-core",
    )?;
    let installed = fs::read_to_string(dir.join("node_modules/playwright-core/package.json"))
        .ok()
        .and_then(|text| json_string_field(&text, "version"));
    Ok((installed.as_deref() == Some(want.as_str()))
        .then(|| format!("playwright-core {want} (npm ci in {BROWSER_TESTS})")))
}

fn install_browser_deps(ctx: &Ctx) -> Result {
    let node = capture(Command::new("node").arg("--version")).map_err(|_| {
        "node is missing: the machine image has Node.js and npm (see the env notes)".to_string()
    })?;
    eprintln!("install: node {node}");
    run(Command::new("npm")
        .current_dir(ctx.root.join(BROWSER_TESTS))
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .stdin(Stdio::null()))
}

pub fn ensure_browser_deps(ctx: &Ctx) -> Result {
    ensure(
        ctx,
        "playwright-core (npm)",
        check_browser_deps,
        install_browser_deps,
    )
}

/// The `version` of `key` in an npm lock file (a flat look-up, no JSON parser).
fn package_version(lock: &Path, key: &str) -> Result<String> {
    let text = fs::read_to_string(lock).map_err(|e| format!("reading {}: {e}", lock.display()))?;
    let at = text
        .find(&format!("\"{key}\""))
        .ok_or_else(|| format!("{} has no {key}", lock.display()))?;
    json_string_field(&text[at..], "version")
        .ok_or_else(|| format!("{} has no version for {key}", lock.display()))
}

/// The first `"field": "value"` in `text`.
fn json_string_field(text: &str, field: &str) -> Option<String> {
    let at = text.find(&format!("\"{field}\""))?;
    let rest = &text[at + field.len() + 2..];
    let rest = rest.trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    Some(rest[..rest.find('"')?].to_string())
}

// ---------------------------------------------------------------------------
// build

/// The environment in which Trunk and cargo build the wasm: Debian's cargo and
/// rustc first on PATH, build-std, the wasm target directory.
fn debian_env(ctx: &Ctx, cmd: &mut Command) -> Result {
    for tool in [WASM_RUSTC, WASM_CARGO] {
        if !Path::new(tool).is_file() {
            return Err(format!("{tool} is missing: run `cargo xtask install`"));
        }
    }
    scrub_cargo_env(cmd, true);
    let mut path: Vec<PathBuf> = vec![PathBuf::from("/usr/bin")];
    if let Some(dir) = cargo_bin("trunk").parent() {
        path.push(dir.to_path_buf());
    }
    if let Some(old) = env::var_os("PATH") {
        path.extend(env::split_paths(&old));
    }
    let path: OsString = env::join_paths(path).map_err(|e| e.to_string())?;
    cmd.current_dir(&ctx.root)
        .env("PATH", path)
        .env("RUSTC", WASM_RUSTC)
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env("CARGO_TARGET_DIR", wasm_target_dir(ctx))
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
            WASM_RUSTFLAGS,
        )
        .env("TRUNK_SKIP_VERSION_CHECK", "true")
        .env_remove("RUSTFLAGS");
    Ok(())
}

fn wasm_target_dir(ctx: &Ctx) -> PathBuf {
    ctx.root.join("target").join("wasm")
}

pub fn dist_dir(ctx: &Ctx) -> PathBuf {
    ctx.root.join("dist")
}

/// The page, built once per xtask run: the `wasm` test step builds it, the
/// `browser` step tests that same build (and builds it only when run alone).
pub fn build_site_once(ctx: &Ctx) -> Result {
    if ctx.site_built.get() {
        println!("xtask: the page is already built in this run: dist/");
        return Ok(());
    }
    build_site(ctx)?;
    ctx.site_built.set(true);
    Ok(())
}

/// One release build of the wasm (core + binding), `trunk build --release`
/// into dist/, then the single-file build beside it.
pub fn build_site(ctx: &Ctx) -> Result {
    header("build the wasm core (Debian cargo, build-std, profile wasm-release)");
    // Online, so that Trunk's own `cargo build --offline` finds every crate
    // (std's dependencies too) and has nothing left to do.
    let mut cargo = Command::new(WASM_CARGO);
    debian_env(ctx, &mut cargo)?;
    cargo.args([
        "build",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm-release",
        "--manifest-path",
        "crates/wasm/Cargo.toml",
    ]);
    run(&mut cargo)?;

    bundle_script(ctx)?;

    header("trunk build --release");
    let mut trunk = Command::new(cargo_bin("trunk"));
    debian_env(ctx, &mut trunk)?;
    trunk.args(["build", "--release"]);
    run(&mut trunk)?;
    tidy_index(ctx)?;
    embedders(ctx)?;

    header(&format!("single-file build: dist/{STANDALONE}"));
    standalone(ctx)?;
    report_sizes(ctx)
}

/// The page's ES modules (`www/app/`, entry `main.js`) as one classic
/// script, where index.html's `<script data-trunk>` takes it from
/// (see [`crate::bundle`]).
pub const BUNDLE: &str = "target/page/app.js";

pub fn bundle_script(ctx: &Ctx) -> Result {
    let script = crate::bundle::bundle(&ctx.root.join("www/app"), "main.js")?;
    let out = ctx.root.join(BUNDLE);
    if let Some(dir) = out.parent() {
        fs::create_dir_all(dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    }
    write(&out, &script)?;
    println!("xtask: www/app/*.js bundled into {BUNDLE}");
    Ok(())
}

/// Drop the placeholder `<link data-trunk rel="rust" data-trunk-skip>` that
/// Trunk leaves in place (it needs one main-type app; the page has none).
fn tidy_index(ctx: &Ctx) -> Result {
    let path = dist_dir(ctx).join("index.html");
    let mut html = read(&path)?;
    while let Some(start) = html.find("<link data-trunk") {
        let end = html[start..]
            .find('>')
            .map(|i| start + i + 1)
            .ok_or("unclosed <link data-trunk")?;
        html.replace_range(start..end, "");
    }
    write(&path, &html)
}

/// Set at build time: the origins that may embed the page (space-separated,
/// `'self'` for the page's own origin), e.g. `'self' https://docs.example`.
pub const EMBEDDERS_ENV: &str = "CONFINE_EMBEDDERS";
const EMBEDDERS_META: &str = "<meta name=\"confine-embedders\" content=\"";

/// Who may embed the page: `CONFINE_EMBEDDERS` when set, else the list in
/// index.html's `<meta name="confine-embedders">`. Written into dist/index.html
/// (the page posts results only to these origins), and as `frame-ancestors`
/// into dist/_headers (static hosts that read it) and dist/confine.nginx.conf
/// (an nginx snippet), so that the browser itself refuses any other framer.
fn embedders(ctx: &Ctx) -> Result {
    let dist = dist_dir(ctx);
    let path = dist.join("index.html");
    let mut html = read(&path)?;
    let start = html
        .find(EMBEDDERS_META)
        .ok_or("no <meta name=\"confine-embedders\"> in index.html")?
        + EMBEDDERS_META.len();
    let end = start
        + html[start..]
            .find('"')
            .ok_or("unclosed <meta name=\"confine-embedders\">")?;
    let list = match env::var(EMBEDDERS_ENV) {
        Ok(v) => v,
        Err(_) => html[start..end].to_string(),
    };
    let sources = embedder_sources(&list)?;
    println!("xtask: the page may be embedded by: {sources}");
    html.replace_range(start..end, &sources);
    write(&path, &html)?;
    write(&dist.join("_headers"), &headers_file(&sources))?;
    write(&dist.join("confine.nginx.conf"), &nginx_snippet(&sources))
}

/// The list, checked: `'self'` and origins (`http(s)://host[:port]`, no path),
/// or `'none'` alone (an empty list is `'none'`: no one may embed the page).
fn embedder_sources(list: &str) -> Result<String> {
    let items: Vec<&str> = list.split_whitespace().collect();
    if items.is_empty() || items == ["'none'"] {
        return Ok("'none'".into());
    }
    for item in &items {
        if *item != "'self'" && !is_origin(item) {
            return Err(format!(
                "{EMBEDDERS_ENV}: `{item}` is neither 'self' nor an origin like https://docs.example[:port]"
            ));
        }
    }
    Ok(items.join(" "))
}

fn is_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = if rest.starts_with('[') {
        match rest.find(']') {
            Some(i) => (&rest[..=i], &rest[i + 1..]),
            None => return false,
        }
    } else {
        match rest.find(':') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        }
    };
    let port_ok = port.is_empty()
        || port.strip_prefix(':').is_some_and(|p| {
            !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit())
        });
    let host_ok = match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
        Some(v6) => {
            !v6.is_empty()
                && v6
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        }
        None => {
            !host.is_empty()
                && !host.starts_with(['.', '-'])
                && !host.ends_with('.')
                && host
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        }
    };
    host_ok && port_ok
}

/// dist/_headers (Netlify, Cloudflare Pages and other hosts that read it).
fn headers_file(sources: &str) -> String {
    format!(
        "# Response headers for static hosts that read this file (Netlify, Cloudflare Pages).\n\
         # frame-ancestors: who may frame confine, the same origins as\n\
         # <meta name=\"confine-embedders\"> in index.html (`{EMBEDDERS_ENV}=... cargo xtask dist`).\n\
         /*\n  Content-Security-Policy: frame-ancestors {sources}\n  X-Content-Type-Options: nosniff\n"
    )
}

/// dist/confine.nginx.conf: the same headers for nginx.
fn nginx_snippet(sources: &str) -> String {
    format!(
        "# confine's response headers for nginx: include this file where dist/ is served, e.g.\n\
         #     location /confine/ {{\n\
         #         alias /srv/confine/;\n\
         #         include /srv/confine/confine.nginx.conf;\n\
         #     }}\n\
         # An add_header in a block drops every add_header it would inherit: include\n\
         # this next to the others of that block.\n\
         # frame-ancestors: who may frame confine, the same origins as\n\
         # <meta name=\"confine-embedders\"> in index.html (`{EMBEDDERS_ENV}=... cargo xtask dist`).\n\
         add_header Content-Security-Policy \"frame-ancestors {sources}\" always;\n\
         add_header X-Content-Type-Options nosniff always;\n"
    )
}

/// dist/confine-standalone.html: the page with its CSS, JS, worker and wasm
/// inlined, for file:// and air-gapped machines. Its CSP allows exactly its
/// own inline script and style (by hash), wasm compilation, and a blob: worker.
fn standalone(ctx: &Ctx) -> Result {
    let dist = dist_dir(ctx);
    let mut html = read(&dist.join("index.html"))?;

    let (css_tag, css_file) = tag_with_href(&html, "<link rel=\"stylesheet\"", "href")?;
    let css = read(&dist.join(&css_file))?;
    html = html.replacen(&css_tag, &format!("<style>{css}</style>"), 1);

    let (icon_tag, icon_file) = tag_with_href(&html, "<link rel=\"icon\"", "href")?;
    let icon = fs::read(dist.join(&icon_file)).map_err(|e| e.to_string())?;
    html = html.replacen(
        &icon_tag,
        &format!(
            "<link rel=\"icon\" href=\"data:image/svg+xml;base64,{}\">",
            base64(&icon)
        ),
        1,
    );

    let (app_tag, app_file) = script_with_src(&html, "./app-")?;
    let app = script_safe(&read(&dist.join(&app_file))?);
    html = html.replacen(&app_tag, &format!("<script>{app}</script>"), 1);
    // llm.js only says, here, that the single file may not connect anywhere.
    let (llm_tag, llm_file) = script_with_src(&html, "./llm-")?;
    let llm = script_safe(&read(&dist.join(&llm_file))?);
    html = html.replacen(&llm_tag, &format!("<script>{llm}</script>"), 1);

    let glue = read(&dist.join("confine-wasm.js"))?;
    let worker = read(&dist.join("worker.js"))?;
    let wasm = fs::read(dist.join("confine-wasm_bg.wasm")).map_err(|e| e.to_string())?;
    let blocks = format!(
        "<script type=\"text/plain\" id=\"confine-worker-src\">{}\n{}</script>\n\
         <script type=\"application/octet-stream\" id=\"confine-wasm\">{}</script>\n",
        script_safe(&glue),
        script_safe(&worker),
        base64(&wasm),
    );
    let body_end = html.rfind("</body>").ok_or("no </body> in index.html")?;
    html.insert_str(body_end, &blocks);

    // A static policy in place of csp.js (which the LLM assist needs, and
    // which this file has no use for): inline code by hash, no network.
    let csp = format!(
        "default-src 'none'; script-src 'sha256-{}' 'sha256-{}' 'wasm-unsafe-eval'; \
         worker-src blob:; connect-src 'self'; style-src 'sha256-{}'; img-src data:; \
         base-uri 'none'; form-action 'none'; object-src 'none'",
        base64(&sha256(app.as_bytes())),
        base64(&sha256(llm.as_bytes())),
        base64(&sha256(css.as_bytes())),
    );
    let csp_script = "<script src=\"csp.js\"></script>";
    if !html.contains(csp_script) {
        return Err("no `<script src=\"csp.js\">` in index.html".into());
    }
    html = html.replacen(
        csp_script,
        &format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">"),
        1,
    );
    if html.contains(" src=\"./") || html.contains(" href=\"./") {
        return Err("the single-file build still links a file of dist/".into());
    }
    write(&dist.join(STANDALONE), &html)
}

/// The whole tag that starts with `prefix`, and the value of its `attr`, with `./` removed.
fn tag_with_href(html: &str, prefix: &str, attr: &str) -> Result<(String, String)> {
    let start = html
        .find(prefix)
        .ok_or_else(|| format!("no `{prefix}` in index.html"))?;
    let end = start + html[start..].find('>').ok_or("unclosed tag")? + 1;
    let tag = &html[start..end];
    let key = format!("{attr}=\"");
    let v = tag
        .find(&key)
        .map(|i| &tag[i + key.len()..])
        .and_then(|rest| rest.find('"').map(|j| &rest[..j]))
        .ok_or_else(|| format!("`{tag}` has no {attr}"))?;
    Ok((tag.to_string(), v.trim_start_matches("./").to_string()))
}

fn script_with_src(html: &str, src_prefix: &str) -> Result<(String, String)> {
    let needle = format!("<script src=\"{src_prefix}");
    let start = html
        .find(&needle)
        .ok_or_else(|| format!("no `{needle}` in index.html"))?;
    let end =
        start + html[start..].find("</script>").ok_or("unclosed <script>")? + "</script>".len();
    let tag = &html[start..end];
    let (_, src) = tag_with_href(tag, "<script", "src")?;
    Ok((tag.to_string(), src))
}

/// Text that can sit inside a <script> element: `</script` and `<!--` would
/// end it or change how HTML reads it; `<\/script` and `<\!--` mean the same
/// in JS strings, regular expressions and comments, where they can occur.
fn script_safe(js: &str) -> String {
    js.replace("</script", "<\\/script")
        .replace("</SCRIPT", "<\\/SCRIPT")
        .replace("<!--", "<\\!--")
}

/// Print and check the sizes the issue asks for.
fn report_sizes(ctx: &Ctx) -> Result {
    let dist = dist_dir(ctx);
    let mut page = Vec::new();
    for entry in fs::read_dir(&dist).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let name = entry.file_name().to_string_lossy().into_owned();
        // What index.html loads: itself, its CSS/JS/icon, the worker, the glue, the wasm.
        let loaded = name == "index.html"
            || name == "worker.js"
            || name == "csp.js"
            || name.starts_with("confine-wasm")
            || name.starts_with("app-")
            || name.starts_with("llm-")
            || name.starts_with("style-")
            || name.starts_with("favicon-");
        if loaded {
            page.push(entry.path());
        }
    }
    page.sort();
    let mut raw_total = 0;
    let mut gz_total = 0;
    for file in &page {
        let raw = fs::metadata(file).map_err(|e| e.to_string())?.len();
        let gz = gzip_size(file)?;
        raw_total += raw;
        gz_total += gz;
        println!(
            "size: {:<34} {:>9} bytes raw {:>9} bytes gzip -9",
            file.file_name().unwrap_or_default().to_string_lossy(),
            raw,
            gz
        );
    }
    println!(
        "size: {:<34} {raw_total:>9} bytes raw {gz_total:>9} bytes gzip -9",
        "the page (all of the above)"
    );
    let single = dist.join(STANDALONE);
    println!(
        "size: {:<34} {:>9} bytes raw {:>9} bytes gzip -9",
        STANDALONE,
        fs::metadata(&single).map_err(|e| e.to_string())?.len(),
        gzip_size(&single)?
    );
    Ok(())
}

fn gzip_size(file: &Path) -> Result<u64> {
    let out = Command::new("gzip")
        .args(["-9", "-c"])
        .arg(file)
        .output()
        .map_err(|e| format!("gzip: {e}"))?;
    Ok(out.stdout.len() as u64)
}

// ---------------------------------------------------------------------------
// serve

/// Build, then serve dist/ on 127.0.0.1 until interrupted.
pub fn serve(ctx: &Ctx, port: u16) -> Result {
    super::install(ctx, PAGE_INSTALLS)?;
    build_site(ctx)?;
    let listener = TcpListener::bind(("127.0.0.1", port))
        .or_else(|_| TcpListener::bind(("127.0.0.1", 0)))
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let dist = dist_dir(ctx);
    header("serve");
    println!("confine is at http://{addr}/ (the example is loaded; Ctrl+C stops)");
    println!("single file:  http://{addr}/{STANDALONE}  (or open dist/{STANDALONE} from disk)");
    println!("embedding:    http://{addr}/embed-example.html");
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let dist = dist.clone();
        std::thread::spawn(move || {
            let _ = respond(stream, &dist);
        });
    }
    Ok(())
}

/// One HTTP/1.1 exchange: GET or HEAD of a file under `root`, then close.
fn respond(mut stream: TcpStream, root: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let mut rel = percent_decode(path);
    if rel.ends_with('/') {
        rel.push_str("index.html");
    }
    let safe = !rel.split('/').any(|seg| seg == ".." || seg.contains('\\'));
    let file = root.join(rel.trim_start_matches('/'));
    let body = if safe && (method == "GET" || method == "HEAD") {
        fs::File::open(&file).and_then(|mut f| {
            let mut v = Vec::new();
            f.read_to_end(&mut v).map(|_| v)
        })
    } else {
        Err(std::io::Error::other("refused"))
    };
    let (status, kind, body) = match body {
        Ok(body) if file.is_file() => ("200 OK", content_type(&file), body),
        _ => (
            "404 Not Found",
            "text/plain; charset=utf-8",
            b"not found\n".to_vec(),
        ),
    };
    println!("{method} {target} {}", &status[..3]);
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n\
         Cache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "svg" => "image/svg+xml",
        "json" => "application/json",
        "md" | "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

// ---------------------------------------------------------------------------
// test steps

/// wasm-bindgen-test tests of the binding, headless in Debian's Chromium.
pub fn wasm_tests(ctx: &Ctx) -> Result {
    for tool in [CHROMIUM, CHROMEDRIVER] {
        if !Path::new(tool).is_file() {
            return Err(format!("{tool} is missing: run `cargo xtask install`"));
        }
    }
    let mut cmd = Command::new(WASM_CARGO);
    debian_env(ctx, &mut cmd)?;
    cmd.env_remove("CARGO_UNSTABLE_BUILD_STD")
        .env("CHROMEDRIVER", CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            ctx.root.join("crates/wasm/webdriver.json"),
        )
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env(
            "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
            cargo_bin("wasm-bindgen-test-runner"),
        )
        .args([
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-Zbuild-std=std,panic_abort",
            "-p",
            "confine-wasm",
            "--test",
            "web",
        ]);
    run(&mut cmd)
}

/// Build the site, then the Playwright tests against it (node's test runner).
pub fn browser_tests(ctx: &Ctx) -> Result {
    browser_tests_matching(ctx, None)
}

/// The browser tests, or only the file named `only` (the benchmarks run
/// `perf.test.mjs` alone).
pub fn browser_tests_matching(ctx: &Ctx, only: Option<&str>) -> Result {
    if !Path::new(CHROMIUM).is_file() {
        return Err(format!("{CHROMIUM} is missing: run `cargo xtask install`"));
    }
    build_site_once(ctx)?;
    header("browser tests (playwright-core + Debian's Chromium)");
    let dir = ctx.root.join(BROWSER_TESTS);
    let mut files: Vec<String> = fs::read_dir(&dir)
        .map_err(|e| format!("reading {}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".test.mjs"))
        .filter(|n| only.is_none_or(|o| n == o))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no *.test.mjs in {}", dir.display()));
    }
    let start = Instant::now();
    let mut cmd = Command::new("node");
    cmd.current_dir(&dir)
        .args(["--test", "--test-concurrency=1", "--test-reporter=spec"])
        .args(&files)
        .env("CONFINE_DIST", dist_dir(ctx))
        .env("CONFINE_CHROMIUM", CHROMIUM)
        .stdin(Stdio::null());
    run(&mut cmd)?;
    println!(
        "xtask: browser tests took {:.1?}; screenshots and metrics in tests/output/browser/",
        start.elapsed()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// small helpers: files, base64, SHA-256 (std only)

fn read(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("reading {}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result {
    fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(ABC[((n >> shift) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn sha256(data: &[u8]) -> [u8; 32] {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut h: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];
    let mut msg = data.to_vec();
    msg.push(0x80);
    while msg.len() % 64 != 56 {
        msg.push(0);
    }
    msg.extend_from_slice(&((data.len() as u64) * 8).to_be_bytes());
    for block in msg.chunks(64) {
        let mut w = [0u32; 64];
        for (i, word) in block.chunks(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let mut v = h;
        for i in 0..64 {
            let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
            let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
            let t1 = v[7]
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
            let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
            let t2 = s0.wrapping_add(maj);
            v = [
                t1.wrapping_add(t2),
                v[0],
                v[1],
                v[2],
                v[3].wrapping_add(t1),
                v[4],
                v[5],
                v[6],
            ];
        }
        for (a, b) in h.iter_mut().zip(v) {
            *a = a.wrapping_add(b);
        }
    }
    let mut out = [0u8; 32];
    for (i, word) in h.iter().enumerate() {
        out[i * 4..i * 4 + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedders_are_self_and_origins_only() {
        assert_eq!(embedder_sources("'self'").unwrap(), "'self'");
        assert_eq!(
            embedder_sources(
                "  'self'   https://docs.example\thttp://127.0.0.1:8080 https://[::1]:8443 "
            )
            .unwrap(),
            "'self' https://docs.example http://127.0.0.1:8080 https://[::1]:8443"
        );
        assert_eq!(embedder_sources("").unwrap(), "'none'");
        assert_eq!(embedder_sources("'none'").unwrap(), "'none'");
        for bad in [
            "*",
            "https://*.example",
            "https://docs.example/path",
            "docs.example",
            "https://Docs.example",
            "https://docs.example:",
            "https://docs.example:123456",
            "ftp://docs.example",
            "'unsafe-inline'",
            "'self' 'none'",
            "https://a\"b",
            "null",
        ] {
            assert!(embedder_sources(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn headers_name_the_same_origins() {
        let s = embedder_sources("'self' https://docs.example").unwrap();
        assert!(headers_file(&s).contains(
            "/*\n  Content-Security-Policy: frame-ancestors 'self' https://docs.example\n"
        ));
        assert!(nginx_snippet(&s).contains(
            "\nadd_header Content-Security-Policy \"frame-ancestors 'self' https://docs.example\" always;\n"
        ));
    }

    #[test]
    fn sha256_and_base64_match_known_values() {
        assert_eq!(
            base64(&sha256(b"abc")),
            "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
        assert_eq!(
            base64(&sha256(b"")),
            "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
        );
        let long = vec![b'a'; 1000];
        assert_eq!(
            base64(&sha256(&long)),
            "Qe3s5C1j6Nm/UVqbppMuHCDLyfWl0TRkWttdsblzfqM="
        );
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
    }

    #[test]
    fn script_text_cannot_end_its_element() {
        assert_eq!(script_safe("a</script>b<!--c"), "a<\\/script>b<\\!--c");
    }

    /// One request through `respond` over a real loopback connection.
    fn exchange(root: &Path, request: &str) -> String {
        let listener = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let addr = listener.local_addr().unwrap();
        let request = request.to_string();
        let client = std::thread::spawn(move || {
            let mut stream = TcpStream::connect(addr).unwrap();
            stream.write_all(request.as_bytes()).unwrap();
            let mut out = String::new();
            stream.read_to_string(&mut out).unwrap();
            out
        });
        let (stream, _) = listener.accept().unwrap();
        respond(stream, root).unwrap();
        client.join().unwrap()
    }

    #[test]
    fn serve_answers_files_of_dist_only() {
        let root = env::temp_dir().join(format!("confine-xtask-serve-{}", std::process::id()));
        fs::create_dir_all(&root).unwrap();
        fs::write(root.join("index.html"), "<!doctype html>hi").unwrap();
        fs::write(root.join("a.wasm"), b"\0asm").unwrap();
        let index = exchange(&root, "GET /?embed HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assert!(index.starts_with("HTTP/1.1 200 OK\r\n"), "{index}");
        assert!(index.contains("Content-Type: text/html; charset=utf-8\r\n"));
        assert!(index.ends_with("\r\n\r\n<!doctype html>hi"));
        let wasm = exchange(&root, "GET /a.wasm HTTP/1.1\r\n\r\n");
        assert!(
            wasm.contains("Content-Type: application/wasm\r\n"),
            "{wasm}"
        );
        for outside in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/missing.js"] {
            let answer = exchange(&root, &format!("GET {outside} HTTP/1.1\r\n\r\n"));
            assert!(answer.starts_with("HTTP/1.1 404"), "{outside}: {answer}");
        }
        let post = exchange(&root, "POST /index.html HTTP/1.1\r\n\r\n");
        assert!(post.starts_with("HTTP/1.1 404"), "{post}");
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("/a%20b.html"), "/a b.html");
        assert_eq!(percent_decode("/100%"), "/100%");
        assert_eq!(percent_decode("/%é"), "/%é");
    }
}
