//! HTML reports: a typed context, rendered by handlebars (strict mode) with templates
//! embedded in the binary and overridable by the user, in the manner of mdBook's themes.
//!
//! - [`context`] turns a session into a [`context::ReportContext`] (pure).
//! - [`progress`] does the same for every session in the reports folder.
//! - [`render_session_report`] reads the recordings, renders and writes `report.html`.
//! - [`share`] zips a session folder for a coach.
//!
//! Safety: templates use only `{{…}}` (escaped) for data, never `{{{…}}}`, and each page
//! carries a Content-Security-Policy that allows no network and no script at all.

pub mod context;
pub mod metrics;
pub mod progress;
pub mod share;
pub mod svg;
pub mod wave;

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use base64::Engine as _;
use handlebars::Handlebars;
use serde::Serialize;

use crate::problem::Problem;
use crate::session::Session;
use crate::session::store::write_atomic;

/// The report file written into each session folder.
pub const REPORT_FILE: &str = "report.html";
/// The progress page written into the reports folder.
pub const PROGRESS_FILE: &str = "progress.html";
/// Above this an `--embed-audio` report is unwieldy to send: warn.
pub const EMBED_WARN_BYTES: u64 = 50 * 1024 * 1024;

/// The default templates, as `rehearse report --export-template DIR` writes them.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("report.hbs", include_str!("templates/report.hbs")),
    ("progress.hbs", include_str!("templates/progress.hbs")),
    ("style.css", include_str!("templates/style.css")),
];

fn default_template(name: &str) -> &'static str {
    TEMPLATES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("embedded template exists")
}

/// How to render a session report.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// Put the recordings into the page as `data:` URIs (one self-contained file).
    pub embed_audio: bool,
    /// A report template to use instead of the embedded one; a `style.css` beside it
    /// replaces the embedded styles.
    pub template: Option<PathBuf>,
}

/// Render `name` ("report" or "progress") with `ctx`. `custom` replaces the page template
/// and a `style.css` beside it replaces the styles.
pub fn render<T: Serialize>(name: &str, ctx: &T, custom: Option<&Path>) -> anyhow::Result<String> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::html_escape);
    let file = format!("{name}.hbs");
    let (page, page_origin) = match custom {
        Some(path) => (
            std::fs::read_to_string(path)
                .with_context(|| format!("reading template {}", path.display()))
                .map_err(|e| Problem::bad_input(format!("{e:#}")))?,
            path.display().to_string(),
        ),
        None => (default_template(&file).to_string(), file.clone()),
    };
    let css_path = custom
        .and_then(Path::parent)
        .map(|d| d.join("style.css"))
        .filter(|p| p.is_file());
    let (css, css_origin) = match &css_path {
        Some(p) => (
            std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?,
            p.display().to_string(),
        ),
        None => (
            default_template("style.css").to_string(),
            "style.css".to_string(),
        ),
    };
    let bad = |origin: &str, e: &dyn std::fmt::Display| -> anyhow::Error {
        Problem::bad_input(format!("template {origin}: {e}"))
            .hint("`rehearse report --export-template DIR` writes the default templates to start from")
            .into()
    };
    hb.register_partial("style", css)
        .map_err(|e| bad(&css_origin, &e))?;
    hb.register_template_string(name, page)
        .map_err(|e| bad(&page_origin, &e))?;
    hb.render(name, ctx).map_err(|e| {
        if custom.is_some() {
            bad(&page_origin, &e)
        } else {
            anyhow::anyhow!("rendering the embedded {file} template: {e}")
        }
    })
}

/// Read each recorded answer's WAV (waveform) and decide its player source.
fn load_audio(
    dir: &Path,
    session: &Session,
    embed: bool,
) -> anyhow::Result<Vec<context::AnswerAudio>> {
    let mut out = Vec::with_capacity(session.answers.len());
    for a in &session.answers {
        let mut audio = context::AnswerAudio::default();
        if let Some(file) = a.file.as_deref().filter(|f| context::safe_answer_path(f)) {
            let path = dir.join(file);
            if path.is_file() {
                match wave::Peaks::read(&path, wave::COLUMNS) {
                    Ok(p) => audio.peaks = Some(p),
                    Err(e) => crate::term::warning(&format!("{e:#}; no waveform drawn")),
                }
                audio.src = Some(if embed {
                    let bytes = std::fs::read(&path)
                        .with_context(|| format!("reading {}", path.display()))?;
                    format!(
                        "data:audio/wav;base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(bytes)
                    )
                } else {
                    file.to_string()
                });
            }
        }
        out.push(audio);
    }
    Ok(out)
}

/// Render `report.html` into the session folder `dir`; returns its path.
pub fn render_session_report(
    dir: &Path,
    session: &Session,
    opts: &ReportOptions,
) -> anyhow::Result<PathBuf> {
    let audio = load_audio(dir, session, opts.embed_audio)?;
    let ctx = context::build(session, &audio, opts.embed_audio);
    let html = render("report", &ctx, opts.template.as_deref())?;
    let path = dir.join(REPORT_FILE);
    if opts.embed_audio && html.len() as u64 > EMBED_WARN_BYTES {
        crate::term::warning(&format!(
            "{} is {} with the recordings embedded; some mail and chat services refuse files this large",
            path.display(),
            human_size(html.len() as u64)
        ));
    }
    write_atomic(&path, html.as_bytes())?;
    Ok(path)
}

/// Write the default templates into `dir` (created if needed); never overwrites.
pub fn export_templates(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating folder {}", dir.display()))?;
    for (name, _) in TEMPLATES {
        let path = dir.join(name);
        if path.exists() {
            return Err(
                Problem::bad_input(format!("{} already exists", path.display()))
                    .hint("remove it first, or export into another folder")
                    .into(),
            );
        }
    }
    let mut written = Vec::new();
    for (name, text) in TEMPLATES {
        let path = dir.join(name);
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        written.push(path);
    }
    Ok(written)
}

/// "1.4 MB", "820 kB", "512 B".
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1_000_000.0),
        b if b >= 1_000 => format!("{:.0} kB", b as f64 / 1_000.0),
        b => format!("{b} B"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_never_triple_stash() {
        for (name, text) in TEMPLATES {
            assert!(
                !text.contains("{{{"),
                "{name} uses an unescaped {{{{{{…}}}}}}"
            );
            assert!(!text.contains("{{&"), "{name} uses an unescaped {{{{&…}}}}");
        }
    }

    #[test]
    fn pages_forbid_network_and_script() {
        for name in ["report.hbs", "progress.hbs"] {
            let t = default_template(name);
            assert!(t.contains("default-src 'none'"), "{name}");
            assert!(!t.contains("<script"), "{name}");
        }
    }
}
