//! One question's timeline: prep countdown, then the recorded answer.
//!
//! A `select!` over a 50 ms tick and the key stream (Ctrl-C arrives there too as
//! `Key::Interrupt`). Time limits are the recorder's business (counted in samples); this
//! loop only reacts to what it reports.

use std::path::Path;
use std::time::Duration;

use tokio::sync::mpsc::UnboundedReceiver;

use super::capture::{Capture, RecorderEvent, TakeSummary};
use super::ui::Ui;
use crate::keys::Key;

/// Sounds the flow asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// 3, 2, 1 before the answer starts.
    Count,
    /// The answer starts now.
    Go,
    /// The time limit was reached.
    Limit,
}

/// Everything the flow talks to.
pub struct Io<'a> {
    pub capture: &'a mut dyn Capture,
    pub keys: &'a mut UnboundedReceiver<Key>,
    /// No more keys will come (piped stdin ended); timers still run.
    pub keys_done: bool,
    pub ui: &'a mut Ui,
    pub cue: &'a dyn Fn(Cue),
}

#[derive(Debug, PartialEq)]
pub enum PrepEnd {
    Start,
    Skip,
    Quit,
    Interrupted,
}

#[derive(Debug, PartialEq)]
pub enum RecordEnd {
    /// Stopped by Enter, the limit, or the input file's end.
    Done {
        take: TakeSummary,
        takes: u32,
        by_limit: bool,
    },
    /// `q` while recording: the take is kept, the question asked again on resume.
    Quit {
        take: Option<TakeSummary>,
        takes: u32,
    },
    /// Ctrl-C while recording: likewise.
    Interrupted {
        take: Option<TakeSummary>,
        takes: u32,
    },
    /// The recorder failed or stalled; the take so far is kept.
    Failed {
        take: Option<TakeSummary>,
        takes: u32,
        reason: String,
    },
}

const TICK: Duration = Duration::from_millis(50);
/// Level below which the answer counts as silent, and for how long before a warning.
const SILENCE_DBFS: f32 = -50.0;
const SILENCE_WARN_S: f64 = 5.0;

async fn next_key(io: &mut Io<'_>) -> Option<Key> {
    if io.keys_done {
        std::future::pending::<()>().await;
    }
    match io.keys.recv().await {
        Some(Key::Eof) | None => {
            io.keys_done = true;
            None
        }
        Some(k) => Some(k),
    }
}

/// Count down `secs`; beeps at 3, 2, 1 and at the start.
pub async fn prep(io: &mut Io<'_>, secs: u32) -> PrepEnd {
    let total = Duration::from_secs(u64::from(secs));
    let start = tokio::time::Instant::now();
    let mut tick = tokio::time::interval(TICK);
    let mut last_whole = u64::MAX;
    if secs > 0 {
        io.ui.prep_start(secs);
    }
    loop {
        let elapsed = start.elapsed();
        if elapsed >= total {
            io.ui.finish_bar();
            (io.cue)(Cue::Go);
            return PrepEnd::Start;
        }
        tokio::select! {
            _ = tick.tick() => {
                io.ui.prep_tick(elapsed, total);
                let left = total.saturating_sub(elapsed).as_secs_f64().ceil() as u64;
                if left != last_whole && (1..=3).contains(&left) && last_whole != u64::MAX {
                    (io.cue)(Cue::Count);
                }
                last_whole = left;
            }
            key = next_key(io) => match key {
                Some(Key::Enter) => { io.ui.finish_bar(); (io.cue)(Cue::Go); return PrepEnd::Start; }
                Some(Key::Char('s')) => { io.ui.finish_bar(); return PrepEnd::Skip; }
                Some(Key::Char('q')) => { io.ui.finish_bar(); return PrepEnd::Quit; }
                Some(Key::Interrupt) => { io.ui.finish_bar(); return PrepEnd::Interrupted; }
                _ => {}
            },
        }
    }
}

/// Stop the take normally; a take that cannot be finished ends as `Failed` (what reached
/// the disk stays there for `resume` / `repair`), so the session is still saved.
fn finish(io: &mut Io<'_>, takes: u32, by_limit: bool) -> RecordEnd {
    let end = match io.capture.stop_take() {
        Ok(take) => RecordEnd::Done {
            take,
            takes,
            by_limit,
        },
        Err(e) => RecordEnd::Failed {
            take: None,
            takes,
            reason: format!("{e:#}"),
        },
    };
    io.ui.finish_bar();
    end
}

/// Record one answer into `path` with a time limit; `r` redoes the take (the discarded
/// take is deleted).
pub async fn record(
    io: &mut Io<'_>,
    path: &Path,
    index: usize,
    limit_s: u32,
) -> anyhow::Result<RecordEnd> {
    let limit = Duration::from_secs(u64::from(limit_s));
    let mut takes = 1;
    io.capture.start_take(path, index, Some(limit))?;
    io.ui.record_start(limit_s, takes);
    let rate = f64::from(io.capture.sample_rate().max(1));
    let mut tick = tokio::time::interval(TICK);
    let mut silent_since: Option<f64> = Some(0.0);
    let mut warned = false;
    loop {
        tokio::select! {
            _ = tick.tick() => {
                let level = io.capture.level();
                let elapsed = level.take_frames as f64 / rate;
                io.ui.record_tick(elapsed, limit_s, level.rms_dbfs);
                if level.rms_dbfs < SILENCE_DBFS {
                    let since = *silent_since.get_or_insert(elapsed);
                    if !warned && elapsed - since >= SILENCE_WARN_S {
                        warned = true;
                        io.ui.warn("no sound for 5 s: is the microphone muted or the wrong device? (`rehearse check`)");
                    }
                } else {
                    silent_since = None;
                }
                if let Some(event) = io.capture.poll_event() {
                    match event {
                        RecorderEvent::LimitReached => {
                            (io.cue)(Cue::Limit);
                            return Ok(finish(io, takes, true));
                        }
                        RecorderEvent::SourceEnded => return Ok(finish(io, takes, false)),
                        RecorderEvent::Stalled | RecorderEvent::Failed(_) => {
                            let reason = match event {
                                RecorderEvent::Failed(r) => r,
                                _ => "no audio arrived for 2 s".to_string(),
                            };
                            let take = io.capture.stop_take().ok();
                            io.ui.finish_bar();
                            return Ok(RecordEnd::Failed { take, takes, reason });
                        }
                    }
                }
            }
            key = next_key(io) => match key {
                Some(Key::Enter) => return Ok(finish(io, takes, false)),
                Some(Key::Char('r')) => {
                    io.capture.discard_take()?;
                    takes += 1;
                    io.ui.finish_bar();
                    io.ui.say("take discarded; recording again");
                    io.capture.start_take(path, index, Some(limit))?;
                    io.ui.record_start(limit_s, takes);
                    silent_since = Some(0.0);
                    warned = false;
                }
                Some(Key::Char('q')) => {
                    let take = io.capture.stop_take().ok();
                    io.ui.finish_bar();
                    return Ok(RecordEnd::Quit { take, takes });
                }
                Some(Key::Interrupt) => {
                    let take = io.capture.stop_take().ok();
                    io.ui.finish_bar();
                    return Ok(RecordEnd::Interrupted { take, takes });
                }
                _ => {}
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::capture::FakeCapture;

    fn run<F: std::future::Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap()
            .block_on(f)
    }

    fn io<'a>(
        capture: &'a mut FakeCapture,
        keys: &'a mut UnboundedReceiver<Key>,
        ui: &'a mut Ui,
        cue: &'a dyn Fn(Cue),
    ) -> Io<'a> {
        Io {
            capture,
            keys,
            keys_done: false,
            ui,
            cue,
        }
    }

    #[test]
    fn prep_counts_down_with_three_beeps_then_go() {
        let cues = std::cell::RefCell::new(Vec::new());
        let cue = |c: Cue| cues.borrow_mut().push(c);
        let (_tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut cap = FakeCapture::new(16000, 800);
        let mut ui = Ui::new(true);
        let end = run(prep(&mut io(&mut cap, &mut rx, &mut ui, &cue), 5));
        assert_eq!(end, PrepEnd::Start);
        assert_eq!(
            *cues.borrow(),
            [Cue::Count, Cue::Count, Cue::Count, Cue::Go]
        );
    }

    #[test]
    fn prep_keys_start_skip_quit_and_interrupt() {
        for (key, want) in [
            (Key::Enter, PrepEnd::Start),
            (Key::Char('s'), PrepEnd::Skip),
            (Key::Char('q'), PrepEnd::Quit),
            (Key::Interrupt, PrepEnd::Interrupted),
        ] {
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
            tx.send(key).unwrap();
            let mut cap = FakeCapture::new(16000, 800);
            let mut ui = Ui::new(true);
            let cue = |_| {};
            assert_eq!(
                run(prep(&mut io(&mut cap, &mut rx, &mut ui, &cue), 30)),
                want
            );
        }
    }

    #[test]
    fn eof_on_keys_lets_timers_run() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tx.send(Key::Eof).unwrap();
        let mut cap = FakeCapture::new(16000, 800);
        let mut ui = Ui::new(true);
        let cue = |_| {};
        let end = run(async {
            let mut io = io(&mut cap, &mut rx, &mut ui, &cue);
            assert_eq!(prep(&mut io, 2).await, PrepEnd::Start);
            record(&mut io, Path::new("a.wav"), 0, 3).await.unwrap()
        });
        match end {
            RecordEnd::Done {
                take,
                by_limit,
                takes,
            } => {
                assert!(by_limit);
                assert_eq!(takes, 1);
                assert_eq!(take.frames, 3 * 16000);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn redo_discards_the_take_and_counts_it() {
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        tx.send(Key::Char('r')).unwrap();
        tx.send(Key::Enter).unwrap();
        let mut cap = FakeCapture::new(16000, 800);
        let mut ui = Ui::new(true);
        let cue = |_| {};
        let end = run(record(
            &mut io(&mut cap, &mut rx, &mut ui, &cue),
            Path::new("a.wav"),
            0,
            60,
        ))
        .unwrap();
        assert!(
            matches!(
                end,
                RecordEnd::Done {
                    takes: 2,
                    by_limit: false,
                    ..
                }
            ),
            "{end:?}"
        );
        assert_eq!(cap.discarded, [Path::new("a.wav")]);
    }

    #[test]
    fn a_stalled_recorder_ends_the_take_and_keeps_it() {
        let (_tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let mut cap = FakeCapture::new(16000, 800);
        cap.events.push(RecorderEvent::Stalled);
        let mut ui = Ui::new(true);
        let cue = |_| {};
        let end = run(record(
            &mut io(&mut cap, &mut rx, &mut ui, &cue),
            Path::new("a.wav"),
            0,
            60,
        ))
        .unwrap();
        assert!(
            matches!(end, RecordEnd::Failed { take: Some(_), .. }),
            "{end:?}"
        );
    }
}
