//! Question sets: which questions, their category, difficulty, principles and time limits.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::files::{Loc, SourceFile};
use super::rubric::{Checker, Rubric};
use super::{Category, Difficulty, Source};
use crate::analysis::Thresholds;
use crate::problem::Diagnostic;

/// Longest prep or answer time a set may ask for.
pub const MAX_SECONDS: i64 = 3600;
pub const DEFAULT_PREP_SECONDS: u32 = 30;
pub const DEFAULT_ANSWER_SECONDS: u32 = 180;

/// A validated question set. Times on each question are the effective ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionSet {
    pub id: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Id of the rubric its answers are scored with.
    pub rubric: String,
    pub prep_seconds: u32,
    pub answer_seconds: u32,
    /// Speech-metric thresholds (defaults unless the file has an `[analysis]` table).
    #[serde(default)]
    pub analysis: Thresholds,
    pub questions: Vec<Question>,
    #[serde(skip, default = "embedded")]
    pub source: Source,
}

fn embedded() -> Source {
    Source::Embedded
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub id: String,
    pub text: String,
    pub category: Category,
    pub difficulty: Difficulty,
    pub principles: Vec<String>,
    pub prep_seconds: u32,
    pub answer_seconds: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub follow_ups: Vec<String>,
}

impl QuestionSet {
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSet {
    id: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    rubric: Spanned<String>,
    #[serde(default)]
    prep_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    answer_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    analysis: Option<Spanned<Thresholds>>,
    #[serde(default)]
    questions: Option<Spanned<Vec<Spanned<RawQuestion>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestion {
    id: Spanned<String>,
    text: Spanned<String>,
    category: Spanned<String>,
    difficulty: Spanned<String>,
    principles: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    prep_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    answer_seconds: Option<Spanned<i64>>,
    #[serde(default)]
    follow_ups: Vec<String>,
}

/// A TOML or serde error as a located diagnostic, with a hint for the common ones.
pub(crate) fn toml_error(file: &SourceFile, e: &toml::de::Error) -> Diagnostic {
    let message = e
        .message()
        .trim()
        .replace("expected i64", "expected a whole number")
        .replace("expected a sequence", "expected a list [ ... ]");
    let mut d = match e.span() {
        Some(span) => file.loc(span).diag(message.clone()),
        None => file.whole(message.clone()),
    };
    if message.starts_with("unknown field") {
        d = d.with_hint(
            "remove the key or fix its spelling; the keys allowed here are listed above",
        );
    } else if message.starts_with("missing field") {
        d = d.with_hint("add the missing key to this table");
    } else if message.starts_with("invalid type") {
        d = d.with_hint(
            "check the value's type: text needs quotes, seconds are whole numbers, lists use [ ]",
        );
    }
    d
}

/// Parse and check a question-set file. `rubric_for` finds a rubric by id so each
/// question's principles can be checked against it.
pub fn parse(
    file: &SourceFile,
    rubric_for: &dyn Fn(&str) -> Option<Rubric>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(QuestionSet, Loc)> {
    let raw: RawSet = match toml::from_str(&file.text) {
        Ok(r) => r,
        Err(e) => {
            diags.push(toml_error(file, &e));
            return None;
        }
    };
    let before = diags.len();
    let mut check = Checker { file, diags };
    check.id(&raw.id, "question set id");
    check.non_empty(&raw.title, "title");
    let rubric = if check.id(&raw.rubric, "rubric id") {
        let found = rubric_for(raw.rubric.get_ref());
        if found.is_none() {
            check.diags.push(
                file.loc(raw.rubric.span())
                    .diag(format!("no rubric with id `{}`", raw.rubric.get_ref()))
                    .with_hint("use \"amazon-lp\" or load your rubric with --rubrics PATH"),
            );
        }
        found
    } else {
        None
    };
    let prep = seconds(
        &mut check,
        raw.prep_seconds.as_ref(),
        "prep_seconds",
        0,
        DEFAULT_PREP_SECONDS,
    );
    let answer = seconds(
        &mut check,
        raw.answer_seconds.as_ref(),
        "answer_seconds",
        1,
        DEFAULT_ANSWER_SECONDS,
    );
    if let Some(a) = &raw.analysis {
        for problem in a.get_ref().problems() {
            check.at(a, format!("[analysis]: {problem}"));
        }
    }

    let empty = Vec::new();
    let list = raw.questions.as_ref().map_or(&empty, |q| q.get_ref());
    if list.is_empty() {
        let d = match &raw.questions {
            Some(q) => file.loc(q.span()).diag("the set has no questions"),
            None => file.loc(0..0).diag("the set has no questions"),
        };
        check.diags.push(d.with_hint("add at least one [[questions]] table with id, text, category, difficulty and principles"));
    }
    let mut seen = HashSet::new();
    let mut questions = Vec::new();
    for q in list {
        let q = q.get_ref();
        if check.id(&q.id, "question id") && !seen.insert(q.id.get_ref().clone()) {
            check.diags.push(
                file.loc(q.id.span())
                    .diag(format!(
                        "question id `{}` appears twice in this set",
                        q.id.get_ref()
                    ))
                    .with_hint("question ids name the answer files, so each must be unique"),
            );
        }
        check.non_empty(&q.text, "question text");
        let category = Category::parse(q.category.get_ref());
        if category.is_none() {
            check.diags.push(
                file.loc(q.category.span())
                    .diag(format!("unknown category `{}`", q.category.get_ref()))
                    .with_hint("use behavioral, technical or system-design"),
            );
        }
        let difficulty = Difficulty::parse(q.difficulty.get_ref());
        if difficulty.is_none() {
            check.diags.push(
                file.loc(q.difficulty.span())
                    .diag(format!("unknown difficulty `{}`", q.difficulty.get_ref()))
                    .with_hint("use easy, medium or hard"),
            );
        }
        if q.principles.get_ref().is_empty() {
            check.at(
                &q.principles,
                format!("question `{}` names no principles", q.id.get_ref()),
            );
        }
        let mut principles = Vec::new();
        for p in q.principles.get_ref() {
            if !check.id(p, "principle id") {
                continue;
            }
            if principles.contains(p.get_ref()) {
                check.at(p, format!("principle `{}` is listed twice", p.get_ref()));
                continue;
            }
            if let Some(r) = &rubric
                && r.principle(p.get_ref()).is_none()
            {
                let close = closest(p.get_ref(), r.principles.iter().map(|x| x.id.as_str()));
                let hint = match close {
                    Some(c) => {
                        format!("did you mean `{c}`? `rehearse rubric` lists the principle ids")
                    }
                    None => "`rehearse rubric` lists the principle ids".to_string(),
                };
                check.diags.push(
                    file.loc(p.span())
                        .diag(format!(
                            "rubric `{}` has no principle `{}`",
                            r.id,
                            p.get_ref()
                        ))
                        .with_hint(hint),
                );
            }
            principles.push(p.get_ref().clone());
        }
        let q_prep = seconds(&mut check, q.prep_seconds.as_ref(), "prep_seconds", 0, prep);
        let q_answer = seconds(
            &mut check,
            q.answer_seconds.as_ref(),
            "answer_seconds",
            1,
            answer,
        );
        if let (Some(category), Some(difficulty)) = (category, difficulty) {
            questions.push(Question {
                id: q.id.get_ref().clone(),
                text: q.text.get_ref().trim().to_string(),
                category,
                difficulty,
                principles,
                prep_seconds: q_prep,
                answer_seconds: q_answer,
                follow_ups: q.follow_ups.clone(),
            });
        }
    }
    if diags.len() > before {
        return None;
    }
    let set = QuestionSet {
        id: raw.id.get_ref().clone(),
        title: raw.title.get_ref().clone(),
        description: raw.description,
        rubric: raw.rubric.get_ref().clone(),
        prep_seconds: prep,
        answer_seconds: answer,
        analysis: raw.analysis.map(Spanned::into_inner).unwrap_or_default(),
        questions,
        source: file.source.clone(),
    };
    Some((set, file.loc(raw.id.span())))
}

/// Check a seconds value against `min..=MAX_SECONDS`; `default` when absent or wrong.
fn seconds(
    check: &mut Checker<'_>,
    value: Option<&Spanned<i64>>,
    key: &str,
    min: i64,
    default: u32,
) -> u32 {
    let Some(v) = value else { return default };
    let n = *v.get_ref();
    if (min..=MAX_SECONDS).contains(&n) {
        n as u32
    } else {
        check.diags.push(
            check
                .file
                .loc(v.span())
                .diag(format!("{key} = {n} is outside {min}..={MAX_SECONDS}"))
                .with_hint("times are whole seconds, at most 3600 (one hour)"),
        );
        default
    }
}

/// The known id closest to a misspelt one, if any is close enough to suggest.
pub(crate) fn closest<'a>(wrong: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::levenshtein(wrong, k), k))
        .filter(|(d, k)| *d <= 3.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}
