//! The speech metrics of one recording, as stored in `session.json` and printed by
//! `rehearse analyze --json`, and the warnings derived from them.

use serde::{Deserialize, Serialize};

use super::Thresholds;
use crate::catalog::Category;

/// Levels below this are reported as this (digital silence has no finite dB value).
pub const DB_FLOOR: f64 = -120.0;

/// Everything `rehearse analyze` measures. Times in seconds, levels in dBFS, rates per second.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Metrics {
    pub duration_s: f64,
    /// Time inside speech segments.
    pub speech_s: f64,
    /// `speech_s / duration_s`.
    pub speaking_ratio: f64,
    /// Start of the first speech segment; `None` when there is no speech.
    pub first_word_s: Option<f64>,
    /// End of the last speech segment; `None` when there is no speech.
    pub last_word_s: Option<f64>,
    pub pauses: Pauses,
    /// Syllable nuclei found (an estimate of the syllable count).
    pub syllables: u32,
    /// Syllables per second of the whole duration (De Jong & Wempe's speech rate).
    pub speech_rate: f64,
    /// Syllables per second of speech time (articulation rate).
    pub articulation_rate: f64,
    /// Estimated words per minute: syllables / `syllables_per_word` per minute from the
    /// first word to the end of the last, pauses included. An estimate, not a word count.
    pub wpm_estimate: f64,
    /// RMS level over speech (over the whole file when there is no speech).
    pub rms_dbfs: f64,
    /// Peak level over speech (over the whole file when there is no speech).
    pub peak_dbfs: f64,
    /// Share of all samples at or above `clip_level` of full scale.
    pub clipped_ratio: f64,
    pub warnings: Vec<Warning>,
    /// The category the duration was judged against, if any.
    pub category: Option<Category>,
    /// The thresholds these warnings were judged with.
    pub thresholds: Thresholds,
}

/// Pauses between speech segments (silence before the first word and after the last is not
/// a pause).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Default)]
pub struct Pauses {
    /// Count from `min_pause_s` to `long_pause_s`.
    pub medium: u32,
    /// Count longer than `long_pause_s`.
    pub long: u32,
    /// The longest pause, 0 when there is none.
    pub longest_s: f64,
    /// Every pause, in order.
    pub list: Vec<Pause>,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq)]
pub struct Pause {
    pub start: f64,
    pub end: f64,
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Warning {
    TooQuiet,
    Clipping,
    Silent,
    LongStart,
    TooLong,
    TooShort,
    Fast,
    Slow,
}

impl Warning {
    pub fn as_str(self) -> &'static str {
        match self {
            Warning::TooQuiet => "too-quiet",
            Warning::Clipping => "clipping",
            Warning::Silent => "silent",
            Warning::LongStart => "long-start",
            Warning::TooLong => "too-long",
            Warning::TooShort => "too-short",
            Warning::Fast => "fast",
            Warning::Slow => "slow",
        }
    }

    /// What the warning means, with the threshold that raised it.
    pub fn explain(self, t: &Thresholds, category: Option<Category>) -> String {
        let window = category.map(|c| t.window(c)).unwrap_or([0.0, 0.0]);
        match self {
            Warning::TooQuiet => format!(
                "speech RMS below {} dBFS or peak below {} dBFS: move closer or raise the input gain",
                t.quiet_rms_dbfs, t.quiet_peak_dbfs
            ),
            Warning::Clipping => format!(
                "more than {}% of samples at {}% of full scale: lower the input gain",
                t.clip_ratio * 100.0,
                t.clip_level * 100.0
            ),
            Warning::Silent => format!(
                "less than {} s of speech found: is the microphone muted, or far away?",
                t.silent_speech_s
            ),
            Warning::LongStart => format!("first word after more than {} s", t.long_start_s),
            Warning::TooLong => format!("longer than the {} s target", window[1]),
            Warning::TooShort => format!("shorter than the {} s target", window[0]),
            Warning::Fast => format!("above {} words per minute (estimate)", t.fast_wpm),
            Warning::Slow => format!("below {} words per minute (estimate)", t.slow_wpm),
        }
    }
}

/// Measurements from the analysis, before warnings.
#[derive(Debug, Clone, Default)]
pub struct Measured {
    pub duration_s: f64,
    /// Speech segments, [start, end) seconds.
    pub segments: Vec<(f64, f64)>,
    pub syllables: u32,
    pub rms_dbfs: f64,
    pub peak_dbfs: f64,
    pub clipped_ratio: f64,
}

pub fn db(x: f64) -> f64 {
    if x > 0.0 {
        (20.0 * x.log10()).max(DB_FLOOR)
    } else {
        DB_FLOOR
    }
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

impl Metrics {
    /// Derive the metrics and warnings from what was measured.
    pub fn from_measured(m: &Measured, category: Option<Category>, t: &Thresholds) -> Metrics {
        let speech_s: f64 = m.segments.iter().map(|(s, e)| e - s).sum();
        let first = m.segments.first().map(|s| s.0);
        let last = m.segments.last().map(|s| s.1);
        let mut pauses = Pauses::default();
        for w in m.segments.windows(2) {
            let (start, end) = (w[0].1, w[1].0);
            let len = end - start;
            if len < t.min_pause_s - 1e-9 {
                continue;
            }
            if len > t.long_pause_s {
                pauses.long += 1;
            } else {
                pauses.medium += 1;
            }
            pauses.longest_s = pauses.longest_s.max(round(len, 3));
            pauses.list.push(Pause {
                start: round(start, 3),
                end: round(end, 3),
            });
        }
        let span = match (first, last) {
            (Some(f), Some(l)) => l - f,
            _ => 0.0,
        };
        let per = |n: f64, d: f64| if d > 0.0 { n / d } else { 0.0 };
        let syl = m.syllables as f64;
        let wpm = per(syl / t.syllables_per_word * 60.0, span);

        let mut warnings = Vec::new();
        let silent = speech_s < t.silent_speech_s;
        // Without speech, `silent` says it; `too-quiet` is about the level of speech.
        if !silent && (m.rms_dbfs < t.quiet_rms_dbfs || m.peak_dbfs < t.quiet_peak_dbfs) {
            warnings.push(Warning::TooQuiet);
        }
        if m.clipped_ratio > t.clip_ratio {
            warnings.push(Warning::Clipping);
        }
        if silent {
            warnings.push(Warning::Silent);
        }
        if first.is_some_and(|f| f > t.long_start_s) {
            warnings.push(Warning::LongStart);
        }
        if let Some(c) = category {
            let [lo, hi] = t.window(c);
            if m.duration_s > hi {
                warnings.push(Warning::TooLong);
            } else if m.duration_s < lo {
                warnings.push(Warning::TooShort);
            }
        }
        if speech_s >= t.pace_min_speech_s.max(t.silent_speech_s) {
            if wpm > t.fast_wpm {
                warnings.push(Warning::Fast);
            } else if wpm < t.slow_wpm {
                warnings.push(Warning::Slow);
            }
        }
        Metrics {
            duration_s: round(m.duration_s, 3),
            speech_s: round(speech_s, 3),
            speaking_ratio: round(per(speech_s, m.duration_s), 4),
            first_word_s: first.map(|f| round(f, 3)),
            last_word_s: last.map(|l| round(l, 3)),
            pauses,
            syllables: m.syllables,
            speech_rate: round(per(syl, m.duration_s), 3),
            articulation_rate: round(per(syl, speech_s), 3),
            wpm_estimate: round(wpm, 1),
            rms_dbfs: round(m.rms_dbfs, 1),
            peak_dbfs: round(m.peak_dbfs, 1),
            clipped_ratio: round(m.clipped_ratio, 6),
            warnings,
            category,
            thresholds: t.clone(),
        }
    }

    /// One line for a person: duration, speech share, pauses, pace estimate, level, warnings.
    pub fn summary_line(&self) -> String {
        let mut line = format!(
            "{} · speech {:.0}% · pauses {} medium, {} long · ~{:.0} wpm (est.) · {:.0} dBFS RMS, {:.0} peak",
            clock(self.duration_s),
            self.speaking_ratio * 100.0,
            self.pauses.medium,
            self.pauses.long,
            self.wpm_estimate,
            self.rms_dbfs,
            self.peak_dbfs,
        );
        if self.warnings.is_empty() {
            line.push_str(" · no warnings");
        } else {
            let names: Vec<&str> = self.warnings.iter().map(|w| w.as_str()).collect();
            line.push_str(&format!(" · warnings: {}", names.join(", ")));
        }
        line
    }
}

pub use crate::clock::clock_tenths as clock;

#[cfg(test)]
mod tests {
    use super::*;

    fn measured(segments: Vec<(f64, f64)>) -> Measured {
        Measured {
            duration_s: 80.0,
            segments,
            syllables: 300,
            rms_dbfs: -20.0,
            peak_dbfs: -3.0,
            clipped_ratio: 0.0,
        }
    }

    #[test]
    fn pauses_are_counted_by_length() {
        let t = Thresholds::default();
        let m = Metrics::from_measured(
            &measured(vec![(6.0, 10.0), (10.1, 20.0), (20.5, 30.0), (32.0, 70.0)]),
            Some(Category::Behavioral),
            &t,
        );
        assert_eq!(m.pauses.medium, 1);
        assert_eq!(m.pauses.long, 1);
        assert_eq!(m.pauses.longest_s, 2.0);
        assert_eq!(m.pauses.list.len(), 2, "the 0.1 s gap is no pause");
        assert_eq!(m.first_word_s, Some(6.0));
        // 300 syllables / 1.46 over 64 s of talk ≈ 192.6 wpm.
        assert_eq!(m.wpm_estimate, 192.6);
        assert_eq!(m.warnings, vec![Warning::LongStart, Warning::Fast]);
    }

    #[test]
    fn warnings_follow_the_thresholds() {
        let t = Thresholds::default();
        let mut x = measured(vec![(1.0, 70.0)]);
        x.syllables = 200; // 200 / 1.46 over 69 s ≈ 119 wpm: slow
        x.rms_dbfs = -50.0;
        x.clipped_ratio = 0.01;
        let m = Metrics::from_measured(&x, Some(Category::Behavioral), &t);
        assert_eq!(
            m.warnings,
            vec![Warning::TooQuiet, Warning::Clipping, Warning::Slow]
        );
        x.segments.clear();
        let m = Metrics::from_measured(&x, Some(Category::Behavioral), &t);
        assert_eq!(m.warnings, vec![Warning::Clipping, Warning::Silent]);
        assert_eq!(m.first_word_s, None);
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["warnings"][0], "clipping");
        assert!(json["thresholds"]["quiet_rms_dbfs"].is_number());
        let back: Metrics = serde_json::from_value(json).unwrap();
        assert_eq!(back, m);
        assert!(m.summary_line().contains("warnings: clipping, silent"));
    }

    #[test]
    fn clock_format() {
        assert_eq!(clock(83.46), "1:23.5");
        assert_eq!(clock(0.0), "0:00.0");
    }
}
