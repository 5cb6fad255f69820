//! The seam between the runner and the audio core.
//!
//! The runner only needs to start, stop, redo and watch takes. [`Recorder`] implements
//! [`Capture`] for real (cpal, or a WAV file as the microphone); unit tests of the flow's
//! decisions use [`FakeCapture`], beside the end-to-end tests that drive the real recorder.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::audio::Recorder;

pub use crate::audio::{Level, RecorderEvent, TakeSummary};

pub trait Capture {
    fn sample_rate(&self) -> u32;
    /// Start writing a take to `path` (`.part` while recording). `index` picks the input
    /// file when WAV files are the microphone.
    fn start_take(
        &mut self,
        path: &Path,
        index: usize,
        limit: Option<Duration>,
    ) -> anyhow::Result<()>;
    /// Finish the take: finalized and renamed to its path.
    fn stop_take(&mut self) -> anyhow::Result<TakeSummary>;
    /// Stop the take and delete it.
    fn discard_take(&mut self) -> anyhow::Result<()>;
    fn level(&self) -> Level;
    /// The next event, if any (polled on every tick).
    fn poll_event(&mut self) -> Option<RecorderEvent>;
}

/// A scripted capture for unit tests of the flow: frames advance by `frames_per_poll` on
/// every `level()` call, and the limit is honoured in frames like the real recorder.
#[derive(Debug, Default)]
pub struct FakeCapture {
    pub rate: u32,
    pub frames_per_poll: u64,
    pub current: Option<(PathBuf, u64, Option<u64>)>,
    pub events: Vec<RecorderEvent>,
    pub discarded: Vec<PathBuf>,
    pub limit_hit: bool,
    frames: std::cell::Cell<u64>,
}

impl FakeCapture {
    pub fn new(rate: u32, frames_per_poll: u64) -> Self {
        FakeCapture {
            rate,
            frames_per_poll,
            ..Default::default()
        }
    }
}

impl Capture for FakeCapture {
    fn sample_rate(&self) -> u32 {
        self.rate
    }
    fn start_take(
        &mut self,
        path: &Path,
        _index: usize,
        limit: Option<Duration>,
    ) -> anyhow::Result<()> {
        let limit = limit.map(|d| (d.as_secs_f64() * f64::from(self.rate)) as u64);
        self.current = Some((path.to_path_buf(), 0, limit));
        self.frames.set(0);
        self.limit_hit = false;
        Ok(())
    }
    fn stop_take(&mut self) -> anyhow::Result<TakeSummary> {
        let (path, _, _) = self
            .current
            .take()
            .ok_or_else(|| anyhow::anyhow!("no take"))?;
        Ok(TakeSummary {
            path,
            frames: self.frames.get(),
            sample_rate: self.rate,
            dropped: 0,
            xruns: 0,
            peak_dbfs: -6.0,
            rms_dbfs: -20.0,
            clipped: 0,
            stalled: false,
        })
    }
    fn discard_take(&mut self) -> anyhow::Result<()> {
        if let Some((path, _, _)) = self.current.take() {
            self.discarded.push(path);
        }
        Ok(())
    }
    fn level(&self) -> Level {
        if let Some((_, _, limit)) = &self.current {
            let next = self.frames.get() + self.frames_per_poll;
            self.frames.set(limit.map_or(next, |l| next.min(l)));
        }
        Level {
            rms_dbfs: -20.0,
            peak_dbfs: -6.0,
            take_frames: self.frames.get(),
        }
    }
    fn poll_event(&mut self) -> Option<RecorderEvent> {
        if let Some((_, _, Some(limit))) = &self.current
            && self.frames.get() >= *limit
            && !self.limit_hit
        {
            self.limit_hit = true;
            return Some(RecorderEvent::LimitReached);
        }
        (!self.events.is_empty()).then(|| self.events.remove(0))
    }
}

impl Capture for Recorder {
    fn sample_rate(&self) -> u32 {
        Recorder::sample_rate(self)
    }
    fn start_take(
        &mut self,
        path: &Path,
        index: usize,
        limit: Option<Duration>,
    ) -> anyhow::Result<()> {
        Recorder::start_take(self, path, index, limit)
    }
    fn stop_take(&mut self) -> anyhow::Result<TakeSummary> {
        Recorder::stop_take(self)
    }
    fn discard_take(&mut self) -> anyhow::Result<()> {
        Recorder::discard_take(self)
    }
    fn level(&self) -> Level {
        Recorder::level(self)
    }
    fn poll_event(&mut self) -> Option<RecorderEvent> {
        self.events().try_recv().ok()
    }
}
