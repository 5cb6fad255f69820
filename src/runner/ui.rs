//! What the runner shows on stderr: the question, the prep and recording bars with a live
//! level meter, and one-line summaries. Bars only on a terminal; plain lines otherwise.

use std::fmt::Write as _;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::catalog::Question;
use crate::term::{self, BOLD, DIM};

pub struct Ui {
    tty: bool,
    quiet: bool,
    bar: Option<ProgressBar>,
}

/// `levels` → a small meter: -60 dBFS and below is empty, 0 dBFS full.
pub fn meter(rms_dbfs: f32) -> String {
    const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let x = ((rms_dbfs.max(-60.0) + 60.0) / 60.0).clamp(0.0, 1.0);
    let filled = (x * 10.0).round() as usize;
    (0..10)
        .map(|i| {
            if i < filled {
                BLOCKS[(i * 8 / 10).min(7)]
            } else {
                ' '
            }
        })
        .collect()
}

pub use crate::clock::clock;

/// The question as shown before the countdown.
pub fn question_text(n: usize, total: usize, q: &Question, answer_s: u32, width: usize) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "\nQuestion {n} of {total} · {} · {} · answer limit {}",
        q.category,
        q.difficulty,
        clock(f64::from(answer_s))
    );
    let opts = textwrap::Options::new(width.min(100))
        .initial_indent("  ")
        .subsequent_indent("  ")
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for line in textwrap::wrap(&q.text, &opts) {
        let _ = writeln!(t, "{line}");
    }
    let principles = format!("Principles: {}", q.principles.join(", "));
    for line in textwrap::wrap(&principles, &opts) {
        let _ = writeln!(t, "{line}");
    }
    t
}

impl Ui {
    pub fn new(quiet: bool) -> Self {
        Ui {
            tty: term::stderr_is_tty(),
            quiet,
            bar: None,
        }
    }

    pub fn say(&mut self, text: &str) {
        if self.quiet {
            return;
        }
        match &self.bar {
            Some(bar) => bar.println(text),
            None => anstream::eprintln!("{text}"),
        }
    }

    pub fn question(&mut self, n: usize, total: usize, q: &Question, answer_s: u32) {
        let text = question_text(n, total, q, answer_s, term::width());
        let mut lines = text.lines();
        if self.quiet {
            return;
        }
        if let Some(head) = lines.nth(1) {
            anstream::eprintln!("\n{BOLD}{head}{BOLD:#}");
        }
        for l in lines {
            anstream::eprintln!("{l}");
        }
    }

    /// A bar of `len` steps whose width leaves `other` columns for the rest of the line, so
    /// the line never wraps (wrapped lines redraw badly).
    fn start_bar(&mut self, len: u64, other: usize) {
        self.finish_bar();
        if !self.tty || self.quiet {
            return;
        }
        let width = term::width().saturating_sub(other + 2).clamp(8, 30);
        let template = format!("{{prefix}} [{{bar:{width}}}] {{msg}}");
        let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr_with_hz(10));
        bar.set_style(
            ProgressStyle::with_template(&template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("█▉▊▋▌▍▎▏ "),
        );
        self.bar = Some(bar);
    }

    pub fn finish_bar(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
    }

    pub fn prep_start(&mut self, secs: u32) {
        self.start_bar(u64::from(secs) * 10, 48);
        match &self.bar {
            Some(bar) => bar.set_prefix("prep"),
            None => self.say(&format!(
                "prep: {secs} s (Enter starts now, s skips, q quits)"
            )),
        }
    }

    pub fn prep_tick(&mut self, elapsed: Duration, total: Duration) {
        if let Some(bar) = &self.bar {
            let left = total.saturating_sub(elapsed).as_secs_f64().ceil();
            bar.set_position((elapsed.as_millis() / 100) as u64);
            bar.set_message(format!(
                "{left:>3} s   {DIM}Enter start · s skip · q quit{DIM:#}"
            ));
        }
    }

    pub fn record_start(&mut self, limit_s: u32, take: u32) {
        self.start_bar(u64::from(limit_s) * 10, 70);
        let take = if take > 1 {
            format!(" (take {take})")
        } else {
            String::new()
        };
        match &self.bar {
            Some(bar) => bar.set_prefix(format!(
                "{}● rec{}",
                term::ERROR,
                term::ERROR.render_reset()
            )),
            None => self.say(&format!(
                "recording{take}: limit {} (Enter stops, r redoes, q quits)",
                clock(f64::from(limit_s))
            )),
        }
    }

    pub fn record_tick(&mut self, elapsed_s: f64, limit_s: u32, rms_dbfs: f32) {
        if let Some(bar) = &self.bar {
            bar.set_position((elapsed_s * 10.0) as u64);
            bar.set_message(format!(
                "{} / {}  level {}  {DIM}Enter stop · r redo · q quit{DIM:#}",
                clock(elapsed_s.floor()),
                clock(f64::from(limit_s)),
                meter(rms_dbfs)
            ));
        }
    }

    pub fn warn(&mut self, text: &str) {
        let line = format!("{}warning{}: {text}", term::WARN, term::WARN.render_reset());
        self.say(&line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_and_clock() {
        assert_eq!(meter(-90.0).trim(), "");
        assert_eq!(meter(0.0).chars().count(), 10);
        assert!(meter(-30.0).trim().chars().count() == 5);
        assert_eq!(clock(0.4), "0:00");
        assert_eq!(clock(185.0), "3:05");
    }
}
