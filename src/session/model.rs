//! The session as stored in `session.json`: what was asked, what was recorded, the scores.
//!
//! A session carries a snapshot of its question set's settings and of the rubric, so an old
//! report stays right after the files change.

use std::collections::BTreeMap;

use chrono::{DateTime, Local};
use serde::{Deserialize, Serialize};

use crate::analysis::Thresholds;
use crate::catalog::{Question, QuestionSet, Rubric, Source};

/// Bumped when `session.json` changes in a way old readers cannot handle.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub schema_version: u32,
    /// The folder name, e.g. `2026-11-27T14-05-09-amazon-lp`.
    pub id: String,
    pub created: DateTime<Local>,
    pub updated: DateTime<Local>,
    pub status: Status,
    pub set: SetSnapshot,
    pub rubric: Rubric,
    /// The questions asked, in order; `answers[i]` belongs to `questions[i]`.
    pub questions: Vec<Question>,
    pub answers: Vec<Answer>,
    /// How the session was started, so `resume` continues the same way.
    pub settings: Settings,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Not every question has been answered or skipped yet.
    InProgress,
    /// Every question answered or skipped; not every answer scored.
    Recorded,
    /// Every recorded answer has a complete self score.
    Scored,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::InProgress => "in-progress",
            Status::Recorded => "recorded",
            Status::Scored => "scored",
        }
    }
}

/// The question set as it was when the session started (its questions are in `Session`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SetSnapshot {
    pub id: String,
    pub title: String,
    pub source: String,
    pub prep_seconds: u32,
    pub answer_seconds: u32,
    pub analysis: Thresholds,
}

impl SetSnapshot {
    pub fn of(set: &QuestionSet) -> Self {
        SetSnapshot {
            id: set.id.clone(),
            title: set.title.clone(),
            source: match &set.source {
                Source::Embedded => "embedded".into(),
                Source::Path(p) => p.display().to_string(),
            },
            prep_seconds: set.prep_seconds,
            answer_seconds: set.answer_seconds,
            analysis: set.analysis.clone(),
        }
    }
}

/// Settings given to `run` that `resume` reuses.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Settings {
    pub pick: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    /// `--prep` / `--answer` overrides (seconds), if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prep_seconds: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_seconds: Option<u32>,
    #[serde(default)]
    pub no_beep: bool,
    #[serde(default)]
    pub score_later: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AnswerStatus {
    /// Not asked yet (or interrupted: asked again on resume).
    Pending,
    Recorded,
    Skipped,
}

/// One question's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The question id.
    pub question: String,
    pub status: AnswerStatus,
    /// Relative to the session folder, e.g. `answers/01-zero-loss-rollback.wav`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    #[serde(default)]
    pub duration_s: f64,
    #[serde(default)]
    pub sample_rate: u32,
    #[serde(default)]
    pub frames: u64,
    /// Takes made for this answer, redos included.
    #[serde(default)]
    pub takes: u32,
    /// Earlier takes that were interrupted and kept (relative paths).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub earlier_takes: Vec<String>,
    #[serde(default)]
    pub dropped_frames: u64,
    #[serde(default)]
    pub xruns: u64,
    #[serde(default)]
    pub peak_dbfs: Option<f32>,
    #[serde(default)]
    pub rms_dbfs: Option<f32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_at: Option<DateTime<Local>>,
    /// Speech metrics (see `rehearse analyze --json`), once computed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metrics: Option<serde_json::Value>,
    #[serde(default)]
    pub scores: Scores,
}

impl Answer {
    pub fn pending(question: &str) -> Self {
        Answer {
            question: question.to_string(),
            status: AnswerStatus::Pending,
            file: None,
            duration_s: 0.0,
            sample_rate: 0,
            frames: 0,
            takes: 0,
            earlier_takes: Vec::new(),
            dropped_frames: 0,
            xruns: 0,
            peak_dbfs: None,
            rms_dbfs: None,
            recorded_at: None,
            metrics: None,
            scores: Scores::default(),
        }
    }
}

/// Self and coach scores, kept apart: a coach never writes over `self`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scores {
    #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
    pub self_: Option<ScoreSheet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coach: Option<ScoreSheet>,
}

/// One person's scores for one answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScoreSheet {
    /// principle id → scale value.
    #[serde(default)]
    pub principles: BTreeMap<String, u8>,
    /// criterion id → y / p / n.
    #[serde(default)]
    pub criteria: BTreeMap<String, Mark>,
    /// principle id → a one-line note.
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// One thing to do better next time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub improve: Option<String>,
    /// Who scored (the coach's name; absent for self scores).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
    /// Set when the sheet is complete.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scored_at: Option<DateTime<Local>>,
}

/// A structure criterion's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mark {
    #[serde(rename = "y")]
    Yes,
    #[serde(rename = "p")]
    Partly,
    #[serde(rename = "n")]
    No,
}

impl Mark {
    pub fn parse(s: &str) -> Option<Mark> {
        match s.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" => Some(Mark::Yes),
            "p" | "partly" | "partial" => Some(Mark::Partly),
            "n" | "no" => Some(Mark::No),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Yes => "y",
            Mark::Partly => "p",
            Mark::No => "n",
        }
    }
}

impl Session {
    /// A new session for the questions picked from `set`.
    pub fn new(
        id: String,
        set: &QuestionSet,
        rubric: &Rubric,
        questions: Vec<Question>,
        settings: Settings,
    ) -> Self {
        let now = Local::now();
        Session {
            schema_version: SCHEMA_VERSION,
            id,
            created: now,
            updated: now,
            status: Status::InProgress,
            set: SetSnapshot::of(set),
            rubric: rubric.clone(),
            answers: questions.iter().map(|q| Answer::pending(&q.id)).collect(),
            questions,
            settings,
        }
    }

    /// Index of the first question not yet answered or skipped.
    pub fn next_pending(&self) -> Option<usize> {
        self.answers
            .iter()
            .position(|a| a.status == AnswerStatus::Pending)
    }

    pub fn recorded(&self) -> impl Iterator<Item = (usize, &Question, &Answer)> {
        self.questions
            .iter()
            .zip(&self.answers)
            .enumerate()
            .filter(|(_, (_, a))| a.status == AnswerStatus::Recorded)
            .map(|(i, (q, a))| (i, q, a))
    }

    /// Is this sheet complete for question `q` (every principle and criterion filled)?
    pub fn sheet_complete(&self, q: &Question, sheet: Option<&ScoreSheet>) -> bool {
        let Some(sheet) = sheet else { return false };
        q.principles
            .iter()
            .all(|p| sheet.principles.contains_key(p))
            && self
                .rubric
                .criteria_for(q.category)
                .iter()
                .all(|c| sheet.criteria.contains_key(&c.id))
    }

    /// Recompute `status` from the answers and scores.
    pub fn refresh_status(&mut self) {
        self.status = if self.next_pending().is_some() {
            Status::InProgress
        } else if self.recorded().count() > 0
            && self
                .recorded()
                .all(|(_, q, a)| self.sheet_complete(q, a.scores.self_.as_ref()))
        {
            Status::Scored
        } else {
            Status::Recorded
        };
    }

    /// Total recorded answer time in seconds.
    pub fn answered_seconds(&self) -> f64 {
        self.recorded().map(|(_, _, a)| a.duration_s).sum()
    }

    /// File name stem for answer `index` (0-based): `01-zero-loss-rollback`.
    pub fn answer_stem(&self, index: usize) -> String {
        format!("{:02}-{}", index + 1, self.questions[index].id)
    }
}

/// Is `file` (as stored in `session.json`) a plain `answers/NAME.wav` inside the session
/// folder? Nothing a file says may point outside it.
pub fn safe_answer_path(file: &str) -> bool {
    let Some(name) = file.strip_prefix("answers/") else {
        return false;
    };
    name.ends_with(".wav")
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl Session {
    /// What makes this session unsafe or inconsistent to use (empty when fine): ids that
    /// would become paths, answers that do not match the questions, files outside
    /// `answers/`. Checked whenever a session is loaded.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let plain =
            |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if !plain(&self.id) {
            out.push(format!("session id {:?} is not a plain name", self.id));
        }
        if self.answers.len() != self.questions.len() {
            out.push(format!(
                "{} answers for {} questions",
                self.answers.len(),
                self.questions.len()
            ));
        }
        for (i, q) in self.questions.iter().enumerate() {
            if !crate::catalog::is_valid_id(&q.id) {
                out.push(format!(
                    "question {} has id {:?}, not [a-z0-9-]+",
                    i + 1,
                    q.id
                ));
            }
        }
        for (i, a) in self.answers.iter().enumerate() {
            if self.questions.get(i).is_some_and(|q| q.id != a.question) {
                out.push(format!(
                    "answer {} is for `{}` but question {} is `{}`",
                    i + 1,
                    a.question,
                    i + 1,
                    self.questions[i].id
                ));
            }
            for f in a.file.iter().chain(&a.earlier_takes) {
                if !safe_answer_path(f) {
                    out.push(format!(
                        "answer {} names the file {f:?}, which is not answers/NAME.wav",
                        i + 1
                    ));
                }
            }
        }
        out
    }
}
