//! Scripted scores: a TOML file of `[[answers]]` applied without prompts.
//!
//! ```toml
//! [[answers]]
//! question = "zero-loss-rollback"
//! principles = { insist-on-the-highest-standards = 3, deliver-results = 2 }
//! criteria = { requirements = "y", failure-handling = "p" }
//! notes = { deliver-results = "no numbers" }
//! note = "..."
//! improve = "..."
//! ```
//! The whole file is checked against the session first (question recorded, principle tagged
//! on that question, score on the rubric's scale, criterion in the question's category, mark
//! y/p/n) and every problem is reported with file:line:column; only a clean file is applied.

use std::collections::BTreeMap;

use chrono::{DateTime, Local};
use serde::Deserialize;
use toml::Spanned;

use super::{Role, finish_sheet, recorded_answer};
use crate::catalog::question_set::closest;
use crate::catalog::{SourceFile, question_set::toml_error};
use crate::problem::Diagnostic;
use crate::session::{AnswerStatus, Mark, ScoreSheet, Session};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    answers: Option<Spanned<Vec<Spanned<RawAnswer>>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnswer {
    question: Spanned<String>,
    #[serde(default)]
    principles: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    criteria: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    notes: BTreeMap<Spanned<String>, Spanned<String>>,
    #[serde(default)]
    note: Option<String>,
    #[serde(default)]
    improve: Option<String>,
}

/// The scores for one answer, checked against the session.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Index into `session.answers`.
    pub answer: usize,
    pub principles: BTreeMap<String, u8>,
    pub criteria: BTreeMap<String, Mark>,
    pub notes: BTreeMap<String, String>,
    pub note: Option<String>,
    pub improve: Option<String>,
}

/// Parse and check a scores file against `session`. Either every entry, or every problem.
pub fn parse(file: &SourceFile, session: &Session) -> Result<Vec<Entry>, Vec<Diagnostic>> {
    let raw: RawFile = toml::from_str(&file.text).map_err(|e| vec![toml_error(file, &e)])?;
    let mut diags = Vec::new();
    let Some(list) = raw.answers.filter(|a| !a.get_ref().is_empty()) else {
        return Err(
            vec![file.loc(0..0).diag("the file has no [[answers]]").with_hint(
            "add one [[answers]] table per answer: question = \"id\", principles = { id = 3 }",
        )],
        );
    };
    let rubric = &session.rubric;
    let (min, max) = (
        rubric.scale.iter().map(|s| s.value).min().unwrap_or(1),
        rubric.max_score(),
    );
    let mut entries: Vec<Entry> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for raw in list.into_inner() {
        let raw = raw.into_inner();
        let qid = raw.question.get_ref();
        let at = |span: std::ops::Range<usize>| file.loc(span);
        let Some(answer) = recorded_answer(session, qid) else {
            let d = match super::answer_status(session, qid) {
                Some(status) => at(raw.question.span())
                    .diag(format!(
                        "question `{qid}` was not recorded in this session ({})",
                        match status {
                            AnswerStatus::Pending => "not answered yet",
                            AnswerStatus::Skipped => "skipped",
                            AnswerStatus::Recorded => "recorded",
                        }
                    ))
                    .with_hint("only recorded answers can be scored"),
                None => {
                    let recorded: Vec<&str> =
                        session.recorded().map(|(_, q, _)| q.id.as_str()).collect();
                    let hint = match closest(qid, recorded.iter().copied()) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => format!("recorded questions: {}", recorded.join(", ")),
                    };
                    at(raw.question.span())
                        .diag(format!("session `{}` has no question `{qid}`", session.id))
                        .with_hint(hint)
                }
            };
            diags.push(d);
            continue;
        };
        if !seen.insert(answer) {
            diags.push(
                at(raw.question.span())
                    .diag(format!("question `{qid}` is scored twice in this file"))
                    .with_hint("put all of one answer's scores in a single [[answers]] table"),
            );
            continue;
        }
        let q = &session.questions[answer];
        let tagged = |p: &Spanned<String>, diags: &mut Vec<Diagnostic>| {
            if q.principles.contains(p.get_ref()) {
                return true;
            }
            let hint = match closest(p.get_ref(), q.principles.iter().map(String::as_str)) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("`{qid}` is tagged with: {}", q.principles.join(", ")),
            };
            diags.push(
                at(p.span())
                    .diag(format!(
                        "principle `{}` is not tagged on question `{qid}`",
                        p.get_ref()
                    ))
                    .with_hint(hint),
            );
            false
        };
        let mut entry = Entry {
            answer,
            principles: BTreeMap::new(),
            criteria: BTreeMap::new(),
            notes: BTreeMap::new(),
            note: raw.note.clone(),
            improve: raw.improve.clone(),
        };
        for (p, v) in &raw.principles {
            if !tagged(p, &mut diags) {
                continue;
            }
            match v.get_ref().as_integer() {
                Some(n) if (i64::from(min)..=i64::from(max)).contains(&n) => {
                    entry.principles.insert(p.get_ref().clone(), n as u8);
                }
                other => {
                    let message = match other {
                        Some(n) => format!(
                            "score {n} for `{}` is outside the scale {min}..={max}",
                            p.get_ref()
                        ),
                        None => format!(
                            "score for `{}` must be a whole number {min}..={max}, not {}",
                            p.get_ref(),
                            v.get_ref()
                        ),
                    };
                    diags.push(at(v.span()).diag(message).with_hint(format!(
                                "rubric `{}`: {}",
                                rubric.id,
                                rubric
                                    .scale
                                    .iter()
                                    .map(|s| format!("{} {}", s.value, s.label))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )));
                }
            }
        }
        let known = rubric.criteria_for(q.category);
        for (c, v) in &raw.criteria {
            if !known.iter().any(|k| &k.id == c.get_ref()) {
                let ids: Vec<&str> = known.iter().map(|k| k.id.as_str()).collect();
                let hint = match closest(c.get_ref(), ids.iter().copied()) {
                    Some(close) => format!("did you mean `{close}`?"),
                    None => format!("{} criteria: {}", q.category, ids.join(", ")),
                };
                diags.push(
                    at(c.span())
                        .diag(format!(
                            "criterion `{}` is not a {} criterion (question `{qid}`)",
                            c.get_ref(),
                            q.category
                        ))
                        .with_hint(hint),
                );
                continue;
            }
            match v.get_ref().as_str().and_then(Mark::parse) {
                Some(m) => {
                    entry.criteria.insert(c.get_ref().clone(), m);
                }
                None => diags.push(
                    at(v.span())
                        .diag(format!(
                            "criterion `{}` has {}; expected \"y\", \"p\" or \"n\"",
                            c.get_ref(),
                            v.get_ref()
                        ))
                        .with_hint("y = yes, p = partly, n = no"),
                ),
            }
        }
        for (p, text) in &raw.notes {
            if tagged(p, &mut diags) {
                entry
                    .notes
                    .insert(p.get_ref().clone(), text.get_ref().clone());
            }
        }
        entries.push(entry);
    }
    if diags.is_empty() {
        Ok(entries)
    } else {
        Err(diags)
    }
}

/// Merge checked entries into the role's sheets: given values replace earlier ones, others
/// stay. Then stamp complete sheets and refresh the session status.
pub fn apply(
    session: &mut Session,
    role: Role,
    by: Option<&str>,
    entries: &[Entry],
    now: DateTime<Local>,
) {
    for e in entries {
        let sheet = role
            .slot(&mut session.answers[e.answer].scores)
            .get_or_insert_with(ScoreSheet::default);
        sheet.principles.extend(e.principles.clone());
        sheet.criteria.extend(e.criteria.clone());
        for (p, t) in &e.notes {
            match t.trim() {
                "" => sheet.notes.remove(p),
                t => sheet.notes.insert(p.clone(), t.to_string()),
            };
        }
        let text = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
        if let Some(n) = &e.note {
            sheet.note = text(n);
        }
        if let Some(i) = &e.improve {
            sheet.improve = text(i);
        }
        finish_sheet(session, role, by, e.answer, now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::session;
    use crate::session::Status;

    fn file(text: &str) -> SourceFile {
        SourceFile::embedded("scores.toml", text)
    }

    fn problems(text: &str) -> Vec<String> {
        parse(&file(text), &session())
            .unwrap_err()
            .iter()
            .map(|d| {
                format!(
                    "{}:{} {}",
                    d.line.unwrap_or(0),
                    d.column.unwrap_or(0),
                    d.message
                )
            })
            .collect()
    }

    #[test]
    fn a_valid_file_is_applied_exactly() {
        let text = r#"
[[answers]]
question = "zero-loss-rollback"
principles = { insist-on-the-highest-standards = 3, deliver-results = 2, have-backbone-disagree-and-commit = 4 }
criteria = { requirements = "y", architecture = "p", data-consistency = "n", failure-handling = "y", trade-offs = "y", operability = "p" }
notes = { deliver-results = "no numbers" }
note = "solid"
improve = "quantify"
"#;
        let mut s = session();
        let entries = parse(&file(text), &s).unwrap();
        apply(&mut s, Role::Candidate, None, &entries, Local::now());
        let sheet = s.answers[2].scores.self_.as_ref().unwrap();
        assert_eq!(sheet.principles["deliver-results"], 2);
        assert_eq!(sheet.criteria["architecture"], Mark::Partly);
        assert_eq!(sheet.notes["deliver-results"], "no numbers");
        assert_eq!(sheet.note.as_deref(), Some("solid"));
        assert!(sheet.scored_at.is_some());
        assert!(s.answers[2].scores.coach.is_none());
        assert_eq!(s.status, Status::Recorded); // answer 0 not scored yet
    }

    #[test]
    fn every_problem_is_reported_with_its_location() {
        let text = r#"[[answers]]
question = "zero-loss-rollbak"

[[answers]]
question = "outside-your-remit"

[[answers]]
question = "zero-loss-rollback"
principles = { deliver-results = 5, earn-trust = 3, insist-on-the-highest-standards = "3" }
criteria = { requirements = "maybe", situation = "y" }
notes = { ownership = "x" }
"#;
        let got = problems(text);
        assert_eq!(
            got,
            [
                "2:12 session `s1` has no question `zero-loss-rollbak`",
                "5:12 question `outside-your-remit` was not recorded in this session (skipped)",
                "9:34 score 5 for `deliver-results` is outside the scale 1..=4",
                "9:37 principle `earn-trust` is not tagged on question `zero-loss-rollback`",
                "9:87 score for `insist-on-the-highest-standards` must be a whole number 1..=4, not \"3\"",
                "10:29 criterion `requirements` has \"maybe\"; expected \"y\", \"p\" or \"n\"",
                "10:38 criterion `situation` is not a system-design criterion (question `zero-loss-rollback`)",
                "11:11 principle `ownership` is not tagged on question `zero-loss-rollback`",
            ]
        );
    }

    #[test]
    fn unknown_keys_duplicates_and_empty_files_are_errors() {
        assert_eq!(
            problems("[[answers]]\nquestion = \"zero-loss-rollback\"\nscore = 3\n"),
            [
                "3:1 unknown field `score`, expected one of `question`, `principles`, `criteria`, `notes`, `note`, `improve`"
            ]
        );
        assert_eq!(problems("")[0], "1:1 the file has no [[answers]]");
        let dup = "[[answers]]\nquestion = \"outage-trust-rebuild\"\n[[answers]]\nquestion = \"outage-trust-rebuild\"\n";
        assert_eq!(
            problems(dup),
            ["4:12 question `outage-trust-rebuild` is scored twice in this file"]
        );
    }
}
