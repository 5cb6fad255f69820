//! The session report's template context: a pure function from a session (plus the
//! waveforms read at the edge) to typed, serializable values.
//!
//! Every string a person or a file supplied is carried as plain text; the templates escape
//! it. Numbers are formatted here so the templates need no logic beyond `if` and `each`.

use serde::Serialize;

use super::metrics::Metrics;
use super::svg::{self, ScoreBars, Waveform};
use super::wave::Peaks;
use crate::analysis::Thresholds;
use crate::catalog::{Question, Rubric};
use crate::session::{Answer, AnswerStatus, Mark, ScoreSheet, Session};

/// What the report template sees.
#[derive(Debug, Clone, Serialize)]
pub struct ReportContext {
    pub generator: String,
    pub title: String,
    pub session_id: String,
    pub date: String,
    pub date_iso: String,
    pub set_title: String,
    pub set_id: String,
    pub rubric_title: String,
    pub status: String,
    pub question_count: usize,
    pub recorded_count: usize,
    pub skipped_count: usize,
    pub total_speaking: String,
    pub has_coach: bool,
    pub coaches: Vec<String>,
    pub max_score: u8,
    pub scale: Vec<ScaleItem>,
    pub summary: Vec<PrincipleSummary>,
    pub has_summary: bool,
    pub answers: Vec<AnswerView>,
    pub thresholds: Vec<Row>,
    pub embedded_audio: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScaleItem {
    pub value: u8,
    pub label: String,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleSummary {
    pub id: String,
    pub name: String,
    pub self_avg: Option<String>,
    pub coach_avg: Option<String>,
    /// Coach minus self, signed ("+0.5", "−1.0"), when both scored.
    pub difference: Option<String>,
    pub difference_class: String,
    pub answers: usize,
    pub bars: ScoreBars,
}

#[derive(Debug, Clone, Serialize)]
pub struct AnswerView {
    pub number: usize,
    pub anchor: String,
    pub question_id: String,
    pub question: String,
    pub category: String,
    pub difficulty: String,
    pub follow_ups: Vec<String>,
    pub status: String,
    pub recorded: bool,
    pub audio_src: Option<String>,
    pub duration: String,
    pub target: String,
    pub length_note: Option<String>,
    pub length_ok: bool,
    pub takes: u32,
    pub waveform: Option<Waveform>,
    pub metrics: Vec<MetricRow>,
    pub has_metrics: bool,
    pub warnings: Vec<String>,
    pub principles: Vec<PrincipleScore>,
    pub criteria: Vec<CriterionRow>,
    pub has_scores: bool,
    pub sheets: Vec<SheetView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MetricRow {
    pub label: String,
    pub value: String,
    /// The threshold it is held against, when there is one.
    pub limit: Option<String>,
    pub flagged: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleScore {
    pub id: String,
    pub name: String,
    pub self_score: Option<ScoreCell>,
    pub coach_score: Option<ScoreCell>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreCell {
    pub value: u8,
    pub label: String,
    pub descriptor: String,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CriterionRow {
    pub name: String,
    pub prompt: String,
    pub self_mark: Option<MarkView>,
    pub coach_mark: Option<MarkView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MarkView {
    pub symbol: &'static str,
    pub text: &'static str,
    pub class: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SheetView {
    pub who: String,
    pub note: Option<String>,
    pub improve: Option<String>,
    pub scored_at: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub label: String,
    pub value: String,
}

/// What was read from disk for one answer.
#[derive(Debug, Clone, Default)]
pub struct AnswerAudio {
    /// The player's `src`: the relative path, or a `data:` URI when embedding.
    pub src: Option<String>,
    pub peaks: Option<Peaks>,
}

pub use crate::clock::clock;

/// "12 min 5 s", "45 s".
pub fn long_duration(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    match (s / 60, s % 60) {
        (0, s) => format!("{s} s"),
        (m, 0) => format!("{m} min"),
        (m, s) => format!("{m} min {s} s"),
    }
}

pub fn one_decimal(v: f64) -> String {
    format!("{v:.1}")
}

fn signed(v: f64) -> String {
    let r = (v * 10.0).round() / 10.0;
    if r > 0.0 {
        format!("+{r:.1}")
    } else if r < 0.0 {
        format!("\u{2212}{:.1}", -r)
    } else {
        "0.0".to_string()
    }
}

/// "0.25 s", "1.2 s", "5 s".
fn seconds_short(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} s")
}

/// A warning id from the analysis ("too-quiet") as words ("Too quiet").
fn warning_text(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn mean(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

pub use crate::session::safe_answer_path;

fn mark_view(mark: Mark) -> MarkView {
    match mark {
        Mark::Yes => MarkView {
            symbol: "\u{2713}",
            text: "yes",
            class: "yes",
        },
        Mark::Partly => MarkView {
            symbol: "\u{25d1}",
            text: "partly",
            class: "partly",
        },
        Mark::No => MarkView {
            symbol: "\u{2717}",
            text: "no",
            class: "no",
        },
    }
}

fn score_cell(rubric: &Rubric, principle: &str, sheet: Option<&ScoreSheet>) -> Option<ScoreCell> {
    let sheet = sheet?;
    let value = *sheet.principles.get(principle)?;
    Some(ScoreCell {
        value,
        label: rubric
            .level(value)
            .map(|l| l.label.clone())
            .unwrap_or_default(),
        descriptor: rubric
            .principle(principle)
            .and_then(|p| p.descriptor(value))
            .unwrap_or_default()
            .to_string(),
        note: sheet
            .notes
            .get(principle)
            .filter(|n| !n.trim().is_empty())
            .cloned(),
    })
}

fn sheet_view(who: &str, sheet: Option<&ScoreSheet>) -> Option<SheetView> {
    let sheet = sheet?;
    let who = match &sheet.by {
        Some(by) if !by.trim().is_empty() => format!("{who} ({by})"),
        _ => who.to_string(),
    };
    Some(SheetView {
        who,
        note: sheet.note.clone().filter(|n| !n.trim().is_empty()),
        improve: sheet.improve.clone().filter(|n| !n.trim().is_empty()),
        scored_at: sheet
            .scored_at
            .map(|t| t.format("%-d %b %Y, %H:%M").to_string()),
    })
}

fn metric_rows(m: &Metrics, t: &Thresholds) -> Vec<MetricRow> {
    let mut rows = Vec::new();
    let mut push = |label: &str, value: Option<String>, limit: Option<String>, flagged: bool| {
        if let Some(value) = value {
            rows.push(MetricRow {
                label: label.to_string(),
                value,
                limit,
                flagged,
            });
        }
    };
    push(
        "Speaking time",
        m.speech_s.map(|s| {
            let ratio = m
                .speaking_ratio
                .map(|r| format!(" ({:.0}% of the answer)", r * 100.0))
                .unwrap_or_default();
            format!("{}{ratio}", long_duration(s))
        }),
        None,
        false,
    );
    push(
        "Time to first word",
        m.first_word_s.map(seconds_short),
        Some(format!("long start over {}", seconds_short(t.long_start_s))),
        m.first_word_s.is_some_and(|f| f > t.long_start_s),
    );
    let pauses = match (m.pauses.medium, m.pauses.long) {
        (None, None) => None,
        (medium, long) => Some(format!(
            "{} medium, {} long{}",
            medium.unwrap_or(0),
            long.unwrap_or(0),
            m.pauses
                .longest_s
                .map(|l| format!("; longest {}", seconds_short(l)))
                .unwrap_or_default()
        )),
    };
    push(
        "Pauses",
        pauses,
        Some(format!(
            "medium {}\u{2013}{}, long over {}",
            seconds_short(t.min_pause_s),
            seconds_short(t.long_pause_s),
            seconds_short(t.long_pause_s)
        )),
        false,
    );
    push(
        "Words per minute (estimate)",
        m.wpm_estimate.map(|w| format!("{w:.0}")),
        Some(format!(
            "comfortable {:.0}\u{2013}{:.0}; {} syllables per word",
            t.slow_wpm, t.fast_wpm, t.syllables_per_word
        )),
        m.wpm_estimate
            .is_some_and(|w| w < t.slow_wpm || w > t.fast_wpm),
    );
    push(
        "Syllables (estimate)",
        m.syllables.map(|s| format!("{s:.0}")),
        None,
        false,
    );
    push(
        "Speech rate",
        m.speech_rate.map(|r| format!("{r:.2} syllables/s")),
        None,
        false,
    );
    push(
        "Articulation rate",
        m.articulation_rate.map(|r| format!("{r:.2} syllables/s")),
        None,
        false,
    );
    push(
        "Loudness (RMS)",
        m.rms_dbfs.map(|v| format!("{v:.1} dBFS")),
        Some(format!("too quiet below {} dBFS", t.quiet_rms_dbfs)),
        m.rms_dbfs.is_some_and(|v| v < t.quiet_rms_dbfs),
    );
    push(
        "Peak",
        m.peak_dbfs.map(|v| format!("{v:.1} dBFS")),
        Some(format!("too quiet below {} dBFS", t.quiet_peak_dbfs)),
        m.peak_dbfs.is_some_and(|v| v < t.quiet_peak_dbfs),
    );
    push(
        "Clipped samples",
        m.clipped_ratio.map(|r| format!("{:.2}%", r * 100.0)),
        Some(format!("clipping over {:.2}%", t.clip_ratio * 100.0)),
        m.clipped_ratio.is_some_and(|r| r > t.clip_ratio),
    );
    rows
}

fn threshold_rows(t: &Thresholds) -> Vec<Row> {
    let row = |label: &str, value: String| Row {
        label: label.to_string(),
        value,
    };
    let window = |w: [f64; 2]| format!("{} \u{2013} {}", long_duration(w[0]), long_duration(w[1]));
    vec![
        row("Behavioral answer length", window(t.behavioral_s)),
        row("Technical answer length", window(t.technical_s)),
        row("System-design answer length", window(t.system_design_s)),
        row(
            "Long start",
            format!("first word after {}", seconds_short(t.long_start_s)),
        ),
        row(
            "Pauses",
            format!(
                "medium {} \u{2013} {}, long over {}",
                seconds_short(t.min_pause_s),
                seconds_short(t.long_pause_s),
                seconds_short(t.long_pause_s)
            ),
        ),
        row(
            "Words per minute (estimate)",
            format!(
                "slow under {:.0}, fast over {:.0} ({} syllables per word)",
                t.slow_wpm, t.fast_wpm, t.syllables_per_word
            ),
        ),
        row(
            "Too quiet",
            format!(
                "RMS under {} dBFS or peak under {} dBFS",
                t.quiet_rms_dbfs, t.quiet_peak_dbfs
            ),
        ),
        row(
            "Clipping",
            format!(
                "over {:.2}% of samples at {}% of full scale",
                t.clip_ratio * 100.0,
                t.clip_level * 100.0
            ),
        ),
    ]
}

fn answer_view(
    session: &Session,
    index: usize,
    q: &Question,
    a: &Answer,
    audio: &AnswerAudio,
) -> AnswerView {
    let rubric = &session.rubric;
    let t = &session.set.analysis;
    let recorded = a.status == AnswerStatus::Recorded;
    let [lo, hi] = t.window(q.category);
    let length_ok = !recorded || (a.duration_s >= lo && a.duration_s <= hi);
    let length_note = (recorded && !length_ok).then(|| {
        if a.duration_s < lo {
            "shorter than the target".to_string()
        } else {
            "longer than the target".to_string()
        }
    });
    let metrics = a.metrics.as_ref().map(Metrics::from_value);
    let waveform = audio
        .peaks
        .as_ref()
        .filter(|p| !p.columns.is_empty())
        .map(|p| {
            let speech = metrics
                .as_ref()
                .map(|m| m.speech_regions(p.duration_s))
                .unwrap_or_default();
            svg::waveform(
                p,
                &speech,
                format!(
                    "Waveform of answer {}, {}{}",
                    index + 1,
                    clock(p.duration_s),
                    if speech.is_empty() {
                        String::new()
                    } else {
                        format!(", {} stretches of speech shaded", speech.len())
                    }
                ),
            )
        });
    let principles = q
        .principles
        .iter()
        .map(|pid| PrincipleScore {
            id: pid.clone(),
            name: rubric
                .principle(pid)
                .map_or_else(|| pid.clone(), |p| p.name.clone()),
            self_score: score_cell(rubric, pid, a.scores.self_.as_ref()),
            coach_score: score_cell(rubric, pid, a.scores.coach.as_ref()),
        })
        .collect();
    let criteria = rubric
        .criteria_for(q.category)
        .iter()
        .map(|c| CriterionRow {
            name: c.name.clone(),
            prompt: c.prompt.clone(),
            self_mark: a
                .scores
                .self_
                .as_ref()
                .and_then(|s| s.criteria.get(&c.id))
                .copied()
                .map(mark_view),
            coach_mark: a
                .scores
                .coach
                .as_ref()
                .and_then(|s| s.criteria.get(&c.id))
                .copied()
                .map(mark_view),
        })
        .collect();
    let sheets: Vec<SheetView> = [
        sheet_view("Self", a.scores.self_.as_ref()),
        sheet_view("Coach", a.scores.coach.as_ref()),
    ]
    .into_iter()
    .flatten()
    .collect();
    let metric_rows = metrics
        .as_ref()
        .map(|m| metric_rows(m, t))
        .unwrap_or_default();
    AnswerView {
        number: index + 1,
        anchor: format!("answer-{}", index + 1),
        question_id: q.id.clone(),
        question: q.text.clone(),
        category: q.category.as_str().replace('-', " "),
        difficulty: q.difficulty.as_str().to_string(),
        follow_ups: q.follow_ups.clone(),
        status: match a.status {
            AnswerStatus::Recorded => "recorded",
            AnswerStatus::Skipped => "skipped",
            AnswerStatus::Pending => "not answered",
        }
        .to_string(),
        recorded,
        audio_src: if recorded { audio.src.clone() } else { None },
        duration: clock(a.duration_s),
        target: format!("{}\u{2013}{}", clock(lo), clock(hi)),
        length_note,
        length_ok,
        takes: a.takes,
        waveform: if recorded { waveform } else { None },
        has_metrics: !metric_rows.is_empty(),
        metrics: metric_rows,
        warnings: metrics
            .map(|m| m.warnings.iter().map(|w| warning_text(w)).collect())
            .unwrap_or_default(),
        has_scores: a.scores.self_.is_some() || a.scores.coach.is_some(),
        principles,
        criteria,
        sheets,
    }
}

fn summary(session: &Session) -> Vec<PrincipleSummary> {
    let rubric = &session.rubric;
    let max = rubric.max_score();
    rubric
        .principles
        .iter()
        .filter_map(|p| {
            let mut answers = 0;
            let mut self_scores = Vec::new();
            let mut coach_scores = Vec::new();
            for (_, q, a) in session.recorded() {
                if !q.principles.contains(&p.id) {
                    continue;
                }
                answers += 1;
                let get = |s: Option<&ScoreSheet>| {
                    s.and_then(|s| s.principles.get(&p.id))
                        .map(|&v| f64::from(v))
                };
                self_scores.extend(get(a.scores.self_.as_ref()));
                coach_scores.extend(get(a.scores.coach.as_ref()));
            }
            if answers == 0 {
                return None;
            }
            let s = mean(&self_scores);
            let c = mean(&coach_scores);
            let diff = s.zip(c).map(|(s, c)| c - s);
            Some(PrincipleSummary {
                id: p.id.clone(),
                name: p.name.clone(),
                self_avg: s.map(one_decimal),
                coach_avg: c.map(one_decimal),
                difference: diff.map(signed),
                difference_class: match diff {
                    Some(d) if d >= 0.05 => "up",
                    Some(d) if d <= -0.05 => "down",
                    _ => "even",
                }
                .to_string(),
                answers,
                bars: svg::score_bars(
                    s,
                    c,
                    max,
                    format!(
                        "{}: self {}, coach {} (of {max})",
                        p.name,
                        s.map_or("not scored".into(), one_decimal),
                        c.map_or("not scored".into(), one_decimal)
                    ),
                ),
            })
        })
        .collect()
}

/// Build the report context. `audio[i]` belongs to `session.answers[i]` (missing = none).
pub fn build(session: &Session, audio: &[AnswerAudio], embedded_audio: bool) -> ReportContext {
    let none = AnswerAudio::default();
    let answers: Vec<AnswerView> = session
        .questions
        .iter()
        .zip(&session.answers)
        .enumerate()
        .map(|(i, (q, a))| answer_view(session, i, q, a, audio.get(i).unwrap_or(&none)))
        .collect();
    let mut coaches: Vec<String> = session
        .answers
        .iter()
        .filter_map(|a| a.scores.coach.as_ref())
        .filter_map(|c| c.by.clone())
        .filter(|b| !b.trim().is_empty())
        .collect();
    coaches.sort();
    coaches.dedup();
    let summary = summary(session);
    ReportContext {
        generator: format!("rehearse {}", env!("CARGO_PKG_VERSION")),
        title: format!("Mock interview \u{2014} {}", session.set.title),
        session_id: session.id.clone(),
        date: session.created.format("%A %-d %B %Y, %H:%M").to_string(),
        // A local date-time (no offset) so the page reads the same in every time zone.
        date_iso: session.created.format("%Y-%m-%dT%H:%M").to_string(),
        set_title: session.set.title.clone(),
        set_id: session.set.id.clone(),
        rubric_title: session.rubric.title.clone(),
        status: session.status.as_str().to_string(),
        question_count: session.questions.len(),
        recorded_count: session.recorded().count(),
        skipped_count: session
            .answers
            .iter()
            .filter(|a| a.status == AnswerStatus::Skipped)
            .count(),
        total_speaking: long_duration(session.answered_seconds()),
        has_coach: session.answers.iter().any(|a| a.scores.coach.is_some()),
        coaches,
        max_score: session.rubric.max_score(),
        scale: session
            .rubric
            .scale
            .iter()
            .map(|l| ScaleItem {
                value: l.value,
                label: l.label.clone(),
                meaning: l.meaning.clone(),
            })
            .collect(),
        has_summary: !summary.is_empty(),
        summary,
        answers,
        thresholds: threshold_rows(&session.set.analysis),
        embedded_audio,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_naturally() {
        assert_eq!(clock(95.4), "1:35");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(long_duration(45.0), "45 s");
        assert_eq!(long_duration(120.0), "2 min");
        assert_eq!(long_duration(725.0), "12 min 5 s");
        assert_eq!(signed(0.5), "+0.5");
        assert_eq!(signed(-1.04), "\u{2212}1.0");
        assert_eq!(signed(0.01), "0.0");
        assert_eq!(seconds_short(0.25), "0.25 s");
        assert_eq!(seconds_short(5.0), "5 s");
        assert_eq!(seconds_short(1.2), "1.2 s");
        assert_eq!(warning_text("too-quiet"), "Too quiet");
    }

    #[test]
    fn only_plain_answer_paths_get_a_player() {
        assert!(safe_answer_path("answers/01-dive-deep.wav"));
        for bad in [
            "javascript:alert(1)",
            "answers/../session.json",
            "/etc/passwd",
            "answers/a b.wav",
            "answers/x.wav?x",
            "answers/.wav",
            "answers/sub/x.wav",
        ] {
            assert!(!safe_answer_path(bad), "{bad}");
        }
    }
}
