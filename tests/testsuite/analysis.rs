//! `rehearse analyze` on the speech fixtures (tests/fixtures/speech, ground truth in its
//! manifest.tsv, made by its make.sh).

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/speech")
}

struct Truth {
    file: String,
    syllables: u32,
    long_pauses: u32,
    first_word_s: Option<f64>,
    too_quiet: bool,
    clipping: bool,
}

fn manifest() -> Vec<Truth> {
    let text = std::fs::read_to_string(fixtures().join("manifest.tsv")).unwrap();
    text.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            Truth {
                file: f[0].to_string(),
                syllables: f[1].parse().unwrap(),
                long_pauses: f[2].parse().unwrap(),
                first_word_s: f[3].parse().ok(),
                too_quiet: f[4] == "1",
                clipping: f[5] == "1",
            }
        })
        .collect()
}

fn analyze_json(file: &str) -> serde_json::Value {
    let out = Command::cargo_bin("rehearse")
        .unwrap()
        .args(["analyze", "--json"])
        .arg(fixtures().join(file))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{file}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn has_warning(m: &serde_json::Value, w: &str) -> bool {
    m["warnings"].as_array().unwrap().iter().any(|x| x == w)
}

#[test]
fn fixtures_match_their_ground_truth() {
    let mut failures = Vec::new();
    for t in manifest() {
        let m = analyze_json(&t.file);
        let syl = m["syllables"].as_u64().unwrap() as f64;
        if t.syllables > 0 {
            let err = (syl - t.syllables as f64).abs() / t.syllables as f64;
            // Quiet speech loses its weakest syllables under the -55 dBFS speech floor.
            let limit = if t.too_quiet { 0.15 } else { 0.10 };
            if err > limit {
                failures.push(format!("{}: {syl} syllables, true {}", t.file, t.syllables));
            }
        } else if syl > 0.0 {
            failures.push(format!("{}: {syl} syllables in no speech", t.file));
        }
        let long = m["pauses"]["long"].as_u64().unwrap() as u32;
        if long != t.long_pauses {
            failures.push(format!(
                "{}: {long} long pauses, true {}",
                t.file, t.long_pauses
            ));
        }
        match (t.first_word_s, m["first_word_s"].as_f64()) {
            (Some(want), Some(got)) if (want - got).abs() <= 0.15 => {}
            (None, None) => {}
            (want, got) => failures.push(format!("{}: first word {got:?}, true {want:?}", t.file)),
        }
        if has_warning(&m, "too-quiet") != t.too_quiet {
            failures.push(format!("{}: too-quiet wrong: {}", t.file, m["warnings"]));
        }
        if has_warning(&m, "clipping") != t.clipping {
            failures.push(format!("{}: clipping wrong: {}", t.file, m["warnings"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn json_has_the_documented_keys() {
    let m = analyze_json("pauses-2.wav");
    for key in [
        "duration_s",
        "speech_s",
        "speaking_ratio",
        "first_word_s",
        "pauses",
        "syllables",
        "speech_rate",
        "articulation_rate",
        "wpm_estimate",
        "rms_dbfs",
        "peak_dbfs",
        "clipped_ratio",
        "warnings",
        "thresholds",
    ] {
        assert!(m.get(key).is_some(), "missing {key}");
    }
    for key in ["medium", "long", "longest_s", "list"] {
        assert!(m["pauses"].get(key).is_some(), "missing pauses.{key}");
    }
    let list = m["pauses"]["list"].as_array().unwrap();
    assert!(list.iter().all(|p| p["end"].as_f64() > p["start"].as_f64()));
    // The inserted 2.5 s silence is the longest pause.
    let longest = m["pauses"]["longest_s"].as_f64().unwrap();
    assert!((2.5..3.2).contains(&longest), "longest {longest}");
    assert_eq!(m["thresholds"]["long_pause_s"], 1.0);
    assert!(has_warning(&analyze_json("silent.wav"), "silent"));
}

#[test]
fn summary_is_readable_and_judges_the_category() {
    Command::cargo_bin("rehearse")
        .unwrap()
        .args(["analyze", "--category", "behavioral"])
        .arg(fixtures().join("pauses-1.wav"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("wpm (est.)")
                .and(predicate::str::contains("too-short"))
                .and(predicate::str::contains("thresholds")),
        );
}

#[test]
fn bad_files_are_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.wav");
    std::fs::write(&text, "not audio").unwrap();
    Command::cargo_bin("rehearse")
        .unwrap()
        .arg("analyze")
        .arg(&text)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("notes.wav").and(predicate::str::contains("not a WAV")));
    let short = dir.path().join("short.wav");
    std::fs::write(&short, "x").unwrap();
    Command::cargo_bin("rehearse")
        .unwrap()
        .arg("analyze")
        .arg(&short)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("short.wav"));
    Command::cargo_bin("rehearse")
        .unwrap()
        .args(["analyze", "missing.wav"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.wav: no such file"));
}
