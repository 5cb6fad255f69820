//! The command line, as parsed. Doc comments here are the `--help` text.
//!
//! Only clap definitions live here; turning these into what the program uses happens in
//! `app` and the command modules.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::{Category, Difficulty};

/// Offline mock-interview runner: question sets, timed answers recorded to WAV,
/// rubric self-scoring and an HTML report, all in plain files on your machine.
#[derive(Debug, Parser)]
#[command(
    name = "rehearse",
    version,
    propagate_version = true,
    max_term_width = 100
)]
#[command(after_help = "Examples:
  rehearse sets                          list question sets
  rehearse questions --principle ownership
  rehearse rubric customer-obsession     what each score means for one principle
  rehearse validate my-questions.toml    check your own question set")]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Command,
}

/// Flags every subcommand understands.
#[derive(Debug, Args, Clone)]
pub struct GlobalArgs {
    /// Folder holding one sub-folder per session.
    #[arg(
        long,
        global = true,
        env = "REHEARSE_REPORTS_DIR",
        default_value = "reports"
    )]
    pub reports_dir: PathBuf,

    /// Extra question-set file or folder of *.toml, loaded beside the embedded sets.
    #[arg(
        long = "questions",
        global = true,
        env = "REHEARSE_QUESTIONS",
        value_name = "PATH"
    )]
    pub questions: Vec<PathBuf>,

    /// Extra rubric file or folder of *.toml, loaded beside the embedded rubrics.
    #[arg(
        long = "rubrics",
        global = true,
        env = "REHEARSE_RUBRICS",
        value_name = "PATH"
    )]
    pub rubrics: Vec<PathBuf>,

    /// Print less (repeat for even less).
    #[arg(short, long, global = true, action = clap::ArgAction::Count, conflicts_with = "verbose")]
    pub quiet: u8,

    /// Print more detail (repeat for more).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    /// When to use colour on stderr. NO_COLOR in the environment means never.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the question sets: id, title, number of questions, where each came from.
    #[command(after_help = "Example:\n  rehearse sets --questions ./my-sets/")]
    Sets,

    /// List questions, filtered by set, principle, category or difficulty.
    #[command(after_help = "Examples:
  rehearse questions --principle dive-deep --difficulty hard
  rehearse questions --json | jq '.[].id'")]
    Questions(QuestionsArgs),

    /// Show the scoring scale and each principle's anchored descriptors.
    #[command(after_help = "Examples:
  rehearse rubric                   the scale and every principle
  rehearse rubric earn-trust        one principle in full
  rehearse rubric --json            the whole rubric as JSON")]
    Rubric(RubricArgs),

    /// Check question-set and rubric files; every problem is reported with file:line:column.
    #[command(after_help = "Exit code 0 when every file is clean, 2 when any is not.

Examples:
  rehearse validate questions/my-set.toml
  rehearse validate ./my-sets/ ./my-rubrics/")]
    Validate(ValidateArgs),

    /// Render a session's HTML report: report.html in the session folder, with players,
    /// waveforms, speech metrics and scores. Opens in any browser, offline.
    #[command(after_help = "SESSION is a session folder, a session id, or `latest`.

Examples:
  rehearse report latest --open
  rehearse report latest --embed-audio          one file with the recordings inside
  rehearse report --export-template my-theme/   write the default templates to edit
  rehearse report latest --template my-theme/report.hbs
                                                 (a style.css beside it replaces the styles)")]
    Report(ReportArgs),

    /// Zip a session for a coach: report.html, the recordings and session.json.
    #[command(after_help = "Examples:
  rehearse share latest                    writes ./<session-id>.zip
  rehearse share latest -o for-coach.zip")]
    Share(ShareArgs),

    /// Trends across every session: progress.html in the reports folder.
    #[command(after_help = "Example:\n  rehearse progress --open")]
    Progress(ProgressArgs),

    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  rehearse completions bash > ~/.local/share/bash-completion/completions/rehearse"
    )]
    Completions {
        /// The shell to write completions for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Only questions of this set (default: every set).
    #[arg(long)]
    pub set: Option<String>,
    /// Only questions tagged with this principle id (repeatable: any of them).
    #[arg(long = "principle", value_name = "ID")]
    pub principles: Vec<String>,
    /// Only questions of this category.
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// Only questions of this difficulty.
    #[arg(long, value_enum)]
    pub difficulty: Option<Difficulty>,
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct RubricArgs {
    /// Show only this principle (id, e.g. earn-trust).
    pub principle: Option<String>,
    /// Which rubric (default: amazon-lp).
    #[arg(long, default_value = "amazon-lp")]
    pub rubric: String,
    /// Print the rubric (or the one principle) as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders (a folder means every *.toml in it).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The session: a folder, a session id, or `latest`.
    #[arg(required_unless_present = "export_template")]
    pub session: Option<String>,
    /// Open the report in the default browser (prints the path when there is no desktop).
    #[arg(long)]
    pub open: bool,
    /// Put the recordings inside the HTML file, so it is one self-contained file.
    #[arg(long)]
    pub embed_audio: bool,
    /// Use this handlebars template instead of the built-in one.
    #[arg(long, value_name = "FILE")]
    pub template: Option<PathBuf>,
    /// Write the built-in templates (report.hbs, progress.hbs, style.css) into DIR.
    #[arg(long, value_name = "DIR")]
    pub export_template: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The session: a folder, a session id, or `latest`.
    pub session: String,
    /// Where to write the zip (default: ./<session-id>.zip).
    #[arg(short, long, value_name = "FILE.zip")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// Open the page in the default browser (prints the path when there is no desktop).
    #[arg(long)]
    pub open: bool,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
