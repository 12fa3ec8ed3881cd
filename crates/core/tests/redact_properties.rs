//! Properties of redaction on generated inputs: configs with random
//! addresses, host names and secrets in the places users put them, and
//! arbitrary bytes.
//!
//! For every input: no panic; no value the redactor found (nor any value the
//! generator planted) survives in the output; `restore(redact(x)) == x` byte
//! for byte; redacting the output again changes nothing.

use confine_core::redact::{keeps_host, redact, restore_bytes, Category, Input, RedactOptions};
use proptest::prelude::*;

fn ipv4() -> impl Strategy<Value = String> {
    // Not loopback, not the documentation or reserved ranges that are kept.
    (11u8..=99, 0u8..=255, 0u8..=255, 1u8..=254).prop_map(|(a, b, c, d)| format!("{a}.{b}.{c}.{d}"))
}

fn ipv6() -> impl Strategy<Value = String> {
    (0x2a00u16..0x2aff, 1u16..0xffff, 1u16..0xffff, 1u16..0xffff)
        .prop_map(|(a, b, c, d)| format!("{a:x}:{b:x}:{c:x}::{d:x}"))
}

fn label() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9]{2,9}"
}

fn hostname() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(label(), 1..4),
        prop::sample::select(vec!["com", "net", "io", "internal", "de", "corp"]),
    )
        .prop_map(|(labels, tld)| format!("{}.{tld}", labels.join(".")))
        // Public names (`k8s.io`, `x.github.com`) are kept on purpose: a
        // planted one is not a value the redactor should remove.
        .prop_filter("a public name, kept as written", |h| {
            !keeps_host(h, &RedactOptions::default())
        })
}

fn secret() -> impl Strategy<Value = String> {
    "[A-Za-z0-9]{12,40}".prop_map(|s| format!("fake{s}9"))
}

/// A config with the values planted where users put them.
fn config() -> impl Strategy<Value = (String, Vec<String>)> {
    (
        prop::collection::vec(ipv4(), 1..5),
        prop::collection::vec(ipv6(), 0..3),
        prop::collection::vec(hostname(), 1..5),
        prop::collection::vec(secret(), 1..3),
    )
        .prop_map(|(v4, v6, hosts, secrets)| {
            let mut t = String::from("http {\n    upstream pool {\n");
            for ip in &v4 {
                t.push_str(&format!("        server {ip}:8080 max_fails=3;\n"));
            }
            for ip in &v6 {
                t.push_str(&format!("        server [{ip}]:8080;\n"));
            }
            t.push_str("    }\n    server {\n");
            t.push_str(&format!("        server_name {};\n", hosts.join(" ")));
            t.push_str(&format!(
                "        ssl_certificate /etc/ssl/{}.crt;\n",
                hosts[0]
            ));
            t.push_str(&format!("        allow {}/24;\n", v4[0]));
            t.push_str(&format!(
                "        # moved from {} to {}\n",
                v4[v4.len() - 1],
                hosts[hosts.len() - 1]
            ));
            t.push_str(&format!(
                "        location / {{ proxy_pass https://{}/; }}\n",
                hosts[0]
            ));
            t.push_str(&format!(
                "        proxy_set_header Authorization \"Bearer {}\";\n",
                secrets[0]
            ));
            t.push_str(&format!(
                "        set $api_token {};\n",
                secrets[secrets.len() - 1]
            ));
            t.push_str("    }\n}\n");
            let mut planted = v4;
            planted.extend(v6);
            planted.extend(hosts);
            planted.extend(secrets);
            (t, planted)
        })
}

/// `needle` in `hay` as a whole value: not inside a longer number, name or word.
fn occurs(hay: &[u8], needle: &[u8]) -> bool {
    let cont = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let digit_at = |k: usize| hay.get(k).is_some_and(u8::is_ascii_digit);
    hay.windows(needle.len()).enumerate().any(|(i, w)| {
        let end = i + needle.len();
        let before_ok = i == 0 || !(cont(hay[i - 1]) || hay[i - 1] == b'.');
        let after_ok = match hay.get(end) {
            None => true,
            Some(&b) => !cont(b) && (b != b'.' || !digit_at(end + 1)),
        };
        w == needle && before_ok && after_ok
    })
}

fn check(text: &[u8], planted: &[String]) -> Result<(), TestCaseError> {
    check_with(text, planted, true)
}

/// `all_found`: also require that no found value survives anywhere. Token
/// soups glue addresses to hex words (`fd00::1.Bearer`) in ways no config
/// does; there only reversibility and idempotence are asserted.
fn check_with(text: &[u8], planted: &[String], all_found: bool) -> Result<(), TestCaseError> {
    let options = RedactOptions::default();
    let r = redact(
        &[Input {
            path: "nginx.conf",
            text,
        }],
        &options,
    );
    let out = &r.files[0].text;
    for item in r.report.items.iter().filter(|_| all_found) {
        // Secrets shorter than 8 bytes (`pw` in `user:pw@`) are redacted where
        // found but not hunted elsewhere: as words they occur everywhere.
        if item.category == Category::Secret && item.original.len() < 8 {
            continue;
        }
        prop_assert!(
            !occurs(out, item.original.as_bytes())
                || r.mapping
                    .entries
                    .iter()
                    .any(|e| e.placeholder.contains(&item.original)),
            "found value {:?} survives",
            item.original
        );
    }
    for v in planted {
        prop_assert!(
            !occurs(out, v.as_bytes()),
            "planted value {:?} survives in\n{}",
            v,
            String::from_utf8_lossy(out)
        );
    }
    prop_assert_eq!(&restore_bytes(out, &r.mapping), text);
    let again = redact(
        &[Input {
            path: "nginx.conf",
            text: out,
        }],
        &options,
    );
    prop_assert_eq!(&again.files[0].text, out);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        rng_seed: proptest::test_runner::RngSeed::Fixed(run_seed()),
        ..ProptestConfig::default()
    })]

    #[test]
    fn planted_values_never_survive((text, planted) in config()) {
        check(text.as_bytes(), &planted)?;
    }

    #[test]
    fn arbitrary_bytes_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        check(&bytes, &[])?;
    }

}

/// The seed of the random runs: `CONFINE_PROPTEST_SEED` when set (to
/// replay a failure), else the clock, so every CI run tries new cases. It is
/// printed, and the test output shows it when a case fails.
fn run_seed() -> u64 {
    let seed = std::env::var("CONFINE_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(20261206, |d| d.as_nanos() as u64)
        });
    eprintln!("redact_properties seed: {seed} (replay with CONFINE_PROPTEST_SEED={seed})");
    seed
}

/// Seeds whose runs once failed (or that CI ran before seeds were random):
/// they run every time, beside the random one.
const PINNED_SEEDS: &[u64] = &[20261125, 20261206];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop::sample::select(vec![
            "10.1.2.3",
            "::",
            "fd00::1",
            "[",
            "]",
            ":",
            "/",
            "24",
            ".",
            "api",
            "corp",
            "com",
            "example",
            "REDACTED_",
            "TOKEN_1",
            "_",
            "Bearer ",
            "Basic ",
            "password",
            "=",
            ": ",
            "\"",
            "'",
            "\n",
            " ",
            ";",
            "{",
            "}",
            "$host",
            "server_name ",
            "@",
            "https://",
            "user:pw@",
            "-----BEGIN X-----",
            "-----END X-----",
            "eyJ",
            "192.0.2.1",
            "host1.domain1.example",
            "\\.",
            "ghp_",
            "0000000000",
            "\r\n",
            "é",
            "\u{0}",
            "x:",
            "198.51.100.7",
            "2001:db8:1::5",
            "10001",
        ]),
        0..60,
    )
    .prop_map(|parts| parts.concat())
}

fn run_soups(seed: u64, cases: u32) {
    use proptest::test_runner::{Config, RngSeed, TestRunner};
    let mut runner = TestRunner::new(Config {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        failure_persistence: None,
        ..Config::default()
    });
    if let Err(e) = runner.run(&soup(), |text| check_with(text.as_bytes(), &[], false)) {
        panic!("seed {seed} (CONFINE_PROPTEST_SEED={seed}): {e}");
    }
}

#[test]
fn config_ish_soup_round_trips_on_a_random_seed() {
    run_soups(run_seed(), 1000);
}

#[test]
fn config_ish_soup_round_trips_on_the_pinned_seeds() {
    for &seed in PINNED_SEEDS {
        run_soups(seed, 1000);
    }
}

/// Inputs random soups once found where a second redaction differed from
/// the first or restoring lost a value; each stays fixed.
#[test]
fn seams_found_by_soups_stay_fixed() {
    let cases: &[&str] = &[
        // A token ended at a backslash, leaving `\.corp` glued to its placeholder.
        "Bearer 192.0.2.1\\.corp=",
        // A URL's user and a `password=` value side by side: two placeholders glued.
        "https://password=@api",
        // An address glued to a placeholder.
        "fd00::1-----END X-----password=-----END X-----",
        // END closes the last of two BEGINs.
        "https://24192.0.2.1-----BEGIN X-----;-----BEGIN X-----0000000000example-----END X-----",
        // A short token redacted inside a PEM frame makes the body long enough.
        "10.1.2.3-----BEGIN X-----Bearer 10.1.2.3\r\n-----END X-----",
        // A host placeholder brings a digit into a `Bearer` value.
        "Bearer api.corp=.",
        // A placeholder-shaped address after a `:` (issue 21, item 7).
        "x:192.0.2.1 10.0.0.1",
        "v1.192.0.2.5 10.0.0.5",
        "a-2001:db8:1::5 fd00::5",
        "x:2001:db8:1::5 fd00::5",
        // A placeholder-shaped address ending before a `.`.
        "192.0.2.12001:db8:1::5=2001:db8:1::5.10.1.2.3",
        // A placeholder ending in `::` glued to more hex digits.
        "10.1.2.3::2001:db8:1::5fd00::1=24::[",
        "2001:db8:1::5fd00::1Bearer 24::=",
        // A placeholder glued to a URL's host label.
        "https://.example@api.example\"",
        // A numbered interface id brings digits into a `Bearer` value.
        "Bearer api/::2001:db8:1::5=",
        // A URL host run past the authority by `\\.` (was a panic).
        "https://24\\.24",
        // A capitalised word after `://` taken for a host, then spread.
        "-----BEGIN X-----Bearer corp-----END X-----https://Bearer ",
        // `ghp_` after `://` taken for a host, its placeholder then a PEM body.
        "https://ghp_\"-----BEGIN X-----Bearer ghp_-----END X-----",
        // A `Bearer` value glued to `@domain`: an e-mail on the second pass.
        "Bearer 10001api@host1.domain1.exampleapi",
        "Bearer 0000000000@host1.domain1.exampleapi",
        // A URL's scheme read as a single-label host.
        "Bearer https://https://",
    ];
    for case in cases {
        if let Err(e) = check_with(case.as_bytes(), &[], false) {
            panic!("{case:?}: {e}");
        }
    }
}
