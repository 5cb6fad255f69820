//! Question sets and rubrics: the embedded defaults, the user's extra files, validation.
//!
//! Both kinds of file are TOML. They are parsed into raw, span-carrying structs first
//! (`question_set::RawSet`, `rubric::RawRubric`) so every problem can be reported with
//! file, line and column; only files without problems become the model types below.

mod files;
pub mod question_set;
pub mod rubric;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::problem::{Diagnostic, Problem};

pub use files::{SourceFile, read_all as files_read_all, toml_files_in};
pub use question_set::{Question, QuestionSet};
pub use rubric::{Criterion, Principle, Rubric, ScaleLevel};

/// The question sets compiled into the binary: (file name, text).
pub const EMBEDDED_SETS: &[(&str, &str)] = &[(
    "questions/amazon-lp.toml",
    include_str!("../../questions/amazon-lp.toml"),
)];
/// The rubrics compiled into the binary.
pub const EMBEDDED_RUBRICS: &[(&str, &str)] = &[(
    "rubrics/amazon-lp.toml",
    include_str!("../../rubrics/amazon-lp.toml"),
)];

/// Where a set or rubric came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    Embedded,
    Path(PathBuf),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Embedded => f.write_str("embedded"),
            Source::Path(p) => write!(f, "{}", p.display()),
        }
    }
}

/// Kind of question; picks the structure criteria and the target answer length.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    Behavioral,
    Technical,
    SystemDesign,
}

impl Category {
    pub const ALL: [Category; 3] = [
        Category::Behavioral,
        Category::Technical,
        Category::SystemDesign,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Behavioral => "behavioral",
            Category::Technical => "technical",
            Category::SystemDesign => "system-design",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Difficulty {
    Easy,
    Medium,
    Hard,
}

impl Difficulty {
    pub const ALL: [Difficulty; 3] = [Difficulty::Easy, Difficulty::Medium, Difficulty::Hard];
    pub fn as_str(self) -> &'static str {
        match self {
            Difficulty::Easy => "easy",
            Difficulty::Medium => "medium",
            Difficulty::Hard => "hard",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Difficulty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Is `id` usable as an id and inside a file name? (`[a-z0-9-]+`, at most 64 characters.)
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Every question set and rubric the program knows about, validated.
#[derive(Debug, Clone)]
pub struct Catalog {
    pub sets: Vec<QuestionSet>,
    pub rubrics: Vec<Rubric>,
}

impl Catalog {
    /// The embedded files plus `extra_sets` / `extra_rubrics` (files or folders).
    /// Any problem in any file is an error listing all of them.
    pub fn load(extra_sets: &[PathBuf], extra_rubrics: &[PathBuf]) -> anyhow::Result<Catalog> {
        let mut diags = Vec::new();
        let mut rubric_files: Vec<SourceFile> = EMBEDDED_RUBRICS
            .iter()
            .map(|(n, t)| SourceFile::embedded(n, t))
            .collect();
        let mut set_files: Vec<SourceFile> = EMBEDDED_SETS
            .iter()
            .map(|(n, t)| SourceFile::embedded(n, t))
            .collect();
        for path in extra_rubrics {
            rubric_files.extend(files::read_all(path, &mut diags));
        }
        for path in extra_sets {
            set_files.extend(files::read_all(path, &mut diags));
        }
        let catalog = Self::from_files(&rubric_files, &set_files, &[], &mut diags);
        if diags.is_empty() {
            Ok(catalog)
        } else {
            Err(Problem::diagnostics(diags)
                .hint("run `rehearse validate PATH` on your files; every problem is listed above")
                .into())
        }
    }

    /// Validate rubric and set files together. `known_rubrics` are rubrics a set may refer
    /// to besides those in `rubric_files` (used by `validate`).
    pub fn from_files(
        rubric_files: &[SourceFile],
        set_files: &[SourceFile],
        known_rubrics: &[Rubric],
        diags: &mut Vec<Diagnostic>,
    ) -> Catalog {
        let mut rubrics: Vec<Rubric> = Vec::new();
        let mut rubric_spans = Vec::new();
        for file in rubric_files {
            if let Some((rubric, id_loc)) = rubric::parse(file, diags) {
                if let Some(prev) = rubrics.iter().find(|r| r.id == rubric.id) {
                    diags.push(
                        id_loc
                            .diag(format!(
                                "rubric id `{}` is already defined by {}",
                                rubric.id, prev.source
                            ))
                            .with_hint("give one of the rubrics another id"),
                    );
                    continue;
                }
                rubric_spans.push(id_loc);
                rubrics.push(rubric);
            }
        }
        let mut sets: Vec<QuestionSet> = Vec::new();
        for file in set_files {
            let lookup = |id: &str| {
                rubrics
                    .iter()
                    .chain(known_rubrics.iter())
                    .find(|r| r.id == id)
                    .cloned()
            };
            if let Some((set, id_loc)) = question_set::parse(file, &lookup, diags) {
                if let Some(prev) = sets.iter().find(|s| s.id == set.id) {
                    diags.push(
                        id_loc
                            .diag(format!(
                                "question set id `{}` is already defined by {}",
                                set.id, prev.source
                            ))
                            .with_hint("give one of the sets another id"),
                    );
                    continue;
                }
                sets.push(set);
            }
        }
        Catalog { sets, rubrics }
    }

    pub fn set(&self, id: &str) -> anyhow::Result<&QuestionSet> {
        self.sets.iter().find(|s| s.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.sets.iter().map(|s| s.id.as_str()).collect();
            Problem::bad_input(format!("no question set with id `{id}`"))
                .hint(format!("known sets: {}", ids.join(", ")))
                .hint("add your own with --questions PATH")
                .into()
        })
    }

    pub fn rubric(&self, id: &str) -> anyhow::Result<&Rubric> {
        self.rubrics.iter().find(|r| r.id == id).ok_or_else(|| {
            let ids: Vec<&str> = self.rubrics.iter().map(|r| r.id.as_str()).collect();
            Problem::bad_input(format!("no rubric with id `{id}`"))
                .hint(format!("known rubrics: {}", ids.join(", ")))
                .into()
        })
    }

    /// The rubric a set is scored with (checked to exist when the set was loaded).
    pub fn rubric_for(&self, set: &QuestionSet) -> anyhow::Result<&Rubric> {
        self.rubric(&set.rubric)
    }
}

/// Questions matching optional filters, in set order.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub principles: Vec<String>,
    pub category: Option<Category>,
    pub difficulty: Option<Difficulty>,
}

impl Filter {
    /// Every principle asked for must exist in one of `rubrics` (else exit 2 with a hint).
    pub fn check_principles<'a>(
        &self,
        mut rubrics: impl Iterator<Item = &'a Rubric> + Clone,
    ) -> anyhow::Result<()> {
        for p in &self.principles {
            if !rubrics.clone().any(|r| r.principle(p).is_some()) {
                let known = rubrics
                    .by_ref()
                    .flat_map(|r| r.principles.iter().map(|x| x.id.as_str()));
                let mut problem = Problem::bad_input(format!("unknown principle `{p}`"));
                if let Some(close) = question_set::closest(p, known) {
                    problem = problem.hint(format!("did you mean `{close}`?"));
                }
                return Err(problem
                    .hint("`rehearse rubric` lists the principle ids")
                    .into());
            }
        }
        Ok(())
    }

    pub fn matches(&self, q: &Question) -> bool {
        (self.principles.is_empty() || q.principles.iter().any(|p| self.principles.contains(p)))
            && self.category.is_none_or(|c| q.category == c)
            && self.difficulty.is_none_or(|d| q.difficulty == d)
    }
}

/// Count of questions per principle id (every rubric principle present, zero if untagged).
pub fn coverage(set: &QuestionSet, rubric: &Rubric) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = rubric
        .principles
        .iter()
        .map(|p| (p.id.clone(), 0))
        .collect();
    for q in &set.questions {
        for p in &q.principles {
            *counts.entry(p.clone()).or_default() += 1;
        }
    }
    counts
}

/// `true` when `path` names something under a folder called `rubrics`.
pub(crate) fn looks_like_rubric_path(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "rubrics")
}
