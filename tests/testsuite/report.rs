//! The HTML report, the share bundle and the progress page: snapshots, the XSS corpus,
//! the command line, and a real headless Chromium loading the pages over file://.

mod browser;
mod cdp;
mod fixture;

use std::path::Path;

use rehearse::report::{self, ReportOptions};

use crate::common::{rehearse, stderr, stdout};
use fixture::{Variant, XSS};

fn render(dir: &Path, session: &rehearse::session::Session) -> String {
    let path = report::render_session_report(dir, session, &ReportOptions::default()).unwrap();
    std::fs::read_to_string(path).unwrap()
}

fn snapshot_of(v: Variant) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, s) = fixture::session(tmp.path(), v);
    render(&dir, &s)
}

#[test]
fn snapshot_with_coach_and_metrics() {
    insta::assert_snapshot!("report_coach_metrics", snapshot_of(Variant::default()));
}

#[test]
fn snapshot_self_only_without_metrics() {
    insta::assert_snapshot!(
        "report_self_only_no_metrics",
        snapshot_of(Variant {
            coach: false,
            metrics: false,
            ..Variant::default()
        })
    );
}

#[test]
fn metrics_and_thresholds_show_and_speech_is_shaded() {
    let html = snapshot_of(Variant::default());
    assert!(html.contains("Words per minute (estimate)"));
    assert!(html.contains("comfortable 120–170"), "threshold shown");
    assert_eq!(
        html.matches("class=\"speech\"").count(),
        4,
        "two regions per answer"
    );
    assert!(html.contains("<audio controls preload=\"metadata\" src=\"answers/01-"));
    let bare = snapshot_of(Variant {
        metrics: false,
        ..Variant::default()
    });
    assert!(!bare.contains("class=\"speech\""));
    assert!(!bare.contains("<summary>Delivery</summary>"));
    assert_eq!(
        bare.matches("class=\"outline\"").count(),
        2,
        "waveforms still drawn"
    );
}

#[test]
fn hostile_text_is_escaped_everywhere() {
    let html = snapshot_of(Variant {
        hostile: true,
        ..Variant::default()
    });
    for bad in XSS {
        assert!(!html.contains(bad), "unescaped: {bad}");
    }
    for tag in [
        "<script",
        "<img",
        "<iframe",
        "<svg onload",
        "href=\"javascript",
    ] {
        assert!(!html.to_lowercase().contains(tag), "{tag} in the page");
    }
    assert!(html.contains("&lt;script&gt;window.__xss"));
    assert!(
        html.contains("{{#each answers}}{{{question}}}{{/each}}"),
        "template syntax kept literally"
    );
    assert!(html.contains("Content-Security-Policy"));
}

#[test]
fn report_command_writes_and_prints_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, s) = fixture::session(tmp.path(), Variant::default());
    let out = rehearse()
        .args(["report", "latest", "--reports-dir"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out).trim(),
        dir.join("report.html").display().to_string()
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains(&s.questions[0].text));

    let out = rehearse()
        .args(["report", "no-such-session", "--reports-dir"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no session `no-such-session`"));
}

#[test]
fn open_without_a_desktop_prints_the_path() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = fixture::session(tmp.path(), Variant::default());
    let out = rehearse()
        .args(["report", "--open"])
        .arg(&dir)
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("report.html"));
    assert!(stderr(&out).contains("no desktop"), "{}", stderr(&out));
}

#[test]
fn exported_templates_round_trip_and_strict_mode_catches_typos() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = fixture::session(tmp.path(), Variant::default());
    let theme = tmp.path().join("theme");
    let out = rehearse()
        .args(["report", "--export-template"])
        .arg(&theme)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    for name in ["report.hbs", "progress.hbs", "style.css"] {
        assert!(theme.join(name).is_file(), "{name} exported");
    }
    // Exporting again refuses to overwrite.
    let again = rehearse()
        .args(["report", "--export-template"])
        .arg(&theme)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));

    let template = theme.join("report.hbs");
    let edited = std::fs::read_to_string(&template)
        .unwrap()
        .replace("Mock interview report", "My custom report");
    std::fs::write(&template, edited).unwrap();
    std::fs::write(theme.join("style.css"), "body { color: rebeccapurple }").unwrap();
    let out = rehearse()
        .arg("report")
        .arg(&dir)
        .arg("--template")
        .arg(&template)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(html.contains("My custom report"));
    assert!(html.contains("rebeccapurple"));

    std::fs::write(&template, "<p>{{set_titel}}</p>").unwrap();
    let out = rehearse()
        .arg("report")
        .arg(&dir)
        .arg("--template")
        .arg(&template)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("set_titel"), "{}", stderr(&out));
    assert!(stderr(&out).contains("hint:"));
}

#[test]
fn embed_audio_makes_one_self_contained_file() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, _) = fixture::session(tmp.path(), Variant::default());
    let out = rehearse()
        .args(["report", "--embed-audio"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert_eq!(html.matches("src=\"data:audio/wav;base64,").count(), 2);
    assert!(!html.contains("src=\"answers/"));
}

#[test]
fn share_zips_report_answers_and_session() {
    let tmp = tempfile::tempdir().unwrap();
    let (dir, s) = fixture::session(tmp.path(), Variant::default());
    std::fs::remove_file(dir.join("report.html")).ok();
    let zip_path = tmp.path().join("for-coach.zip");
    let out = rehearse()
        .args(["share", "latest", "-o"])
        .arg(&zip_path)
        .arg("--reports-dir")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(" kB)") || stderr(&out).contains(" B)"),
        "{}",
        stderr(&out)
    );
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    names.sort();
    let id = &s.id;
    assert_eq!(
        names,
        vec![
            format!("{id}/"),
            format!("{id}/answers/"),
            format!("{id}/answers/{}.wav", s.answer_stem(0)),
            format!("{id}/answers/{}.wav", s.answer_stem(1)),
            format!("{id}/report.html"),
            format!("{id}/session.json"),
        ]
    );
    let unpacked = tmp.path().join("unpacked");
    archive.extract(&unpacked).unwrap();
    let report = std::fs::read_to_string(unpacked.join(id).join("report.html")).unwrap();
    assert!(report.contains("src=\"answers/"));
}

#[test]
fn progress_renders_three_sessions_of_history() {
    let tmp = tempfile::tempdir().unwrap();
    for (day, coach) in [(5, false), (12, true), (19, true)] {
        let (dir, s) = fixture::session(
            tmp.path(),
            Variant {
                day,
                coach,
                ..Variant::default()
            },
        );
        render(&dir, &s);
    }
    let out = rehearse()
        .arg("progress")
        .arg("--reports-dir")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let html = std::fs::read_to_string(tmp.path().join("progress.html")).unwrap();
    assert_eq!(
        html.matches("<tr><th scope=\"row\"><a href=").count(),
        3,
        "three sessions linked"
    );
    assert!(html.contains("Where to focus next"));
    assert_eq!(
        html.matches("<li>\n      <h3>").count(),
        3,
        "three weakest principles"
    );
    assert!(html.contains("<polyline"));
    assert!(html.contains("Self score minus coach score"));
    assert!(html.contains("5 Jan") && html.contains("19 Jan"));
    insta::assert_snapshot!("progress_three_sessions", html);
}
