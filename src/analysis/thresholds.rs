//! Every threshold the speech metrics use, in one place.

use serde::{Deserialize, Serialize};

use crate::catalog::Category;

/// Limits that turn metrics into warnings. A question set's `[analysis]` table may change
/// any of them; the report prints the values that were used.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Thresholds {
    /// Speech RMS below this (dBFS) is `too-quiet`.
    pub quiet_rms_dbfs: f64,
    /// A peak below this (dBFS) is `too-quiet`.
    pub quiet_peak_dbfs: f64,
    /// A sample at or above this share of full scale counts as clipped.
    pub clip_level: f64,
    /// More than this share of clipped samples is `clipping`.
    pub clip_ratio: f64,
    /// First word later than this (seconds) is `long-start`.
    pub long_start_s: f64,
    /// Shortest pause counted (seconds); pauses from here to `long_pause_s` are "medium".
    pub min_pause_s: f64,
    /// Pauses longer than this (seconds) are "long".
    pub long_pause_s: f64,
    /// Estimated words per minute below this is `slow`.
    pub slow_wpm: f64,
    /// Estimated words per minute above this is `fast`.
    pub fast_wpm: f64,
    /// Syllables per word used for the words-per-minute estimate (English ≈ 1.46).
    pub syllables_per_word: f64,
    /// Less speech than this (seconds) in the whole file is `silent`.
    pub silent_speech_s: f64,
    /// `fast` / `slow` are judged only with at least this much speech (seconds).
    pub pace_min_speech_s: f64,
    /// Target answer length for behavioral questions, [min, max] seconds.
    pub behavioral_s: [f64; 2],
    /// Target answer length for technical questions, [min, max] seconds.
    pub technical_s: [f64; 2],
    /// Target answer length for system-design questions, [min, max] seconds.
    #[serde(rename = "system-design_s", alias = "system_design_s")]
    pub system_design_s: [f64; 2],
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            quiet_rms_dbfs: -35.0,
            quiet_peak_dbfs: -20.0,
            clip_level: 0.999,
            clip_ratio: 0.001,
            long_start_s: 5.0,
            min_pause_s: 0.25,
            long_pause_s: 1.0,
            slow_wpm: 120.0,
            fast_wpm: 170.0,
            syllables_per_word: 1.46,
            silent_speech_s: 0.5,
            pace_min_speech_s: 5.0,
            behavioral_s: [60.0, 120.0],
            technical_s: [90.0, 300.0],
            system_design_s: [240.0, 600.0],
        }
    }
}

impl Thresholds {
    /// The target answer window for a category.
    pub fn window(&self, category: Category) -> [f64; 2] {
        match category {
            Category::Behavioral => self.behavioral_s,
            Category::Technical => self.technical_s,
            Category::SystemDesign => self.system_design_s,
        }
    }

    /// What is inconsistent about these values (empty when fine).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, [lo, hi]) in [
            ("behavioral_s", self.behavioral_s),
            ("technical_s", self.technical_s),
            ("system-design_s", self.system_design_s),
        ] {
            if !(lo >= 0.0 && hi > lo && hi <= 3600.0) {
                out.push(format!(
                    "{name} = [{lo}, {hi}] must be [min, max] with 0 <= min < max <= 3600"
                ));
            }
        }
        if !(self.slow_wpm > 0.0 && self.fast_wpm > self.slow_wpm) {
            out.push("slow_wpm must be above 0 and below fast_wpm".into());
        }
        if !(self.min_pause_s > 0.0 && self.long_pause_s > self.min_pause_s) {
            out.push("min_pause_s must be above 0 and below long_pause_s".into());
        }
        if !(self.clip_level > 0.0 && self.clip_level <= 1.0) {
            out.push("clip_level must be in (0, 1]".into());
        }
        if !(0.0..=1.0).contains(&self.clip_ratio) {
            out.push("clip_ratio must be in [0, 1]".into());
        }
        if !(self.syllables_per_word > 0.5 && self.syllables_per_word < 5.0) {
            out.push("syllables_per_word must be between 0.5 and 5".into());
        }
        if !(self.silent_speech_s >= 0.0 && self.pace_min_speech_s >= 0.0) {
            out.push("silent_speech_s and pace_min_speech_s must be >= 0".into());
        }
        if self.quiet_rms_dbfs > 0.0 || self.quiet_peak_dbfs > 0.0 || self.long_start_s < 0.0 {
            out.push("dBFS limits must be <= 0 and long_start_s >= 0".into());
        }
        out
    }
}
