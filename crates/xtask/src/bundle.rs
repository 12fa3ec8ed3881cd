//! The page's script: `www/app/*.js` are ES modules (`import { a } from
//! "./x.js"`, `export function a`), joined here into the one classic script
//! that `index.html` loads.
//!
//! Why one script: the single file runs from `file://`, where Chromium loads
//! no module script by URL, and Trunk hashes and integrity-checks one asset
//! like any other; one file also gzips smaller than several.
//!
//! The modules share one function scope in the bundle, in the order an ES
//! module graph evaluates them (dependencies first, depth first from the
//! entry), so what works as modules works here. To keep it that way, the
//! bundle refuses what a shared scope would change silently: two modules
//! declaring the same top-level name, an import of a name the other module
//! does not export, a use of another module's top-level name without
//! importing it, a module the entry never reaches, and module syntax beyond
//! the plain forms (`import { a, b } from "./x.js";` and `export` before a
//! declaration).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use super::Result;

/// A token of JS, as much as the checks need.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// A string literal's value (no escapes are interpreted).
    Str(String),
    /// Punctuation, one character each, except `...` and `=>`.
    Punct(&'static str),
    /// Numbers, regular expressions, template text: nothing to check.
    Other,
}

#[derive(Clone, Debug)]
struct Token {
    tok: Tok,
    start: usize,
    end: usize,
    /// Open `(`, `[`, `{` and `${` before this token.
    depth: usize,
}

const PUNCT: &[&str] = &[
    "(", ")", "[", "]", "{", "}", ";", ",", "<", ">", "=", "!", "+", "-", "*", "%", "&", "|", "^",
    "~", "?", ":", ".", "/", "@", "#",
];

/// Reserved words and literals: never a module's name.
const KEYWORDS: &[&str] = &[
    "async",
    "await",
    "break",
    "case",
    "catch",
    "class",
    "const",
    "continue",
    "default",
    "delete",
    "do",
    "else",
    "export",
    "false",
    "finally",
    "for",
    "from",
    "function",
    "if",
    "import",
    "in",
    "instanceof",
    "let",
    "new",
    "null",
    "of",
    "return",
    "super",
    "switch",
    "this",
    "throw",
    "true",
    "try",
    "typeof",
    "undefined",
    "var",
    "void",
    "while",
    "yield",
];

/// After these words a `/` starts a regular expression, not a division.
const BEFORE_REGEX: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
];

fn is_ident_start(c: char) -> bool {
    c.is_alphabetic() || c == '_' || c == '$'
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// A module's source, lexed.
struct Lexed {
    tokens: Vec<Token>,
    /// Byte spans of the comments (a line comment without its line break).
    comments: Vec<(usize, usize)>,
    /// Whether a template literal's text spans lines (its lines are then
    /// left exactly as they are).
    multiline_template: bool,
}

/// The tokens of `src` (whitespace dropped), and where its comments are.
fn lex(src: &str, file: &str) -> Result<Lexed> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(src.len(), |&(o, _)| o);
    let line_of = |i: usize| src[..offset(i)].matches('\n').count() + 1;
    let mut out: Vec<Token> = Vec::new();
    let mut comments: Vec<(usize, usize)> = Vec::new();
    let mut multiline_template = false;
    // One entry per open bracket: true for a template's `${`.
    let mut open: Vec<bool> = Vec::new();
    let mut i = 0;
    // Resume inside a template literal (after its opening backtick or a `}`
    // that closes a `${`): scan its text up to the closing backtick or `${`.
    let template = |mut i: usize, open: &mut Vec<bool>, lines: &mut bool| -> Result<usize> {
        loop {
            match at(i) {
                None => return Err(format!("{file}:{}: unterminated template", line_of(i))),
                Some('\\') => i += 2,
                Some('`') => return Ok(i + 1),
                Some('$') if at(i + 1) == Some('{') => {
                    open.push(true);
                    return Ok(i + 2);
                }
                Some(c) => {
                    *lines |= c == '\n';
                    i += 1;
                }
            }
        }
    };
    while let Some(c) = at(i) {
        let start = i;
        let depth = open.len();
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        if c == '/' && at(i + 1) == Some('/') {
            while at(i).is_some_and(|c| c != '\n') {
                i += 1;
            }
            comments.push((offset(start), offset(i)));
            continue;
        }
        if c == '/' && at(i + 1) == Some('*') {
            i += 2;
            while at(i).is_some() && !(at(i) == Some('*') && at(i + 1) == Some('/')) {
                i += 1;
            }
            if at(i).is_none() {
                return Err(format!("{file}:{}: unterminated comment", line_of(start)));
            }
            i += 2;
            comments.push((offset(start), offset(i)));
            continue;
        }
        let tok = if is_ident_start(c) {
            while at(i).is_some_and(is_ident_char) {
                i += 1;
            }
            Tok::Ident(src[offset(start)..offset(i)].to_string())
        } else if c.is_ascii_digit() {
            while at(i).is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '_') {
                i += 1;
            }
            Tok::Other
        } else if c == '"' || c == '\'' {
            i += 1;
            while at(i).is_some_and(|q| q != c && q != '\n') {
                i += if at(i) == Some('\\') { 2 } else { 1 };
            }
            if at(i) != Some(c) {
                return Err(format!("{file}:{}: unterminated string", line_of(start)));
            }
            i += 1;
            Tok::Str(src[offset(start + 1)..offset(i - 1)].to_string())
        } else if c == '`' {
            i = template(i + 1, &mut open, &mut multiline_template)?;
            Tok::Other
        } else if c == '/' && regex_allowed(out.last()) {
            i += 1;
            let mut class = false;
            loop {
                match at(i) {
                    None | Some('\n') => {
                        return Err(format!("{file}:{}: unterminated regex", line_of(start)))
                    }
                    Some('\\') => i += 2,
                    Some('[') => {
                        class = true;
                        i += 1;
                    }
                    Some(']') => {
                        class = false;
                        i += 1;
                    }
                    Some('/') if !class => break,
                    Some(_) => i += 1,
                }
            }
            i += 1;
            while at(i).is_some_and(is_ident_char) {
                i += 1;
            }
            Tok::Other
        } else if c == '.' && at(i + 1) == Some('.') && at(i + 2) == Some('.') {
            i += 3;
            Tok::Punct("...")
        } else if c == '=' && at(i + 1) == Some('>') {
            i += 2;
            Tok::Punct("=>")
        } else if let Some(p) = PUNCT.iter().find(|p| p.starts_with(c)) {
            i += 1;
            let ends_substitution = c == '}' && open.last() == Some(&true);
            match c {
                '(' | '[' | '{' => open.push(false),
                ')' | ']' | '}' => {
                    open.pop();
                }
                _ => {}
            }
            if ends_substitution {
                // The end of a `${`: back into the template's text.
                i = template(i, &mut open, &mut multiline_template)?;
                out.push(Token {
                    tok: Tok::Other,
                    start: offset(start),
                    end: offset(i),
                    depth: open.len(),
                });
                continue;
            }
            Tok::Punct(p)
        } else {
            return Err(format!(
                "{file}:{}: unexpected character {c:?}",
                line_of(start)
            ));
        };
        out.push(Token {
            tok,
            start: offset(start),
            end: offset(i),
            depth,
        });
    }
    if !open.is_empty() {
        return Err(format!("{file}: unbalanced brackets"));
    }
    Ok(Lexed {
        tokens: out,
        comments,
        multiline_template,
    })
}

/// Whether a `/` after `prev` starts a regular expression.
fn regex_allowed(prev: Option<&Token>) -> bool {
    match prev.map(|t| &t.tok) {
        None => true,
        Some(Tok::Ident(w)) => BEFORE_REGEX.contains(&w.as_str()),
        Some(Tok::Punct(p)) => !matches!(*p, ")" | "]"),
        Some(Tok::Str(_) | Tok::Other) => false,
    }
}

/// One module, read and checked.
#[derive(Debug)]
struct Module {
    /// Relative to the modules' folder: `editor.js`.
    name: String,
    /// `(module, names)` in source order.
    imports: Vec<(String, Vec<String>)>,
    exports: BTreeSet<String>,
    /// Every name declared at the top level, exported or not.
    top: BTreeSet<String>,
    /// Names used as values (not after `.`, not object keys).
    used: BTreeSet<String>,
    /// Names bound anywhere inside (locals, parameters): they may shadow
    /// another module's top-level name.
    bound: BTreeSet<String>,
    /// The source without its imports, `export` keywords and comments.
    body: String,
}

fn ident(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s),
        _ => None,
    }
}

fn punct(t: Option<&Token>, p: &str) -> bool {
    matches!(t.map(|t| &t.tok), Some(Tok::Punct(q)) if *q == p)
}

fn parse_module(name: &str, src: &str) -> Result<Module> {
    let file = format!("www/app/{name}");
    let lexed = lex(src, &file)?;
    let toks = lexed.tokens;
    let line = |t: &Token| src[..t.start].matches('\n').count() + 1;
    let mut m = Module {
        name: name.to_string(),
        imports: Vec::new(),
        exports: BTreeSet::new(),
        top: BTreeSet::new(),
        used: BTreeSet::new(),
        bound: BTreeSet::new(),
        body: String::new(),
    };
    // Byte ranges of `src` left out of the bundle.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    // Tokens of import statements: their names are not uses.
    let mut in_import: BTreeSet<usize> = BTreeSet::new();
    let mut k = 0;
    while k < toks.len() {
        let t = &toks[k];
        let top = t.depth == 0;
        match ident(Some(t)) {
            Some("import") if top => {
                let bad = || {
                    format!(
                        "{file}:{}: only `import {{ a, b }} from \"./x.js\";` is supported",
                        line(t)
                    )
                };
                if !punct(toks.get(k + 1), "{") {
                    return Err(bad());
                }
                let mut names = Vec::new();
                let mut j = k + 2;
                while let Some(n) = ident(toks.get(j)) {
                    names.push(n.to_string());
                    j += 1;
                    if punct(toks.get(j), ",") {
                        j += 1;
                    } else if !punct(toks.get(j), "}") {
                        return Err(bad());
                    }
                }
                if !punct(toks.get(j), "}") || ident(toks.get(j + 1)) != Some("from") {
                    return Err(bad());
                }
                let Some(Tok::Str(from)) = toks.get(j + 2).map(|t| &t.tok) else {
                    return Err(bad());
                };
                let target = from
                    .strip_prefix("./")
                    .filter(|f| f.ends_with(".js") && !f.contains('/'))
                    .ok_or_else(|| {
                        format!(
                            "{file}:{}: import from \"./NAME.js\" (a module beside this one), not {from:?}",
                            line(t)
                        )
                    })?;
                let mut end = toks[j + 2].end;
                if punct(toks.get(j + 3), ";") {
                    end = toks[j + 3].end;
                    j += 1;
                }
                cut.push((t.start, line_end(src, end)));
                in_import.extend(k..j + 3);
                m.imports.push((target.to_string(), names));
                k = j + 3;
                continue;
            }
            Some("export") if top => {
                let next = ident(toks.get(k + 1));
                let decl = match next {
                    Some("async") if ident(toks.get(k + 2)) == Some("function") => k + 2,
                    Some("function" | "class" | "const" | "let") => k + 1,
                    _ => {
                        return Err(format!(
                            "{file}:{}: only `export` before a function, class, const or let is supported",
                            line(t)
                        ))
                    }
                };
                let names = declared(&toks, decl, &file, line(t))?;
                m.exports.extend(names);
                cut.push((t.start, toks[k + 1].start));
            }
            Some("function" | "class" | "const" | "let" | "var") if top => {
                let names = declared(&toks, k, &file, line(t))?;
                for n in names {
                    if !m.top.insert(n.clone()) {
                        return Err(format!("{file}:{}: `{n}` declared twice", line(t)));
                    }
                }
            }
            _ => {}
        }
        k += 1;
    }
    // The `)` of each `(`.
    let mut close = vec![usize::MAX; toks.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (k, t) in toks.iter().enumerate() {
        if punct(Some(t), "(") {
            stack.push(k);
        } else if punct(Some(t), ")") {
            if let Some(open) = stack.pop() {
                close[open] = k;
            }
        }
    }
    for (k, t) in toks.iter().enumerate() {
        let Some(name) = ident(Some(t)).filter(|n| !KEYWORDS.contains(n)) else {
            continue;
        };
        if in_import.contains(&k) {
            continue;
        }
        let prev = k.checked_sub(1).and_then(|p| toks.get(p));
        let next = toks.get(k + 1);
        if punct(prev, ".") {
            continue;
        }
        let key = punct(next, ":") && (punct(prev, "{") || punct(prev, ","));
        // `name(...) {` in an object literal: a method's name.
        let method = punct(next, "(")
            && punct(toks.get(close[k + 1].saturating_add(1)), "{")
            && (punct(prev, "{")
                || punct(prev, ",")
                || punct(prev, "}")
                || matches!(ident(prev), Some("async" | "get" | "set" | "static")));
        if key || method {
            continue;
        }
        if matches!(
            ident(prev),
            Some("const" | "let" | "var" | "function" | "class")
        ) || punct(next, "=>")
        {
            m.bound.insert(name.to_string());
        }
        m.used.insert(name.to_string());
    }
    // Names inside a parenthesized list followed by `=>` or `{`: parameters
    // (and, harmlessly, the names of an `if (...) {`).
    for (open, &k) in close.iter().enumerate() {
        if k != usize::MAX && (punct(toks.get(k + 1), "=>") || punct(toks.get(k + 1), "{")) {
            for inner in &toks[open + 1..k] {
                if let Some(n) = ident(Some(inner)) {
                    m.bound.insert(n.to_string());
                }
            }
        }
    }
    // Comments go too: they are a fifth of the page's script, gzipped. A
    // block comment leaves a space (or a line break, if it had one), so that
    // tokens stay apart and automatic semicolons stay where they were.
    let mut fill: Vec<(usize, usize, &str)> = cut.into_iter().map(|(s, e)| (s, e, "")).collect();
    for &(s, e) in &lexed.comments {
        let gap = match &src[s..e] {
            c if c.starts_with("//") => "",
            c if c.contains('\n') => "\n",
            _ => " ",
        };
        fill.push((s, e, gap));
    }
    fill.sort_unstable();
    let mut body = String::with_capacity(src.len());
    let mut pos = 0;
    for (s, e, gap) in fill {
        body.push_str(&src[pos..s]);
        body.push_str(gap);
        pos = e;
    }
    body.push_str(&src[pos..]);
    // And the lines they leave blank, unless a template's text spans lines.
    m.body = if lexed.multiline_template {
        body
    } else {
        let mut lines = String::with_capacity(body.len());
        for line in body.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            lines.push_str(line);
            lines.push('\n');
        }
        lines
    };
    Ok(m)
}

/// The end of the line `end` is on, past its line break, when only
/// whitespace follows (an import line goes whole).
fn line_end(src: &str, end: usize) -> usize {
    let rest = &src[end..];
    match rest.find('\n') {
        Some(n) if rest[..n].trim().is_empty() => end + n + 1,
        _ => end,
    }
}

/// The names a top-level declaration starting at token `k` declares.
fn declared(toks: &[Token], k: usize, file: &str, line: usize) -> Result<Vec<String>> {
    let keyword = ident(toks.get(k)).unwrap_or("");
    let mut j = k + 1;
    if keyword == "function" && punct(toks.get(j), "*") {
        j += 1;
    }
    let first = ident(toks.get(j)).ok_or_else(|| {
        format!("{file}:{line}: `{keyword}` without a plain name (destructuring at the top level is not supported)")
    })?;
    let mut names = vec![first.to_string()];
    if matches!(keyword, "const" | "let" | "var") {
        // Further declarators: `, name =` at the declaration's own depth.
        let depth = toks[k].depth;
        j += 1;
        while let Some(t) = toks.get(j) {
            if t.depth == depth && punct(Some(t), ";") {
                break;
            }
            if t.depth == depth && punct(Some(t), ",") {
                if let Some(n) = ident(toks.get(j + 1)) {
                    names.push(n.to_string());
                }
            }
            j += 1;
        }
    }
    Ok(names)
}

/// The bundle of the modules in `dir`, starting from `entry`.
pub fn bundle(dir: &Path, entry: &str) -> Result<String> {
    let mut modules: BTreeMap<String, Module> = BTreeMap::new();
    let entries = fs::read_dir(dir).map_err(|e| format!("reading {}: {e}", dir.display()))?;
    for e in entries {
        let e = e.map_err(|e| e.to_string())?;
        let name = e.file_name().to_string_lossy().into_owned();
        if !name.ends_with(".js") {
            continue;
        }
        let src = fs::read_to_string(e.path())
            .map_err(|err| format!("reading {}: {err}", e.path().display()))?;
        modules.insert(name.clone(), parse_module(&name, &src)?);
    }
    bundle_modules(&modules, entry)
}

fn bundle_modules(modules: &BTreeMap<String, Module>, entry: &str) -> Result<String> {
    if !modules.contains_key(entry) {
        return Err(format!("www/app/{entry} is missing"));
    }
    // Evaluation order: depth first, dependencies before the module.
    let mut order: Vec<&str> = Vec::new();
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    fn visit<'a>(
        name: &'a str,
        modules: &'a BTreeMap<String, Module>,
        seen: &mut BTreeSet<&'a str>,
        order: &mut Vec<&'a str>,
    ) -> Result {
        if !seen.insert(name) {
            return Ok(());
        }
        let m = &modules[name];
        for (dep, _) in &m.imports {
            let (dep, _) = modules.get_key_value(dep.as_str()).ok_or_else(|| {
                format!("www/app/{}: imports ./{dep}, which does not exist", m.name)
            })?;
            visit(dep, modules, seen, order)?;
        }
        order.push(name);
        Ok(())
    }
    visit(entry, modules, &mut seen, &mut order)?;
    if let Some(orphan) = modules.keys().find(|k| !seen.contains(k.as_str())) {
        return Err(format!(
            "www/app/{orphan} is not imported by anything the entry {entry} reaches"
        ));
    }
    // Who declares each top-level name.
    let mut owner: BTreeMap<&str, &str> = BTreeMap::new();
    for m in modules.values() {
        for n in &m.top {
            if let Some(other) = owner.insert(n, &m.name) {
                return Err(format!(
                    "`{n}` is declared at the top level of both www/app/{other} and www/app/{} (they share one scope in the bundle)",
                    m.name
                ));
            }
        }
    }
    for m in modules.values() {
        let mut imported: BTreeSet<&str> = BTreeSet::new();
        for (dep, names) in &m.imports {
            let d = &modules[dep];
            for n in names {
                if !d.exports.contains(n) {
                    return Err(format!(
                        "www/app/{} imports `{n}` from ./{dep}, which does not export it",
                        m.name
                    ));
                }
                if !m.used.contains(n) {
                    return Err(format!(
                        "www/app/{} imports `{n}` from ./{dep} and never uses it",
                        m.name
                    ));
                }
                imported.insert(n);
            }
        }
        for n in &m.used {
            let Some(&from) = owner.get(n.as_str()) else {
                continue;
            };
            if from != m.name && !imported.contains(n.as_str()) && !m.bound.contains(n) {
                return Err(format!(
                    "www/app/{} uses `{n}` of www/app/{from} without importing it",
                    m.name
                ));
            }
        }
    }
    let mut out = String::from(
        "// confine's page script: the ES modules of www/app/, joined by `cargo xtask`\n\
         // (crates/xtask/src/bundle.rs) into one scope, in their evaluation order.\n\
         \"use strict\";\n\n(function () {\n",
    );
    for name in order {
        out.push_str(&format!("// ---- www/app/{name}\n"));
        out.push_str(&modules[name].body);
    }
    out.push_str("})();\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(files: &[(&str, &str)]) -> Result<BTreeMap<String, Module>> {
        files
            .iter()
            .map(|(n, s)| parse_module(n, s).map(|m| (n.to_string(), m)))
            .collect()
    }

    fn bundled(files: &[(&str, &str)]) -> Result<String> {
        bundle_modules(&set(files)?, "main.js")
    }

    #[test]
    fn dependencies_come_first_and_module_syntax_goes() {
        let out = bundled(&[
            (
                "main.js",
                "import { a } from \"./a.js\";\nimport { b, c } from \"./b.js\";\nexport function go() { return a() + b + c; }\n",
            ),
            ("a.js", "import { b } from \"./b.js\";\nexport function a() {\n  return b;\n}\n"),
            ("b.js", "export const b = 1, c = 2;\n"),
        ])
        .unwrap();
        let body = out
            .split("(function () {\n")
            .nth(1)
            .unwrap()
            .trim_end_matches("})();\n");
        assert_eq!(
            body,
            "// ---- www/app/b.js\nconst b = 1, c = 2;\n\
             // ---- www/app/a.js\nfunction a() {\n  return b;\n}\n\
             // ---- www/app/main.js\nfunction go() { return a() + b + c; }\n"
        );
        assert!(out.starts_with("// confine's page script"));
        assert!(out.contains("\"use strict\";\n"));
    }

    /// Comments go, and the lines they leave empty; code, strings and
    /// regexes that look like comments stay; a template that spans lines
    /// keeps the module's lines as they are.
    #[test]
    fn comments_go_code_stays() {
        let src = "// head\n\n/**\n * doc\n */\nconst a = 1; // tail\n\
                   const b = a/**/+a, c = \"http://x\", d = /\\/\\//g;\n\
                   const e = a /* one\n two */ + b;\n    // indented\nlet f = e;\n";
        assert_eq!(
            parse_module("main.js", src).unwrap().body,
            "const a = 1;\nconst b = a +a, c = \"http://x\", d = /\\/\\//g;\n\
             const e = a\n + b;\nlet f = e;\n"
        );
        let kept = "const t = `one\n\n  two`; // c\n\nlet u = t;\n";
        assert_eq!(
            parse_module("main.js", kept).unwrap().body,
            "const t = `one\n\n  two`; \n\nlet u = t;\n"
        );
    }

    #[test]
    fn a_cycle_evaluates_as_modules_do() {
        // main -> a -> b -> a: b runs before a, a before main.
        let out = bundled(&[
            ("main.js", "import { fa } from \"./a.js\";\nfa();\n"),
            (
                "a.js",
                "import { fb } from \"./b.js\";\nexport function fa() { fb(); }\n",
            ),
            (
                "b.js",
                "import { fa } from \"./a.js\";\nexport function fb() { if (0) fa(); }\n",
            ),
        ])
        .unwrap();
        let at = |s: &str| out.find(s).unwrap();
        assert!(at("www/app/b.js") < at("www/app/a.js"));
        assert!(at("www/app/a.js") < at("www/app/main.js"));
    }

    #[test]
    fn what_a_shared_scope_would_change_is_refused() {
        let clash = bundled(&[
            (
                "main.js",
                "import { x } from \"./a.js\";\nfunction render() {}\nx();\n",
            ),
            ("a.js", "export function x() {}\nfunction render() {}\n"),
        ]);
        assert_eq!(
            clash.unwrap_err(),
            "`render` is declared at the top level of both www/app/a.js and www/app/main.js (they share one scope in the bundle)"
        );
        let missing = bundled(&[
            ("main.js", "import { y } from \"./a.js\";\ny();\n"),
            ("a.js", "export function x() {}\nfunction y() {}\n"),
        ]);
        assert_eq!(
            missing.unwrap_err(),
            "www/app/main.js imports `y` from ./a.js, which does not export it"
        );
        let unimported = bundled(&[
            ("main.js", "import { x } from \"./a.js\";\nx(); y();\n"),
            ("a.js", "export function x() {}\nexport function y() {}\n"),
        ]);
        assert_eq!(
            unimported.unwrap_err(),
            "www/app/main.js uses `y` of www/app/a.js without importing it"
        );
        let unused = bundled(&[
            ("main.js", "import { x, y } from \"./a.js\";\nx();\n"),
            ("a.js", "export function x() {}\nexport function y() {}\n"),
        ]);
        assert_eq!(
            unused.unwrap_err(),
            "www/app/main.js imports `y` from ./a.js and never uses it"
        );
        let orphan = bundled(&[("main.js", "1;\n"), ("a.js", "export const a = 1;\n")]);
        assert_eq!(
            orphan.unwrap_err(),
            "www/app/a.js is not imported by anything the entry main.js reaches"
        );
        let gone = bundled(&[("main.js", "import { a } from \"./nope.js\";\n")]);
        assert_eq!(
            gone.unwrap_err(),
            "www/app/main.js: imports ./nope.js, which does not exist"
        );
    }

    #[test]
    fn only_the_plain_module_forms() {
        for (src, message) in [
            ("import * as a from \"./a.js\";\n", "www/app/main.js:1: only `import { a, b } from \"./x.js\";` is supported"),
            ("import { a as b } from \"./a.js\";\n", "www/app/main.js:1: only `import { a, b } from \"./x.js\";` is supported"),
            ("\nimport { a } from \"../a.js\";\n", "www/app/main.js:2: import from \"./NAME.js\" (a module beside this one), not \"../a.js\""),
            ("export default 1;\n", "www/app/main.js:1: only `export` before a function, class, const or let is supported"),
            ("export { a };\n", "www/app/main.js:1: only `export` before a function, class, const or let is supported"),
            ("const { a } = b;\n", "www/app/main.js:1: `const` without a plain name (destructuring at the top level is not supported)"),
            ("let a;\nlet a;\n", "www/app/main.js:2: `a` declared twice"),
        ] {
            assert_eq!(parse_module("main.js", src).unwrap_err(), message, "{src}");
        }
    }

    /// Names in strings, comments, regexes and templates, after a dot, as
    /// object keys or shadowed by a local are not uses of another module's
    /// name; inside `${}` and in shorthand properties they are.
    #[test]
    fn what_counts_as_a_use() {
        let src = "// render()\n/* render() */\nconst s = \"render\" + 'render';\n\
                   const r = /render\\/[/]x/g.test(s) ? 1 / 2 : 3;\n\
                   const o = { render: 1, a: s.render, b: o?.render };\n\
                   function f(render) { return render; }\n\
                   const g = (x, { render }) => render;\nconst h = render => render;\n\
                   const t = `render ${used1} ${ { k: used2 } }`;\nconst u = { used3 };\n\
                   const w = { start() { return 1; }, async stop(a) { return a; } };\n";
        let m = parse_module("main.js", src).unwrap();
        let others: BTreeSet<&str> = m
            .used
            .iter()
            .map(String::as_str)
            .filter(|n| !m.top.contains(*n) && !m.bound.contains(*n))
            .collect();
        assert_eq!(others, BTreeSet::from(["used1", "used2", "used3"]));
        assert!(m.bound.contains("render"));
        assert_eq!(
            m.top,
            BTreeSet::from(["f", "g", "h", "o", "r", "s", "t", "u", "w"].map(String::from))
        );
        let unterminated = parse_module("main.js", "const a = `x ${b}");
        assert_eq!(
            unterminated.unwrap_err(),
            "www/app/main.js:1: unterminated template"
        );
    }
}
