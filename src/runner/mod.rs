//! The interactive session: for each pending question, show it, count down, record,
//! save. `session.json` is saved after every answer, skip and interruption.

pub mod capture;
pub mod flow;
pub mod ui;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use chrono::Local;

use crate::keys::{self, Key};
use crate::session::{AnswerStatus, Session, store};
use capture::{Capture, TakeSummary};
use flow::{Cue, Io, PrepEnd, RecordEnd};
use ui::Ui;

/// How a run of questions ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// Every question answered or skipped.
    Finished,
    /// The user pressed `q`.
    Quit,
    /// Ctrl-C.
    Interrupted,
}

/// Per-answer hook after a take is saved (speech metrics, summary line).
pub type AfterAnswer<'a> = dyn FnMut(&Path, &mut Session, usize) -> Option<String> + 'a;

/// Ask every pending question of `session` (saved in `dir`).
pub fn run_questions(
    dir: &Path,
    session: &mut Session,
    capture: &mut dyn Capture,
    cue: &dyn Fn(Cue),
    ui: &mut Ui,
    after_answer: &mut AfterAnswer<'_>,
) -> anyhow::Result<Ending> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runner's event loop")?;
    rt.block_on(async {
        let stop = Arc::new(AtomicBool::new(false));
        let raw = keys::RawMode::enable();
        // Keys: a raw terminal polled by a thread of our own, or the process's one
        // piped-stdin reader, lent to us and handed back for the scoring walk-through.
        let mut lease = (!keys::stdin_is_tty()).then(keys::PipeLease::take);
        let mut own_rx;
        let (tx, rx) = match lease.as_mut() {
            Some(lease) => (lease.tx.clone(), lease.rx()),
            None => {
                let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
                keys::spawn_terminal_reader(tx.clone(), stop.clone());
                own_rx = rx;
                (tx, &mut own_rx)
            }
        };
        // Ctrl-C as a signal (piped stdin, or a terminal outside raw mode) becomes a key;
        // a second one exits at once (the take in progress stays repairable).
        let sig = tx.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                let _ = sig.send(Key::Interrupt);
                if tokio::signal::ctrl_c().await.is_ok() {
                    let _ = crossterm::terminal::disable_raw_mode();
                    std::process::exit(130);
                }
            }
        });
        let mut io = Io {
            capture,
            keys: rx,
            keys_done: false,
            ui,
            cue,
        };
        let result = ask_all(dir, session, &mut io, after_answer).await;
        stop.store(true, Ordering::Relaxed);
        drop(raw);
        result
    })
}

async fn ask_all(
    dir: &Path,
    session: &mut Session,
    io: &mut Io<'_>,
    after_answer: &mut AfterAnswer<'_>,
) -> anyhow::Result<Ending> {
    let total = session.questions.len();
    while let Some(i) = session.next_pending() {
        let q = session.questions[i].clone();
        let prep_s = session.settings.prep_seconds.unwrap_or(q.prep_seconds);
        let answer_s = session.settings.answer_seconds.unwrap_or(q.answer_seconds);
        io.ui.question(i + 1, total, &q, answer_s);
        match flow::prep(io, prep_s).await {
            PrepEnd::Start => {}
            PrepEnd::Skip => {
                session.answers[i].status = AnswerStatus::Skipped;
                save(dir, session)?;
                io.ui.say("skipped");
                continue;
            }
            PrepEnd::Quit => return Ok(Ending::Quit),
            PrepEnd::Interrupted => return Ok(Ending::Interrupted),
        }
        let stem = session.answer_stem(i);
        let path = dir.join(store::ANSWERS_DIR).join(format!("{stem}.wav"));
        if path.exists() {
            // A finished take whose answer was never saved (a crash between the two): keep
            // it as an earlier take rather than record over it.
            let kept = set_aside(dir, session, i, &path)?;
            save(dir, session)?;
            io.ui.warn(&format!(
                "an unsaved earlier take was found; kept as {}",
                relative(dir, &kept)
            ));
        }
        let end = flow::record(io, &path, i, answer_s).await?;
        let quit = matches!(end, RecordEnd::Quit { .. });
        match end {
            RecordEnd::Done {
                take,
                takes,
                by_limit,
            } => {
                if by_limit {
                    io.ui.say("time is up");
                }
                accept_take(session, i, &take, takes, dir);
                let summary = after_answer(dir, session, i);
                save(dir, session)?;
                let line = summary.unwrap_or_else(|| default_summary(&take));
                io.ui
                    .say(&format!("saved {} · {line}", relative(dir, &take.path)));
            }
            RecordEnd::Quit { take, takes } | RecordEnd::Interrupted { take, takes } => {
                keep_earlier_take(dir, session, i, take.as_ref(), takes)?;
                save(dir, session)?;
                return Ok(if quit {
                    Ending::Quit
                } else {
                    Ending::Interrupted
                });
            }
            RecordEnd::Failed {
                take,
                takes,
                reason,
            } => {
                keep_earlier_take(dir, session, i, take.as_ref(), takes)?;
                save(dir, session)?;
                return Err(crate::problem::Problem::runtime(format!("recording stopped: {reason}"))
                    .hint("the take so far is kept; check the microphone with `rehearse check`, then `rehearse resume latest`")
                    .into());
            }
        }
    }
    session.refresh_status();
    save(dir, session)?;
    Ok(Ending::Finished)
}

fn save(dir: &Path, session: &mut Session) -> anyhow::Result<()> {
    session.refresh_status();
    store::save(dir, session)
}

fn relative(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir).unwrap_or(path).display().to_string()
}

fn default_summary(take: &TakeSummary) -> String {
    format!(
        "{:.1} s, level {:.0} dBFS RMS / {:.0} dBFS peak{}",
        take.duration_s(),
        take.rms_dbfs,
        take.peak_dbfs,
        if take.dropped > 0 {
            format!(", {} frames dropped", take.dropped)
        } else {
            String::new()
        }
    )
}

/// Record a finished take as the answer.
fn accept_take(session: &mut Session, i: usize, take: &TakeSummary, takes: u32, dir: &Path) {
    let a = &mut session.answers[i];
    a.status = AnswerStatus::Recorded;
    a.file = Some(relative(dir, &take.path));
    a.duration_s = take.duration_s();
    a.sample_rate = take.sample_rate;
    a.frames = take.frames;
    a.takes += takes;
    a.dropped_frames = take.dropped;
    a.xruns = take.xruns;
    a.peak_dbfs = Some(take.peak_dbfs);
    a.rms_dbfs = Some(take.rms_dbfs);
    a.recorded_at = Some(Local::now());
}

/// An interrupted take is kept beside the answer as an earlier take, never deleted; the
/// question stays pending and is asked again on resume.
fn keep_earlier_take(
    dir: &Path,
    session: &mut Session,
    i: usize,
    take: Option<&TakeSummary>,
    takes: u32,
) -> anyhow::Result<()> {
    session.answers[i].takes += takes;
    if let Some(take) = take {
        set_aside(dir, session, i, &take.path)?;
    }
    Ok(())
}

/// Move a take of answer `i` to the next `NN-id.takeN.wav` and list it as an earlier take.
fn set_aside(dir: &Path, session: &mut Session, i: usize, take: &Path) -> anyhow::Result<PathBuf> {
    let kept = earlier_take_path(dir, session, i);
    std::fs::rename(take, &kept)
        .with_context(|| format!("keeping the earlier take as {}", kept.display()))?;
    session.answers[i].earlier_takes.push(relative(dir, &kept));
    Ok(kept)
}

/// `answers/02-id.take1.wav`, the first free number.
pub fn earlier_take_path(dir: &Path, session: &Session, i: usize) -> PathBuf {
    let stem = session.answer_stem(i);
    (1..)
        .map(|n| {
            dir.join(store::ANSWERS_DIR)
                .join(format!("{stem}.take{n}.wav"))
        })
        .find(|p| !p.exists())
        .expect("a free take number")
}
