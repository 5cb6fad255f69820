//! The seam between the walk-through and audio playback.
//!
//! The walk-through calls an [`AnswerPlayer`] for `p` (play/pause) and the seek keys at any
//! prompt. Playback itself (rodio) is `audio::WavPlayer`; [`NoPlayer`] stands in for it in
//! unit tests and answers every request with a notice.

use std::path::Path;

/// Plays one answer's recording at a time.
pub trait AnswerPlayer {
    /// Start playing `wav` (from the start if it is not the file already loaded), or pause /
    /// resume it when it is.
    fn toggle(&mut self, wav: &Path) -> anyhow::Result<()>;
    /// Move the play position by `delta_s` seconds (negative: back), clamped to the file.
    fn seek(&mut self, delta_s: f64);
    /// `(position, length)` in seconds of the loaded file, `None` when nothing is loaded.
    fn status(&self) -> Option<(f64, f64)>;
    /// Stop and unload (called when the walk-through moves to another answer or ends).
    fn stop(&mut self) {}
}

impl AnswerPlayer for crate::audio::WavPlayer {
    fn toggle(&mut self, wav: &Path) -> anyhow::Result<()> {
        crate::audio::WavPlayer::toggle(self, wav)
    }
    fn seek(&mut self, delta_s: f64) {
        crate::audio::WavPlayer::seek(self, delta_s);
    }
    fn status(&self) -> Option<(f64, f64)> {
        crate::audio::WavPlayer::status(self)
    }
    fn stop(&mut self) {
        self.unload();
    }
}

/// Stands in for the real player: nothing plays, every request says so.
#[derive(Debug, Default)]
pub struct NoPlayer;

impl AnswerPlayer for NoPlayer {
    fn toggle(&mut self, _wav: &Path) -> anyhow::Result<()> {
        anyhow::bail!("not available in this build yet")
    }
    fn seek(&mut self, _delta_s: f64) {}
    fn status(&self) -> Option<(f64, f64)> {
        None
    }
}

/// Seconds one seek key moves.
pub const SEEK_STEP_S: f64 = 5.0;

/// `1:05 / 2:30` for a player status.
pub fn position_text(status: Option<(f64, f64)>) -> String {
    match status {
        Some((pos, len)) => format!("{} / {}", clock(pos), clock(len)),
        None => "not playing".to_string(),
    }
}

pub use crate::clock::clock;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_and_position() {
        assert_eq!(clock(0.0), "0:00");
        assert_eq!(clock(65.4), "1:05");
        assert_eq!(clock(-3.0), "0:00");
        assert_eq!(position_text(Some((5.0, 150.0))), "0:05 / 2:30");
        assert_eq!(position_text(None), "not playing");
        assert!(NoPlayer.toggle(Path::new("x.wav")).is_err());
    }
}
