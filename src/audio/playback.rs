//! Playback through rodio: [`play_file`] plays a WAV with progress callbacks (used by
//! `rehearse replay` now, by session replay later), [`open_sink`] is shared with beeps.

use std::ops::ControlFlow;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;

use super::alsa_quiet::quiet;
use super::devices::{self, Direction};
use crate::problem::Problem;

/// Where playback is, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlayProgress {
    pub position: Duration,
    pub length: Duration,
}

/// Open the output device `id` (or the default) as a rodio sink, quietly.
pub fn open_sink(id: Option<&str>) -> anyhow::Result<rodio::MixerDeviceSink> {
    let device = devices::find(id, Direction::Output)?;
    let name = id.unwrap_or("the default output");
    let mut sink = quiet(|| {
        rodio::DeviceSinkBuilder::from_device(device)
            .and_then(|b| b.with_error_callback(|_| {}).open_stream())
    })
    .map_err(|e| {
        let cause = std::error::Error::source(&e).map_or(String::new(), |c| format!(": {c}"));
        Problem::runtime(format!("no usable audio output ({name}): {e}{cause}"))
            .hint("rehearse devices   (lists outputs; pick one with --output-device ID)")
    })?;
    sink.log_on_drop(false);
    Ok(sink)
}

/// Drop a sink on another thread, giving up after a second (a dead server can hang it).
pub fn close_sink(sink: rodio::MixerDeviceSink) {
    let (tx, rx) = mpsc::channel();
    if std::thread::Builder::new()
        .name("sink-drop".into())
        .spawn(move || {
            drop(sink);
            let _ = tx.send(());
        })
        .is_ok()
    {
        let _ = rx.recv_timeout(Duration::from_secs(1));
    }
}

/// Play a WAV file to the end, calling `progress` about every 50 ms; it may return
/// `ControlFlow::Break(())` to stop early.
pub fn play_file(
    path: &Path,
    output_device: Option<&str>,
    progress: &mut dyn FnMut(PlayProgress) -> ControlFlow<()>,
) -> anyhow::Result<()> {
    let length = {
        let reader = hound::WavReader::open(path).map_err(|e| {
            Problem::bad_input(format!("cannot read {} as a WAV file: {e}", path.display()))
        })?;
        let spec = reader.spec();
        Duration::from_secs_f64(f64::from(reader.duration()) / f64::from(spec.sample_rate))
    };
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let decoder =
        rodio::Decoder::try_from(file).with_context(|| format!("decoding {}", path.display()))?;
    let sink = open_sink(output_device)?;
    let player = rodio::Player::connect_new(sink.mixer());
    player.append(decoder);
    loop {
        let position = player.get_pos().min(length);
        if progress(PlayProgress { position, length }).is_break() {
            player.stop();
            break;
        }
        if player.empty() {
            // The last samples are in the device's buffer; let them be heard.
            std::thread::sleep(Duration::from_millis(150));
            let _ = progress(PlayProgress {
                position: length,
                length,
            });
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(player);
    close_sink(sink);
    Ok(())
}

/// A WAV player that stays loaded between calls: play, pause, seek, position. The walk-through
/// in `rehearse score` drives it from key presses. The output device opens on first play.
pub struct WavPlayer {
    output: Option<String>,
    sink: Option<rodio::MixerDeviceSink>,
    player: Option<rodio::Player>,
    loaded: Option<std::path::PathBuf>,
    length: Duration,
}

impl WavPlayer {
    pub fn new(output_device: Option<&str>) -> Self {
        WavPlayer {
            output: output_device.map(str::to_string),
            sink: None,
            player: None,
            loaded: None,
            length: Duration::ZERO,
        }
    }

    /// Start `path` from its beginning, or pause / resume it when it is already loaded.
    pub fn toggle(&mut self, path: &Path) -> anyhow::Result<()> {
        if self.loaded.as_deref() == Some(path)
            && let Some(player) = &self.player
            && !player.empty()
        {
            if player.is_paused() {
                player.play()
            } else {
                player.pause()
            }
            return Ok(());
        }
        self.unload();
        let length = {
            let reader = hound::WavReader::open(path).map_err(|e| {
                Problem::bad_input(format!("cannot read {} as a WAV file: {e}", path.display()))
            })?;
            Duration::from_secs_f64(
                f64::from(reader.duration()) / f64::from(reader.spec().sample_rate.max(1)),
            )
        };
        let file =
            std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
        let decoder = rodio::Decoder::try_from(file)
            .with_context(|| format!("decoding {}", path.display()))?;
        if self.sink.is_none() {
            self.sink = Some(open_sink(self.output.as_deref())?);
        }
        let sink = self.sink.as_ref().expect("opened above");
        let player = rodio::Player::connect_new(sink.mixer());
        player.append(decoder);
        self.player = Some(player);
        self.loaded = Some(path.to_path_buf());
        self.length = length;
        Ok(())
    }

    /// Move by `delta_s` seconds, clamped to the file.
    pub fn seek(&mut self, delta_s: f64) {
        if let Some(player) = &self.player {
            let now = player.get_pos().as_secs_f64();
            let to = (now + delta_s).clamp(0.0, self.length.as_secs_f64());
            let _ = player.try_seek(Duration::from_secs_f64(to));
        }
    }

    /// `(position, length)` in seconds, `None` when nothing is loaded.
    pub fn status(&self) -> Option<(f64, f64)> {
        let player = self.player.as_ref()?;
        let pos = if player.empty() {
            self.length
        } else {
            player.get_pos().min(self.length)
        };
        Some((pos.as_secs_f64(), self.length.as_secs_f64()))
    }

    /// Stop the current file (the output device stays open for the next one).
    pub fn unload(&mut self) {
        if let Some(player) = self.player.take() {
            player.stop();
        }
        self.loaded = None;
    }
}

impl Drop for WavPlayer {
    fn drop(&mut self) {
        self.unload();
        if let Some(sink) = self.sink.take() {
            close_sink(sink);
        }
    }
}
