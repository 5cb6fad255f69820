//! `run`, `resume` and `sessions`: starting, continuing and listing interview sessions.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;

use crate::audio::{self, BeepKind};

use crate::app::{Ctx, out, out_json};
use crate::catalog::Question;
use crate::cli::{InputArgs, ResumeArgs, RunArgs, ScoreWhen};
use crate::problem::Problem;
use crate::runner::capture::Capture;
use crate::runner::flow::Cue;
use crate::runner::ui::{Ui, clock};
use crate::runner::{self, Ending};
use crate::session::pick::{self, History};
use crate::session::{Session, Settings, store};
use crate::term;

/// Settings for the demo: short times, two questions, the bundled answer as microphone.
const DEMO_COUNT: u32 = 2;
const DEFAULT_COUNT: u32 = 5;
const DEMO_PREP: u32 = 3;
const DEMO_ANSWER: u32 = 20;

/// `rehearse run`
pub fn run(ctx: &Ctx, args: &RunArgs) -> anyhow::Result<()> {
    let catalog = ctx.catalog()?;
    let set = catalog.set(&args.set)?;
    let rubric = catalog.rubric_for(set)?;
    let filter = args.filter.to_filter();
    filter.check_principles(std::iter::once(rubric))?;
    let candidates: Vec<Question> = set
        .questions
        .iter()
        .filter(|q| filter.matches(q))
        .cloned()
        .collect();
    if candidates.is_empty() {
        return Err(Problem::bad_input("no question matches these filters")
            .hint(format!(
                "`rehearse questions --set {}` with the same filters shows what there is",
                set.id
            ))
            .into());
    }
    let (sessions, _) = store::list(&ctx.global.reports_dir);
    let history = History::from_sessions(sessions.iter().map(|(_, s)| s));
    let seed = args.seed.unwrap_or_else(rand::random);
    let count = args
        .count
        .unwrap_or(if args.demo { DEMO_COUNT } else { DEFAULT_COUNT });
    let neutral = f64::from(rubric.max_score() + 1) / 2.0;
    let picked = pick::pick(
        &candidates,
        &set.id,
        count as usize,
        args.pick,
        seed,
        &history,
        neutral,
    );
    let settings = Settings {
        pick: args.pick.as_str().to_string(),
        seed: Some(seed),
        prep_seconds: if args.demo {
            Some(DEMO_PREP)
        } else {
            args.prep
        },
        answer_seconds: if args.demo {
            Some(DEMO_ANSWER)
        } else {
            args.answer
        },
        no_beep: args.no_beep,
        score_later: args.score == ScoreWhen::Later,
    };
    if args.dry_run {
        return out(&render_dry_run(&picked, &settings, &history, &set.id));
    }
    if picked.len() < count as usize && !ctx.quiet() {
        term::warning(&format!(
            "only {} question(s) match; asking those",
            picked.len()
        ));
    }

    // Open the microphone before anything else, so a problem shows before any question.
    let demo_file = if args.demo {
        Some(demo_answer()?)
    } else {
        None
    };
    let input = match &demo_file {
        Some(f) => InputArgs {
            device: None,
            input_wav: vec![f.path().to_path_buf()],
            unpaced: false,
        },
        None => args.input.clone(),
    };
    let mut capture = open_capture(&input, ctx)?;

    let created = chrono::Local::now();
    let (id, dir) = store::create_session_dir(
        &ctx.global.reports_dir,
        &store::session_id(&created, &set.id),
    )?;
    let mut session = Session::new(id, set, rubric, picked, settings);
    session.created = created;
    store::save(&dir, &mut session)?;
    if !ctx.quiet() {
        anstream::eprintln!(
            "{}{}{} · {} questions · session {}",
            term::BOLD,
            set.title,
            term::BOLD.render_reset(),
            session.questions.len(),
            dir.display()
        );
    }
    let ending = interview(ctx, &dir, &mut session, capture.as_mut())?;
    finish(ctx, &dir, &session, ending)
}

/// `rehearse resume SESSION`
pub fn resume(ctx: &Ctx, args: &ResumeArgs) -> anyhow::Result<()> {
    let dir = store::resolve(&ctx.global.reports_dir, &args.session)?;
    let mut session = store::load(&dir)?;
    recover_parts(ctx, &dir)?;
    if session.next_pending().is_none() {
        if !ctx.quiet() {
            term::hint(&format!(
                "every question of {} is answered; score it with `rehearse score {}`",
                session.id, session.id
            ));
        }
        return Ok(());
    }
    let mut capture = open_capture(&args.input, ctx)?;
    let ending = interview(ctx, &dir, &mut session, capture.as_mut())?;
    finish(ctx, &dir, &session, ending)
}

fn interview(
    ctx: &Ctx,
    dir: &Path,
    session: &mut Session,
    capture: &mut dyn Capture,
) -> anyhow::Result<Ending> {
    let mut ui = Ui::new(ctx.quiet());
    let mut no_beep = session.settings.no_beep;
    if !no_beep && let Err(e) = audio::beeps_available(None) {
        if !ctx.quiet() {
            term::warning(&format!("beeps are off (no sound output): {e:#}"));
        }
        no_beep = true;
    }
    let cue = move |c: Cue| {
        if !no_beep {
            play_cue(c);
        }
    };
    let thresholds = session.set.analysis.clone();
    let mut after = |dir: &Path, s: &mut Session, i: usize| after_answer(dir, s, i, &thresholds);
    runner::run_questions(dir, session, capture, &cue, &mut ui, &mut after)
}

fn finish(ctx: &Ctx, dir: &Path, session: &Session, ending: Ending) -> anyhow::Result<()> {
    if session.recorded().next().is_some() {
        crate::commands::report::refresh(ctx, dir, session);
    }
    let resume_hint = format!("continue with: rehearse resume {}", session.id);
    match ending {
        Ending::Interrupted => Err(Problem::interrupted(format!(
            "interrupted: every finished answer is saved in {}",
            dir.display()
        ))
        .hint(resume_hint)
        .into()),
        Ending::Quit => {
            if !ctx.quiet() {
                anstream::eprintln!("stopped; everything so far is saved in {}", dir.display());
                term::hint(&resume_hint);
            }
            Ok(())
        }
        Ending::Finished
            if !session.settings.score_later && session.recorded().next().is_some() =>
        {
            if !ctx.quiet() {
                anstream::eprintln!(
                    "\n{}done{}: {} answered, {} of speaking. Now score each answer against the rubric.",
                    term::GOOD,
                    term::GOOD.render_reset(),
                    session.recorded().count(),
                    clock(session.answered_seconds()),
                );
            }
            let args = crate::cli::ScoreArgs {
                session: dir.display().to_string(),
                role: crate::scoring::Role::Candidate,
                name: None,
                only: None,
                scores_file: None,
                output_device: None,
            };
            crate::commands::score::score(ctx, &args)
        }
        Ending::Finished => {
            if !ctx.quiet() {
                anstream::eprintln!(
                    "\n{}done{}: {} answered, {} of speaking, saved in {}",
                    term::GOOD,
                    term::GOOD.render_reset(),
                    session.recorded().count(),
                    clock(session.answered_seconds()),
                    dir.display()
                );
                term::hint(&format!(
                    "score your answers with: rehearse score {}",
                    session.id
                ));
            }
            Ok(())
        }
    }
}

/// Speech metrics for a saved answer, stored in the session; returns the summary line.
/// A failure to analyse is a warning: the recording itself is safe.
fn after_answer(
    dir: &Path,
    session: &mut Session,
    i: usize,
    t: &crate::analysis::Thresholds,
) -> Option<String> {
    let file = session.answers[i].file.clone()?;
    let category = session.questions[i].category;
    match crate::commands::analyze::analyze_wav(&dir.join(&file), Some(category), t) {
        Ok(metrics) => {
            let line = metrics.summary_line();
            session.answers[i].metrics = serde_json::to_value(&metrics).ok();
            Some(line)
        }
        Err(e) => {
            term::warning(&format!("could not analyse {file}: {e:#}"));
            None
        }
    }
}

/// A countdown or limit beep, played off the event loop so the timers never wait for it.
fn play_cue(cue: Cue) {
    let kind = match cue {
        Cue::Count => BeepKind::Warning,
        Cue::Go => BeepKind::Start,
        Cue::Limit => BeepKind::Stop,
    };
    let _ = std::thread::Builder::new()
        .name("beep".into())
        .spawn(move || audio::beep(kind, None));
}

/// Repair takes a crash left as `*.wav.part`. The runner keeps a repaired take of a
/// pending question as an earlier take when it asks that question again. A part that cannot
/// be repaired is renamed aside (never deleted) so it does not block every later resume.
fn recover_parts(ctx: &Ctx, dir: &Path) -> anyhow::Result<()> {
    let answers = dir.join(store::ANSWERS_DIR);
    let Ok(entries) = std::fs::read_dir(&answers) else {
        return Ok(());
    };
    let mut parts: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".wav.part"))
        .collect();
    parts.sort();
    for part in parts {
        match audio::repair(&part) {
            Ok(report) if !ctx.quiet() => term::warning(&format!(
                "recovered {:.1} s of an interrupted take: {}",
                report.seconds_after,
                report.path.display()
            )),
            Ok(_) => {}
            Err(e) => {
                let aside = part.with_extension("part-unreadable");
                std::fs::rename(&part, &aside)
                    .with_context(|| format!("moving {} aside", part.display()))?;
                term::warning(&format!("{e:#}; moved it aside as {}", aside.display()));
            }
        }
    }
    Ok(())
}

/// Open the microphone (or WAV files acting as one); a problem shows here, before any
/// question, with a hint about `--demo`.
fn open_capture(input: &InputArgs, ctx: &Ctx) -> anyhow::Result<Box<dyn Capture>> {
    let recorder = crate::commands::record::open(ctx, input)?;
    Ok(Box::new(recorder))
}

/// The bundled sample answer, written to a temporary file for the demo.
fn demo_answer() -> anyhow::Result<tempfile::NamedTempFile> {
    static DEMO: &[u8] = include_bytes!("../../assets/demo-answer.wav");
    let mut file = tempfile::Builder::new()
        .prefix("rehearse-demo-")
        .suffix(".wav")
        .tempfile()
        .context("writing the demo answer to a temporary file")?;
    std::io::Write::write_all(&mut file, DEMO).context("writing the demo answer")?;
    Ok(file)
}

fn render_dry_run(
    picked: &[Question],
    settings: &Settings,
    history: &History,
    set_id: &str,
) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{} question(s), pick {} (seed {})",
        picked.len(),
        settings.pick,
        settings.seed.unwrap_or(0)
    );
    for (i, q) in picked.iter().enumerate() {
        let prep = settings.prep_seconds.unwrap_or(q.prep_seconds);
        let answer = settings.answer_seconds.unwrap_or(q.answer_seconds);
        let _ = writeln!(
            t,
            "{:>2}. {}  {} · {} · prep {} s · answer {} · practised {}×",
            i + 1,
            q.id,
            q.category,
            q.difficulty,
            prep,
            clock(f64::from(answer)),
            history.practised(set_id, &q.id)
        );
        let _ = writeln!(t, "    principles: {}", q.principles.join(", "));
    }
    t
}

/// One row of `rehearse sessions --json`.
#[derive(Debug, Serialize)]
pub struct SessionRow {
    pub id: String,
    pub path: PathBuf,
    pub created: String,
    pub set: String,
    pub status: &'static str,
    pub questions: usize,
    pub answered: usize,
    pub skipped: usize,
    pub scored: usize,
    pub coach_scored: usize,
    pub speaking_s: f64,
}

pub fn session_rows(sessions: &[(PathBuf, Session)]) -> Vec<SessionRow> {
    sessions
        .iter()
        .map(|(dir, s)| SessionRow {
            id: s.id.clone(),
            path: dir.clone(),
            created: s.created.format("%Y-%m-%d %H:%M").to_string(),
            set: s.set.id.clone(),
            status: s.status.as_str(),
            questions: s.questions.len(),
            answered: s.recorded().count(),
            skipped: s
                .answers
                .iter()
                .filter(|a| a.status == crate::session::AnswerStatus::Skipped)
                .count(),
            scored: s
                .recorded()
                .filter(|(_, q, a)| s.sheet_complete(q, a.scores.self_.as_ref()))
                .count(),
            coach_scored: s
                .recorded()
                .filter(|(_, q, a)| s.sheet_complete(q, a.scores.coach.as_ref()))
                .count(),
            speaking_s: (s.answered_seconds() * 10.0).round() / 10.0,
        })
        .collect()
}

/// `rehearse sessions`
pub fn sessions(ctx: &Ctx, json: bool) -> anyhow::Result<()> {
    let (sessions, unreadable) = store::list(&ctx.global.reports_dir);
    for (dir, e) in &unreadable {
        term::warning(&format!("skipping {}: {e:#}", dir.display()));
    }
    let rows = session_rows(&sessions);
    if json {
        return out_json(&rows);
    }
    if rows.is_empty() {
        if !ctx.quiet() {
            term::hint(&format!(
                "no sessions in {} yet; start one with `rehearse run`",
                ctx.global.reports_dir.display()
            ));
        }
        return Ok(());
    }
    out(&render_sessions(&rows))
}

pub fn render_sessions(rows: &[SessionRow]) -> String {
    let id_w = rows.iter().map(|r| r.id.len()).max().unwrap_or(2).max(2);
    let mut t = format!(
        "{:id_w$}  {:16}  {:12}  {:8}  {:6}  {:>7}  STATUS\n",
        "ID", "DATE", "SET", "ANSWERED", "SCORED", "SPOKEN"
    );
    for r in rows {
        let _ = writeln!(
            t,
            "{:id_w$}  {:16}  {:12}  {:>8}  {:>6}  {:>7}  {}",
            r.id,
            r.created,
            r.set,
            format!("{}/{}", r.answered, r.questions),
            format!("{}/{}", r.scored, r.answered),
            clock(r.speaking_s),
            r.status
        );
    }
    t
}
