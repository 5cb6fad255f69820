//! Short generated beeps for cues ("start speaking", "time is almost up", "stop").
//! A missing output device is not an error: the first failure prints one notice and
//! later beeps are skipped silently.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use rodio::Source;

use super::playback::{close_sink, open_sink};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeepKind {
    /// Recording starts now: one 880 Hz beep.
    Start,
    /// Little time left: two short 660 Hz beeps.
    Warning,
    /// Time is up: one lower 440 Hz beep.
    Stop,
}

static NOTICE_GIVEN: AtomicBool = AtomicBool::new(false);
static UNAVAILABLE: AtomicBool = AtomicBool::new(false);

/// (frequency, length, pause after) per tone.
fn tones(kind: BeepKind) -> &'static [(f32, u64, u64)] {
    match kind {
        BeepKind::Start => &[(880.0, 180, 0)],
        BeepKind::Warning => &[(660.0, 90, 70), (660.0, 90, 0)],
        BeepKind::Stop => &[(440.0, 300, 0)],
    }
}

/// Can beeps be played? Call once before a timed flow so the "beeps are off" notice shows
/// up front rather than in the middle of a countdown; later `beep` calls stay silent.
pub fn beeps_available(output_device: Option<&str>) -> anyhow::Result<()> {
    match open_sink(output_device) {
        Ok(sink) => {
            close_sink(sink);
            Ok(())
        }
        Err(e) => {
            UNAVAILABLE.store(true, Ordering::Relaxed);
            NOTICE_GIVEN.store(true, Ordering::Relaxed);
            Err(e)
        }
    }
}

/// Play a beep and wait for it to finish. Never fails loudly.
pub fn beep(kind: BeepKind, output_device: Option<&str>) {
    if UNAVAILABLE.load(Ordering::Relaxed) {
        return;
    }
    let sink = match open_sink(output_device) {
        Ok(s) => s,
        Err(e) => {
            UNAVAILABLE.store(true, Ordering::Relaxed);
            if !NOTICE_GIVEN.swap(true, Ordering::Relaxed) {
                crate::term::warning(&format!("beeps are off: {e:#}"));
            }
            return;
        }
    };
    let player = rodio::Player::connect_new(sink.mixer());
    for &(freq, ms, pause) in tones(kind) {
        player.append(
            rodio::source::SineWave::new(freq)
                .take_duration(Duration::from_millis(ms))
                .fade_in(Duration::from_millis(5))
                .amplify(0.3),
        );
        if pause > 0 {
            player.append(
                rodio::source::Zero::new(
                    std::num::NonZero::new(1).unwrap(),
                    std::num::NonZero::new(48_000).unwrap(),
                )
                .take_duration(Duration::from_millis(pause)),
            );
        }
    }
    player.sleep_until_end();
    std::thread::sleep(Duration::from_millis(60));
    drop(player);
    close_sink(sink);
}
