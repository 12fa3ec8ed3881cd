// TEMPORARY: native timing of the page's call, not to be committed.
use std::time::Instant;
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    for redact in [false, true] {
        let mut best = f64::MAX;
        let mut ser = f64::MAX;
        for _ in 0..15 {
            let req: confine_wasm::Request = serde_json::from_value(serde_json::json!({"files":[{"path":"big.conf","text":text}],"redact":{"enabled":redact}})).unwrap();
            let s = Instant::now();
            let t = confine_wasm::run_with(req, |_out| Instant::now()).unwrap();
            let total = s.elapsed().as_secs_f64() * 1e3;
            let _ = t;
            best = best.min(total);
            let req: confine_wasm::Request = serde_json::from_value(serde_json::json!({"files":[{"path":"big.conf","text":text}],"redact":{"enabled":redact}})).unwrap();
            let s = Instant::now();
            let v = confine_wasm::run(req).unwrap();
            ser = ser.min(s.elapsed().as_secs_f64() * 1e3);
            std::hint::black_box(v);
        }
        println!(
            "redact={redact}: run_with (no emit) {best:.2} ms; with serde_json Value {ser:.2} ms"
        );
    }
}
