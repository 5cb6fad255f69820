//! `sets`, `questions`, `rubric` and `validate`: looking at and checking the catalog.

use std::fmt::Write as _;

use serde::Serialize;

use crate::app::{Ctx, out, out_json};
use crate::catalog::{
    Catalog, Category, Difficulty, Question, Rubric, SourceFile, looks_like_rubric_path,
};
use crate::cli::{QuestionsArgs, RubricArgs, ValidateArgs};
use crate::problem::Problem;
use crate::session::pick::History;
use crate::term;

/// `rehearse sets`
pub fn sets(ctx: &Ctx) -> anyhow::Result<()> {
    let catalog = ctx.catalog()?;
    out(&render_sets(&catalog))
}

pub fn render_sets(catalog: &Catalog) -> String {
    let id_w = catalog
        .sets
        .iter()
        .map(|s| s.id.len())
        .max()
        .unwrap_or(2)
        .max(2);
    let title_w = catalog
        .sets
        .iter()
        .map(|s| s.title.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let mut text = format!(
        "{:id_w$}  {:title_w$}  {:>9}  SOURCE\n",
        "ID", "TITLE", "QUESTIONS"
    );
    for s in &catalog.sets {
        let _ = writeln!(
            text,
            "{:id_w$}  {:title_w$}  {:>9}  {}",
            s.id,
            s.title,
            s.questions.len(),
            s.source
        );
    }
    text
}

/// One row of `rehearse questions --json`.
#[derive(Debug, Serialize)]
pub struct QuestionRow<'a> {
    pub id: &'a str,
    pub set: &'a str,
    pub text: &'a str,
    pub category: Category,
    pub difficulty: Difficulty,
    pub principles: &'a [String],
    pub prep_seconds: u32,
    pub answer_seconds: u32,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub follow_ups: &'a [String],
    /// How many recorded answers past sessions hold for this question.
    pub practised: usize,
    /// Average self score (over its principles) of the latest scored answer.
    pub last_score: Option<f64>,
}

/// `rehearse questions`
pub fn questions(ctx: &Ctx, args: &QuestionsArgs) -> anyhow::Result<()> {
    let catalog = ctx.catalog()?;
    let (sessions, _) = crate::session::store::list(&ctx.global.reports_dir);
    let history = crate::session::pick::History::from_sessions(sessions.iter().map(|(_, s)| s));
    let rows = select_questions(&catalog, args, &history)?;
    if args.json {
        out_json(&rows)
    } else {
        if rows.is_empty() && !ctx.quiet() {
            term::warning("no question matches these filters");
        }
        out(&render_questions(&rows, term::width()))
    }
}

pub fn select_questions<'a>(
    catalog: &'a Catalog,
    args: &QuestionsArgs,
    history: &'a History,
) -> anyhow::Result<Vec<QuestionRow<'a>>> {
    let sets = match &args.set {
        Some(id) => vec![catalog.set(id)?],
        None => catalog.sets.iter().collect(),
    };
    let filter = args.filter.to_filter();
    filter.check_principles(sets.iter().filter_map(|s| catalog.rubric(&s.rubric).ok()))?;
    Ok(sets
        .into_iter()
        .flat_map(|s| {
            s.questions
                .iter()
                .filter(|q| filter.matches(q))
                .map(move |q| row(&s.id, q, history))
        })
        .collect())
}

fn row<'a>(set: &'a str, q: &'a Question, history: &History) -> QuestionRow<'a> {
    let key = (set.to_string(), q.id.clone());
    QuestionRow {
        practised: history.practised(set, &q.id),
        last_score: history
            .last_score
            .get(&key)
            .map(|v| (v * 10.0).round() / 10.0),
        id: &q.id,
        set,
        text: &q.text,
        category: q.category,
        difficulty: q.difficulty,
        principles: &q.principles,
        prep_seconds: q.prep_seconds,
        answer_seconds: q.answer_seconds,
        follow_ups: &q.follow_ups,
    }
}

/// The readable listing: a header line per question, then its text wrapped.
pub fn render_questions(rows: &[QuestionRow<'_>], width: usize) -> String {
    let mut text = String::new();
    let indent = "    ";
    let opts = textwrap::Options::new(width)
        .initial_indent(indent)
        .subsequent_indent(indent)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    for r in rows {
        let _ = writeln!(
            text,
            "{}/{}  {} · {} · prep {} s · answer {}{}",
            r.set,
            r.id,
            r.category,
            r.difficulty,
            r.prep_seconds,
            crate::clock::clock(f64::from(r.answer_seconds)),
            match (r.practised, r.last_score) {
                (0, _) => String::new(),
                (n, Some(score)) => format!(" · practised {n}× · last score {score:.1}"),
                (n, None) => format!(" · practised {n}×"),
            }
        );
        for line in textwrap::wrap(r.text, &opts) {
            let _ = writeln!(text, "{line}");
        }
        let principles = format!("principles: {}", r.principles.join(", "));
        for line in textwrap::wrap(&principles, &opts) {
            let _ = writeln!(text, "{line}");
        }
        text.push('\n');
    }
    let _ = writeln!(
        text,
        "{} question{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    text
}

/// `rehearse rubric`
pub fn rubric(ctx: &Ctx, args: &RubricArgs) -> anyhow::Result<()> {
    let catalog = ctx.catalog()?;
    let rubric = catalog.rubric(&args.rubric)?;
    let principle = match &args.principle {
        Some(id) => Some(rubric.principle(id).ok_or_else(|| {
            Problem::bad_input(format!("rubric `{}` has no principle `{id}`", rubric.id)).hint(
                format!(
                    "principles: {}",
                    rubric
                        .principles
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
        })?),
        None => None,
    };
    match (args.json, principle) {
        (true, Some(p)) => out_json(p),
        (true, None) => out_json(rubric),
        (false, p) => out(&render_rubric(
            rubric,
            p.map(|p| p.id.as_str()),
            term::width().min(100),
        )),
    }
}

/// The rubric for reading in a terminal: the scale, then one principle in full or every
/// principle's summary and the structure criteria.
pub fn render_rubric(rubric: &Rubric, principle: Option<&str>, width: usize) -> String {
    let mut t = String::new();
    let wrap = |t: &mut String, text: &str, first: &str, rest: &str| {
        let opts = textwrap::Options::new(width)
            .initial_indent(first)
            .subsequent_indent(rest)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        for line in textwrap::wrap(text, &opts) {
            let _ = writeln!(t, "{line}");
        }
    };
    let _ = writeln!(t, "{} ({})\n", rubric.title, rubric.id);
    let _ = writeln!(t, "Scale");
    for s in &rubric.scale {
        wrap(
            &mut t,
            &format!("{} {}: {}", s.value, s.label, s.meaning),
            "  ",
            "      ",
        );
    }
    t.push('\n');
    match principle.and_then(|id| rubric.principle(id)) {
        Some(p) => {
            let _ = writeln!(t, "{} ({})", p.name, p.id);
            wrap(&mut t, &p.summary, "  ", "  ");
            let _ = writeln!(t, "\n  Look for");
            for s in &p.look_for {
                wrap(&mut t, s, "  + ", "    ");
            }
            let _ = writeln!(t, "\n  Red flags");
            for s in &p.red_flags {
                wrap(&mut t, s, "  - ", "    ");
            }
            let _ = writeln!(t, "\n  What each score looks like");
            for (level, d) in rubric.scale.iter().zip(&p.descriptors) {
                let _ = writeln!(t, "  {} {}", level.value, level.label);
                wrap(&mut t, d, "      ", "      ");
            }
        }
        None => {
            let _ = writeln!(t, "Principles ({})", rubric.principles.len());
            for p in &rubric.principles {
                let _ = writeln!(t, "  {} ({})", p.name, p.id);
                wrap(&mut t, &p.summary, "      ", "      ");
            }
            for (cat, list) in &rubric.criteria {
                let _ = writeln!(t, "\nStructure criteria: {cat} answers (y / partly / n)");
                for c in list {
                    wrap(
                        &mut t,
                        &format!("{} ({}): {}", c.name, c.id, c.prompt),
                        "  ",
                        "      ",
                    );
                }
            }
            let _ = writeln!(t, "\nOne principle in full: rehearse rubric PRINCIPLE-ID");
        }
    }
    t
}

/// `rehearse validate PATH...`
pub fn validate(ctx: &Ctx, args: &ValidateArgs) -> anyhow::Result<()> {
    let mut diags = Vec::new();
    let mut files = Vec::new();
    for p in &args.paths {
        files.extend(crate::catalog::files_read_all(p, &mut diags));
    }
    let (rubric_files, set_files): (Vec<SourceFile>, Vec<SourceFile>) =
        files.into_iter().partition(is_rubric_file);
    // Sets may refer to the embedded rubrics and to any given with --rubrics.
    let mut known = Vec::new();
    match ctx.catalog() {
        Ok(c) => known = c.rubrics,
        Err(_) => {
            let embedded: Vec<SourceFile> = crate::catalog::EMBEDDED_RUBRICS
                .iter()
                .map(|(n, t)| SourceFile::embedded(n, t))
                .collect();
            known.extend(Catalog::from_files(&embedded, &[], &[], &mut Vec::new()).rubrics);
        }
    }
    let known: Vec<Rubric> = known
        .into_iter()
        .filter(|r| {
            !rubric_files
                .iter()
                .any(|f| rubric_id_of(f).is_some_and(|id| id == r.id))
        })
        .collect();
    let catalog = Catalog::from_files(&rubric_files, &set_files, &known, &mut diags);
    if !diags.is_empty() {
        return Err(Problem::diagnostics(diags).into());
    }
    let mut text = String::new();
    for r in &catalog.rubrics {
        let _ = writeln!(
            text,
            "ok  {}  rubric `{}`, {} principles",
            r.source,
            r.id,
            r.principles.len()
        );
    }
    for s in &catalog.sets {
        let _ = writeln!(
            text,
            "ok  {}  question set `{}`, {} questions",
            s.source,
            s.id,
            s.questions.len()
        );
    }
    out(&text)
}

/// Decide whether a file is a rubric (has `scale` or `principles`) or a question set.
fn is_rubric_file(file: &SourceFile) -> bool {
    match toml::from_str::<toml::Table>(&file.text) {
        Ok(t) if t.contains_key("questions") || t.contains_key("rubric") => false,
        Ok(t) if t.contains_key("scale") || t.contains_key("principles") => true,
        _ => match &file.source {
            crate::catalog::Source::Path(p) => looks_like_rubric_path(p),
            crate::catalog::Source::Embedded => false,
        },
    }
}

fn rubric_id_of(file: &SourceFile) -> Option<String> {
    let t = toml::from_str::<toml::Table>(&file.text).ok()?;
    t.get("id")?.as_str().map(str::to_string)
}
