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

    /// List audio input and output devices: id, description, rates, channels, defaults.
    #[command(after_help = "Examples:
  rehearse devices                     * marks the default input / output
  rehearse devices --json | jq '.[] | select(.input) | .id'")]
    Devices(DevicesArgs),

    /// Record one standalone take to a WAV file (until Enter, Ctrl-C or --seconds).
    #[command(
        after_help = "The file is written as FILE.wav.part, synced every half second, and renamed to
FILE.wav at the end; after a crash, `rehearse repair` recovers it.

Examples:
  rehearse record take.wav --seconds 60
  rehearse record take.wav --device alsa:hw:1,0
  rehearse record copy.wav --input-wav speech.wav     the virtual microphone"
    )]
    Record(RecordArgs),

    /// Test the microphone: record a few seconds with a level meter, then a verdict.
    #[command(
        after_help = "Verdicts: OK, too quiet, clipping, silent (wrong device?), each with advice.

Examples:
  rehearse check
  rehearse check --device alsa:hw:1,0 --seconds 5"
    )]
    Check(CheckArgs),

    /// Play a WAV file (a recorded answer) with a progress bar.
    #[command(after_help = "Examples:
  rehearse replay take.wav
  rehearse replay take.wav --output-device alsa:default")]
    Replay(ReplayArgs),

    /// Fix WAV headers left stale by a crash; FILE.wav.part becomes FILE.wav.
    #[command(
        after_help = "A folder means every *.wav and *.wav.part under it. Good files are left as they are.

Examples:
  rehearse repair take.wav.part
  rehearse repair reports/2026-11-27T14-05-09-amazon-lp/"
    )]
    Repair(RepairArgs),

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
pub struct DevicesArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Where audio comes from: a device, or WAV files (the virtual microphone).
#[derive(Debug, Args, Clone)]
pub struct InputArgs {
    /// Input device id from `rehearse devices` (default: the system's default input).
    #[arg(long, value_name = "ID", conflicts_with = "input_wav")]
    pub device: Option<String>,
    /// Use this WAV file as the microphone, streamed in real time (for tests and demos).
    #[arg(long, value_name = "FILE")]
    pub input_wav: Option<PathBuf>,
    /// Deliver --input-wav as fast as it can be written (benchmarks; or REHEARSE_UNPACED=1).
    #[arg(long, hide = true)]
    pub unpaced: bool,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// The WAV file to write (must end in .wav).
    #[arg(value_name = "FILE.wav")]
    pub file: PathBuf,
    #[command(flatten)]
    pub input: InputArgs,
    /// Stop after this many seconds of audio.
    #[arg(long, value_name = "N")]
    pub seconds: Option<f64>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    /// How long to listen.
    #[arg(long, value_name = "N", default_value_t = 3.0)]
    pub seconds: f64,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The WAV file to play.
    #[arg(value_name = "FILE.wav")]
    pub file: PathBuf,
    /// Output device id from `rehearse devices` (default: the system's default output).
    #[arg(long, value_name = "ID")]
    pub output_device: Option<String>,
}

#[derive(Debug, Args)]
pub struct RepairArgs {
    /// A .wav / .wav.part file, or a folder to search for them.
    #[arg(required = true, value_name = "FILE.wav|DIR")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders (a folder means every *.toml in it).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
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
