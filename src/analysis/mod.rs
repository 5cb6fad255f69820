//! Offline speech metrics from samples: voice activity, pauses, syllable nuclei, levels.
//!
//! Pure computation: no I/O in here. The thresholds that turn metrics into warnings live in
//! [`Thresholds`], are printed in the report, and a question set can change them in its
//! `[analysis]` table.

mod thresholds;

pub use thresholds::Thresholds;
