//! The progress page: every session in the reports folder, as trends.
//!
//! [`build`] is pure: it takes the sessions (already loaded) and the catalog's questions
//! and returns the template context.

use std::collections::BTreeMap;

use serde::Serialize;

use super::context::{long_duration, one_decimal};
use super::svg::{self, LineChart, SeriesInput};
use crate::catalog::Question;
use crate::session::{ScoreSheet, Session};

/// One session as the progress page sees it.
pub struct SessionEntry<'a> {
    /// The folder name under the reports folder.
    pub folder: String,
    pub session: &'a Session,
    pub has_report: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProgressContext {
    pub generator: String,
    pub session_count: usize,
    pub answer_count: usize,
    pub total_speaking: String,
    pub first_date: String,
    pub last_date: String,
    pub sessions: Vec<SessionRow>,
    pub principles: Vec<PrincipleTrend>,
    pub has_principles: bool,
    pub gap: Option<LineChart>,
    pub gap_note: String,
    pub questions: Vec<QuestionRow>,
    pub weakest: Vec<WeakPrinciple>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionRow {
    pub date: String,
    pub set_title: String,
    pub answered: usize,
    pub questions: usize,
    pub status: String,
    /// Relative link to the session's report, when it has one.
    pub href: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleTrend {
    pub id: String,
    pub name: String,
    pub self_avg: Option<String>,
    pub coach_avg: Option<String>,
    pub latest: Option<String>,
    pub scored_answers: usize,
    pub chart: LineChart,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuestionRow {
    pub id: String,
    pub text: String,
    pub count: usize,
    pub last: String,
    pub last_self: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeakPrinciple {
    pub id: String,
    pub name: String,
    pub average: String,
    pub basis: String,
    pub questions: Vec<TrainingQuestion>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TrainingQuestion {
    pub id: String,
    pub text: String,
    pub practised: usize,
}

fn mean(v: &[f64]) -> Option<f64> {
    (!v.is_empty()).then(|| v.iter().sum::<f64>() / v.len() as f64)
}

fn score(sheet: Option<&ScoreSheet>, principle: &str) -> Option<f64> {
    sheet?.principles.get(principle).map(|&v| f64::from(v))
}

/// Is `folder` safe to put into a relative link?
fn plain_folder(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.starts_with('.')
        && folder
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// Build the progress context. `entries` oldest first; `catalog` is every known question.
pub fn build(entries: &[SessionEntry<'_>], catalog: &[Question]) -> ProgressContext {
    let dates: Vec<String> = entries
        .iter()
        .map(|e| e.session.created.format("%-d %b").to_string())
        .collect();
    let max_score = entries
        .iter()
        .map(|e| e.session.rubric.max_score())
        .max()
        .unwrap_or(4)
        .max(2);

    // Principle names and order: the newest rubric snapshot that knows them.
    let mut names: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for e in entries.iter().rev() {
        for (i, p) in e.session.rubric.principles.iter().enumerate() {
            names.entry(p.id.clone()).or_insert((i, p.name.clone()));
        }
    }
    let mut order: Vec<(&String, &(usize, String))> = names.iter().collect();
    order.sort_by_key(|(_, (i, _))| *i);

    let mut principles = Vec::new();
    let mut ranking: Vec<(f64, &str, &str, bool)> = Vec::new();
    for (id, (_, name)) in &order {
        let mut self_series = Vec::new();
        let mut coach_series = Vec::new();
        let (mut all_self, mut all_coach, mut best) = (Vec::new(), Vec::new(), Vec::new());
        let mut any_coach_best = false;
        for e in entries {
            let (mut s, mut c) = (Vec::new(), Vec::new());
            for (_, q, a) in e.session.recorded() {
                if !q.principles.contains(id) {
                    continue;
                }
                let sv = score(a.scores.self_.as_ref(), id);
                let cv = score(a.scores.coach.as_ref(), id);
                s.extend(sv);
                c.extend(cv);
                if let Some(v) = cv.or(sv) {
                    best.push(v);
                    any_coach_best |= cv.is_some();
                }
            }
            self_series.push(mean(&s));
            coach_series.push(mean(&c));
            all_self.extend(s);
            all_coach.extend(c);
        }
        if all_self.is_empty() && all_coach.is_empty() {
            continue;
        }
        let mut series = vec![SeriesInput {
            name: "Self".into(),
            values: self_series.clone(),
        }];
        if !all_coach.is_empty() {
            series.push(SeriesInput {
                name: "Coach".into(),
                values: coach_series,
            });
        }
        if let Some(avg) = mean(&best) {
            ranking.push((avg, id.as_str(), name.as_str(), any_coach_best));
        }
        principles.push(PrincipleTrend {
            id: (*id).clone(),
            name: name.clone(),
            self_avg: mean(&all_self).map(one_decimal),
            coach_avg: mean(&all_coach).map(one_decimal),
            latest: self_series
                .iter()
                .rev()
                .flatten()
                .next()
                .copied()
                .map(one_decimal),
            scored_answers: all_self.len().max(all_coach.len()),
            chart: svg::line_chart(
                &dates,
                &series,
                (1.0, f64::from(max_score)),
                1.0,
                (300, 130),
                format!("{name}: average score per session"),
            ),
        });
    }

    // Self minus coach, per session, over answers both scored.
    let gaps: Vec<Option<f64>> = entries
        .iter()
        .map(|e| {
            let mut d = Vec::new();
            for (_, q, a) in e.session.recorded() {
                for p in &q.principles {
                    if let (Some(s), Some(c)) = (
                        score(a.scores.self_.as_ref(), p),
                        score(a.scores.coach.as_ref(), p),
                    ) {
                        d.push(s - c);
                    }
                }
            }
            mean(&d)
        })
        .collect();
    let span = f64::from(max_score - 1);
    let gap = gaps.iter().any(Option::is_some).then(|| {
        svg::line_chart(
            &dates,
            &[SeriesInput {
                name: "Self minus coach".into(),
                values: gaps.clone(),
            }],
            (-span, span),
            1.0,
            (640, 220),
            "Self score minus coach score, per session".into(),
        )
    });
    let gap_note = match mean(&gaps.iter().flatten().copied().collect::<Vec<_>>()) {
        Some(g) if g > 0.25 => format!(
            "On average you score yourself {} points above your coach.",
            one_decimal(g)
        ),
        Some(g) if g < -0.25 => format!(
            "On average you score yourself {} points below your coach.",
            one_decimal(-g)
        ),
        Some(_) => "Your scores and your coach's agree closely.".into(),
        None => String::new(),
    };

    // Practice per question.
    let mut practised: BTreeMap<String, (String, usize, String, Option<f64>)> = BTreeMap::new();
    for e in entries {
        for (_, q, a) in e.session.recorded() {
            let row = practised
                .entry(q.id.clone())
                .or_insert_with(|| (q.text.clone(), 0, String::new(), None));
            row.0 = q.text.clone();
            row.1 += 1;
            row.2 = e.session.created.format("%-d %b %Y").to_string();
            let s: Vec<f64> = a
                .scores
                .self_
                .iter()
                .flat_map(|s| s.principles.values().map(|&v| f64::from(v)))
                .collect();
            row.3 = mean(&s);
        }
    }
    let mut questions: Vec<QuestionRow> = practised
        .into_iter()
        .map(|(id, (text, count, last, last_self))| QuestionRow {
            id,
            text,
            count,
            last,
            last_self: last_self.map(one_decimal),
        })
        .collect();
    questions.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.id.cmp(&b.id)));

    ranking.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(b.1)));
    let count_of = |id: &str| questions.iter().find(|q| q.id == id).map_or(0, |q| q.count);
    let weakest = ranking
        .iter()
        .take(3)
        .map(|(avg, id, name, coach)| {
            let mut training: Vec<TrainingQuestion> = catalog
                .iter()
                .filter(|q| q.principles.iter().any(|p| p == id))
                .map(|q| TrainingQuestion {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    practised: count_of(&q.id),
                })
                .collect();
            training.sort_by(|a, b| a.practised.cmp(&b.practised).then_with(|| a.id.cmp(&b.id)));
            training.dedup_by(|a, b| a.id == b.id);
            training.truncate(4);
            WeakPrinciple {
                id: id.to_string(),
                name: name.to_string(),
                average: one_decimal(*avg),
                basis: if *coach {
                    "coach scores where given, else self".into()
                } else {
                    "self scores".into()
                },
                questions: training,
            }
        })
        .collect();

    let answer_count = entries.iter().map(|e| e.session.recorded().count()).sum();
    let total: f64 = entries.iter().map(|e| e.session.answered_seconds()).sum();
    ProgressContext {
        generator: format!("rehearse {}", env!("CARGO_PKG_VERSION")),
        session_count: entries.len(),
        answer_count,
        total_speaking: long_duration(total),
        first_date: entries
            .first()
            .map(|e| e.session.created.format("%-d %B %Y").to_string())
            .unwrap_or_default(),
        last_date: entries
            .last()
            .map(|e| e.session.created.format("%-d %B %Y").to_string())
            .unwrap_or_default(),
        sessions: entries
            .iter()
            .rev()
            .map(|e| SessionRow {
                date: e.session.created.format("%a %-d %b %Y, %H:%M").to_string(),
                set_title: e.session.set.title.clone(),
                answered: e.session.recorded().count(),
                questions: e.session.questions.len(),
                status: e.session.status.as_str().to_string(),
                href: (e.has_report && plain_folder(&e.folder))
                    .then(|| format!("{}/{}", e.folder, super::REPORT_FILE)),
            })
            .collect(),
        has_principles: !principles.is_empty(),
        principles,
        gap,
        gap_note,
        questions,
        weakest,
    }
}
