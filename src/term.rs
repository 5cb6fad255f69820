//! Terminal output helpers: colour choice, styled `error:`/`hint:`/`warning:` lines, width.
//!
//! Everything for a person goes to stderr; stdout is for data. `anstream` strips the styles
//! when stderr is not a terminal, when `--color never` is given, or when `NO_COLOR` is set.

use std::io::IsTerminal;

use anstyle::{AnsiColor, Style};

use crate::cli::ColorWhen;

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
pub const HINT: Style = AnsiColor::Cyan.on_default().bold();
pub const GOOD: Style = AnsiColor::Green.on_default().bold();
pub const BOLD: Style = Style::new().bold();
pub const DIM: Style = Style::new().dimmed();

/// Apply `--color` (and `NO_COLOR`) for the whole process.
pub fn init_color(when: ColorWhen) {
    let choice = match when {
        ColorWhen::Always => anstream::ColorChoice::Always,
        ColorWhen::Never => anstream::ColorChoice::Never,
        ColorWhen::Auto => anstream::ColorChoice::Auto,
    };
    choice.write_global();
}

/// Is stderr an interactive terminal (progress bars, live meters)?
pub fn stderr_is_tty() -> bool {
    std::io::stderr().is_terminal()
}

/// Width to wrap text to: the terminal's, else 80; never below 40.
pub fn width() -> usize {
    textwrap::termwidth().clamp(40, 120)
}

pub fn error(msg: &str) {
    anstream::eprintln!("{ERROR}error{ERROR:#}: {msg}");
}

pub fn warning(msg: &str) {
    anstream::eprintln!("{WARN}warning{WARN:#}: {msg}");
}

pub fn hint(msg: &str) {
    anstream::eprintln!("{HINT}hint{HINT:#}: {msg}");
}

/// Print a located diagnostic as `error: file:line:col: message` and its hint.
pub fn diagnostic(d: &crate::problem::Diagnostic) {
    anstream::eprintln!(
        "{ERROR}error{ERROR:#}: {BOLD}{}{BOLD:#}: {}",
        d.location(),
        d.message
    );
    if let Some(h) = &d.hint {
        anstream::eprintln!("  {HINT}hint{HINT:#}: {h}");
    }
}
