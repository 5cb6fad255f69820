//! `rehearse score`: the scoring walk-through and scripted scores files — the I/O edge.
//!
//! The decisions (what to ask next, where a value goes, what a key means, whether a scores
//! file is valid) are in `crate::scoring`; this module reads keys or lines, prints to stderr,
//! and saves `session.json` after every entered value so `q`, Ctrl-C or end of input lose
//! nothing.

mod input;

use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Local;

use self::input::{Input, Line};
use crate::app::{Ctx, out};
use crate::catalog::files_read_all;
use crate::catalog::question_set::closest;
use crate::cli::ScoreArgs;
use crate::problem::Problem;
use crate::scoring::card::{self, mark_word, score_word, shorten};
use crate::scoring::player::{self, AnswerPlayer};
use crate::scoring::prompt::{Ask, Choice};
use crate::scoring::{self, Item, Role, Step, Value, scores_file, summary};
use crate::session::{Session, store};
use crate::term::{self, BOLD, DIM, GOOD};

/// `rehearse score SESSION [--as self|coach] [--name NAME] [--only QUESTION] [--scores-file FILE]`
pub fn score(ctx: &Ctx, args: &ScoreArgs) -> anyhow::Result<()> {
    let mut player = crate::audio::WavPlayer::new(args.output_device.as_deref());
    score_with(ctx, args, &mut player)
}

/// [`score`] with the player that `p` and the seek keys drive (the runner's `--score now`
/// and the real audio player come in through here).
pub fn score_with(
    ctx: &Ctx,
    args: &ScoreArgs,
    player: &mut dyn AnswerPlayer,
) -> anyhow::Result<()> {
    let dir = store::resolve(&ctx.global.reports_dir, &args.session)?;
    let mut session = store::load(&dir)?;
    let by = scorer_name(&session, args)?;
    let role = args.role;
    if session.recorded().next().is_none() {
        return Err(Problem::bad_input(format!(
            "session `{}` has no recorded answers to score",
            session.id
        ))
        .hint("record answers with `rehearse resume SESSION` first")
        .into());
    }
    let again = resume_command(ctx, &dir, &session, role, by.as_deref());

    if let Some(path) = &args.scores_file {
        apply_scores_file(&dir, &mut session, role, by.as_deref(), path)?;
        crate::commands::report::refresh(ctx, &dir, &session);
        return print_summary(ctx, &session, role);
    }

    let only = args
        .only
        .as_deref()
        .map(|q| only_answer(&session, q))
        .transpose()?;
    let steps = scoring::plan(&session, role, only);
    if steps.is_empty() {
        anstream::eprintln!(
            "Every recorded answer already has complete {} scores.",
            role.as_str()
        );
        term::hint("revisit one with --only QUESTION");
        return print_summary(ctx, &session, role);
    }

    let mut input = Input::open()?;
    let mut walk = Walk {
        dir: &dir,
        role,
        by: by.as_deref(),
        input: &mut input,
        player,
        width: term::width().min(80),
    };
    let end = walk.run(&mut session, &steps)?;
    walk.player.stop();
    crate::commands::report::refresh(ctx, &dir, &session);
    let left = scoring::remaining(&session, role);
    match end {
        End::Finished if left == 0 => {
            anstream::eprintln!(
                "\n{GOOD}Every recorded answer is scored.{GOOD:#} Saved to {}\n",
                dir.join(store::SESSION_FILE).display()
            );
            print_summary(ctx, &session, role)
        }
        End::Finished => {
            anstream::eprintln!("\nSaved. {}", left_text(left));
            term::hint(&format!("continue with: {again}"));
            Ok(())
        }
        End::Stopped => {
            anstream::eprintln!(
                "\nStopped; everything entered is saved. {}",
                left_text(left)
            );
            if left > 0 {
                term::hint(&format!("continue with: {again}"));
            }
            Ok(())
        }
        End::Interrupted => Err(Problem::interrupted(format!(
            "\nInterrupted; everything entered is saved. {}",
            left_text(left)
        ))
        .hint(format!("continue with: {again}"))
        .into()),
    }
}

fn left_text(left: usize) -> String {
    match left {
        0 => "Every recorded answer is scored.".to_string(),
        1 => "1 item left to score.".to_string(),
        n => format!("{n} items left to score."),
    }
}

/// The coach's name (coach mode), after checking it fits the session.
fn scorer_name(session: &Session, args: &ScoreArgs) -> anyhow::Result<Option<String>> {
    match args.role {
        Role::Candidate => {
            if args.name.is_some() {
                return Err(Problem::bad_input("--name is for coach scores")
                    .hint("use --as coach --name NAME to score as a coach")
                    .into());
            }
            Ok(None)
        }
        Role::Coach => {
            let name = args.name.as_deref().unwrap_or("").trim().to_string();
            if name.is_empty() {
                return Err(Problem::bad_input("--name must not be empty")
                    .hint("give the coach's name, e.g. --name \"Dana Lee\"")
                    .into());
            }
            let other = session
                .answers
                .iter()
                .filter_map(|a| a.scores.coach.as_ref()?.by.as_deref())
                .find(|b| *b != name);
            if let Some(other) = other {
                return Err(Problem::bad_input(format!(
                    "this session already holds coach scores by `{other}`"
                ))
                .hint(format!(
                    "to continue or change them use --name \"{other}\"; a session keeps one coach's scores"
                ))
                .into());
            }
            Ok(Some(name))
        }
    }
}

/// The command that continues this scoring later.
fn resume_command(
    ctx: &Ctx,
    dir: &Path,
    session: &Session,
    role: Role,
    by: Option<&str>,
) -> String {
    let target = if dir == ctx.global.reports_dir.join(&session.id) {
        session.id.clone()
    } else {
        dir.display().to_string()
    };
    match (role, by) {
        (Role::Coach, Some(name)) => format!("rehearse score {target} --as coach --name {name:?}"),
        _ => format!("rehearse score {target}"),
    }
}

/// `--only QUESTION`: the index of that recorded answer.
fn only_answer(session: &Session, question: &str) -> anyhow::Result<usize> {
    if let Some(i) = scoring::recorded_answer(session, question) {
        return Ok(i);
    }
    let recorded: Vec<&str> = session.recorded().map(|(_, q, _)| q.id.as_str()).collect();
    let mut p = match scoring::answer_status(session, question) {
        Some(_) => Problem::bad_input(format!(
            "question `{question}` was not recorded in session `{}`",
            session.id
        )),
        None => Problem::bad_input(format!(
            "session `{}` has no question `{question}`",
            session.id
        )),
    };
    if let Some(c) = closest(question, recorded.iter().copied()) {
        p = p.hint(format!("did you mean `{c}`?"));
    }
    Err(p
        .hint(format!("recorded questions: {}", recorded.join(", ")))
        .into())
}

/// `--scores-file FILE`: check everything, then write once, or write nothing.
fn apply_scores_file(
    dir: &Path,
    session: &mut Session,
    role: Role,
    by: Option<&str>,
    path: &Path,
) -> anyhow::Result<()> {
    if path.is_dir() {
        return Err(Problem::bad_input(format!(
            "{} is a folder; --scores-file takes one TOML file",
            path.display()
        ))
        .into());
    }
    let mut diags = Vec::new();
    let file = files_read_all(path, &mut diags).into_iter().next();
    let mut entries = Vec::new();
    if let Some(file) = file
        && diags.is_empty()
    {
        match scores_file::parse(&file, session) {
            Ok(e) => entries = e,
            Err(d) => diags = d,
        }
    }
    if !diags.is_empty() {
        return Err(Problem::diagnostics(diags)
            .hint("nothing was written; fix the file and run the command again")
            .into());
    }
    scores_file::apply(session, role, by, &entries, Local::now());
    save(dir, session)?;
    anstream::eprintln!(
        "Applied {} scores for {} answer{} from {}.",
        role.as_str(),
        entries.len(),
        if entries.len() == 1 { "" } else { "s" },
        path.display()
    );
    Ok(())
}

fn save(dir: &Path, session: &mut Session) -> anyhow::Result<()> {
    store::save(dir, session).with_context(|| format!("saving the scores in {}", dir.display()))
}

/// Per-principle averages and the change since the last session with each principle.
fn print_summary(ctx: &Ctx, session: &Session, role: Role) -> anyhow::Result<()> {
    let (history, _) = store::list(&ctx.global.reports_dir);
    let rows = summary::summarize(session, history.iter().map(|(_, s)| s), role);
    out(&summary::render(&rows, role, term::width().min(80)))
}

/// How the walk-through ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum End {
    Finished,
    /// `q` or end of piped input.
    Stopped,
    Interrupted,
}

/// One interactive scoring run.
struct Walk<'a> {
    dir: &'a Path,
    role: Role,
    by: Option<&'a str>,
    input: &'a mut Input,
    player: &'a mut dyn AnswerPlayer,
    width: usize,
}

/// The result of asking one item.
enum Asked {
    Value(Value),
    Keep,
    End(End),
}

impl Walk<'_> {
    fn run(&mut self, session: &mut Session, steps: &[Step]) -> anyhow::Result<End> {
        // Numbered among all recorded answers, so a resumed run still says "2 of 2".
        let answers: Vec<usize> = session.recorded().map(|(i, _, _)| i).collect();
        let mut shown: Option<usize> = None;
        for (k, step) in steps.iter().enumerate() {
            if shown != Some(step.answer) {
                self.player.stop();
                shown = Some(step.answer);
                let pos = answers.iter().position(|a| *a == step.answer).unwrap_or(0) + 1;
                self.show_answer(session, step.answer, pos, answers.len());
            }
            let first_criterion = matches!(step.item, Item::Criterion(_))
                && (k == 0 || !matches!(steps[k - 1].item, Item::Criterion(_)));
            if first_criterion {
                let q = &session.questions[step.answer];
                anstream::eprint!("{BOLD}{}{BOLD:#}", card::criteria_header(q));
            }
            let current = scoring::current(session, self.role, step);
            let asked = self.ask(session, step, current.as_ref())?;
            match asked {
                Asked::Value(v) => {
                    if current.as_ref() != Some(&v)
                        && scoring::set(session, self.role, self.by, step, v, Local::now())
                    {
                        save(self.dir, session)?;
                    }
                }
                Asked::Keep => {}
                Asked::End(end) => return Ok(end),
            }
        }
        Ok(End::Finished)
    }

    fn show_answer(&self, session: &Session, i: usize, pos: usize, total: usize) {
        let q = &session.questions[i];
        let a = &session.answers[i];
        anstream::eprint!(
            "{BOLD}{}{BOLD:#}",
            card::answer_header(q, pos, total, self.width)
        );
        let opts = textwrap::Options::new(self.width);
        for line in textwrap::wrap(&card::answer_summary(a), opts) {
            anstream::eprintln!("{DIM}{line}{DIM:#}");
        }
        anstream::eprintln!(
            "{DIM}Replay: p play/pause (space at y/p/n) · ←/→ or b/f seek 5 s · q quit{DIM:#}"
        );
    }

    fn ask(
        &mut self,
        session: &Session,
        step: &Step,
        current: Option<&Value>,
    ) -> anyhow::Result<Asked> {
        let rubric = &session.rubric;
        let q = &session.questions[step.answer];
        let name = |pid: &str| {
            rubric
                .principle(pid)
                .map_or(pid.to_string(), |p| p.name.clone())
        };
        match &step.item {
            Item::Principle(pid) => {
                let Some(p) = rubric.principle(pid) else {
                    term::warning(&format!("rubric has no principle `{pid}`; skipped"));
                    return Ok(Asked::Keep);
                };
                let pos = q.principles.iter().position(|x| x == pid).unwrap_or(0) + 1;
                anstream::eprint!(
                    "{}",
                    card::principle_card(rubric, p, pos, q.principles.len(), self.width)
                );
                let min = rubric.scale.iter().map(|s| s.value).min().unwrap_or(1);
                let max = rubric.max_score();
                let default = match current {
                    Some(Value::Score(v)) => format!(", Enter keeps {}", score_word(rubric, *v)),
                    _ => String::new(),
                };
                let label = format!("Score {} {min}-{max}{default}", p.name);
                self.choose(session, step, Ask::Score { min, max }, &label, current)
            }
            Item::Criterion(cid) => {
                let list = rubric.criteria_for(q.category);
                let pos = list.iter().position(|c| &c.id == cid).unwrap_or(0);
                if let Some(c) = list.get(pos) {
                    anstream::eprint!(
                        "{}",
                        card::criterion_card(c, pos + 1, list.len(), self.width)
                    );
                }
                let default = match current {
                    Some(Value::Mark(m)) => format!(", Enter keeps {}", mark_word(*m)),
                    _ => String::new(),
                };
                let label = format!("  y / p / n{default}");
                self.choose(session, step, Ask::Mark, &label, current)
            }
            Item::PrincipleNote(pid) => self.text(&format!("Note on {}", name(pid)), current),
            Item::Note => {
                anstream::eprintln!();
                self.text("Overall note", current)
            }
            Item::Improve => self.text("One thing to do better next time", current),
        }
    }

    /// A single-choice prompt; replay keys are handled here and the prompt asked again.
    fn choose(
        &mut self,
        session: &Session,
        step: &Step,
        ask: Ask,
        label: &str,
        current: Option<&Value>,
    ) -> anyhow::Result<Asked> {
        loop {
            let choice = self
                .input
                .choice(ask, &format!("{BOLD}{label}{BOLD:#} > "))?;
            let choice = match choice {
                Some(c) => c,
                None => {
                    anstream::eprintln!();
                    let expected = match ask {
                        Ask::Score { min, max } => format!("{min}-{max}"),
                        Ask::Mark => "y (yes), p (partly) or n (no)".to_string(),
                    };
                    term::warning(&format!("answer with {expected}; q quits (saved)"));
                    continue;
                }
            };
            let echo = |s: &str| anstream::eprintln!("{s}");
            match choice {
                Choice::Score(v) => {
                    echo(&score_word(&session.rubric, v));
                    return Ok(Asked::Value(Value::Score(v)));
                }
                Choice::Mark(m) => {
                    echo(mark_word(m));
                    return Ok(Asked::Value(Value::Mark(m)));
                }
                Choice::Keep => match current {
                    Some(v) => {
                        echo(&match v {
                            Value::Score(s) => {
                                format!("{} (kept)", score_word(&session.rubric, *s))
                            }
                            Value::Mark(m) => format!("{} (kept)", mark_word(*m)),
                            Value::Text(_) => "(kept)".to_string(),
                        });
                        return Ok(Asked::Keep);
                    }
                    None => echo(""),
                },
                Choice::Play => {
                    echo("");
                    self.play(session, step.answer);
                }
                Choice::Seek(d) => {
                    echo("");
                    self.player.seek(d);
                    self.player_status();
                }
                Choice::Quit => {
                    echo("q");
                    return Ok(Asked::End(End::Stopped));
                }
                Choice::Eof => {
                    echo("");
                    return Ok(Asked::End(End::Stopped));
                }
                Choice::Interrupt => {
                    echo("");
                    return Ok(Asked::End(End::Interrupted));
                }
            }
        }
    }

    fn play(&mut self, session: &Session, i: usize) {
        let Some(file) = &session.answers[i].file else {
            term::warning("this answer has no recording file");
            return;
        };
        let wav: PathBuf = self.dir.join(file);
        if !wav.is_file() {
            term::warning(&format!("recording {} is missing", wav.display()));
            return;
        }
        match self.player.toggle(&wav) {
            Ok(()) => self.player_status(),
            Err(e) => anstream::eprintln!("{DIM}replay: {e:#}{DIM:#}"),
        }
    }

    fn player_status(&self) {
        anstream::eprintln!(
            "{DIM}replay: {}{DIM:#}",
            player::position_text(self.player.status())
        );
    }

    /// An optional one-line text: Enter skips (or keeps the value shown), `-` clears it.
    fn text(&mut self, label: &str, current: Option<&Value>) -> anyhow::Result<Asked> {
        let shown = match current {
            Some(Value::Text(Some(t))) => Some(t.as_str()),
            _ => None,
        };
        match shown {
            Some(t) => anstream::eprint!(
                "{BOLD}{label}{BOLD:#} (Enter keeps \"{}\", - clears): ",
                shorten(t, 30)
            ),
            None => anstream::eprint!("{BOLD}{label}{BOLD:#} (Enter skips): "),
        }
        match self.input.line()? {
            Line::Text(t) => {
                let t = t.trim();
                if self.input.piped() {
                    anstream::eprintln!("{t}");
                }
                Ok(match (t, shown) {
                    ("", _) => Asked::Keep,
                    ("-", Some(_)) => Asked::Value(Value::Text(None)),
                    ("-", None) => Asked::Keep,
                    (t, _) => Asked::Value(Value::Text(Some(t.to_string()))),
                })
            }
            Line::Eof => {
                anstream::eprintln!();
                Ok(Asked::End(End::Stopped))
            }
            Line::Interrupt => {
                anstream::eprintln!();
                Ok(Asked::End(End::Interrupted))
            }
        }
    }
}
