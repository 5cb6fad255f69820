//! Driving a running `rehearse` from a test: piped stdin written on conditions, stderr
//! collected as it arrives, waiting with deadlines instead of sleeps; and tmux for a real
//! terminal.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub use crate::support::wait_for;

/// A running `rehearse` with piped stdin and a live copy of its stderr.
pub struct Live {
    pub child: Child,
    stdin: Option<ChildStdin>,
    pub stderr: Arc<Mutex<String>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Live {
    pub fn spawn(args: &[&str], reports: &Path, envs: &[(&str, &str)]) -> Live {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rehearse"));
        cmd.args(args)
            .env("REHEARSE_REPORTS_DIR", reports)
            .env("NO_COLOR", "1")
            .env_remove("REHEARSE_QUESTIONS")
            .env_remove("REHEARSE_RUBRICS")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("spawning rehearse");
        let stdin = child.stdin.take();
        let stderr = Arc::new(Mutex::new(String::new()));
        let pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines() {
                let Ok(line) = line else { break };
                let mut s = sink.lock().unwrap();
                s.push_str(&line);
                s.push('\n');
            }
        });
        Live {
            child,
            stdin,
            stderr,
            reader: Some(reader),
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Wait until stderr contains `text` `n` times.
    pub fn wait_text(&self, text: &str, n: usize) {
        wait_for(
            &format!("{text:?} ×{n} on stderr"),
            Duration::from_secs(30),
            || self.stderr().matches(text).count() >= n,
        );
        let _ = &self.child;
    }

    pub fn line(&mut self, text: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        writeln!(stdin, "{text}").unwrap();
        stdin.flush().unwrap();
    }

    pub fn close_stdin(&mut self) {
        self.stdin.take();
    }

    pub fn signal(&self, sig: &str) {
        let status = Command::new("kill")
            .arg(format!("-{sig}"))
            .arg(self.child.id().to_string())
            .status()
            .unwrap();
        assert!(status.success());
    }

    /// Wait for exit (up to 60 s) and return the code.
    pub fn wait(mut self) -> (Option<i32>, String) {
        self.close_stdin();
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The pipe closed with the process: the reader has everything once it ends.
                if let Some(reader) = self.reader.take() {
                    let _ = reader.join();
                }
                return (status.code(), self.stderr());
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("rehearse did not exit; stderr:\n{}", self.stderr());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The only session folder under `reports`.
pub fn only_session(reports: &Path) -> PathBuf {
    let dirs: Vec<PathBuf> = std::fs::read_dir(reports)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("session.json").is_file())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs[0].clone()
}

pub fn session_json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("session.json")).unwrap()).unwrap()
}

/// Size of the first `*.wav.part` under `dir/answers`, if any.
pub fn part_size(dir: &Path) -> u64 {
    std::fs::read_dir(dir.join("answers"))
        .ok()
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".wav.part"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .max()
        .unwrap_or(0)
}

/// Write a mono 16-bit WAV: a 220 Hz tone at -12 dBFS with a light pulse, `seconds` long.
pub fn tone_wav(path: &Path, rate: u32, seconds: f64) {
    let n = (seconds * f64::from(rate)) as usize;
    let samples: Vec<i16> = (0..n)
        .map(|i| {
            let t = i as f64 / f64::from(rate);
            let envelope = 0.6 + 0.4 * (2.0 * std::f64::consts::PI * 2.0 * t).sin().abs();
            let v = 0.25 * envelope * (2.0 * std::f64::consts::PI * 220.0 * t).sin();
            (v * 32767.0) as i16
        })
        .collect();
    crate::support::write_wav(path, rate, 1, &samples);
}

/// Duration of a WAV in seconds.
pub fn wav_seconds(path: &Path) -> f64 {
    let r = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    f64::from(r.duration()) / f64::from(r.spec().sample_rate)
}

/// tmux session running a command in a real terminal.
pub struct Tmux {
    pub name: String,
}

impl Tmux {
    pub fn start(name: &str, command: &str, width: u32, height: u32) -> Tmux {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", name])
            .status();
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                name,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                command,
            ])
            .status()
            .expect("tmux");
        assert!(status.success());
        let _ = Command::new("tmux")
            .args(["set-option", "-t", name, "remain-on-exit", "on"])
            .status();
        Tmux {
            name: name.to_string(),
        }
    }

    pub fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", &self.name];
        args.extend_from_slice(keys);
        assert!(Command::new("tmux").args(&args).status().unwrap().success());
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name, "-S", "-200"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn wait_screen(&self, text: &str) {
        wait_for(
            &format!("{text:?} on the tmux screen"),
            Duration::from_secs(30),
            || self.screen().contains(text),
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}
