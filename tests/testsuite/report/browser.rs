//! The reports in a real headless Chromium, loaded over file://, checked through the DOM:
//! players load their WAVs, injected text runs nothing, no network request is made.
//! Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::cdp::{self, Browser};
use super::fixture::{self, RECORDED, Variant};
use crate::common::{rehearse, repo, stderr};

/// Chromium, or `None` (with a loud message) when it is missing outside CI.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = cdp::chromium() {
        return Some(p);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("chromium is missing in CI; `scripts/ensure-deps.sh test` installs it");
    }
    eprintln!(
        "\n**********************************************************************\n\
         SKIPPED: the real-browser report tests need chromium (/usr/bin/chromium).\n\
         Install it with `scripts/ensure-deps.sh test`; CI fails without it.\n\
         **********************************************************************\n"
    );
    None
}

fn artifacts() -> PathBuf {
    repo().join("tests/artifacts")
}

fn url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

fn open(binary: &Path, profile: &Path, page: &Path) -> Browser {
    let mut b = Browser::launch(binary, profile);
    b.call("Page.enable", serde_json::json!({}));
    b.call("Network.enable", serde_json::json!({}));
    b.call("Runtime.enable", serde_json::json!({}));
    b.goto(&url(page));
    b
}

/// Every audio element: its resolved source, its duration (or error), once metadata loads.
const AUDIO_JS: &str = r#"
Promise.all([...document.querySelectorAll('audio')].map(a => new Promise(done => {
  const report = () => done({src: a.currentSrc, duration: a.duration, error: a.error ? a.error.code : null});
  if (a.readyState >= 1 || a.error) return report();
  a.addEventListener('loadedmetadata', report);
  a.addEventListener('error', report);
  setTimeout(report, 10000);
})))
"#;

fn check_players(b: &mut Browser) {
    let players = b.eval(AUDIO_JS);
    let players = players.as_array().expect("audio list");
    assert_eq!(players.len(), RECORDED.len(), "{players:?}");
    for (p, &(_, secs, _)) in players.iter().zip(RECORDED) {
        assert!(p["error"].is_null(), "player failed: {p}");
        let d = p["duration"].as_f64().unwrap_or(f64::NAN);
        assert!(
            (d - secs).abs() < 0.05,
            "player {p} duration {d}, WAV is {secs} s"
        );
        assert!(p["src"].as_str().unwrap().starts_with("file://"), "{p}");
    }
}

/// Requests for anything but the page itself and its local files.
fn network_requests(b: &Browser) -> Vec<String> {
    b.events
        .iter()
        .filter(|e| e["method"] == "Network.requestWillBeSent")
        .filter_map(|e| e["params"]["request"]["url"].as_str())
        .filter(|u| !u.starts_with("file://") && !u.starts_with("data:"))
        .map(str::to_string)
        .collect()
}

#[test]
fn hostile_report_in_chromium_runs_nothing_and_loads_players() {
    let Some(binary) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (dir, mut s) = fixture::session(
        tmp.path(),
        Variant {
            hostile: true,
            ..Variant::default()
        },
    );
    // A local listener stands in for the network: nothing may connect to it.
    let beacon = TcpListener::bind("127.0.0.1:0").unwrap();
    beacon.set_nonblocking(true).unwrap();
    let port = beacon.local_addr().unwrap().port();
    s.questions[2].text = format!(
        "<img src=\"http://127.0.0.1:{port}/img\"><link rel=stylesheet href=\"http://127.0.0.1:{port}/css\"><audio src=\"http://127.0.0.1:{port}/a.wav\" autoplay></audio>"
    );
    rehearse::session::store::save(&dir, &mut s).unwrap();
    let out = rehearse().arg("report").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));

    let profile = tempfile::tempdir().unwrap();
    let mut b = open(&binary, profile.path(), &dir.join("report.html"));
    check_players(&mut b);
    let state = b.eval(
        "({xss: typeof window.__xss, title: document.title,
           scripts: document.scripts.length,
           injected: document.querySelectorAll('img, iframe, link, script, [onerror], [onload]').length,
           question: document.querySelector('#answer-1 h3').textContent,
           third: document.querySelector('#answer-3 h3').textContent,
           javascriptLinks: [...document.querySelectorAll('a[href]')].filter(a => !a.getAttribute('href').startsWith('#')).length})",
    );
    assert_eq!(state["xss"], "undefined", "{state}");
    assert!(
        !state["title"].as_str().unwrap().contains("PWNED"),
        "{state}"
    );
    assert_eq!(state["scripts"], 0, "{state}");
    assert_eq!(state["injected"], 0, "{state}");
    assert_eq!(state["javascriptLinks"], 0, "{state}");
    assert!(
        state["question"]
            .as_str()
            .unwrap()
            .starts_with("<script>window.__xss = 1;"),
        "shown literally: {state}"
    );
    assert!(
        state["third"].as_str().unwrap().contains("<img src="),
        "{state}"
    );
    b.screenshot(
        1280,
        false,
        false,
        &artifacts().join("report-hostile-desktop.png"),
    );
    assert_eq!(network_requests(&b), Vec::<String>::new());
    assert!(
        beacon.accept().is_err(),
        "the page connected to the local beacon"
    );
}

#[test]
fn report_screenshots_at_phone_and_desktop_width() {
    let Some(binary) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (dir, s) = fixture::session(tmp.path(), Variant::default());
    rehearse::report::render_session_report(&dir, &s, &Default::default()).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut b = open(&binary, profile.path(), &dir.join("report.html"));
    check_players(&mut b);
    let art = artifacts();
    b.screenshot(390, true, false, &art.join("report-phone.png"));
    b.screenshot(1280, false, false, &art.join("report-desktop.png"));
    b.screenshot(390, true, true, &art.join("report-phone-dark.png"));
    b.screenshot(1280, false, true, &art.join("report-desktop-dark.png"));
    // Printing hides the players and keeps the waveforms.
    b.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": "print"}),
    );
    let print = b.eval(
        "({audio: [...document.querySelectorAll('audio')].every(a => getComputedStyle(a).display === 'none'),
           waves: [...document.querySelectorAll('.wave svg')].filter(s => s.getBoundingClientRect().height > 0).length})",
    );
    assert_eq!(print["audio"], true, "{print}");
    assert_eq!(print["waves"], 2, "{print}");
    b.call(
        "Emulation.setEmulatedMedia",
        serde_json::json!({"media": ""}),
    );
    b.pdf(&art.join("report.pdf"));
    // Nothing overflows sideways on a phone.
    b.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true}),
    );
    let overflow: Value = b.eval("document.documentElement.scrollWidth");
    assert!(
        overflow.as_f64().unwrap() <= 390.0,
        "page is {overflow} px wide on a phone"
    );
    assert_eq!(network_requests(&b), Vec::<String>::new());
}

#[test]
fn shared_zip_opens_with_working_players() {
    let Some(binary) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (_, s) = fixture::session(tmp.path(), Variant::default());
    let zip_path = tmp.path().join("share.zip");
    let out = rehearse()
        .args(["share", "latest", "-o"])
        .arg(&zip_path)
        .arg("--reports-dir")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let elsewhere = tempfile::tempdir().unwrap();
    zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap())
        .unwrap()
        .extract(elsewhere.path())
        .unwrap();
    let profile = tempfile::tempdir().unwrap();
    let mut b = open(
        &binary,
        profile.path(),
        &elsewhere.path().join(&s.id).join("report.html"),
    );
    check_players(&mut b);
    assert_eq!(network_requests(&b), Vec::<String>::new());
}

#[test]
fn progress_page_in_chromium() {
    let Some(binary) = chromium() else { return };
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
        rehearse::report::render_session_report(&dir, &s, &Default::default()).unwrap();
    }
    let out = rehearse()
        .arg("progress")
        .arg("--reports-dir")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let profile = tempfile::tempdir().unwrap();
    let mut b = open(&binary, profile.path(), &tmp.path().join("progress.html"));
    let charts = b.eval("document.querySelectorAll('svg.line-chart polyline').length");
    assert!(charts.as_u64().unwrap() >= 3, "{charts}");
    let art = artifacts();
    b.screenshot(1280, false, false, &art.join("progress-desktop.png"));
    b.screenshot(390, true, true, &art.join("progress-phone-dark.png"));
    assert_eq!(network_requests(&b), Vec::<String>::new());
}
