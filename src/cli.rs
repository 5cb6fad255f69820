//! The command line, as parsed. Doc comments here are the `--help` text.
//!
//! Only clap definitions live here; turning these into what the program uses happens in
//! `app` and the command modules.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::catalog::{Category, Difficulty};
use crate::scoring::Role;
use crate::session::pick::PickMode;

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

    /// Run a mock interview: each question, a prep countdown, your answer recorded to WAV.
    #[command(
        after_help = "Keys: during prep Enter starts now, s skips, q quits; while recording Enter stops,
r redoes the take, q quits. Ctrl-C saves everything and prints how to resume.
When stdin is not a terminal each line is a key (an empty line is Enter).

Examples:
  rehearse run                                  five questions from the Amazon LP set
  rehearse run --demo                           try the whole flow without a microphone
  rehearse run --pick weakest --count 3         practise what scored lowest so far
  rehearse run --principle dive-deep --category behavioral --prep 60
  rehearse run --dry-run --pick random --seed 7 show what would be asked
  rehearse run --input-wav answer.wav --prep 0  use a recording as the microphone"
    )]
    Run(RunArgs),

    /// Continue an interrupted session at its first unanswered question.
    #[command(
        after_help = "Examples:\n  rehearse resume latest\n  rehearse resume 2026-11-27T14-05-09-amazon-lp --device alsa:hw:1"
    )]
    Resume(ResumeArgs),

    /// List sessions: date, set, answered/total, scored, speaking time.
    #[command(
        after_help = "Examples:\n  rehearse sessions\n  rehearse sessions --json | jq '.[] | select(.status != \"scored\")'"
    )]
    Sessions {
        /// Print a JSON array instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Score recorded answers against the rubric, principle by principle.
    ///
    /// Each principle's anchored descriptors are shown at the moment you score it. Every entry
    /// is saved at once: quit (q) or Ctrl-C at any point, and running `score` again resumes at
    /// the first unscored item.
    #[command(
        after_help = "Keys: 1-4 score · y/p/n structure criteria · Enter keeps the value shown · q quit (saved)
      p play/pause (space at y/p/n prompts) · ←/→ or b/f seek 5 s
When stdin is not a terminal, each line is one answer (`3`, `y`, note text; an empty line
keeps the value shown) and end of input stops, saving what was entered.

Examples:
  rehearse score latest                              score the newest session
  rehearse score latest --only zero-loss-rollback    revisit one answer
  rehearse score latest --scores-file scores.toml    apply scores without prompts
  rehearse score 2026-11-27T14-05-09-amazon-lp --as coach --name \"Dana Lee\"

A scores file has one [[answers]] table per answer:
  [[answers]]
  question = \"zero-loss-rollback\"
  principles = { insist-on-the-highest-standards = 3, deliver-results = 2 }
  criteria = { requirements = \"y\", failure-handling = \"p\" }
  notes = { deliver-results = \"no numbers for the impact\" }
  note = \"clear structure\"
  improve = \"lead with the result\""
    )]
    Score(ScoreArgs),
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
    /// Speech metrics of a WAV: speaking time, pauses, estimated pace, levels, warnings.
    #[command(
        after_help = "Any PCM or float WAV, any sample rate and channel count. Words per minute
are an estimate (syllable nuclei / 1.46), not a word count.

Examples:
  rehearse analyze answer.wav
  rehearse analyze answer.wav --category behavioral   also judge the length
  rehearse analyze answer.wav --json | jq .pauses"
    )]
    Analyze(AnalyzeArgs),
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

/// Which questions: by principle, category, difficulty (shared by `run` and `questions`).
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only questions tagged with this principle id (repeatable: any of them).
    #[arg(long = "principle", value_name = "ID")]
    pub principles: Vec<String>,
    /// Only questions of this category.
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// Only questions of this difficulty.
    #[arg(long, value_enum)]
    pub difficulty: Option<Difficulty>,
}

impl FilterArgs {
    pub fn to_filter(&self) -> crate::catalog::Filter {
        crate::catalog::Filter {
            principles: self.principles.clone(),
            category: self.category,
            difficulty: self.difficulty,
        }
    }
}

/// Where answers are recorded from (shared by run, resume, record, check).
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Input device id (see `rehearse devices`); default: the system's default input.
    #[arg(long, value_name = "ID")]
    pub device: Option<String>,
    /// Use a WAV file as the microphone, played in real time (repeatable: answer i uses
    /// file i, cycling).
    #[arg(long = "input-wav", value_name = "FILE", conflicts_with = "device")]
    pub input_wav: Vec<PathBuf>,
    /// Deliver --input-wav as fast as it can be written (benchmarks; or REHEARSE_UNPACED=1).
    #[arg(long, hide = true)]
    pub unpaced: bool,
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// Question set id.
    #[arg(long, default_value = "amazon-lp")]
    pub set: String,
    /// How many questions to ask [default: 5, or 2 with --demo].
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub count: Option<u32>,
    /// How to choose the questions.
    #[arg(long, value_enum, default_value_t = PickMode::Random)]
    pub pick: PickMode,
    #[command(flatten)]
    pub filter: FilterArgs,
    /// Seed for `--pick random|weakest`, to get the same questions again.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Prep time in seconds for every question (default: from the set).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(0..=3600))]
    pub prep: Option<u32>,
    /// Answer time limit in seconds for every question (default: from the set).
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub answer: Option<u32>,
    #[command(flatten)]
    pub input: InputArgs,
    /// No beeps for the countdown and the time limit.
    #[arg(long)]
    pub no_beep: bool,
    /// Score right after the last answer (now) or leave it for `rehearse score` (later).
    #[arg(long, value_enum, default_value_t = ScoreWhen::Now)]
    pub score: ScoreWhen,
    /// Print the questions that would be asked, with principles and times; record nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Try rehearse without a microphone: a bundled sample answer plays as the microphone,
    /// two questions, short prep and answer times.
    #[arg(long, conflicts_with_all = ["device", "input_wav"])]
    pub demo: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScoreWhen {
    Now,
    Later,
}

#[derive(Debug, Args)]
pub struct ResumeArgs {
    /// Session folder, session id, or `latest`.
    pub session: String,
    #[command(flatten)]
    pub input: InputArgs,
}

#[derive(Debug, Args)]
pub struct QuestionsArgs {
    /// Only questions of this set (default: every set).
    #[arg(long)]
    pub set: Option<String>,
    #[command(flatten)]
    pub filter: FilterArgs,
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
pub struct ScoreArgs {
    /// The session: its folder, its id, or `latest`.
    pub session: String,
    /// Whose scores to enter: your own, or a coach's (needs --name). Coach scores are kept
    /// apart and never change self scores.
    #[arg(long = "as", value_name = "WHO", value_enum, default_value_t = Role::Candidate)]
    pub role: Role,
    /// The coach's name, stored with the coach scores.
    #[arg(long, value_name = "NAME", required_if_eq("role", "coach"))]
    pub name: Option<String>,
    /// Revisit one answer (question id) with every item; earlier values are the defaults.
    #[arg(long, value_name = "QUESTION", conflicts_with = "scores_file")]
    pub only: Option<String>,
    /// Apply scores from a TOML file without prompts; nothing is written unless the whole
    /// file is valid.
    #[arg(long, value_name = "FILE")]
    pub scores_file: Option<PathBuf>,
    /// Output device for replaying answers (see `rehearse devices`; default: the system's).
    #[arg(long, value_name = "ID")]
    pub output_device: Option<String>,
}

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The recording to measure.
    #[arg(value_name = "FILE.wav")]
    pub file: PathBuf,
    /// Judge the duration against this category's target window.
    #[arg(long, value_enum)]
    pub category: Option<Category>,
    /// Use the thresholds of this question set's `[analysis]` table (default: the built-in ones).
    #[arg(long, value_name = "ID")]
    pub set: Option<String>,
    /// Print the metrics as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DevicesArgs {
    /// Print a JSON array instead of a table.
    #[arg(long)]
    pub json: bool,
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
    /// A WAV file, or a session (folder, id or `latest`).
    #[arg(value_name = "SESSION|FILE.wav")]
    pub file: PathBuf,
    /// With a session: the answer to play (question id or number, 1 = first); default:
    /// every recorded answer in order.
    #[arg(value_name = "QUESTION")]
    pub question: Option<String>,
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
