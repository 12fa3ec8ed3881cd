//! The error-log reader takes any bytes without panicking, and what it
//! returns adds up: the line count is the input's, every non-blank line is
//! either ignored (once) or inside at least one event (several events may
//! share a line that holds them run together), events come in input order
//! within the input's lines, each event's message is part of its text and
//! reading an event's text again gives the same message, cause and phase.

#![no_main]

use confine_core::input::error_log::{parse, parse_line};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let log = parse(data);
    let text = String::from_utf8_lossy(data);
    let mut lines: Vec<&str> = text.split('\n').collect();
    if text.is_empty() || text.ends_with('\n') {
        lines.pop();
    }
    assert_eq!(log.lines, lines.len(), "line count");
    let blank = |l: &str| {
        l.trim_start_matches([' ', '\t', '\u{feff}'])
            .trim_end()
            .is_empty()
    };
    assert_eq!(
        log.blank_lines,
        lines.iter().filter(|l| blank(l)).count(),
        "blank lines"
    );

    let mut previous = (0, 0);
    for e in &log.events {
        assert!(
            1 <= e.line && e.line <= e.last_line && e.last_line <= log.lines,
            "event lines {}..{} outside 1..{}",
            e.line,
            e.last_line,
            log.lines
        );
        assert!((e.line, e.last_line) >= previous, "events out of order");
        previous = (e.line, e.last_line);
        assert!(e.text.contains(&e.message), "message not in the text");
        assert!(!e.cause.id().is_empty() && !e.meaning().is_empty());
        if !e.truncated {
            let again = parse_line(&e.text).expect("an event's text reads as a line");
            assert_eq!(
                (&again.message, &again.cause, &again.phase),
                (&e.message, &e.cause, &e.phase),
                "reading the event's text again differs"
            );
        }
    }
    let mut ignored_lines: Vec<usize> = log.ignored.iter().map(|i| i.line).collect();
    ignored_lines.dedup();
    assert_eq!(ignored_lines.len(), log.ignored.len(), "a line ignored twice");
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        if blank(line) {
            continue;
        }
        let in_event = log.events.iter().any(|e| e.line <= n && n <= e.last_line);
        let ignored = log.ignored.iter().any(|ig| ig.line == n);
        assert!(in_event != ignored, "line {n}: in an event {in_event}, ignored {ignored}");
    }
    assert!(log.ignored_count() + log.blank_lines <= log.lines);
});
