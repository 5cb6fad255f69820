//! Dispatch a parsed command line and turn its outcome into an exit code.
//!
//! This is the one place that prints errors: `error: …` with the cause chain, then `hint:`
//! lines. A broken pipe on stdout (`rehearse questions | head`) counts as success.

use std::io::Write;
use std::process::ExitCode;

use crate::cli::{Cli, Command, GlobalArgs};
use crate::problem::{Kind, Problem};
use crate::{commands, term};

/// Settings every command may need, resolved once from the global flags.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub global: GlobalArgs,
}

impl Ctx {
    pub fn verbose(&self) -> u8 {
        self.global.verbose
    }
    pub fn quiet(&self) -> bool {
        self.global.quiet > 0
    }
    /// Load the embedded sets and rubrics plus the user's extra files.
    pub fn catalog(&self) -> anyhow::Result<crate::catalog::Catalog> {
        crate::catalog::Catalog::load(&self.global.questions, &self.global.rubrics)
    }
}

pub fn main(cli: Cli) -> ExitCode {
    term::init_color(cli.global.color);
    let ctx = Ctx { global: cli.global };
    match dispatch(&ctx, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => ExitCode::from(report(&err)),
    }
}

fn dispatch(ctx: &Ctx, command: Command) -> anyhow::Result<()> {
    match command {
        Command::Sets => commands::catalog::sets(ctx),
        Command::Questions(args) => commands::catalog::questions(ctx, &args),
        Command::Rubric(args) => commands::catalog::rubric(ctx, &args),
        Command::Validate(args) => commands::catalog::validate(ctx, &args),
        Command::Run(args) => commands::run::run(ctx, &args),
        Command::Resume(args) => commands::run::resume(ctx, &args),
        Command::Sessions { json } => commands::run::sessions(ctx, json),
        Command::Score(args) => commands::score::score(ctx, &args),
        Command::Report(args) => commands::report::report(ctx, &args),
        Command::Share(args) => commands::report::share(ctx, &args),
        Command::Progress(args) => commands::report::progress(ctx, &args),
        Command::Analyze(args) => commands::analyze::analyze(ctx, &args),
        Command::Devices(args) => commands::audio::devices(ctx, &args),
        Command::Record(args) => commands::record::record(ctx, &args),
        Command::Check(args) => commands::record::check(ctx, &args),
        Command::Replay(args) => commands::audio::replay(ctx, &args),
        Command::Repair(args) => commands::audio::repair(ctx, &args),
        Command::Completions { shell } => commands::completions(shell),
    }
}

/// Print an error once and return its exit code.
pub fn report(err: &anyhow::Error) -> u8 {
    if is_broken_pipe(err) {
        return 0;
    }
    let problem = err.chain().find_map(|e| e.downcast_ref::<Problem>());
    if let Some(p) = problem {
        for d in &p.details {
            term::diagnostic(d);
        }
    }
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    if problem.is_none_or(|p| p.kind != Kind::Interrupted) {
        term::error(&text);
    } else {
        anstream::eprintln!("{text}");
    }
    if let Some(p) = problem {
        for h in &p.hints {
            term::hint(h);
        }
    }
    problem.map_or(1, |p| p.kind.exit_code())
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Write data to stdout (not a `println!`, which panics on a closed pipe).
pub fn out(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(())
}

/// Write a value as pretty JSON plus a newline to stdout.
pub fn out_json<T: serde::Serialize + ?Sized>(value: &T) -> anyhow::Result<()> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    out(&text)
}
