//! `cargo xtask`: the project's own tasks (install, test, serve, dist, example,
//! fuzz, bench-compare, rules, new-rule).
//!
//! Plain std on purpose: it must build in seconds on a fresh machine, before
//! anything else is installed.

use std::cell::Cell;
use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

mod agree;
mod bench;
mod bundle;
mod new_rule;
mod page;

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  install          install what the tests need (skips what is present)
  test [STEP...]   install, then run the test steps in order, stopping at the first failure:
                   native (cargo test --workspace),
                   wasm (the page: one wasm32 release build of core + binding, trunk,
                         the single file, sizes),
                   wasm-test (the binding's wasm-bindgen tests in headless Chromium),
                   browser (Playwright tests of that build in headless Chromium; builds
                            the page first when `wasm` did not run),
                   fuzz (short fuzz run of each target); all of them unless some are named
  serve [PORT]     build the page, then serve it on 127.0.0.1 (default port 8080)
  dist             build the page into dist/ and the single file dist/confine-standalone.html
  bundle           only join the page's modules (www/app/*.js) into target/page/app.js, which
                   index.html loads (what `trunk build` by hand needs first)
  rules            write docs/rules.md from the rules' metadata (ids, examples, docs links)
  gixy-compare     confine beside gixy-next and gixy-ng (PyPI, in target/bench/), check by check,
                   on the shared corpus and on gixy-next's own test cases; writes docs/gixy-agreement.md
  new-rule ID [--category protocol|security|performance|hygiene] [--severity info|warning|error]
                   scaffold a rule: crates/core/src/rules/<id>.rs (a check that finds nothing
                   yet), its mod line, RULES entry and FIX_ORDER id, and tests/rules/<id>/ with
                   one positive case the rule tests fail on until the check is written
  example          build the CLI and run `confine parse` on the built-in example config
  cli-release      build the CLI as it is shipped: on x86_64 Linux (glibc) statically linked,
                   into target/x86_64-unknown-linux-gnu/release/confine; prints its path
  bench-compare [--no-browser]
                   confine against crossplane, gixy-next, gixy-ng and nginx -t on the same
                   files (PyPI tools in target/bench/), peak memory, the page in Chromium,
                   the criterion stages; writes docs/benchmarks.md
  fuzz [SECONDS]   fuzz the parser, then the error-log reader, SECONDS each (default 60),
                   seeded from the corpus and fuzz/seeds
";

/// Debian packages of the tests: nginx (tests compare with `nginx -t`),
/// with the dynamic modules the agreement test loads.
const APT_TEST_PACKAGES: &[&str] = &["nginx", "libnginx-mod-stream", "libnginx-mod-mail"];

/// Debian packages of the page: Debian's Rust 1.96 pieces that build the core
/// for wasm32 with build-std (see shared/notes/wasm-toolchain.md) and
/// binaryen's wasm-opt.
pub(crate) const APT_PAGE_PACKAGES: &[&str] = &[
    "rustc-web",
    "cargo-web",
    "rust-web-src",
    "rust-web-llvm",
    "lld-22",
    "binaryen",
];

/// Debian packages of the browser tests: Chromium and its driver.
const APT_BROWSER_PACKAGES: &[&str] = &["chromium", "chromium-driver"];

const CROSSPLANE_VERSION: &str = "0.5.8";

/// The wasm32 build uses Debian's toolchain, never rustup's.
const WASM_RUSTC: &str = "/usr/bin/rustc";
const WASM_CARGO: &str = "/usr/bin/cargo";

/// The fuzz smoke run inside `cargo xtask test`.
const SMOKE_FUZZ_SECONDS: u32 = 20;
const SMOKE_FUZZ_RUNS: u32 = 200_000;
const DEFAULT_FUZZ_SECONDS: u32 = 60;

type Result<T = (), E = String> = std::result::Result<T, E>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let ctx = Ctx::new();
    let result = match args.first().map(String::as_str) {
        Some("install") => install(&ctx, ALL_INSTALLS),
        Some("test") => test(&ctx, &args[1..]),
        Some("example") => example(&ctx),
        Some("rules") => rules(&ctx),
        Some("gixy-compare") => agree::gixy_compare(&ctx),
        Some("new-rule") => new_rule::new_rule(&ctx, &args[1..]),
        Some("serve") => match args.get(1).map(|s| s.parse::<u16>()) {
            None => page::serve(&ctx, 8080),
            Some(Ok(port)) => page::serve(&ctx, port),
            Some(Err(_)) => Err(format!("`serve` takes a port number, got `{}`", args[1])),
        },
        Some("dist") => install(&ctx, page::PAGE_INSTALLS).and_then(|()| page::build_site(&ctx)),
        Some("bundle") => page::bundle_script(&ctx),
        Some("bench-compare") => bench::bench_compare(&ctx, &args[1..]),
        Some("cli-release") => cli_release(&ctx).map(|path| println!("{}", path.display())),
        Some("fuzz") => match args.get(1).map(|s| s.parse::<u32>()) {
            None => fuzz(&ctx, DEFAULT_FUZZ_SECONDS),
            Some(Ok(secs)) if secs > 0 => fuzz(&ctx, secs),
            Some(_) => Err(format!(
                "`fuzz` takes a number of seconds, got `{}`",
                args[1]
            )),
        },
        None | Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Paths every command needs.
struct Ctx {
    /// The workspace root (crates/xtask/../..).
    root: PathBuf,
    /// The cargo that runs us (rustup's toolchain), for native work.
    cargo: OsString,
    /// Whether this run has built the page already (`test wasm browser`
    /// builds it once and tests that build).
    site_built: Cell<bool>,
}

impl Ctx {
    fn new() -> Ctx {
        let manifest_dir = env::var_os("CARGO_MANIFEST_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
        let root = manifest_dir.join("../..");
        let root = root.canonicalize().unwrap_or(root);
        let cargo = env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        Ctx {
            root,
            cargo,
            site_built: Cell::new(false),
        }
    }

    fn venv(&self) -> PathBuf {
        self.root.join("target").join("venv")
    }

    fn crossplane(&self) -> PathBuf {
        self.venv().join("bin").join("crossplane")
    }

    /// Where native cargo puts its artefacts (honours CARGO_TARGET_DIR).
    fn native_target_dir(&self) -> PathBuf {
        match env::var_os("CARGO_TARGET_DIR") {
            Some(dir) => self.root.join(dir),
            None => self.root.join("target"),
        }
    }

    /// rustup's `cargo` proxy (which understands `+toolchain`), with the
    /// toolchain selection of the xtask process removed.
    fn rustup_cargo(&self) -> Command {
        let home = env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
        let proxy = home
            .map(|h| h.join("bin").join("cargo"))
            .filter(|p| p.is_file());
        let mut cmd = Command::new(proxy.map_or_else(|| "cargo".into(), PathBuf::into_os_string));
        scrub_cargo_env(&mut cmd, true);
        cmd
    }

    /// A native cargo command run from the workspace root, without the
    /// variables cargo set for the xtask process itself.
    fn native_cargo(&self) -> Command {
        let mut cmd = Command::new(&self.cargo);
        cmd.current_dir(&self.root);
        scrub_cargo_env(&mut cmd, false);
        cmd
    }
}

// ---------------------------------------------------------------------------
// cli-release

/// The target the CLI is shipped for statically linked.
const STATIC_TARGET: &str = "x86_64-unknown-linux-gnu";

/// Builds the CLI as it is shipped and returns its path. On x86_64 Linux
/// with glibc it is linked statically (static-pie): a run is milliseconds,
/// and loading and relocating libc, libm and libgcc_s was a third of a
/// small one. The static feature needs an explicit `--target` (with it,
/// the proc-macro crates are built for the host without it), hence the
/// separate output directory. Elsewhere it is the plain release build.
pub(crate) fn cli_release(ctx: &Ctx) -> Result<PathBuf> {
    let static_host = cfg!(all(
        target_arch = "x86_64",
        target_os = "linux",
        target_env = "gnu"
    ));
    let mut cmd = ctx.native_cargo();
    cmd.args(["build", "--release", "-p", "confine-cli"]);
    if !static_host {
        run(&mut cmd)?;
        return Ok(ctx.native_target_dir().join("release").join("confine"));
    }
    let mut flags = env::var("RUSTFLAGS").unwrap_or_default();
    flags.push_str(" -C target-feature=+crt-static");
    cmd.args(["--target", STATIC_TARGET])
        .env("RUSTFLAGS", flags.trim_start());
    run(&mut cmd)?;
    Ok(ctx
        .native_target_dir()
        .join(STATIC_TARGET)
        .join("release")
        .join("confine"))
}

// ---------------------------------------------------------------------------
// install

/// The install steps, in order. Each one checks, installs when needed, and
/// prints one line per tool.
/// What the browser tests need besides the page's own installs.
const BROWSER_INSTALLS: &[fn(&Ctx) -> Result] = &[
    |_| ensure_apt_packages(APT_BROWSER_PACKAGES),
    page::ensure_browser_deps,
];

const ALL_INSTALLS: &[fn(&Ctx) -> Result] = &[
    |_| ensure_apt_packages(&[APT_TEST_PACKAGES, APT_PAGE_PACKAGES, APT_BROWSER_PACKAGES].concat()),
    ensure_crossplane,
    ensure_nightly,
    ensure_cargo_fuzz,
    page::ensure_wasm_bindgen_cli,
    page::ensure_trunk,
    page::ensure_browser_deps,
];

fn install(ctx: &Ctx, steps: &[fn(&Ctx) -> Result]) -> Result {
    steps.iter().try_for_each(|step| step(ctx))
}

/// Check for a tool (`check` returns what it found), install it when missing,
/// and check again.
fn ensure(
    ctx: &Ctx,
    name: &str,
    check: impl Fn(&Ctx) -> Result<Option<String>>,
    install: impl Fn(&Ctx) -> Result,
) -> Result {
    if let Some(found) = check(ctx)? {
        println!("install: {name:<26} ok (present) {found}");
        return Ok(());
    }
    eprintln!("install: {name}: installing ...");
    let start = Instant::now();
    install(ctx).map_err(|e| format!("installing {name} failed: {e}"))?;
    let found =
        check(ctx)?.ok_or_else(|| format!("{name} is still missing after its install step"))?;
    println!(
        "install: {name:<26} installed {found} ({:.1?})",
        start.elapsed()
    );
    Ok(())
}

fn ensure_crossplane(ctx: &Ctx) -> Result {
    PyTool {
        venv: ctx.venv(),
        package: "crossplane",
        version: CROSSPLANE_VERSION,
        bin: "crossplane",
    }
    .ensure(ctx)
    .map(|_| ())
}

fn ensure_nightly(ctx: &Ctx) -> Result {
    ensure(ctx, "nightly toolchain", check_nightly, |_| {
        Err(
            "the nightly toolchain is missing and rustup cannot download it here; \
             it is part of the machine image (see `rustup toolchain list`)"
                .into(),
        )
    })
}

fn ensure_cargo_fuzz(ctx: &Ctx) -> Result {
    ensure(ctx, "cargo-fuzz", check_cargo_fuzz, install_cargo_fuzz)
}

/// The installed version of a Debian package, if it is fully installed.
fn dpkg_version(package: &str) -> Result<Option<String>> {
    let out = Command::new("dpkg-query")
        .args(["-W", "-f=${db:Status-Abbrev} ${Version}", package])
        .stderr(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run dpkg-query (is this Debian?): {e}"))?;
    if !out.status.success() {
        return Ok(None); // unknown package: not installed
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut parts = text.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some("ii"), Some(version)) => Ok(Some(version.to_string())),
        _ => Ok(None),
    }
}

/// Install the Debian `packages` that are missing (one `apt-get` run for all).
pub(crate) fn ensure_apt_packages(packages: &[&str]) -> Result {
    let mut missing = Vec::new();
    for package in packages {
        match dpkg_version(package)? {
            Some(version) => println!("install: {package:<26} ok (present) {version}"),
            None => missing.push(*package),
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    eprintln!("install: apt-get: installing {} ...", missing.join(" "));
    let start = Instant::now();
    let opts = [
        "-o",
        "DPkg::Lock::Timeout=300",
        "-o",
        "Dpkg::Options::=--force-confdef",
        "-o",
        "Dpkg::Options::=--force-confold",
    ];
    let mut update = apt_get()?;
    update.args(opts).args(["-q", "update"]);
    run(&mut update).map_err(|e| format!("apt-get update failed: {e}"))?;
    let mut get = apt_get()?;
    get.args(opts)
        .args(["-q", "install", "-y", "--no-install-recommends"])
        .args(&missing);
    run(&mut get).map_err(|e| format!("apt-get install {} failed: {e}", missing.join(" ")))?;
    let elapsed = start.elapsed();
    for package in missing {
        let version = dpkg_version(package)?
            .ok_or_else(|| format!("{package} is still not installed after `apt-get install`"))?;
        println!("install: {package:<26} installed {version} ({elapsed:.0?} for apt-get)");
    }
    Ok(())
}

/// `apt-get` with a non-interactive frontend, through `sudo` when not root.
fn apt_get() -> Result<Command> {
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let mut cmd = if uid == "0" {
        Command::new("apt-get")
    } else if Command::new("sudo")
        .arg("-n")
        .arg("true")
        .status()
        .is_ok_and(|s| s.success())
    {
        let mut cmd = Command::new("sudo");
        cmd.args(["-n", "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]);
        cmd
    } else {
        return Err("installing Debian packages needs root (or password-less sudo)".into());
    };
    cmd.env("DEBIAN_FRONTEND", "noninteractive")
        .stdin(Stdio::null());
    Ok(cmd)
}

/// A Python tool from PyPI at an exact version, in a virtualenv of its own.
pub(crate) struct PyTool {
    pub venv: PathBuf,
    pub package: &'static str,
    pub version: &'static str,
    /// The executable it installs in the venv's `bin/`.
    pub bin: &'static str,
}

impl PyTool {
    pub fn exe(&self) -> PathBuf {
        self.venv.join("bin").join(self.bin)
    }

    fn python(&self) -> PathBuf {
        self.venv.join("bin").join("python")
    }

    /// The version when the wanted one is installed.
    fn installed(&self) -> Option<String> {
        if !self.exe().is_file() || !self.python().is_file() {
            return None;
        }
        let out = Command::new(self.python())
            .args([
                "-m",
                "pip",
                "show",
                "--disable-pip-version-check",
                self.package,
            ])
            .stderr(Stdio::null())
            .output()
            .ok()?;
        let text = String::from_utf8_lossy(&out.stdout);
        let version = text
            .lines()
            .find_map(|l| l.strip_prefix("Version:"))
            .map(str::trim);
        (out.status.success() && version == Some(self.version)).then(|| self.version.to_string())
    }

    fn install(&self) -> Result {
        if !self.python().is_file() {
            if let Some(parent) = self.venv.parent() {
                fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            run(Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&self.venv))?;
        }
        run(Command::new(self.python()).args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--no-input",
            &format!("{}=={}", self.package, self.version),
        ]))
    }

    /// Install when missing (or at another version); the executable's path.
    pub fn ensure(&self, ctx: &Ctx) -> Result<PathBuf> {
        let shown = self.venv.strip_prefix(&ctx.root).unwrap_or(&self.venv);
        let name = format!("{} ({})", self.package, shown.display());
        ensure(ctx, &name, |_| Ok(self.installed()), |_| self.install())?;
        Ok(self.exe())
    }
}

fn check_nightly(ctx: &Ctx) -> Result<Option<String>> {
    let mut cmd = ctx.rustup_cargo();
    cmd.current_dir(&ctx.root)
        .args(["+nightly", "--version"])
        .stderr(Stdio::null());
    Ok(capture(&mut cmd).ok())
}

fn check_cargo_fuzz(ctx: &Ctx) -> Result<Option<String>> {
    let mut cmd = ctx.native_cargo();
    cmd.args(["fuzz", "--version"]).stderr(Stdio::null());
    Ok(capture(&mut cmd).ok())
}

fn install_cargo_fuzz(ctx: &Ctx) -> Result {
    run(ctx
        .native_cargo()
        .args(["install", "cargo-fuzz", "--locked"]))
}

// ---------------------------------------------------------------------------
// test

/// One step of `cargo xtask test`. Steps run in order; the first failure stops the run.
struct Step {
    /// Short name for `cargo xtask test ID...`.
    id: &'static str,
    name: &'static str,
    run: fn(&Ctx) -> Result,
}

const TEST_STEPS: &[Step] = &[
    Step {
        id: "native",
        name: "native tests (cargo test --workspace)",
        run: native_tests,
    },
    Step {
        id: "wasm",
        name: "the page: wasm32 release build of core + binding (Debian rustc 1.96, build-std), \
               trunk, single file, sizes",
        run: page::build_site_once,
    },
    Step {
        id: "wasm-test",
        name: "wasm-bindgen tests of the binding in headless Chromium",
        run: page::wasm_tests,
    },
    Step {
        id: "browser",
        name: "Playwright tests of the built page in headless Chromium",
        run: page::browser_tests,
    },
    Step {
        id: "fuzz",
        name: "fuzz smoke run (cargo +nightly fuzz run parse, then error_log)",
        run: |ctx| fuzz_run(ctx, SMOKE_FUZZ_SECONDS, Some(SMOKE_FUZZ_RUNS)),
    },
];

/// Run the install step, then the test steps (all of them, or those named in `only`).
fn test(ctx: &Ctx, only: &[String]) -> Result {
    if let Some(unknown) = only
        .iter()
        .find(|id| !TEST_STEPS.iter().any(|s| s.id == *id))
    {
        let ids: Vec<_> = TEST_STEPS.iter().map(|s| s.id).collect();
        return Err(format!(
            "unknown test step `{unknown}` (steps: {})",
            ids.join(", ")
        ));
    }
    let steps: Vec<&Step> = TEST_STEPS
        .iter()
        .filter(|s| only.is_empty() || only.iter().any(|id| id == s.id))
        .collect();
    header("install");
    install(ctx, ALL_INSTALLS)?;
    let total = Instant::now();
    for (i, step) in steps.iter().enumerate() {
        header(&format!("step {}/{}: {}", i + 1, steps.len(), step.name));
        let start = Instant::now();
        (step.run)(ctx).map_err(|e| format!("step `{}` failed: {e}", step.id))?;
        println!("xtask: step `{}` ok ({:.1?})", step.id, start.elapsed());
    }
    println!(
        "xtask: {} test step(s) ok ({:.1?})",
        steps.len(),
        total.elapsed()
    );
    Ok(())
}

fn native_tests(ctx: &Ctx) -> Result {
    run(ctx
        .native_cargo()
        .args(["test", "--workspace"])
        .env("CONFINE_REQUIRE_TOOLS", "1")
        .env("CONFINE_CROSSPLANE", ctx.crossplane()))
}

// ---------------------------------------------------------------------------
// fuzz

fn fuzz(ctx: &Ctx, seconds: u32) -> Result {
    install(ctx, &[ensure_nightly, ensure_cargo_fuzz])?;
    fuzz_run(ctx, seconds, None)
}

/// The fuzz targets (`fuzz/fuzz_targets/NAME.rs`), each run in turn.
const FUZZ_TARGETS: &[&str] = &["parse", "error_log"];

fn fuzz_run(ctx: &Ctx, seconds: u32, runs: Option<u32>) -> Result {
    for target in FUZZ_TARGETS {
        let corpus = ctx.root.join("fuzz").join("corpus").join(target);
        let seeded = match *target {
            "parse" => seed_corpus(ctx, &corpus)?,
            _ => seed_from(&ctx.root.join("fuzz").join("seeds").join(target), &corpus)?,
        };
        println!(
            "xtask: fuzz {target}: corpus {} ({seeded} seed files copied)",
            corpus.display()
        );
        let mut cmd = ctx.rustup_cargo();
        cmd.current_dir(&ctx.root)
            .args(["+nightly", "fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .arg("--")
            .arg(format!("-max_total_time={seconds}"));
        if let Some(runs) = runs {
            cmd.arg(format!("-runs={runs}"));
        }
        run(&mut cmd)?;
    }
    Ok(())
}

/// Copy the files of `seeds` (committed, e.g. fuzz/seeds/error_log) into
/// the corpus directory. Returns how many were copied.
fn seed_from(seeds: &Path, corpus: &Path) -> Result<usize> {
    fs::create_dir_all(corpus).map_err(|e| format!("creating {}: {e}", corpus.display()))?;
    let entries = fs::read_dir(seeds).map_err(|e| format!("reading {}: {e}", seeds.display()))?;
    let mut n = 0;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if let Some(name) = path.file_name().filter(|_| path.is_file()) {
            fs::copy(&path, corpus.join(name))
                .map_err(|e| format!("copying {} to the corpus: {e}", path.display()))?;
            n += 1;
        }
    }
    Ok(n)
}

/// Copy the `*.conf` files of ../shared/corpus/nginx (when present) and the
/// built-in example into the fuzz corpus directory. Returns how many were copied.
fn seed_corpus(ctx: &Ctx, corpus: &Path) -> Result<usize> {
    fs::create_dir_all(corpus).map_err(|e| format!("creating {}: {e}", corpus.display()))?;
    let mut seeds = Vec::new();
    let shared = ctx.root.join("../shared/corpus/nginx");
    if shared.is_dir() {
        collect_conf_files(&shared, &mut seeds)?;
    } else {
        println!("xtask: {} not found; fuzzing without it", shared.display());
    }
    let example = ctx.root.join("crates/core/assets/example.conf");
    if example.is_file() {
        seeds.push(example);
    }
    for seed in &seeds {
        let relative = seed
            .strip_prefix(&shared)
            .or_else(|_| seed.strip_prefix(&ctx.root))
            .unwrap_or(seed);
        let name = format!(
            "seed-{}",
            relative.to_string_lossy().replace(['/', '\\'], "__")
        );
        fs::copy(seed, corpus.join(&name))
            .map_err(|e| format!("copying {} to the corpus: {e}", seed.display()))?;
    }
    Ok(seeds.len())
}

fn collect_conf_files(dir: &Path, out: &mut Vec<PathBuf>) -> Result {
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries
        .collect::<std::result::Result<_, _>>()
        .map_err(|e| format!("reading {}: {e}", dir.display()))?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            collect_conf_files(&path, out)?;
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "conf") {
            out.push(path);
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// example

/// Writes docs/rules.md from the rules' metadata (core's `rules_md` example
/// prints it; a core test fails when the committed file differs).
fn rules(ctx: &Ctx) -> Result {
    header("docs/rules.md (cargo run -p confine-core --example rules_md)");
    let out = ctx
        .native_cargo()
        .args(["run", "-q", "-p", "confine-core", "--example", "rules_md"])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !out.status.success() {
        return Err("the rules_md example failed".into());
    }
    let path = ctx.root.join("docs").join("rules.md");
    fs::write(&path, &out.stdout).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn example(ctx: &Ctx) -> Result {
    header("build the CLI (cargo build --release -p confine-cli)");
    run(ctx
        .native_cargo()
        .args(["build", "--release", "-p", "confine-cli"]))?;
    let confine = ctx.native_target_dir().join("release").join("confine");
    let example = Path::new("crates/core/assets/example.conf");
    header(&format!("confine parse {}", example.display()));
    let status = Command::new(&confine)
        .current_dir(&ctx.root)
        .arg("parse")
        .arg(example)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", confine.display()))?;
    match status.code() {
        // 1 means "findings": the example is broken on purpose.
        Some(0 | 1) => Ok(()),
        Some(code) => std::process::exit(code),
        None => Err(format!("{} was killed by a signal", confine.display())),
    }
}

// ---------------------------------------------------------------------------
// helpers

/// Remove what cargo (and rustup's proxy) set for the xtask process, so that a
/// cargo we start sees the user's environment, not ours. With `toolchain`, also
/// drop the rustup toolchain selection and rustup's library paths, for commands
/// that run another toolchain (Debian's, or nightly).
fn scrub_cargo_env(cmd: &mut Command, toolchain: bool) {
    const KEEP: &[&str] = &[
        "CARGO_HOME",
        "CARGO_TARGET_DIR",
        "CARGO_TERM_",
        "CARGO_NET_",
        "CARGO_HTTP_",
        "CARGO_REGISTRY_",
        "CARGO_REGISTRIES_",
    ];
    for (key, _) in env::vars_os() {
        let Some(key) = key.to_str() else { continue };
        let cargo_set = key == "CARGO"
            || (key.starts_with("CARGO_") && !KEEP.iter().any(|k| key.starts_with(k)));
        let toolchain_set = matches!(
            key,
            "RUSTUP_TOOLCHAIN" | "RUSTUP_TOOLCHAIN_SOURCE" | "RUSTC" | "RUSTDOC"
        );
        if cargo_set || (toolchain && toolchain_set) {
            cmd.env_remove(key);
        }
    }
    if toolchain {
        // `cargo run` prepends target/debug and the toolchain's lib dirs.
        if let Some(paths) = env::var_os("LD_LIBRARY_PATH") {
            let kept: Vec<PathBuf> = env::split_paths(&paths)
                .filter(|p| {
                    let s = p.to_string_lossy();
                    !s.contains("/toolchains/") && !s.contains("/target/")
                })
                .collect();
            if kept.is_empty() {
                cmd.env_remove("LD_LIBRARY_PATH");
            } else if let Ok(joined) = env::join_paths(kept) {
                cmd.env("LD_LIBRARY_PATH", joined);
            }
        }
    }
}

fn header(title: &str) {
    println!("\n==> {title}");
}

/// Run a command with inherited output; fail on a non-zero exit.
fn run(cmd: &mut Command) -> Result {
    let shown = show(cmd);
    eprintln!("$ {shown}");
    let status = cmd
        .status()
        .map_err(|e| format!("cannot run `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` exited with {status}"))
    }
}

/// Run a command and return its trimmed standard output; fail on a non-zero exit.
fn capture(cmd: &mut Command) -> Result<String> {
    let out = cmd.output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(format!("`{}` exited with {}", show(cmd), out.status))
    }
}

fn show(cmd: &Command) -> String {
    let mut parts = vec![cmd.get_program().to_string_lossy().into_owned()];
    parts.extend(cmd.get_args().map(|a| a.to_string_lossy().into_owned()));
    parts.join(" ")
}
