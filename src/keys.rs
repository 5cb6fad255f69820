//! Key presses from a terminal, or lines from a pipe, as one stream of [`Key`]s.
//!
//! On a terminal, stdin is put in raw mode (restored on drop and on panic) and single keys
//! arrive at once; Ctrl-C arrives as [`Key::Interrupt`] because raw mode turns off SIGINT.
//! When stdin is not a terminal each line is one key: an empty line is `Enter`, a line
//! starting with a letter or digit is that key (`s`, `q`, `r`, `3`, `y` …), so whole flows
//! can be scripted; end of input is [`Key::Eof`] ("no more key presses").

use std::io::{BufRead, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crossterm::event::{self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    Enter,
    Char(char),
    Left,
    Right,
    Backspace,
    Esc,
    /// Ctrl-C on a raw terminal.
    Interrupt,
    /// Piped input ended: no more keys will come.
    Eof,
    /// A whole line from a pipe (for free-text answers); `Enter`/`Char` are also sent.
    Line(String),
}

pub fn stdin_is_tty() -> bool {
    std::io::stdin().is_terminal()
}

/// Raw mode for as long as this lives (only when stdin is a terminal).
pub struct RawMode {
    active: bool,
}

impl RawMode {
    pub fn enable() -> RawMode {
        let active = stdin_is_tty() && crossterm::terminal::enable_raw_mode().is_ok();
        if active {
            install_panic_restore();
            keep_output_processing();
        }
        RawMode { active }
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        if self.active {
            let _ = crossterm::terminal::disable_raw_mode();
        }
    }
}

/// Raw mode also turns off output processing, so `\n` would not return the carriage and
/// every line printed meanwhile would start where the last one ended. Keys stay raw; output
/// is processed as usual.
fn keep_output_processing() {
    #[cfg(unix)]
    // SAFETY: tcgetattr/tcsetattr on stdin's descriptor with a zeroed termios that
    // tcgetattr fills in; nothing is kept beyond the call.
    unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(libc::STDIN_FILENO, &mut t) == 0 {
            t.c_oflag |= libc::OPOST | libc::ONLCR;
            libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
        }
    }
}

fn install_panic_restore() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = crossterm::terminal::disable_raw_mode();
            previous(info);
        }));
    });
}

/// Map a crossterm key event to a [`Key`].
pub fn from_event(k: KeyEvent) -> Option<Key> {
    if k.kind == KeyEventKind::Release {
        return None;
    }
    if k.modifiers.contains(KeyModifiers::CONTROL) {
        return matches!(k.code, KeyCode::Char('c') | KeyCode::Char('d')).then_some(Key::Interrupt);
    }
    Some(match k.code {
        KeyCode::Enter => Key::Enter,
        KeyCode::Char(c) => Key::Char(c.to_ascii_lowercase()),
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Esc => Key::Esc,
        _ => return None,
    })
}

/// The key a piped line stands for.
pub fn from_line(line: &str) -> Key {
    match line.trim().chars().next() {
        None => Key::Enter,
        Some(c) => Key::Char(c.to_ascii_lowercase()),
    }
}

/// Wait for one key on a raw terminal, up to `timeout` (`None` on time-out).
pub fn poll_key(timeout: Duration) -> Option<Key> {
    if event::poll(timeout).ok()?
        && let Ok(Event::Key(k)) = event::read()
    {
        return from_event(k);
    }
    None
}

/// Poll a raw terminal on a background thread and send keys to `tx` until `stop` is set.
/// The caller must hold a [`RawMode`].
pub fn spawn_terminal_reader(tx: UnboundedSender<Key>, stop: Arc<AtomicBool>) {
    std::thread::Builder::new()
        .name("keys".into())
        .spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                if let Some(k) = poll_key(Duration::from_millis(50))
                    && tx.send(k).is_err()
                {
                    return;
                }
            }
        })
        .expect("spawning the key reader thread");
}

/// Piped stdin has one reader for the whole process, so a line meant for the scoring
/// walk-through is never swallowed by the runner before it (or the other way round).
/// Each line is sent as the key it stands for and then as a [`Key::Line`]; `Eof` at the end.
struct Pipe {
    tx: UnboundedSender<Key>,
    rx: Mutex<Option<UnboundedReceiver<Key>>>,
    ended: Arc<AtomicBool>,
}

static PIPE: OnceLock<Pipe> = OnceLock::new();

fn pipe() -> &'static Pipe {
    PIPE.get_or_init(|| {
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let ended = Arc::new(AtomicBool::new(false));
        let (sender, done) = (tx.clone(), ended.clone());
        std::thread::Builder::new()
            .name("stdin".into())
            .spawn(move || {
                for line in std::io::stdin().lock().lines() {
                    let Ok(line) = line else { break };
                    let _ = sender.send(from_line(&line));
                    let _ = sender.send(Key::Line(line));
                }
                done.store(true, Ordering::SeqCst);
                let _ = sender.send(Key::Eof);
            })
            .expect("spawning the stdin reader thread");
        Pipe {
            tx,
            rx: Mutex::new(Some(rx)),
            ended,
        }
    })
}

/// The piped-stdin key stream, lent out until dropped (then the next user gets it).
pub struct PipeLease {
    pub tx: UnboundedSender<Key>,
    rx: Option<UnboundedReceiver<Key>>,
}

impl PipeLease {
    /// Borrow the piped-stdin keys. If input already ended while someone else held it, the
    /// new holder is told so with a fresh `Eof`.
    pub fn take() -> PipeLease {
        let p = pipe();
        let rx =
            p.rx.lock()
                .unwrap_or_else(|e| e.into_inner())
                .take()
                .expect("one holder at a time");
        if p.ended.load(Ordering::SeqCst) {
            let _ = p.tx.send(Key::Eof);
        }
        PipeLease {
            tx: p.tx.clone(),
            rx: Some(rx),
        }
    }

    pub fn rx(&mut self) -> &mut UnboundedReceiver<Key> {
        self.rx.as_mut().expect("held until drop")
    }
}

impl Drop for PipeLease {
    fn drop(&mut self) {
        if let Some(rx) = self.rx.take() {
            *pipe().rx.lock().unwrap_or_else(|e| e.into_inner()) = Some(rx);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piped_lines_map_to_keys() {
        assert_eq!(from_line(""), Key::Enter);
        assert_eq!(from_line("  "), Key::Enter);
        assert_eq!(from_line("s"), Key::Char('s'));
        assert_eq!(from_line("Q\n"), Key::Char('q'));
        assert_eq!(from_line("3"), Key::Char('3'));
    }

    #[test]
    fn ctrl_c_is_an_interrupt() {
        let k = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(from_event(k), Some(Key::Interrupt));
        let k = KeyEvent::new(KeyCode::Char('P'), KeyModifiers::SHIFT);
        assert_eq!(from_event(k), Some(Key::Char('p')));
    }
}
