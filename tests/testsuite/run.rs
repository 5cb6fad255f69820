//! `rehearse run` / `resume` / `sessions` driven as a script would: a WAV as the microphone,
//! keys as lines on stdin written when the program is ready for them.

use std::path::Path;
use std::time::Duration;

use crate::live::{Live, only_session, part_size, session_json, tone_wav, wait_for, wav_seconds};

fn source(dir: &Path) -> String {
    let wav = dir.join("mic.wav");
    tone_wav(&wav, 16000, 12.0);
    wav.display().to_string()
}

fn run_args<'a>(mic: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "run",
        "--pick",
        "in-order",
        "--no-beep",
        "--score",
        "later",
        "--input-wav",
        mic,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn early_start_early_stop_and_time_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let mic = source(tmp.path());
    let reports = tmp.path().join("reports");
    let mut live = Live::spawn(
        &run_args(&mic, &["--count", "2", "--prep", "30", "--answer", "2"]),
        &reports,
        &[],
    );
    // Question 1: start early, stop by the limit (2 s).
    live.wait_text("prep: 30 s", 1);
    live.line("");
    live.wait_text("recording", 1);
    live.wait_text("time is up", 1);
    // Question 2: start early, stop early once at least a second is on disk.
    live.wait_text("prep: 30 s", 2);
    live.line("");
    live.wait_text("recording", 2);
    let dir = only_session(&reports);
    wait_for(
        "a second of audio in the .part file",
        Duration::from_secs(10),
        || part_size(&dir) > 44 + 32_000,
    );
    live.line("");
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    let s = session_json(&dir);
    assert_eq!(s["status"], "recorded", "{s:#}");
    let a = &s["answers"];
    assert_eq!(a[0]["status"], "recorded");
    assert_eq!(a[0]["frames"], 32_000, "the limit is counted in samples");
    let second = a[1]["duration_s"].as_f64().unwrap();
    assert!((1.0..1.9).contains(&second), "stopped early at {second} s");
    for ans in a.as_array().unwrap() {
        let wav = dir.join(ans["file"].as_str().unwrap());
        assert!((wav_seconds(&wav) - ans["duration_s"].as_f64().unwrap()).abs() < 0.01);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(
                std::fs::metadata(&wav).unwrap().permissions().mode() & 0o777,
                0o600
            );
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }
}

#[test]
fn redo_skip_and_quit_then_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let mic = source(tmp.path());
    let reports = tmp.path().join("reports");
    let mut live = Live::spawn(
        &run_args(&mic, &["--count", "3", "--prep", "30", "--answer", "2"]),
        &reports,
        &[],
    );
    // 1: redo once, then let the limit stop it.
    live.wait_text("prep: 30 s", 1);
    live.line("");
    live.wait_text("recording", 1);
    live.line("r");
    live.wait_text("take discarded", 1);
    live.wait_text("time is up", 1);
    // 2: skip. 3: quit during prep.
    live.wait_text("prep: 30 s", 2);
    live.line("s");
    live.wait_text("skipped", 1);
    live.wait_text("prep: 30 s", 3);
    live.line("q");
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    assert!(err.contains("rehearse resume"), "{err}");
    let dir = only_session(&reports);
    let s = session_json(&dir);
    assert_eq!(s["status"], "in-progress");
    assert_eq!(s["answers"][0]["takes"], 2);
    assert_eq!(s["answers"][1]["status"], "skipped");
    assert_eq!(s["answers"][2]["status"], "pending");
    let files: Vec<String> = std::fs::read_dir(dir.join("answers"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "the discarded take is deleted: {files:?}");

    // Resume with no key presses at all: the prep runs out, the limit stops the answer.
    let id = dir.file_name().unwrap().to_str().unwrap().to_string();
    let mut live = Live::spawn(&["resume", &id, "--input-wav", &mic], &reports, &[]);
    live.close_stdin();
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    let s = session_json(&dir);
    assert_eq!(s["status"], "recorded", "{err}");
    assert_eq!(s["answers"][2]["status"], "recorded");
    assert_eq!(s["answers"][2]["frames"], 32_000);
    assert!(
        err.contains("prep: 30 s"),
        "resume keeps the session's settings: {err}"
    );
}

#[test]
fn sigint_mid_answer_keeps_everything_and_resume_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let mic = source(tmp.path());
    let reports = tmp.path().join("reports");
    let live = Live::spawn(
        &run_args(&mic, &["--count", "2", "--prep", "0", "--answer", "2"]),
        &reports,
        &[],
    );
    live.wait_text("time is up", 1);
    live.wait_text("recording", 2);
    let dir = only_session(&reports);
    wait_for(
        "audio of the second answer",
        Duration::from_secs(10),
        || part_size(&dir) > 44 + 16_000,
    );
    live.signal("INT");
    let (code, err) = live.wait();
    assert_eq!(code, Some(130), "{err}");
    assert!(err.contains("rehearse resume"), "{err}");
    let s = session_json(&dir);
    assert_eq!(s["answers"][0]["status"], "recorded");
    assert!((wav_seconds(&dir.join(s["answers"][0]["file"].as_str().unwrap())) - 2.0).abs() < 1e-6);
    assert_eq!(s["answers"][1]["status"], "pending");
    let earlier = s["answers"][1]["earlier_takes"][0]
        .as_str()
        .expect("interrupted take kept");
    assert!(
        wav_seconds(&dir.join(earlier)) >= 0.5,
        "the interrupted take is readable"
    );

    let mut live = Live::spawn(&["resume", "latest", "--input-wav", &mic], &reports, &[]);
    live.close_stdin();
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    let s = session_json(&dir);
    assert_eq!(s["status"], "recorded");
    assert_eq!(s["answers"][1]["frames"], 32_000);
    assert!(
        dir.join(earlier).is_file(),
        "the earlier take is never deleted"
    );
}

#[test]
fn dry_run_is_reproducible_with_a_seed() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let args = ["run", "--dry-run", "--pick", "random", "--seed", "7"];
    let a = crate::common::rehearse()
        .args(args)
        .env("REHEARSE_REPORTS_DIR", &reports)
        .output()
        .unwrap();
    let b = crate::common::rehearse()
        .args(args)
        .env("REHEARSE_REPORTS_DIR", &reports)
        .output()
        .unwrap();
    assert!(a.status.success());
    assert_eq!(a.stdout, b.stdout);
    let text = String::from_utf8_lossy(&a.stdout);
    assert!(
        text.contains("5 question(s), pick random (seed 7)"),
        "{text}"
    );
    assert!(text.contains("principles:"));
    assert!(!reports.exists(), "a dry run records nothing");
}

#[test]
fn unknown_filters_are_bad_input() {
    let out = crate::common::rehearse()
        .args(["run", "--principle", "nope", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = crate::common::rehearse()
        .args(["run", "--count", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
