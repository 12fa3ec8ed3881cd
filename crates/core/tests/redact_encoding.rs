//! Input encodings (issue 21, item 8): UTF-16 with or without a byte order
//! mark is decoded before redaction, other non-UTF-8 is refused, and a
//! restore with a map made for other text says so.

use std::borrow::Cow;

use confine_core::redact::{
    decode_input, redact, restore_bytes, restore_checked, DecodeError, Input, RedactOptions,
};

const CONF: &str = "upstream u { server 10.20.30.40:8080; }\nserver {\n    server_name api.acme-corp.com;\n    proxy_set_header Authorization \"Bearer fake0token0000001\";\n    set $db_password fakepw-ünïcode;\n}\n";
const SECRETS: [&str; 4] = [
    "10.20.30.40",
    "api.acme-corp.com",
    "fake0token0000001",
    "fakepw-ünïcode",
];

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let units = std::iter::once(0xFEFF)
        .filter(|_| bom)
        .chain(text.encode_utf16());
    for u in units {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

fn redacted(text: &[u8]) -> String {
    let r = redact(
        &[Input {
            path: "nginx.conf",
            text,
        }],
        &RedactOptions::default(),
    );
    String::from_utf8_lossy(&r.files[0].text).into_owned()
}

#[test]
fn utf16_in_every_form_decodes_and_then_redacts_every_secret() {
    for big_endian in [false, true] {
        for bom in [false, true] {
            let bytes = utf16(CONF, big_endian, bom);
            let text =
                decode_input(&bytes).unwrap_or_else(|e| panic!("be={big_endian} bom={bom}: {e}"));
            assert_eq!(text, CONF, "be={big_endian} bom={bom}");
            let out = redacted(text.as_bytes());
            for s in SECRETS {
                assert!(!out.contains(s), "be={big_endian} bom={bom}: {s} in\n{out}");
            }
        }
    }
}

#[test]
fn utf8_passes_borrowed_and_byte_for_byte() {
    let with_bom = format!("\u{feff}{CONF}");
    for t in [CONF, with_bom.as_str(), "", "a"] {
        match decode_input(t.as_bytes()) {
            Ok(Cow::Borrowed(s)) => assert_eq!(s, t),
            other => panic!("{t:?}: {other:?}"),
        }
    }
}

#[test]
fn other_encodings_are_refused_with_what_was_found() {
    // Latin-1 `ü` in a password.
    let latin1 = b"set $db_password fakepw\xfc;\n";
    let e = decode_input(latin1).unwrap_err();
    assert_eq!(
        e,
        DecodeError::NotUtf8 {
            offset: 23,
            byte: 0xfc
        }
    );
    assert!(e.to_string().contains("not UTF-8"), "{e}");
    assert!(matches!(
        decode_input(&[0xFF, 0xFE, 0, 0, b'a', 0, 0, 0]),
        Err(DecodeError::Utf32 { big_endian: false })
    ));
    // A lone surrogate, and an odd byte count, after a UTF-16 mark.
    assert!(matches!(
        decode_input(&[0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0]),
        Err(DecodeError::BadUtf16 {
            big_endian: false,
            offset: 4
        })
    ));
    assert!(matches!(
        decode_input(&[0xFE, 0xFF, 0, b'a', 0]),
        Err(DecodeError::BadUtf16 {
            big_endian: true,
            offset: 4
        })
    ));
    // BOM-less UTF-16 with an odd length is refused, not read as UTF-8.
    let mut odd = utf16(CONF, false, false);
    odd.push(b'x');
    assert!(matches!(
        decode_input(&odd),
        Err(DecodeError::BadUtf16 {
            big_endian: false,
            ..
        })
    ));
}

#[test]
fn a_stray_nul_in_utf8_is_not_taken_for_utf16() {
    let t = "server_name a\0b.acme-corp.com;\n";
    assert_eq!(decode_input(t.as_bytes()), Ok(Cow::Borrowed(t)));
}

#[test]
fn restore_with_a_map_made_for_other_text_says_so() {
    let mine = redact(
        &[Input {
            path: "a.conf",
            text: CONF.as_bytes(),
        }],
        &RedactOptions::default(),
    );
    let other = "server { server_name www.other-corp.net; set $api_token fake-other-token-1; }\n";
    let theirs = redact(
        &[Input {
            path: "b.conf",
            text: other.as_bytes(),
        }],
        &RedactOptions::default(),
    );
    let out = &mine.files[0].text;
    // The right map: everything back, nothing unknown.
    let right = restore_checked(out, &mine.mapping);
    assert_eq!(right.text, CONF.as_bytes());
    assert_eq!(right.text, restore_bytes(out, &mine.mapping));
    assert!(right.unknown.is_empty(), "{:?}", right.unknown);
    assert!(right.map_mismatch().is_none());
    // Another text's map: its placeholders are not these.
    let wrong = restore_checked(&theirs.files[0].text, &mine.mapping);
    let warning = wrong.map_mismatch().expect("a warning");
    assert!(
        wrong
            .unknown
            .iter()
            .any(|u| u.starts_with("REDACTED_TOKEN_")),
        "{:?}",
        wrong.unknown
    );
    assert!(
        warning.to_string().contains("was it made for other text"),
        "{warning}"
    );
    // An LLM's answer quoting a placeholder the map never gave out.
    let answer = b"Check REDACTED_BEARER_1 and REDACTED_PASSWORD_7 on host9.domain4.example.";
    let r = restore_checked(answer, &mine.mapping);
    assert_eq!(
        r.unknown,
        vec!["REDACTED_PASSWORD_7", "host9.domain4.example"]
    );
    assert_eq!(r.replaced, 1);
}
