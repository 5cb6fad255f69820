//! Audio: capture to crash-safe WAV, the virtual microphone, devices, playback, beeps and
//! WAV repair.
//!
//! A user who loses an answer never comes back, so capture is built to lose nothing:
//! the device callback only copies samples into a lock-free ring ([`ring`]); a writer
//! thread (`recorder`) drains it into `NAME.wav.part`, syncing the header and data at
//! least once a second (`writer`), and renames to `NAME.wav` when the take ends. Drops
//! and xruns are counted and reported per take. A crash leaves a `.part` file that
//! [`repair()`] makes whole again.
//!
//! The same ring and writer are fed either by cpal (`capture`) or by WAV files
//! (`virtual_mic`), which is how everything above audio is tested without a sound card.

mod alsa_quiet;
mod beep;
mod capture;
mod devices;
mod level;
mod playback;
mod recorder;
mod repair;
pub mod ring;
mod virtual_mic;
mod writer;

use std::path::PathBuf;
use std::time::Duration;

pub use alsa_quiet::captured as alsa_messages;
pub use beep::{BeepKind, beep, beeps_available};
pub use devices::{DeviceInfo, list_devices};
pub use level::{Verdict, dbfs, verdict};
pub use playback::{PlayProgress, WavPlayer, play_file};
pub use recorder::Recorder;
pub use repair::{RepairOutcome, RepairReport, repair};

/// Where a [`Recorder`] gets its audio from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSpec {
    /// A cpal input device by id (e.g. `alsa:fakemic`); `None` is the default input.
    Device(Option<String>),
    /// The virtual microphone: take `i` plays `files[i % files.len()]` from its start.
    Files(Vec<PathBuf>),
}

/// How a [`Recorder`] behaves; [`Default`] gives the values the product uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecorderOptions {
    /// Audio kept from before `start_take` so a first word on the cue is not clipped.
    /// Only for devices: a virtual-mic take starts exactly at its file's first sample.
    pub preroll_ms: u32,
    /// No frames for this long → [`RecorderEvent::Stalled`].
    pub stall_timeout: Duration,
    /// Virtual mic only: deliver as fast as the writer takes it (benchmarks).
    pub unpaced: bool,
}

impl Default for RecorderOptions {
    fn default() -> Self {
        RecorderOptions {
            preroll_ms: 300,
            stall_timeout: Duration::from_secs(2),
            unpaced: std::env::var_os("REHEARSE_UNPACED").is_some_and(|v| v == "1"),
        }
    }
}

/// Something the recorder tells its owner, from [`Recorder::events`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecorderEvent {
    /// The take reached its time limit; later audio is not written. Call `stop_take`.
    LimitReached,
    /// The virtual microphone's file ended; all of it is in the take. Call `stop_take`.
    SourceEnded,
    /// No audio arrived for `stall_timeout`: the device is gone or hung.
    Stalled,
    /// Writing the take failed (disk full, …); `stop_take` returns the error.
    Failed(String),
}

/// The live level: last ~100 ms, and how much the current take holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub rms_dbfs: f32,
    pub peak_dbfs: f32,
    /// Frames written to the current take so far (0 between takes).
    pub take_frames: u64,
}

/// What a finished take holds.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TakeSummary {
    pub path: PathBuf,
    /// Mono frames in the file.
    pub frames: u64,
    pub sample_rate: u32,
    /// Frames lost because the ring was full (the writer fell behind).
    pub dropped: u64,
    /// Overruns the device reported during the take.
    pub xruns: u64,
    pub peak_dbfs: f32,
    pub rms_dbfs: f32,
    /// Samples at or next to full scale.
    pub clipped: u64,
    /// Whether the take ended on a [`RecorderEvent::Stalled`].
    pub stalled: bool,
}

impl TakeSummary {
    pub fn duration_s(&self) -> f64 {
        if self.sample_rate == 0 {
            0.0
        } else {
            self.frames as f64 / f64::from(self.sample_rate)
        }
    }
    /// Share of samples that clipped, 0..=1.
    pub fn clipped_share(&self) -> f64 {
        if self.frames == 0 {
            0.0
        } else {
            self.clipped as f64 / self.frames as f64
        }
    }
}
