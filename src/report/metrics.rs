//! A tolerant, typed view of an answer's speech metrics (`Answer::metrics`).
//!
//! The metrics are stored as free JSON so the analysis can grow without a schema bump.
//! The report reads only the keys it knows, each on its own: a missing key or one of the
//! wrong type leaves that field empty instead of failing the whole report.

use serde_json::Value;

/// A stretch of silence between two stretches of speech, in seconds from the start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: f64,
    pub end: f64,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pauses {
    pub medium: Option<u64>,
    pub long: Option<u64>,
    pub longest_s: Option<f64>,
    pub list: Vec<Span>,
}

/// What the report knows how to show; every field optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Metrics {
    pub duration_s: Option<f64>,
    pub speech_s: Option<f64>,
    pub speaking_ratio: Option<f64>,
    pub first_word_s: Option<f64>,
    pub pauses: Pauses,
    pub syllables: Option<f64>,
    pub speech_rate: Option<f64>,
    pub articulation_rate: Option<f64>,
    pub wpm_estimate: Option<f64>,
    pub rms_dbfs: Option<f64>,
    pub peak_dbfs: Option<f64>,
    pub clipped_ratio: Option<f64>,
    pub warnings: Vec<String>,
}

fn num(v: &Value, key: &str) -> Option<f64> {
    v.get(key)?.as_f64().filter(|x| x.is_finite())
}

impl Metrics {
    pub fn from_value(v: &Value) -> Metrics {
        let p = v.get("pauses").cloned().unwrap_or(Value::Null);
        let list = p
            .get("list")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|s| {
                        let start = num(s, "start")?;
                        let end = num(s, "end")?;
                        (end > start && start >= 0.0).then_some(Span { start, end })
                    })
                    .collect()
            })
            .unwrap_or_default();
        Metrics {
            duration_s: num(v, "duration_s"),
            speech_s: num(v, "speech_s"),
            speaking_ratio: num(v, "speaking_ratio"),
            first_word_s: num(v, "first_word_s"),
            pauses: Pauses {
                medium: p.get("medium").and_then(Value::as_u64),
                long: p.get("long").and_then(Value::as_u64),
                longest_s: num(&p, "longest_s"),
                list,
            },
            syllables: num(v, "syllables"),
            speech_rate: num(v, "speech_rate"),
            articulation_rate: num(v, "articulation_rate"),
            wpm_estimate: num(v, "wpm_estimate"),
            rms_dbfs: num(v, "rms_dbfs"),
            peak_dbfs: num(v, "peak_dbfs"),
            clipped_ratio: num(v, "clipped_ratio"),
            warnings: v
                .get("warnings")
                .and_then(Value::as_array)
                .map(|w| {
                    w.iter()
                        .filter_map(|s| s.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }

    /// Stretches of speech: from the first word to the end, minus the pauses.
    pub fn speech_regions(&self, duration_s: f64) -> Vec<Span> {
        let Some(first) = self.first_word_s else {
            return Vec::new();
        };
        let end = self
            .duration_s
            .unwrap_or(duration_s)
            .min(duration_s.max(0.0));
        let mut pauses = self.pauses.list.clone();
        pauses.sort_by(|a, b| a.start.total_cmp(&b.start));
        let mut out = Vec::new();
        let mut cursor = first.max(0.0);
        for p in pauses {
            if p.end <= cursor {
                continue;
            }
            if p.start > cursor {
                out.push(Span {
                    start: cursor,
                    end: p.start.min(end),
                });
            }
            cursor = p.end;
            if cursor >= end {
                break;
            }
        }
        if cursor < end {
            out.push(Span { start: cursor, end });
        }
        out.retain(|s| s.end > s.start);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_types_leave_fields_empty() {
        let m = Metrics::from_value(&json!({
            "duration_s": "ten", "speech_s": 4.5, "pauses": {"list": [{"start": "x"}, {"start": 1, "end": 2}]},
            "warnings": ["too-quiet", 3]
        }));
        assert_eq!(m.duration_s, None);
        assert_eq!(m.speech_s, Some(4.5));
        assert_eq!(
            m.pauses.list,
            vec![Span {
                start: 1.0,
                end: 2.0
            }]
        );
        assert_eq!(m.warnings, vec!["too-quiet".to_string()]);
        assert_eq!(Metrics::from_value(&json!(null)), Metrics::default());
    }

    #[test]
    fn speech_regions_are_the_complement_of_pauses() {
        let m = Metrics::from_value(&json!({
            "first_word_s": 0.5, "duration_s": 10.0,
            "pauses": {"list": [{"start": 6.0, "end": 7.0}, {"start": 2.0, "end": 3.0}, {"start": 9.5, "end": 10.0}]}
        }));
        let r: Vec<(f64, f64)> = m
            .speech_regions(10.0)
            .iter()
            .map(|s| (s.start, s.end))
            .collect();
        assert_eq!(r, vec![(0.5, 2.0), (3.0, 6.0), (7.0, 9.5)]);
        assert!(Metrics::default().speech_regions(10.0).is_empty());
    }
}
