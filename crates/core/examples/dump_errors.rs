fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).unwrap();
        let parsed = confine_core::syntax::parse(&bytes);
        for e in &parsed.errors {
            let p = parsed.file.position(e.span.start);
            println!("{path}:{}:{}: {} {:?}", p.line, p.column, e.message, e.help);
        }
    }
}
