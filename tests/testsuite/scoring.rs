//! `rehearse score`: piped and terminal walk-throughs, resume, scores files, coach scores.
//!
//! Each test builds its own session folder with the library (`store::save`) and small WAVs
//! (hound), then drives the real binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rehearse::catalog::Catalog;
use rehearse::session::{AnswerStatus, ScoreSheet, Session, Settings, store};
use serde_json::{Value, json};

use crate::common::{fixtures, rehearse, stderr, stdout};

const ID: &str = "2026-01-10T09-00-00-amazon-lp";

/// A session under `root/reports`: a behavioral answer (earn-trust; 6 STAR criteria), a
/// skipped question, and a system-design answer (3 principles; 6 criteria). Returns its folder.
fn session_in(root: &Path) -> PathBuf {
    let catalog = Catalog::load(&[], &[]).unwrap();
    let set = catalog.set("amazon-lp").unwrap();
    let rubric = catalog.rubric_for(set).unwrap();
    let questions = [
        "outage-trust-rebuild",
        "outside-your-remit",
        "zero-loss-rollback",
    ]
    .iter()
    .map(|id| set.question(id).unwrap().clone())
    .collect();
    let mut s = Session::new(ID.into(), set, rubric, questions, Settings::default());
    s.created = chrono::DateTime::parse_from_rfc3339("2026-01-10T09:00:00+00:00")
        .unwrap()
        .with_timezone(&chrono::Local);
    let (_, dir) = store::create_session_dir(&root.join("reports"), ID).unwrap();
    for i in [0, 2] {
        let rel = format!("answers/{}.wav", s.answer_stem(i));
        write_wav(&dir.join(&rel), 1.5);
        let a = &mut s.answers[i];
        a.status = AnswerStatus::Recorded;
        a.file = Some(rel);
        a.duration_s = 1.5;
        a.sample_rate = 16_000;
        a.frames = 24_000;
        a.takes = 1;
        a.rms_dbfs = Some(-21.0);
        a.peak_dbfs = Some(-9.0);
    }
    s.answers[0].metrics = Some(json!({
        "duration_s": 1.5, "speech_s": 1.2, "pauses": {"medium": 1, "long": 0},
        "wpm_estimate": 131.0, "warnings": ["too-short"]
    }));
    s.answers[1].status = AnswerStatus::Skipped;
    s.refresh_status();
    store::save(&dir, &mut s).unwrap();
    dir
}

fn write_wav(path: &Path, seconds: f64) {
    crate::live::tone_wav(path, 16_000, seconds);
}

fn json_of(dir: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(dir.join("session.json")).unwrap()).unwrap()
}

fn sheet(dir: &Path, answer: usize, who: &str) -> Value {
    json_of(dir)["answers"][answer]["scores"][who].clone()
}

/// Run `rehearse score ARGS` in `root` with `input` on a pipe.
fn score(root: &Path, args: &[&str], input: &str) -> std::process::Output {
    rehearse()
        .current_dir(root)
        .env("REHEARSE_REPORTS_DIR", root.join("reports"))
        .arg("score")
        .args(args)
        .write_stdin(input)
        .output()
        .unwrap()
}

/// Lines for a complete walk-through of the fixture session (self or coach).
const FULL: &str = "\
3
owned the postmortem
y
p
n
y
y
p
good story
say the numbers first
2

4

1
too vague on the outcome
y
y
y
n
p
y


";

#[test]
fn scripted_walk_through_over_piped_stdin() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let out = score(root.path(), &[ID], FULL);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let et = sheet(&dir, 0, "self");
    assert_eq!(et["principles"], json!({"earn-trust": 3}));
    assert_eq!(
        et["criteria"],
        json!({"situation": "y", "task": "p", "action": "n", "result": "y",
               "quantified-result": "y", "personal-ownership": "p"})
    );
    assert_eq!(et["notes"], json!({"earn-trust": "owned the postmortem"}));
    assert_eq!(et["note"], "good story");
    assert_eq!(et["improve"], "say the numbers first");
    assert!(et["scored_at"].is_string() && et.get("by").is_none());
    let zl = sheet(&dir, 2, "self");
    assert_eq!(
        zl["principles"],
        json!({"insist-on-the-highest-standards": 2, "deliver-results": 4,
               "have-backbone-disagree-and-commit": 1})
    );
    assert_eq!(
        zl["notes"],
        json!({"have-backbone-disagree-and-commit": "too vague on the outcome"})
    );
    assert!(zl.get("note").is_none() && zl.get("improve").is_none());
    assert_eq!(json_of(&dir)["status"], "scored");
    assert!(json_of(&dir)["answers"][1]["scores"].get("self").is_none());
    // The descriptors, what to look for and the summary line are shown while scoring.
    assert!(
        err.contains("Look for:") && err.contains("Red flags:"),
        "{err}"
    );
    assert!(err.contains("Raises the bar"), "{err}");
    assert!(
        err.contains("~131") && err.contains("warnings: too-short"),
        "{err}"
    );
    // Per-principle averages on stdout.
    let summary = stdout(&out);
    assert!(summary.contains("Earn Trust"), "{summary}");
    assert!(summary.contains("Deliver Results"), "{summary}");
}

#[test]
fn end_of_input_halfway_saves_and_the_next_run_resumes_without_asking_twice() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let lines: Vec<&str> = FULL.lines().collect();
    let first = lines[..4].join("\n") + "\n"; // earn-trust, its note, two criteria
    let out = score(root.path(), &[ID], &first);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("continue with: rehearse score {ID}")),
        "{err}"
    );
    let et = sheet(&dir, 0, "self");
    assert_eq!(et["principles"], json!({"earn-trust": 3}));
    assert_eq!(et["criteria"], json!({"situation": "y", "task": "p"}));
    assert!(et.get("scored_at").is_none());
    assert_eq!(json_of(&dir)["status"], "recorded");

    let rest = lines[4..].join("\n") + "\n\n";
    let out = score(root.path(), &[ID], &rest);
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("Score Earn Trust"), "asked again: {err}");
    assert!(!err.contains("Situation:"), "asked again: {err}");
    assert!(err.contains("Action:"), "{err}");
    let et = sheet(&dir, 0, "self");
    assert_eq!(et["criteria"]["personal-ownership"], "p");
    assert_eq!(et["notes"], json!({"earn-trust": "owned the postmortem"}));
    assert_eq!(json_of(&dir)["status"], "scored");

    // A third run has nothing to ask.
    let out = score(root.path(), &[ID], "");
    assert!(out.status.success());
    assert!(stderr(&out).contains("already has complete self scores"));
}

#[test]
fn a_scores_file_puts_exactly_its_values_in_session_json() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let file = fixtures().join("scoring/scores.toml");
    let out = score(
        root.path(),
        &[
            dir.to_str().unwrap(),
            "--scores-file",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let mut zl = sheet(&dir, 2, "self");
    assert!(zl["scored_at"].is_string());
    zl.as_object_mut().unwrap().remove("scored_at");
    assert_eq!(
        zl,
        json!({
            "principles": {"insist-on-the-highest-standards": 3, "deliver-results": 2,
                           "have-backbone-disagree-and-commit": 4},
            "criteria": {"requirements": "y", "architecture": "p", "data-consistency": "n",
                         "failure-handling": "y", "trade-offs": "y", "operability": "p"},
            "notes": {"deliver-results": "no numbers for the impact"},
            "note": "clear structure",
            "improve": "lead with the result"
        })
    );
    let et = sheet(&dir, 0, "self");
    assert_eq!(et["principles"], json!({"earn-trust": 1}));
    assert_eq!(et["criteria"]["action"], "p");
    assert_eq!(json_of(&dir)["status"], "scored");
    let s: ScoreSheet = serde_json::from_value(sheet(&dir, 0, "self")).unwrap();
    assert!(s.note.is_none() && s.by.is_none());
    assert!(stdout(&out).contains("Earn Trust"));
}

#[test]
fn a_broken_scores_file_changes_nothing_and_lists_every_problem() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let before = std::fs::read(dir.join("session.json")).unwrap();
    let file = fixtures().join("scoring/broken.toml");
    let out = score(
        root.path(),
        &[ID, "--scores-file", file.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read(dir.join("session.json")).unwrap(), before);
    let err = stderr(&out);
    let name = file.display().to_string();
    for loc in ["4:34", "4:37", "5:29", "5:38", "8:12", "12:12"] {
        assert!(
            err.contains(&format!("{name}:{loc}: ")),
            "no {loc} in {err}"
        );
    }
    assert!(
        err.contains("did you mean `outage-trust-rebuild`?"),
        "{err}"
    );
    assert!(err.contains("6 problems in 1 file"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");

    let file = fixtures().join("scoring/unknown-key.toml");
    let out = score(
        root.path(),
        &[ID, "--scores-file", file.to_str().unwrap()],
        "",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown-key.toml:4:1: unknown field `scores`"));
    assert_eq!(std::fs::read(dir.join("session.json")).unwrap(), before);
}

#[test]
fn coach_scores_never_overwrite_self_scores() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let file = fixtures().join("scoring/scores.toml");
    let out = score(
        root.path(),
        &[ID, "--scores-file", file.to_str().unwrap()],
        "",
    );
    assert!(out.status.success());
    let self_before: Vec<Value> = (0..3).map(|i| sheet(&dir, i, "self")).collect();

    let out = score(root.path(), &[ID, "--as", "coach"], "");
    assert_eq!(out.status.code(), Some(2), "coach needs --name");

    let out = score(
        root.path(),
        &[ID, "--as", "coach", "--name", "Dana Lee"],
        FULL,
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let self_after: Vec<Value> = (0..3).map(|i| sheet(&dir, i, "self")).collect();
    assert_eq!(self_before, self_after);
    let coach = sheet(&dir, 0, "coach");
    assert_eq!(coach["by"], "Dana Lee");
    assert_eq!(coach["principles"], json!({"earn-trust": 3}));
    assert!(stdout(&out).contains("Coach scores"));

    // A coach scores file, too, writes only the coach's sheet.
    let out = score(
        root.path(),
        &[
            ID,
            "--as",
            "coach",
            "--name",
            "Dana Lee",
            "--scores-file",
            file.to_str().unwrap(),
        ],
        "",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        sheet(&dir, 0, "coach")["principles"],
        json!({"earn-trust": 1})
    );
    let self_after: Vec<Value> = (0..3).map(|i| sheet(&dir, i, "self")).collect();
    assert_eq!(self_before, self_after);

    // Another coach may not silently replace Dana's scores.
    let out = score(root.path(), &[ID, "--as", "coach", "--name", "Sam"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("coach scores by `Dana Lee`"));
}

#[test]
fn only_revisits_one_answer_with_previous_values_as_defaults() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let file = fixtures().join("scoring/scores.toml");
    assert!(
        score(
            root.path(),
            &[ID, "--scores-file", file.to_str().unwrap()],
            ""
        )
        .status
        .success()
    );
    let before = std::fs::read(dir.join("session.json")).unwrap();
    // Enter on every item keeps every value: nothing is written.
    let out = score(
        root.path(),
        &[ID, "--only", "zero-loss-rollback"],
        &"\n".repeat(14),
    );
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("Enter keeps 3 Clearly shown"), "{err}");
    assert!(
        err.contains("Enter keeps \"no numbers for the impact\""),
        "{err}"
    );
    assert_eq!(std::fs::read(dir.join("session.json")).unwrap(), before);
    // Change one score, clear one note.
    let out = score(
        root.path(),
        &[ID, "--only", "zero-loss-rollback"],
        "\n\n3\n-\n",
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let zl = sheet(&dir, 2, "self");
    assert_eq!(zl["principles"]["deliver-results"], 3);
    assert_eq!(zl["notes"], json!({}));
    assert_eq!(zl["criteria"]["architecture"], "p");

    let out = score(root.path(), &[ID, "--only", "zero-loss-rolback"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("did you mean `zero-loss-rollback`?"));
    let out = score(root.path(), &[ID, "--only", "outside-your-remit"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("was not recorded"));
}

use crate::support::wait_for;

#[test]
fn ctrl_c_on_a_pipe_keeps_what_was_entered_and_exits_130() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let mut child = Command::new(bin)
        .current_dir(root.path())
        .env("NO_COLOR", "1")
        .args(["score", ID])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"4\nnote\n").unwrap();
    stdin.flush().unwrap();
    wait_for(
        "the first score to be saved",
        Duration::from_secs(10),
        || sheet(&dir, 0, "self")["notes"]["earn-trust"] == "note",
    );
    let status = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    drop(stdin);
    assert_eq!(out.status.code(), Some(130), "{}", stderr(&out));
    assert!(stderr(&out).contains("everything entered is saved"));
    assert_eq!(
        sheet(&dir, 0, "self")["principles"],
        json!({"earn-trust": 4})
    );
}

/// A private tmux server (its own socket) killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start() -> Option<Tmux> {
        let socket = format!("rehearse-test-{}-{:?}", std::process::id(), Instant::now());
        let socket: String = socket.chars().filter(char::is_ascii_alphanumeric).collect();
        let ok = Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then_some(Tmux { socket })
    }

    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .unwrap()
    }

    /// Run `command` in a new 120×40 session named `name`; the pane stays after it exits.
    fn run(&self, name: &str, cwd: &Path, command: &str) {
        // The shell must outlive a Ctrl-C sent to the foreground group; a trap (unlike an
        // ignored signal) is not inherited by the command.
        let shell = format!("trap : INT; {command}; echo EXIT=$?; exec sleep 600");
        let out = self.cmd(&[
            "new-session",
            "-d",
            "-s",
            name,
            "-x",
            "120",
            "-y",
            "40",
            "-c",
            cwd.to_str().unwrap(),
            "sh",
            "-c",
            &shell,
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
    }

    /// The pane's whole history and screen.
    fn screen(&self, name: &str) -> String {
        stdout(&self.cmd(&["capture-pane", "-p", "-J", "-S", "-", "-t", name]))
    }

    /// Wait until the last non-empty line on the pane ends with `prompt` (nothing answered
    /// after it yet), then return the screen.
    fn wait_prompt(&self, name: &str, prompt: &str) -> String {
        let mut screen = String::new();
        wait_for(
            &format!("prompt {prompt:?}"),
            Duration::from_secs(10),
            || {
                screen = self.screen(name);
                screen
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .is_some_and(|l| l.trim_end().ends_with(prompt.trim_end()))
            },
        );
        screen
    }

    fn wait_text(&self, name: &str, text: &str) -> String {
        let mut screen = String::new();
        wait_for(
            &format!("{text:?} on screen"),
            Duration::from_secs(10),
            || {
                screen = self.screen(name);
                screen.contains(text)
            },
        );
        screen
    }

    fn keys(&self, name: &str, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", name];
        args.extend_from_slice(keys);
        assert!(self.cmd(&args).status.success());
    }

    /// Type literal text and press Enter.
    fn type_line(&self, name: &str, text: &str) {
        if !text.is_empty() {
            assert!(
                self.cmd(&["send-keys", "-t", name, "-l", text])
                    .status
                    .success()
            );
        }
        self.keys(name, &["Enter"]);
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

/// The keys of one walk-through step: the prompt to wait for, then what to press.
enum Press<'a> {
    Key(&'a str, &'a str),
    Line(&'a str, &'a str),
}

fn drive(tmux: &Tmux, name: &str, steps: &[Press]) {
    for step in steps {
        match step {
            Press::Key(prompt, key) => {
                tmux.wait_prompt(name, prompt);
                tmux.keys(name, &[key]);
            }
            Press::Line(prompt, text) => {
                tmux.wait_prompt(name, prompt);
                tmux.type_line(name, text);
            }
        }
    }
}

#[test]
fn terminal_walk_through_quit_halfway_then_resume_scores_everything_once() {
    let Some(tmux) = Tmux::start() else {
        eprintln!("tmux is not installed; skipping");
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    // Replay goes to the fake ALSA speaker (tests/alsa/), so `p` really plays.
    let card = crate::support::FakeCard::new(16_000, &[0i16; 16]);
    let command = format!(
        "ALSA_CONFIG_PATH={} NO_COLOR=1 {} score {ID}",
        card.env(),
        bin.display()
    );
    use Press::{Key, Line};

    tmux.run("first", root.path(), &command);
    let screen = tmux.wait_prompt("first", "Score Earn Trust 1-4 >");
    // The walk-through starts at the first item, with the anchored descriptors on screen.
    assert!(screen.contains("1 of 2 · outage-trust-rebuild"), "{screen}");
    assert!(
        screen.contains("3 Clearly shown   Takes responsibility openly"),
        "{screen}"
    );
    assert!(screen.contains("4 Raises the bar"), "{screen}");
    // Replay keys answer at any prompt: `p` plays the 1.5 s answer, → seeks.
    tmux.keys("first", &["p"]);
    tmux.wait_text("first", " / 0:02");
    tmux.keys("first", &["Right"]);
    wait_for(
        "the speaker to receive the answer",
        Duration::from_secs(10),
        || std::fs::metadata(card.path("spk.raw")).is_ok_and(|m| m.len() > 0),
    );
    drive(
        &tmux,
        "first",
        &[
            Key("Score Earn Trust 1-4 >", "3"),
            Line("Note on Earn Trust (Enter skips):", "Owned the postmortem"),
            Key("y / p / n >", "y"),
            Key("y / p / n >", "p"),
            Key("y / p / n >", "n"),
            Key("y / p / n >", "q"),
        ],
    );
    let screen = tmux.wait_text("first", "EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(screen.contains("continue with: rehearse score"), "{screen}");
    for line in screen.lines() {
        assert!(
            line.chars().count() <= 80,
            "wider than 80 columns: {line:?}"
        );
    }
    let et = sheet(&dir, 0, "self");
    assert_eq!(et["principles"], json!({"earn-trust": 3}));
    assert_eq!(et["notes"], json!({"earn-trust": "Owned the postmortem"}));
    assert_eq!(
        et["criteria"],
        json!({"situation": "y", "task": "p", "action": "n"})
    );

    tmux.run("second", root.path(), &command);
    let screen = tmux.wait_prompt("second", "y / p / n >");
    assert!(screen.contains("4/6 Result"), "resumed elsewhere: {screen}");
    drive(
        &tmux,
        "second",
        &[
            Key("y / p / n >", "y"),
            Key("y / p / n >", "n"),
            Key("y / p / n >", "p"),
            Line("Overall note (Enter skips):", "Clear timeline"),
            Line("One thing to do better next time (Enter skips):", ""),
            Key("Score Insist on the Highest Standards 1-4 >", "2"),
            Line("Note on Insist on the Highest Standards (Enter skips):", ""),
            Key("Score Deliver Results 1-4 >", "4"),
            Line(
                "Note on Deliver Results (Enter skips):",
                "Numbers on data loss",
            ),
            Key("Score Have Backbone; Disagree and Commit 1-4 >", "1"),
            Line(
                "Note on Have Backbone; Disagree and Commit (Enter skips):",
                "",
            ),
            Key("y / p / n >", "y"),
            Key("y / p / n >", "y"),
            Key("y / p / n >", "p"),
            Key("y / p / n >", "n"),
            Key("y / p / n >", "y"),
            Key("y / p / n >", "y"),
            Line("Overall note (Enter skips):", ""),
            Line(
                "One thing to do better next time (Enter skips):",
                "Start with requirements",
            ),
        ],
    );
    let screen = tmux.wait_text("second", "EXIT=");
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(
        screen.contains("Every recorded answer is scored"),
        "{screen}"
    );
    // Nothing entered in the first run was asked again.
    for asked_before in [
        "Score Earn Trust",
        "Note on Earn Trust",
        "1/6 Situation",
        "2/6 Task",
        "3/6 Action",
    ] {
        assert!(
            !screen.contains(asked_before),
            "{asked_before:?} asked twice: {screen}"
        );
    }
    assert!(
        screen.contains("Deliver Results") && screen.contains("AVG"),
        "{screen}"
    );

    let v = json_of(&dir);
    assert_eq!(v["status"], "scored");
    let et = sheet(&dir, 0, "self");
    assert_eq!(
        et["criteria"],
        json!({"situation": "y", "task": "p", "action": "n", "result": "y",
               "quantified-result": "n", "personal-ownership": "p"})
    );
    assert_eq!(et["notes"], json!({"earn-trust": "Owned the postmortem"}));
    assert_eq!(et["note"], "Clear timeline");
    assert!(et.get("improve").is_none() && et["scored_at"].is_string());
    let zl = sheet(&dir, 2, "self");
    assert_eq!(
        zl["principles"],
        json!({"insist-on-the-highest-standards": 2, "deliver-results": 4,
               "have-backbone-disagree-and-commit": 1})
    );
    assert_eq!(
        zl["notes"],
        json!({"deliver-results": "Numbers on data loss"})
    );
    assert_eq!(
        zl["criteria"],
        json!({"requirements": "y", "architecture": "y", "data-consistency": "p",
               "failure-handling": "n", "trade-offs": "y", "operability": "y"})
    );
    assert_eq!(zl["improve"], "Start with requirements");
    assert!(zl["scored_at"].is_string());
}

#[test]
fn ctrl_c_on_a_terminal_exits_130_with_everything_saved() {
    let Some(tmux) = Tmux::start() else {
        eprintln!("tmux is not installed; skipping");
        return;
    };
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let bin = assert_cmd::cargo::cargo_bin("rehearse");
    let command = format!("NO_COLOR=1 {} score {ID}", bin.display());
    tmux.run("cc", root.path(), &command);
    drive(
        &tmux,
        "cc",
        &[
            Press::Key("Score Earn Trust 1-4 >", "2"),
            Press::Line("Note on Earn Trust (Enter skips):", ""),
            Press::Key("y / p / n >", "y"),
        ],
    );
    // Ctrl-C at a single-key prompt (raw mode) ...
    tmux.wait_text("cc", "2/6");
    tmux.wait_prompt("cc", "y / p / n >");
    tmux.keys("cc", &["C-c"]);
    let screen = tmux.wait_text("cc", "EXIT=");
    assert!(screen.contains("EXIT=130"), "{screen}");
    assert!(screen.contains("everything entered is saved"), "{screen}");
    assert_eq!(
        sheet(&dir, 0, "self")["criteria"],
        json!({"situation": "y"})
    );

    // ... and while typing a note (cooked mode).
    tmux.run("cc2", root.path(), &command);
    drive(&tmux, "cc2", &[Press::Key("y / p / n >", "n")]);
    tmux.wait_text("cc2", "3/6");
    drive(
        &tmux,
        "cc2",
        &[
            Press::Key("y / p / n >", "n"),
            Press::Key("y / p / n >", "n"),
            Press::Key("y / p / n >", "n"),
            Press::Key("y / p / n >", "n"),
        ],
    );
    tmux.wait_prompt("cc2", "Overall note (Enter skips):");
    tmux.cmd(&["send-keys", "-t", "cc2", "-l", "half a thought"]);
    tmux.keys("cc2", &["C-c"]);
    let screen = tmux.wait_text("cc2", "EXIT=");
    assert!(screen.contains("EXIT=130"), "{screen}");
    let et = sheet(&dir, 0, "self");
    assert_eq!(et["criteria"].as_object().unwrap().len(), 6);
    assert!(et.get("note").is_none());
}

#[test]
fn replay_during_the_walk_through_plays_through_the_fake_alsa_speaker() {
    let root = tempfile::tempdir().unwrap();
    let dir = session_in(root.path());
    let card = crate::support::FakeCard::new(16_000, &[0i16; 16]);
    let input = format!("play\n{FULL}");
    let out = rehearse()
        .current_dir(root.path())
        .env("REHEARSE_REPORTS_DIR", root.path().join("reports"))
        .env("ALSA_CONFIG_PATH", card.env())
        .args(["score", ID])
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let played = std::fs::metadata(card.path("spk.raw"))
        .map(|m| m.len())
        .unwrap_or(0);
    // The first answer is 1.5 s at 16 kHz mono, 16-bit: 48 000 bytes when played through.
    assert!(
        played >= 16_000,
        "only {played} bytes reached the speaker: {}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("ALSA lib"), "{}", stderr(&out));
    assert_eq!(sheet(&dir, 0, "self")["principles"]["earn-trust"], 3);
}
