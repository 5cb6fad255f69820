//! What the walk-through shows: the answer header and summary line, a principle's card with
//! its anchored descriptors, a criterion's question. Pure text, wrapped to a given width.

use std::fmt::Write as _;

use serde_json::Value as Json;

use super::player::clock;
use crate::catalog::{Criterion, Principle, Question, Rubric};
use crate::session::{Answer, Mark};

/// `── Answer 1 of 3 · outage-trust-rebuild (behavioral, easy) ──…` and the question text.
pub fn answer_header(q: &Question, position: usize, total: usize, width: usize) -> String {
    let title = format!(
        "── Answer {position} of {total} · {} ({}, {}) ",
        q.id, q.category, q.difficulty
    );
    let pad = width.saturating_sub(title.chars().count());
    let mut text = format!("\n{title}{}\n", "─".repeat(pad));
    for line in textwrap::wrap(&q.text, width) {
        let _ = writeln!(text, "{line}");
    }
    text
}

/// One line about the recording: length, level and, when analysed, speech metrics.
pub fn answer_summary(a: &Answer) -> String {
    let mut parts = vec![format!("recording {}", clock(a.duration_s))];
    match (a.rms_dbfs, a.peak_dbfs) {
        (Some(rms), Some(peak)) => parts.push(format!("level {rms:.0} dBFS (peak {peak:.0})")),
        (Some(rms), None) => parts.push(format!("level {rms:.0} dBFS")),
        (None, Some(peak)) => parts.push(format!("peak {peak:.0} dBFS")),
        (None, None) => {}
    }
    if let Some(m) = &a.metrics {
        let num = |path: &[&str]| {
            path.iter()
                .try_fold(m, |v, k| v.get(k))
                .and_then(Json::as_f64)
        };
        if let Some(s) = num(&["speech_s"]) {
            parts.push(format!("speech {}", clock(s)));
        }
        if let Some(n) = num(&["pauses", "long"]) {
            let n = n as u64;
            parts.push(format!("{n} long pause{}", if n == 1 { "" } else { "s" }));
        }
        if let Some(w) = num(&["wpm_estimate"]) {
            parts.push(format!("~{w:.0} wpm (estimate)"));
        }
        let warnings: Vec<String> = m
            .get("warnings")
            .and_then(Json::as_array)
            .map(|list| list.iter().filter_map(warning_name).collect())
            .unwrap_or_default();
        if !warnings.is_empty() {
            parts.push(format!("warnings: {}", warnings.join(", ")));
        }
    }
    parts.join(" · ")
}

/// A warning is a string (`"too-quiet"`) or an object naming one.
fn warning_name(w: &Json) -> Option<String> {
    if let Some(s) = w.as_str() {
        return Some(s.to_string());
    }
    ["kind", "id", "code", "name"]
        .iter()
        .find_map(|k| w.get(k).and_then(Json::as_str))
        .map(str::to_string)
}

/// The principle's card: name, summary, what to look for, red flags, and each scale value
/// with its label and anchored descriptor — everything needed at the moment of scoring.
pub fn principle_card(
    rubric: &Rubric,
    p: &Principle,
    position: usize,
    total: usize,
    width: usize,
) -> String {
    let mut text = format!("\n{} — principle {position} of {total}\n", p.name);
    wrap_into(&mut text, &p.summary, "  ", "  ", width);
    if !p.look_for.is_empty() {
        text.push_str("  Look for:\n");
        for l in &p.look_for {
            wrap_into(&mut text, l, "   + ", "     ", width);
        }
    }
    if !p.red_flags.is_empty() {
        text.push_str("  Red flags:\n");
        for l in &p.red_flags {
            wrap_into(&mut text, l, "   - ", "     ", width);
        }
    }
    let label_w = rubric
        .scale
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(0);
    for level in &rubric.scale {
        let head = format!("  {} {:label_w$}  ", level.value, level.label);
        let indent = " ".repeat(head.chars().count());
        let descriptor = p.descriptor(level.value).unwrap_or("");
        // Narrow terminals: descriptor under the label instead of beside it.
        if width.saturating_sub(indent.len()) < 30 {
            let _ = writeln!(text, "{}", head.trim_end());
            wrap_into(&mut text, descriptor, "      ", "      ", width);
        } else {
            wrap_into(&mut text, descriptor, &head, &indent, width);
        }
    }
    text
}

/// `Structure (behavioral): y yes · p partly · n no`
pub fn criteria_header(q: &Question) -> String {
    format!(
        "\nStructure of the answer ({}): y yes · p partly · n no\n",
        q.category
    )
}

/// A criterion's name and question.
pub fn criterion_card(c: &Criterion, position: usize, total: usize, width: usize) -> String {
    let mut text = String::new();
    wrap_into(
        &mut text,
        &format!("{position}/{total} {}: {}", c.name, c.prompt),
        "  ",
        "      ",
        width,
    );
    text
}

pub fn mark_word(m: Mark) -> &'static str {
    match m {
        Mark::Yes => "yes",
        Mark::Partly => "partly",
        Mark::No => "no",
    }
}

/// `3 Clearly shown`
pub fn score_word(rubric: &Rubric, v: u8) -> String {
    match rubric.level(v) {
        Some(l) => format!("{v} {}", l.label),
        None => v.to_string(),
    }
}

/// A text shortened to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

fn wrap_into(out: &mut String, text: &str, first: &str, rest: &str, width: usize) {
    let options = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(rest);
    for line in textwrap::wrap(text, options) {
        let _ = writeln!(out, "{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::tests::session;

    #[test]
    fn cards_fit_80_columns_and_show_every_descriptor() {
        let s = session();
        for p in &s.rubric.principles {
            let card = principle_card(&s.rubric, p, 1, 3, 80);
            for line in card.lines() {
                assert!(line.chars().count() <= 80, "too wide: {line:?}");
            }
            for (i, d) in p.descriptors.iter().enumerate() {
                let first_words: String =
                    d.split_whitespace().take(3).collect::<Vec<_>>().join(" ");
                assert!(card.contains(&first_words), "descriptor {} missing", i + 1);
            }
            assert!(card.contains("Look for:") && card.contains(&p.name));
        }
        for q in &s.questions {
            for line in answer_header(q, 1, 2, 80).lines() {
                assert!(line.chars().count() <= 80, "too wide: {line:?}");
            }
        }
    }

    #[test]
    fn summary_line_uses_metrics_when_present() {
        let mut a = crate::session::Answer::pending("q");
        a.duration_s = 134.2;
        a.rms_dbfs = Some(-18.3);
        a.peak_dbfs = Some(-3.1);
        assert_eq!(
            answer_summary(&a),
            "recording 2:14 · level -18 dBFS (peak -3)"
        );
        a.metrics = Some(serde_json::json!({
            "duration_s": 134.2, "speech_s": 118.0, "pauses": {"long": 3, "medium": 9},
            "wpm_estimate": 142.4, "warnings": ["too-quiet", {"kind": "long-start"}]
        }));
        assert_eq!(
            answer_summary(&a),
            "recording 2:14 · level -18 dBFS (peak -3) · speech 1:58 · 3 long pauses · \
             ~142 wpm (estimate) · warnings: too-quiet, long-start"
        );
    }

    #[test]
    fn shorten_keeps_short_text() {
        assert_eq!(shorten("abc", 5), "abc");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
