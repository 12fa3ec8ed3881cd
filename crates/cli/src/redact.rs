//! `confine redact`: print files with addresses, names and secrets replaced,
//! write the mapping back, or restore originals with it.

use confine_core::redact::{self, Category, Input, Mapping, RedactOptions};

use crate::write::write_private;
use crate::{flag_value, read_input, split_flag, write_stdout, CliError};

pub fn command(args: &[String]) -> Result<u8, CliError> {
    let mut options = RedactOptions::default();
    let mut files = Vec::new();
    let mut map_out: Option<String> = None;
    let mut restore_from: Option<String> = None;
    let mut report = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = split_flag(arg);
        let mut value = |name: &str| flag_value(name, inline, &mut it);
        match flag {
            "--map" => map_out = Some(value(flag)?),
            "--restore" => restore_from = Some(value(flag)?),
            "--report" => report = true,
            "--term" => options.terms.push(value(flag)?),
            "--allow" => options.allow.push(value(flag)?),
            "--enable" | "--disable" => {
                let v = value(flag)?;
                let cat = Category::parse(&v).ok_or_else(|| {
                    CliError::Usage(format!(
                        "unknown category \"{v}\" (ip, hostname, email, secret, term, path, port)"
                    ))
                })?;
                options.categories.retain(|c| *c != cat);
                if flag == "--enable" {
                    options.categories.push(cat);
                }
            }
            "-" => files.push(arg.clone()),
            _ if arg.starts_with('-') => {
                return Err(CliError::Usage(format!("unknown option \"{arg}\"")))
            }
            _ => files.push(arg.clone()),
        }
    }
    if files.is_empty() {
        return Err(CliError::Usage("redact needs at least one FILE".into()));
    }
    let mut texts: Vec<(String, Vec<u8>)> = Vec::with_capacity(files.len());
    for f in &files {
        texts.push((f.clone(), as_text(f, read_input(f)?)?));
    }

    if let Some(map_path) = restore_from {
        let bytes = read_input(&map_path)?;
        let mapping: Mapping = serde_json::from_slice(&bytes)
            .map_err(|e| CliError::Io(format!("\"{map_path}\" is not a confine mapping: {e}")))?;
        let mut foreign = false;
        let mut restored: Vec<(String, Vec<u8>)> = Vec::with_capacity(texts.len());
        for (name, t) in &texts {
            let r = redact::restore_checked(t, &mapping);
            if !r.unknown.is_empty() {
                foreign = true;
                let warning = redact::RestoreWarning {
                    unknown: r.unknown.clone(),
                    replaced: r.replaced,
                };
                eprintln!("confine: {name}: {warning}");
            }
            restored.push((name.clone(), r.text));
        }
        // Exit 1: the output still holds placeholders the map does not know.
        return write_stdout(&joined(&restored)).map(|()| u8::from(foreign));
    }

    let inputs: Vec<Input<'_>> = texts
        .iter()
        .map(|(name, t)| Input {
            path: name,
            text: t,
        })
        .collect();
    let result = redact::redact(&inputs, &options);
    if let Some(path) = map_out {
        let mut json = serde_json::to_string_pretty(&result.mapping)
            .map_err(|e| CliError::Io(e.to_string()))?;
        json.push('\n');
        // The map holds every original secret: owner-only, never through a
        // symlink, never over an input.
        let inputs: Vec<std::path::PathBuf> = files
            .iter()
            .filter(|f| *f != "-")
            .map(std::path::PathBuf::from)
            .collect();
        write_private(std::path::Path::new(&path), json.as_bytes(), &inputs)
            .map_err(|e| CliError::Io(e.to_string()))?;
    }
    if report {
        let mut json = serde_json::to_string_pretty(&result.report)
            .map_err(|e| CliError::Io(e.to_string()))?;
        json.push('\n');
        return write_stdout(json.as_bytes()).map(|()| 0);
    }
    let out: Vec<(String, Vec<u8>)> = result.files.into_iter().map(|f| (f.path, f.text)).collect();
    write_stdout(&joined(&out)).map(|()| 0)
}

/// The input as UTF-8 text: UTF-16 is decoded (its NULs would hide every
/// secret from the detectors), UTF-32 or broken UTF-16 refused. Other bytes
/// that are not UTF-8 (a Latin-1 comment) are redacted as they are: the
/// detectors read ASCII, which such text keeps.
fn as_text(name: &str, bytes: Vec<u8>) -> Result<Vec<u8>, CliError> {
    match redact::decode_input(&bytes) {
        Ok(std::borrow::Cow::Borrowed(_)) => Ok(bytes),
        Ok(std::borrow::Cow::Owned(text)) => {
            eprintln!("confine: {name} is UTF-16: redacted, and printed, as UTF-8");
            Ok(text.into_bytes())
        }
        Err(redact::DecodeError::NotUtf8 { .. }) => Ok(bytes),
        Err(e) => Err(CliError::Io(format!("cannot redact \"{name}\": {e}"))),
    }
}

/// One file as is; several each under a `# file: NAME` line.
fn joined(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    if let [(_, only)] = files {
        return only.clone();
    }
    let mut out = Vec::new();
    for (name, text) in files {
        if !out.is_empty() && !out.ends_with(b"\n") {
            out.push(b'\n');
        }
        out.extend_from_slice(format!("# file: {name}\n").as_bytes());
        out.extend_from_slice(text);
    }
    out
}
