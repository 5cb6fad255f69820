//! Offline speech metrics from samples: voice activity, pauses, syllable nuclei, levels.
//!
//! Pure computation: no I/O in here. The thresholds that turn metrics into warnings live in
//! [`Thresholds`], are printed in the report, and a question set can change them in its
//! `[analysis]` table.
//!
//! Pipeline, one pass ([`Analyzer`]): input-rate levels and clipping → resample to 16 kHz
//! (`resampler`) → per 16 ms frame: 20 ms energy, earshot VAD where the energy could be
//! speech (`vad`), a 128 ms intensity contour and its voiced peaks (`nuclei`) → at the end,
//! whole-file thresholds, speech segments and pauses (`segments`), [`Metrics`].

mod analyzer;
mod histogram;
mod metrics;
mod nuclei;
mod resampler;
mod ring;
mod segments;
mod thresholds;
mod vad;

pub use analyzer::{Analyzer, analyze};
pub use metrics::{Metrics, Pause, Pauses, Warning, clock};
pub use resampler::Resampler;
pub use thresholds::Thresholds;
