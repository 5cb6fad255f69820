//! One module per group of subcommands. Each function takes resolved settings, does its
//! I/O at the edge and returns `anyhow::Result`; `app` prints errors.

pub mod analyze;
pub mod audio;
pub mod catalog;
pub mod record;
pub mod report;
pub mod run;
pub mod score;

use clap::CommandFactory;

/// `rehearse completions SHELL`
pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "rehearse", &mut buf);
    crate::app::out(&String::from_utf8_lossy(&buf))
}
