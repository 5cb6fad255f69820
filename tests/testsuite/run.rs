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
        &run_args(&mic, &["--count", "2", "--prep", "30", "--answer", "3"]),
        &reports,
        &[],
    );
    // Question 1: start early, stop by the limit (3 s).
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
    assert_eq!(a[0]["frames"], 48_000, "the limit is counted in samples");
    let second = a[1]["duration_s"].as_f64().unwrap();
    assert!((1.0..2.95).contains(&second), "stopped early at {second} s");
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

#[test]
fn tmux_two_questions_enter_to_start_and_stop_then_the_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let mic = source(tmp.path());
    let reports = tmp.path().join("reports");
    let command = format!(
        "env NO_COLOR=1 REHEARSE_REPORTS_DIR={} {} run --count 2 --pick in-order --prep 30 --answer 4 --no-beep --score later --input-wav {mic}; echo EXIT=$?; sleep 60",
        reports.display(),
        env!("CARGO_BIN_EXE_rehearse"),
    );
    let name = format!("rehearse-run-{}", std::process::id());
    let tmux = crate::live::Tmux::start(&name, &command, 100, 40);
    // Question 1: Enter during prep starts at once; Enter at about 3 s stops.
    tmux.wait_screen("Enter start");
    tmux.keys(&["Enter"]);
    tmux.wait_screen("● rec");
    let dir = only_session(&reports);
    // The bar shows the seconds captured so far: press Enter as it reaches 3 s.
    tmux.wait_screen("0:03 / 0:04");
    tmux.keys(&["Enter"]);
    tmux.wait_screen("saved answers/01-");
    // Question 2: start early, then the 4 s limit stops it.
    tmux.wait_screen("Question 2 of 2");
    tmux.keys(&["Enter"]);
    tmux.wait_screen("time is up");
    tmux.wait_screen("EXIT=0");
    let screen = tmux.screen();
    assert!(screen.contains("Principles:"), "{screen}");
    let s = session_json(&dir);
    assert_eq!(s["status"], "recorded", "{screen}");
    let first = wav_seconds(&dir.join(s["answers"][0]["file"].as_str().unwrap()));
    let second = wav_seconds(&dir.join(s["answers"][1]["file"].as_str().unwrap()));
    assert!((first - 3.0).abs() <= 0.3, "first answer {first} s");
    assert!((second - 4.0).abs() <= 0.3, "second answer {second} s");
    assert_eq!(s["answers"][1]["frames"], 4 * 16_000);
    assert!((s["answers"][0]["duration_s"].as_f64().unwrap() - first).abs() < 0.01);
}

#[test]
fn run_through_the_fake_alsa_mic_counts_the_limit_in_samples() {
    // The plug layer's rate is the device's default; at 48 kHz nothing is converted, so the
    // recording must be bit-identical to a stretch of the source.
    let rate = 48_000;
    let mic = crate::support::noise(rate as usize * 300, 3, 6000);
    let card = crate::support::FakeCard::new(rate, &mic);
    let reports = card.path("reports");
    let mut live = Live::spawn(
        &[
            "run",
            "--device",
            "alsa:fakemic",
            "--count",
            "2",
            "--pick",
            "in-order",
            "--prep",
            "0",
            "--answer",
            "2",
            "--no-beep",
            "--score",
            "later",
        ],
        &reports,
        &[("ALSA_CONFIG_PATH", &card.env())],
    );
    live.close_stdin();
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    assert!(!err.contains("ALSA lib"), "{err}");
    let dir = only_session(&reports);
    let s = session_json(&dir);
    for (i, a) in s["answers"].as_array().unwrap().iter().enumerate() {
        assert_eq!(a["status"], "recorded", "{err}");
        assert_eq!(a["frames"], 2 * rate, "{err}");
        assert_eq!(a["dropped_frames"], 0);
        assert_eq!(a["sample_rate"], rate);
        let (spec, samples) = crate::support::read_wav(&dir.join(a["file"].as_str().unwrap()));
        assert_eq!(spec.sample_rate, rate);
        assert_eq!(samples.len(), 2 * rate as usize);
        // The unpaced device reads the whole source while the first answer is saved, so only
        // the first answer is checked against it: a run of the source, in order.
        if i > 0 {
            continue;
        }
        let start = mic
            .windows(64)
            .position(|w| w == &samples[..64])
            .expect("samples come from the source");
        assert_eq!(&mic[start..start + samples.len()], &samples[..]);
    }
}

#[test]
fn run_without_a_microphone_fails_before_any_question() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let out = crate::common::rehearse()
        .args(["run", "--no-beep"])
        .env("REHEARSE_REPORTS_DIR", &reports)
        .env(
            "ALSA_CONFIG_PATH",
            format!(
                "/usr/share/alsa/alsa.conf:{}",
                crate::support::repo_path("tests/alsa/no-card.conf").display()
            ),
        )
        .output()
        .unwrap();
    let err = crate::common::stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("error: no usable microphone"), "{err}");
    assert!(err.contains("--demo"), "{err}");
    assert!(!err.contains("Question"), "{err}");
    assert!(!err.contains("ALSA lib"), "{err}");
    assert!(!reports.exists(), "nothing is created without a microphone");
}

#[test]
fn sigint_at_twenty_moments_never_leaves_anything_unreadable() {
    let tmp = tempfile::tempdir().unwrap();
    let mic = source(tmp.path());
    // Spread over start-up, prep, both answers and the end (a small LCG, fixed seed).
    let mut x: u64 = 0x2545_f491;
    for round in 0..20 {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait_ms = (x >> 33) % 3200;
        let reports = tmp.path().join(format!("reports-{round}"));
        let mut live = Live::spawn(
            &run_args(&mic, &["--count", "2", "--prep", "1", "--answer", "1"]),
            &reports,
            &[],
        );
        live.close_stdin();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = std::process::Command::new("kill")
            .arg("-INT")
            .arg(live.child.id().to_string())
            .status();
        let (code, err) = live.wait();
        assert!(
            matches!(code, Some(0) | Some(130) | None),
            "round {round} after {wait_ms} ms: {code:?}\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        let Ok(entries) = std::fs::read_dir(&reports) else {
            continue;
        };
        for dir in entries.map(|e| e.unwrap().path()) {
            if dir.join("session.json").exists() {
                let _ = session_json(&dir); // parses, or panics
            }
            let repair = crate::common::rehearse()
                .arg("repair")
                .arg(dir.join("answers"))
                .output()
                .unwrap();
            assert!(
                repair.status.success(),
                "round {round}: {}",
                crate::common::stderr(&repair)
            );
            for wav in std::fs::read_dir(dir.join("answers"))
                .unwrap()
                .map(|e| e.unwrap().path())
            {
                assert!(
                    wav.extension().is_some_and(|e| e == "wav"),
                    "left after repair: {}",
                    wav.display()
                );
                let _ = wav_seconds(&wav);
            }
        }
    }
}

#[test]
fn weakest_picks_differently_after_a_scored_history() {
    use rehearse::catalog::Catalog;
    use rehearse::session::{AnswerStatus, ScoreSheet, Session, Settings, store};
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let dry = || {
        let out = crate::common::rehearse()
            .args([
                "run",
                "--dry-run",
                "--pick",
                "weakest",
                "--count",
                "3",
                "--seed",
                "1",
            ])
            .env("REHEARSE_REPORTS_DIR", &reports)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = dry();
    let ids: Vec<String> = before
        .lines()
        .filter_map(|l| {
            l.trim()
                .split_once(". ")
                .map(|(_, rest)| rest.split_whitespace().next().unwrap().to_string())
        })
        .collect();
    assert_eq!(ids.len(), 3, "{before}");

    // A past session where those three questions scored top marks on every principle.
    let catalog = Catalog::load(&[], &[]).unwrap();
    let set = catalog.set("amazon-lp").unwrap();
    let rubric = catalog.rubric_for(set).unwrap();
    let questions: Vec<_> = ids
        .iter()
        .map(|id| set.question(id).unwrap().clone())
        .collect();
    let (id, dir) = store::create_session_dir(&reports, "2026-01-01T10-00-00-amazon-lp").unwrap();
    let mut s = Session::new(id, set, rubric, questions.clone(), Settings::default());
    for (a, q) in s.answers.iter_mut().zip(&questions) {
        a.status = AnswerStatus::Recorded;
        a.scores.self_ = Some(ScoreSheet {
            principles: q.principles.iter().map(|p| (p.clone(), 4)).collect(),
            ..Default::default()
        });
    }
    store::save(&dir, &mut s).unwrap();

    let after = dry();
    assert_ne!(before, after);
    for id in &ids {
        assert!(
            !after.contains(&format!(" {id} ")),
            "{id} scored 4 everywhere yet picked again:\n{after}"
        );
    }
}

#[test]
fn a_scripted_run_hands_its_stdin_over_to_scoring() {
    let tmp = tempfile::tempdir().unwrap();
    let mic = source(tmp.path());
    let reports = tmp.path().join("reports");
    let mut live = Live::spawn(
        &[
            "run",
            "--pick",
            "in-order",
            "--count",
            "1",
            "--prep",
            "0",
            "--answer",
            "1",
            "--no-beep",
            "--input-wav",
            &mic,
        ],
        &reports,
        &[],
    );
    live.wait_text("time is up", 1);
    live.wait_text("Red flags", 1); // the prompt itself has no newline yet
    // The first question is outage-trust-rebuild: one principle, six STAR criteria.
    for line in [
        "3",
        "",
        "y",
        "y",
        "p",
        "y",
        "n",
        "y",
        "",
        "lead with the outcome",
    ] {
        live.line(line);
    }
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    let dir = only_session(&reports);
    let s = session_json(&dir);
    let sheet = &s["answers"][0]["scores"]["self"];
    assert_eq!(sheet["principles"]["earn-trust"], 3, "{err}");
    assert_eq!(sheet["criteria"]["task"], "y");
    assert_eq!(sheet["criteria"]["action"], "p");
    assert_eq!(sheet["criteria"]["quantified-result"], "n");
    assert_eq!(sheet["improve"], "lead with the outcome");
    assert_eq!(s["status"], "scored");
    assert!(dir.join("report.html").is_file());
}

#[test]
fn a_session_json_that_points_outside_its_folder_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let reports = tmp.path().join("reports");
    let mic = source(tmp.path());
    let mut live = Live::spawn(
        &run_args(&mic, &["--count", "2", "--prep", "0", "--answer", "1"]),
        &reports,
        &[],
    );
    live.wait_text("time is up", 1);
    live.line("q");
    live.line("q");
    let _ = live.wait();
    let dir = only_session(&reports);
    let mut s = session_json(&dir);
    s["questions"][1]["id"] = serde_json::json!("x/../../../escaped");
    std::fs::write(dir.join("session.json"), serde_json::to_vec(&s).unwrap()).unwrap();
    let d = dir.to_str().unwrap();
    for args in [
        vec!["resume", d, "--input-wav", &mic],
        vec!["score", d],
        vec!["report", d],
        vec!["share", d],
    ] {
        let out = crate::common::rehearse()
            .args(&args)
            .env("REHEARSE_REPORTS_DIR", &reports)
            .current_dir(tmp.path())
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            crate::common::stderr(&out)
        );
        assert!(
            crate::common::stderr(&out).contains("not [a-z0-9-]+"),
            "{}",
            crate::common::stderr(&out)
        );
    }
    assert!(!tmp.path().join("escaped.wav").exists());
}

#[test]
fn input_wavs_of_different_rates_are_converted_to_the_first_ones() {
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first.wav");
    let second = tmp.path().join("second.wav");
    tone_wav(&first, 16_000, 1.5);
    tone_wav(&second, 44_100, 1.2);
    let reports = tmp.path().join("reports");
    let (a, b) = (first.display().to_string(), second.display().to_string());
    let mut live = Live::spawn(
        &[
            "run",
            "--pick",
            "in-order",
            "--count",
            "2",
            "--prep",
            "0",
            "--answer",
            "10",
            "--no-beep",
            "--score",
            "later",
            "--input-wav",
            &a,
            "--input-wav",
            &b,
        ],
        &reports,
        &[],
    );
    live.close_stdin();
    let (code, err) = live.wait();
    assert_eq!(code, Some(0), "{err}");
    let dir = only_session(&reports);
    let s = session_json(&dir);
    assert_eq!(
        s["answers"][0]["frames"], 24_000,
        "the first file, whole: {err}"
    );
    assert_eq!(s["answers"][1]["sample_rate"], 16_000);
    // 1.2 s at 44.1 kHz becomes 1.2 s at 16 kHz (the file's end stops the take).
    assert_eq!(s["answers"][1]["frames"], 19_200, "{err}");
    let (_, samples) =
        crate::support::read_wav(&dir.join(s["answers"][1]["file"].as_str().unwrap()));
    let peak = samples.iter().map(|v| v.unsigned_abs()).max().unwrap();
    assert!(peak > 6000, "the converted tone is there (peak {peak})");
}
