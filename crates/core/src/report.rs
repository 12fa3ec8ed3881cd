//! The one call both front ends make: [`analyze`] a set of files under some
//! options, and get back everything there is to show: diagnostics, findings
//! with their fixes, the fixed files and their diffs.

use serde::Serialize;

use crate::analysis::versions::{self, ImpliedVersions};
use crate::analysis::{validate_model, FileDiagnostic, Model};
use crate::fix::{self, Applicability};
use crate::input::{ConfigSet, FileId};
use crate::options::{Options, Version};
use crate::render::diff::{diff_regions, FileDiff};
use crate::rules::{self, Finding};

/// A file after fixing, only for files that changed.
#[derive(Clone, Debug, Serialize)]
pub struct FixedFile {
    pub file: FileId,
    pub path: String,
    /// The new contents (lossy UTF-8 in JSON; the CLI writes the exact bytes).
    #[serde(serialize_with = "lossy")]
    pub text: Vec<u8>,
    pub diff: FileDiff,
}

/// Serialize bytes as a string, invalid UTF-8 replaced (JSON cannot carry it).
pub(crate) fn lossy<S: serde::Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&crate::bytes::lossy(bytes))
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub diagnostics: Vec<FileDiagnostic>,
    pub findings: Vec<Finding>,
    /// Files the applied fixes change.
    pub fixed: Vec<FixedFile>,
    /// Indexes into `findings` whose fix was applied.
    pub applied: Vec<usize>,
    /// Indexes into `findings` whose fix was left out, and why.
    pub skipped: Vec<(usize, String)>,
    /// All diffs concatenated: a patch for `git apply` / `patch -p1`.
    pub patch: String,
    /// The version the findings are for, and the range the config itself
    /// implies (in JSON through `render::json`'s `versions`).
    #[serde(skip)]
    pub versions: Versions,
}

/// The target nginx version beside what the config reveals of its own
/// (`http2 on;` is 1.25.1 or later, ...): see [`versions::implied`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Versions {
    pub target: Version,
    pub implied: ImpliedVersions,
}

impl Versions {
    /// How the target contradicts the config, if it does.
    pub fn conflict(&self) -> Option<versions::Conflict<'_>> {
        self.implied.conflict(self.target)
    }

    /// What the config implies and why, in a sentence naming each directive
    /// and its `file:line`.
    pub fn summary(&self, set: &ConfigSet) -> String {
        let at = |b: &versions::Bound| {
            let line = set.files[b.file].tree.position(b.span.start).line;
            format!("`{}`, {}:{}", b.what, set.files[b.file].path, line)
        };
        match (&self.implied.at_least, &self.implied.below) {
            (None, None) => "Nothing in the config tells which nginx version it is for.".into(),
            (Some(a), None) => {
                format!(
                    "The config implies nginx {} or later ({}).",
                    a.version,
                    at(a)
                )
            }
            (None, Some(b)) => {
                format!("The config implies nginx before {} ({}).", b.version, at(b))
            }
            (Some(a), Some(b)) => format!(
                "The config implies nginx {} or later ({}) and before {} ({}).",
                a.version,
                at(a),
                b.version,
                at(b)
            ),
        }
    }

    /// The conflict in a sentence, if there is one.
    pub fn conflict_sentence(&self) -> Option<String> {
        self.conflict().map(|c| match c {
            versions::Conflict::Impossible { .. } => format!("The config contradicts itself: {c}."),
            _ => format!(
                "The target nginx {} contradicts the config: {c}.",
                self.target
            ),
        })
    }
}

/// Parse, check, fix and diff. Safe fixes are applied; suggestions too when
/// `options.apply_suggestions` is set.
pub fn analyze(set: &ConfigSet, options: &Options) -> Report {
    let model = Model::build(set);
    let diagnostics = validate_model(&model, options.nginx_version);
    let findings = rules::run(&model, options);
    let implied = versions::implied(&model);
    let wanted: Vec<(usize, &fix::Fix)> = findings
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.fix.as_ref().map(|fx| (i, fx)))
        .filter(|(_, fx)| options.apply_suggestions || fx.applicability == Applicability::Safe)
        .collect();
    let fixes: Vec<&fix::Fix> = wanted.iter().map(|(_, f)| *f).collect();
    let applied = fix::apply(set, &fixes);
    let mut fixed = Vec::new();
    let mut patch = String::new();
    for ((file, text), regions) in applied.files.into_iter().zip(&applied.regions) {
        let path = set.files[file].path.clone();
        let d = diff_regions(&path, set.files[file].tree.source(), &text, regions);
        patch.push_str(&d.unified);
        fixed.push(FixedFile {
            file,
            path,
            text,
            diff: d,
        });
    }
    let applied_ids = applied.applied.iter().map(|&i| wanted[i].0).collect();
    let skipped = applied
        .skipped
        .into_iter()
        .map(|(i, why)| (wanted[i].0, why))
        .collect();
    Report {
        diagnostics,
        findings,
        fixed,
        applied: applied_ids,
        skipped,
        patch,
        versions: Versions {
            target: options.nginx_version,
            implied,
        },
    }
}
