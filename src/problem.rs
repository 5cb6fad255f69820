//! Errors that decide the exit code, and the hints printed under them.
//!
//! The application uses `anyhow` everywhere. Code that knows *why* something failed wraps
//! the cause in a [`Problem`] (bad input → exit 2, interrupted → 130, runtime → 1) and can add
//! `hint:` lines. `app::main` finds the first `Problem` in the chain and prints the error once.

use std::fmt;

/// What kind of failure, which is what picks the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A file, id or flag the user gave is wrong: exit 2.
    BadInput,
    /// Something failed at run time (device, disk): exit 1.
    Runtime,
    /// Ctrl-C after everything was saved: exit 130.
    Interrupted,
}

impl Kind {
    pub fn exit_code(self) -> u8 {
        match self {
            Kind::BadInput => 2,
            Kind::Runtime => 1,
            Kind::Interrupted => 130,
        }
    }
}

/// An error with a kind, a message and optional hints.
#[derive(Debug)]
pub struct Problem {
    pub kind: Kind,
    pub message: String,
    pub hints: Vec<String>,
    /// Lines already printed by the command itself (e.g. validation diagnostics): the
    /// printer then only prints `message` as a summary.
    pub details: Vec<Diagnostic>,
}

impl Problem {
    pub fn bad_input(message: impl Into<String>) -> Self {
        Problem {
            kind: Kind::BadInput,
            message: message.into(),
            hints: Vec::new(),
            details: Vec::new(),
        }
    }
    pub fn runtime(message: impl Into<String>) -> Self {
        Problem {
            kind: Kind::Runtime,
            message: message.into(),
            hints: Vec::new(),
            details: Vec::new(),
        }
    }
    pub fn interrupted(message: impl Into<String>) -> Self {
        Problem {
            kind: Kind::Interrupted,
            message: message.into(),
            hints: Vec::new(),
            details: Vec::new(),
        }
    }
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }
    /// A bad-input problem made of located diagnostics (file:line:col).
    pub fn diagnostics(details: Vec<Diagnostic>) -> Self {
        let files: std::collections::BTreeSet<&str> =
            details.iter().map(|d| d.file.as_str()).collect();
        let message = format!(
            "{} problem{} in {} file{}",
            details.len(),
            if details.len() == 1 { "" } else { "s" },
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        );
        Problem {
            kind: Kind::BadInput,
            message,
            hints: Vec::new(),
            details,
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

/// One located problem in a file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; `None` when the problem is about the whole file (too big, unreadable).
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn whole_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
            hint: None,
        }
    }
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (Some(l), Some(c)) => format!("{}:{l}:{c}", self.file),
            (Some(l), None) => format!("{}:{l}", self.file),
            _ => self.file.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}
