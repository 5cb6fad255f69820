//! Audio: capture through cpal from a fake ALSA microphone, playback to a fake speaker,
//! the no-microphone error, crash recovery with `repair`, Ctrl-C, the virtual mic.
//!
//! The fake devices are ALSA `file` plugins (config in tests/alsa/), reached by running the
//! binary with `ALSA_CONFIG_PATH`. They are not paced: ~1000x real time.

use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::support::{
    FakeCard, alsa_env, noise, read_wav, rehearse, rehearse_std, repo_path, wait_for, write_wav,
};

const RATE: u32 = 48_000;

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Where `needle` starts in `hay` (the recording starts at an unknown point of the source).
fn find(hay: &[i16], needle: &[i16]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[test]
fn capture_from_fake_alsa_mic_is_bit_identical_and_loses_nothing() {
    // 60 s of noise: the device runs ahead while the recorder starts, at ~1000x.
    let source = noise(RATE as usize * 60, 7, 20_000);
    let card = FakeCard::new(RATE, &source);
    let out_wav = card.path("take.wav");
    let out = rehearse()
        .env("ALSA_CONFIG_PATH", card.env())
        .args([
            "record",
            out_wav.to_str().unwrap(),
            "--device",
            "alsa:fakemic",
        ])
        .args(["--seconds", "3"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("recorded 3.00 s") && err.contains("dropped 0, xruns 0"),
        "{err}"
    );
    assert!(!err.contains("ALSA lib"), "{err}");
    assert!(!card.path("take.wav.part").exists());
    let (spec, got) = read_wav(&out_wav);
    assert_eq!(
        (spec.channels, spec.sample_rate, spec.bits_per_sample),
        (1, RATE, 16)
    );
    assert_eq!(
        got.len(),
        3 * RATE as usize,
        "frames captured == frames expected"
    );
    let at = find(&source, &got[..32]).expect("recording found in the source");
    let want = &source[at..at + got.len()];
    let first_diff = got.iter().zip(want).position(|(a, b)| a != b);
    assert_eq!(
        first_diff, None,
        "samples identical to the source (at {at})"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out_wav).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn check_through_fake_mic_gives_a_verdict() {
    let source = noise(RATE as usize * 60, 3, 12_000);
    let card = FakeCard::new(RATE, &source);
    let out = rehearse()
        .env("ALSA_CONFIG_PATH", card.env())
        .args(["check", "--device", "alsa:fakemic", "--seconds", "2"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout.contains("verdict: OK"), "{stdout}");
    assert!(stdout.contains("peak -8.7 dBFS"), "{stdout}");
}

#[test]
fn playback_through_fake_speaker_writes_every_sample() {
    let card = FakeCard::new(RATE, &noise(RATE as usize, 1, 1000));
    // No zero samples, so the played span can be found between the sink's silence.
    let wav: Vec<i16> = (0..RATE as usize)
        .map(|i| 1000 + (i % 3000) as i16)
        .collect();
    let file = card.path("answer.wav");
    write_wav(&file, RATE, 1, &wav);
    let out = rehearse()
        .env("ALSA_CONFIG_PATH", card.env())
        .args([
            "replay",
            file.to_str().unwrap(),
            "--output-device",
            "alsa:fakespk",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let raw = std::fs::read(card.path("spk.raw")).unwrap();
    let played: Vec<i16> = raw
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect();
    let first = played
        .iter()
        .position(|&s| s != 0)
        .expect("something was played");
    let last = played.iter().rposition(|&s| s != 0).unwrap();
    assert_eq!(
        last + 1 - first,
        wav.len(),
        "every sample reached the speaker"
    );
}

#[test]
fn no_microphone_is_one_clear_error_with_hints_and_no_alsa_noise() {
    for cmd in [&["check"][..], &["record", "x.wav", "--seconds", "1"][..]] {
        let dir = tempfile::tempdir().unwrap();
        let out = rehearse()
            .current_dir(dir.path())
            .env(
                "ALSA_CONFIG_PATH",
                alsa_env(&repo_path("tests/alsa/no-card.conf")),
            )
            .args(cmd)
            .output()
            .unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(!err.contains("ALSA lib"), "{err}");
        let errors: Vec<_> = err.lines().filter(|l| l.starts_with("error:")).collect();
        assert_eq!(errors.len(), 1, "{err}");
        assert!(errors[0].contains("no usable microphone"), "{err}");
        assert!(err.contains("hint: rehearse devices"), "{err}");
        assert!(err.contains("rehearse run --demo"), "{err}");
        assert!(!dir.path().join("x.wav").exists() && !dir.path().join("x.wav.part").exists());
    }
}

#[test]
fn devices_lists_the_fake_card_with_default_marked() {
    let card = FakeCard::new(RATE, &noise(1000, 1, 100));
    let out = rehearse()
        .env("ALSA_CONFIG_PATH", card.env())
        .args(["devices", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stderr_of(&out).contains("ALSA lib"));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"alsa:fakemic"), "{ids:?}");
    let default = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["default_input"] == true)
        .expect("a default input");
    assert_eq!(default["id"], "alsa:default");
}

#[test]
fn virtual_mic_record_equals_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in.wav");
    let samples = noise(16_000 / 2, 5, 9000); // 0.5 s, 16 kHz mono
    write_wav(&src, 16_000, 1, &samples);
    let out_wav = dir.path().join("out.wav");
    rehearse()
        .args([
            "record",
            out_wav.to_str().unwrap(),
            "--input-wav",
            src.to_str().unwrap(),
        ])
        .assert()
        .success()
        .stderr(predicates::str::contains("recorded 0.50 s"));
    let (spec, got) = read_wav(&out_wav);
    assert_eq!(spec.sample_rate, 16_000);
    assert_eq!(got, samples);
}

#[test]
fn virtual_mic_stereo_is_downmixed_and_limit_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("in.wav");
    let frames = 8000 * 2;
    let stereo: Vec<i16> = (0..frames)
        .flat_map(|i| [(i % 200) as i16 * 10, 1000])
        .collect();
    write_wav(&src, 8000, 2, &stereo);
    let out_wav = dir.path().join("out.wav");
    rehearse()
        .env("REHEARSE_UNPACED", "1")
        .args(["record", out_wav.to_str().unwrap(), "--seconds", "1.5"])
        .args(["--input-wav", src.to_str().unwrap()])
        .assert()
        .success();
    let (spec, got) = read_wav(&out_wav);
    assert_eq!((spec.channels, spec.sample_rate), (1, 8000));
    assert_eq!(got.len(), 12_000, "a limit stop yields exactly the limit");
    for (i, &s) in got.iter().enumerate() {
        let want = ((i % 200) as f32 * 10.0 + 1000.0) / 2.0;
        assert_eq!(s, want.round() as i16);
    }
}

/// Record a long virtual-mic file in real time, kill -9 after `secs` of audio, repair.
fn crash_and_repair(secs: f64) -> (f64, f64) {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("long.wav");
    write_wav(&src, 16_000, 1, &noise(16_000 * 30, 9, 8000));
    let take = dir.path().join("take.wav");
    let part = dir.path().join("take.wav.part");
    let mut child = rehearse_std()
        .args([
            "record",
            take.to_str().unwrap(),
            "--input-wav",
            src.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for("the take to start", Duration::from_secs(10), || {
        part.exists()
    });
    let started = Instant::now();
    let bytes_for = |s: f64| 44 + (s * 16_000.0) as u64 * 2;
    wait_for("audio on disk", Duration::from_secs(30), || {
        std::fs::metadata(&part).is_ok_and(|m| m.len() >= bytes_for(secs))
    });
    let captured = started.elapsed().as_secs_f64();
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let out = rehearse()
        .args(["repair", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("repaired"));
    assert!(!part.exists() && take.exists());
    let (_, got) = read_wav(&take);
    let recovered = got.len() as f64 / 16_000.0;
    // Repairing again is a no-op.
    let again = rehearse()
        .args(["repair", take.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("already good"));
    (captured, recovered)
}

#[test]
fn kill_9_after_3_s_loses_at_most_1_s() {
    let (captured, recovered) = crash_and_repair(3.0);
    assert!(
        recovered >= captured - 1.0,
        "captured {captured:.2} s, recovered {recovered:.2} s"
    );
}

#[test]
fn kill_9_after_5_s_leaves_at_least_4_s() {
    let (_, recovered) = crash_and_repair(5.0);
    assert!(recovered >= 4.0, "recovered {recovered:.2} s");
}

#[test]
fn ctrl_c_finalizes_the_take_and_exits_130() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("long.wav");
    write_wav(&src, 16_000, 1, &noise(16_000 * 30, 4, 8000));
    let take = dir.path().join("take.wav");
    let part = dir.path().join("take.wav.part");
    let child = rehearse_std()
        .args([
            "record",
            take.to_str().unwrap(),
            "--input-wav",
            src.to_str().unwrap(),
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    wait_for("a second of audio", Duration::from_secs(10), || {
        std::fs::metadata(&part).is_ok_and(|m| m.len() >= 44 + 32_000)
    });
    let status = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("interrupted"), "{err}");
    assert!(take.exists() && !part.exists(), "{err}");
    let (_, got) = read_wav(&take);
    assert!(got.len() >= 16_000, "{} frames", got.len());
}

#[test]
fn repair_refuses_non_wav() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("notes.wav");
    std::fs::write(&f, "not audio").unwrap();
    rehearse()
        .args(["repair", f.to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("not a WAV file"));
}

#[test]
fn check_verdicts_from_the_virtual_mic() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<i16>); 3] = [
        (
            "clipping",
            (0..16_000)
                .map(|i| if i % 40 < 20 { i16::MAX } else { i16::MIN })
                .collect(),
        ),
        ("silent", vec![0; 16_000]),
        ("too quiet", noise(16_000, 2, 100)),
    ];
    for (verdict, samples) in cases {
        let f = dir.path().join(format!("{verdict}.wav"));
        write_wav(&f, 16_000, 1, &samples);
        let out = rehearse()
            .env("REHEARSE_UNPACED", "1")
            .args([
                "check",
                "--seconds",
                "1",
                "--input-wav",
                f.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", stderr_of(&out));
        assert!(stdout.contains(&format!("verdict: {verdict}")), "{stdout}");
    }
}

#[test]
fn alsa_lib_noise_is_captured_and_shown_only_with_verbose() {
    let env = alsa_env(&repo_path("tests/alsa/broken-mic.conf"));
    let out = rehearse()
        .env("ALSA_CONFIG_PATH", &env)
        .args(["check", "--device", "alsa:brokenmic"])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        !err.contains("ALSA lib") && !err.contains("nonexistent_pcm"),
        "{err}"
    );
    assert_eq!(
        err.lines().filter(|l| l.starts_with("error:")).count(),
        1,
        "{err}"
    );
    let verbose = rehearse()
        .env("ALSA_CONFIG_PATH", &env)
        .args(["-v", "check", "--device", "alsa:brokenmic"])
        .output()
        .unwrap();
    assert!(stderr_of(&verbose).contains("Unknown PCM nonexistent_pcm"));
}
