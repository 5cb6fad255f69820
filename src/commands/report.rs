//! `rehearse report`, `rehearse share` and `rehearse progress`: the edges around
//! [`crate::report`] (resolve the session, write files, print paths, open a browser).

use std::path::{Path, PathBuf};

use crate::app::{Ctx, out};
use crate::cli::{ProgressArgs, ReportArgs, ShareArgs};
use crate::report::{self, ReportOptions, progress};
use crate::session::store;
use crate::term;

/// `rehearse report SESSION [--open] [--embed-audio] [--template FILE]`
/// or `rehearse report --export-template DIR`.
pub fn report(ctx: &Ctx, args: &ReportArgs) -> anyhow::Result<()> {
    if let Some(dir) = &args.export_template {
        let written = report::export_templates(dir)?;
        for p in &written {
            out(&format!("{}\n", p.display()))?;
        }
        if !ctx.quiet() {
            term::hint(&format!(
                "edit them, then: rehearse report SESSION --template {}",
                dir.join("report.hbs").display()
            ));
        }
        if args.session.is_none() {
            return Ok(());
        }
    }
    let Some(arg) = args.session.as_deref() else {
        return Ok(());
    };
    let dir = store::resolve(&ctx.global.reports_dir, arg)?;
    let session = store::load(&dir)?;
    let opts = ReportOptions {
        embed_audio: args.embed_audio,
        template: args.template.clone(),
    };
    let path = report::render_session_report(&dir, &session, &opts)?;
    finish(ctx, &path, args.open)
}

/// `rehearse share SESSION [-o FILE.zip]`
pub fn share(ctx: &Ctx, args: &ShareArgs) -> anyhow::Result<()> {
    let dir = store::resolve(&ctx.global.reports_dir, &args.session)?;
    let session = store::load(&dir)?;
    report::render_session_report(&dir, &session, &ReportOptions::default())?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("{}.zip", session.id)));
    let size = report::share::zip_session(&dir, &session.id, &output)?;
    out(&format!("{}\n", output.display()))?;
    if !ctx.quiet() {
        anstream::eprintln!(
            "{} written ({}): the report, {} recording{} and session.json",
            output.display(),
            report::human_size(size),
            session.recorded().count(),
            if session.recorded().count() == 1 {
                ""
            } else {
                "s"
            }
        );
        term::hint("unzip it and open report.html in any browser; nothing else is needed");
    }
    Ok(())
}

/// `rehearse progress [--open]`
pub fn progress(ctx: &Ctx, args: &ProgressArgs) -> anyhow::Result<()> {
    let reports_dir = &ctx.global.reports_dir;
    let (sessions, unreadable) = store::list(reports_dir);
    for (dir, err) in &unreadable {
        term::warning(&format!("skipping {}: {err:#}", dir.display()));
    }
    let entries: Vec<progress::SessionEntry<'_>> = sessions
        .iter()
        .map(|(dir, s)| progress::SessionEntry {
            folder: dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            session: s,
            has_report: dir.join(report::REPORT_FILE).is_file(),
        })
        .collect();
    let catalog = ctx.catalog()?;
    let questions: Vec<crate::catalog::Question> = catalog
        .sets
        .iter()
        .flat_map(|s| s.questions.iter().cloned())
        .collect();
    let context = progress::build(&entries, &questions);
    let html = report::render("progress", &context, None)?;
    store::create_private_dir(reports_dir)?;
    let path = reports_dir.join(report::PROGRESS_FILE);
    store::write_atomic(&path, html.as_bytes())?;
    if sessions.is_empty() && !ctx.quiet() {
        term::hint("no sessions yet; start one with `rehearse run`");
    }
    finish(ctx, &path, args.open)
}

/// Print the written file's path; with `--open`, also hand it to the desktop's opener.
fn finish(ctx: &Ctx, path: &Path, open: bool) -> anyhow::Result<()> {
    out(&format!("{}\n", path.display()))?;
    if open {
        match opener() {
            Some(cmd) => {
                let spawned = std::process::Command::new(cmd)
                    .arg(path)
                    .stdin(std::process::Stdio::null())
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::null())
                    .spawn();
                if let Err(e) = spawned {
                    term::warning(&format!(
                        "could not run {cmd}: {e}; open the file above yourself"
                    ));
                }
            }
            None if !ctx.quiet() => term::hint(
                "no desktop here to open it; copy the file above to a machine with a browser",
            ),
            None => {}
        }
    }
    Ok(())
}

/// The system's "open this file" command, when there is a desktop to show it on.
fn opener() -> Option<&'static str> {
    if cfg!(target_os = "macos") {
        return Some("open");
    }
    let desktop = ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|x| !x.is_empty()));
    desktop.then_some("xdg-open")
}

/// Re-render a session's report after `run` or `score` changed it. A failure here is a
/// warning, never an error: the answers and scores are already saved.
pub fn refresh(ctx: &Ctx, dir: &Path, session: &crate::session::Session) {
    match report::render_session_report(dir, session, &ReportOptions::default()) {
        Ok(path) => {
            if !ctx.quiet() {
                anstream::eprintln!("report: {}", path.display());
            }
        }
        Err(e) => term::warning(&format!("could not render the report: {e:#}")),
    }
}
