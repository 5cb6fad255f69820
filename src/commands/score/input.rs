//! Where walk-through answers come from: single keys in raw mode on a terminal, or lines
//! from a pipe; and Ctrl-C turned into an answer instead of a killed process.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;

use crate::keys::{self, Key, RawMode};
use crate::scoring::prompt::{self, Ask, Choice};

/// Set by the Ctrl-C watcher; checked before every read.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

pub(super) enum Line {
    Text(String),
    Eof,
    Interrupt,
}

/// Where answers come from: single keys on a terminal, or lines from a pipe.
pub(super) enum Input {
    Terminal,
    Pipe(keys::PipeLease),
}

impl Input {
    pub(super) fn open() -> anyhow::Result<Input> {
        if keys::stdin_is_tty() {
            watch_ctrl_c(None)?;
            Ok(Input::Terminal)
        } else {
            let lease = keys::PipeLease::take();
            watch_ctrl_c(Some(lease.tx.clone()))?;
            Ok(Input::Pipe(lease))
        }
    }

    pub(super) fn piped(&self) -> bool {
        matches!(self, Input::Pipe(_))
    }

    /// Print `prompt` and read one choice: a key in raw mode on a terminal, a line from a
    /// pipe. `None`: not valid here. Raw mode starts before the prompt appears, so a key
    /// pressed as soon as it shows is never echoed or held back by the line discipline.
    pub(super) fn choice(&mut self, ask: Ask, prompt: &str) -> anyhow::Result<Option<Choice>> {
        match self {
            Input::Terminal => {
                let _raw = RawMode::enable();
                anstream::eprint!("{prompt}");
                loop {
                    if interrupted() {
                        return Ok(Some(Choice::Interrupt));
                    }
                    if let Some(k) = keys::poll_key(Duration::from_millis(100)) {
                        return Ok(prompt::from_key(ask, &k));
                    }
                }
            }
            Input::Pipe(_) => {
                anstream::eprint!("{prompt}");
                Ok(match self.line()? {
                    Line::Text(t) => {
                        let c = prompt::from_line(ask, &t);
                        if c.is_none() {
                            anstream::eprint!("{}", t.trim());
                        }
                        c
                    }
                    Line::Eof => Some(Choice::Eof),
                    Line::Interrupt => Some(Choice::Interrupt),
                })
            }
        }
    }

    /// One line of text. On a terminal, raw mode is off while the line is typed.
    pub(super) fn line(&mut self) -> anyhow::Result<Line> {
        match self {
            Input::Terminal => {
                let (tx, rx) = mpsc::channel();
                std::thread::spawn(move || {
                    let mut s = String::new();
                    let r = std::io::stdin().read_line(&mut s).map(|n| (n, s));
                    let _ = tx.send(r);
                });
                loop {
                    if interrupted() {
                        return Ok(Line::Interrupt);
                    }
                    match rx.recv_timeout(Duration::from_millis(100)) {
                        Ok(Ok((0, _))) => return Ok(Line::Eof),
                        Ok(Ok((_, s))) => return Ok(Line::Text(s)),
                        Ok(Err(e)) => return Err(e).context("reading a line from the terminal"),
                        Err(mpsc::RecvTimeoutError::Timeout) => continue,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return Ok(Line::Eof),
                    }
                }
            }
            Input::Pipe(lease) => loop {
                if interrupted() {
                    return Ok(Line::Interrupt);
                }
                match lease.rx().blocking_recv() {
                    Some(Key::Line(t)) => return Ok(Line::Text(t)),
                    Some(Key::Interrupt) => return Ok(Line::Interrupt),
                    Some(Key::Eof) | None => return Ok(Line::Eof),
                    Some(_) => continue, // the key each line also stands for
                }
            },
        }
    }
}

/// Turn SIGINT into a flag (and a key on the pipe channel) instead of killing the process:
/// every entry is saved already, so the walk-through ends cleanly with exit code 130.
fn watch_ctrl_c(tx: Option<tokio::sync::mpsc::UnboundedSender<Key>>) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the Ctrl-C watcher")?;
    #[cfg(unix)]
    let mut signal = {
        let _guard = rt.enter();
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())
            .context("watching for Ctrl-C")?
    };
    std::thread::Builder::new()
        .name("ctrl-c".into())
        .spawn(move || {
            #[cfg(unix)]
            rt.block_on(signal.recv());
            #[cfg(not(unix))]
            let _ = rt.block_on(tokio::signal::ctrl_c());
            INTERRUPTED.store(true, Ordering::SeqCst);
            if let Some(tx) = tx {
                let _ = tx.send(Key::Interrupt);
            }
        })
        .context("starting the Ctrl-C watcher")?;
    Ok(())
}
