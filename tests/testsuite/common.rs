//! Helpers shared by the test modules.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `rehearse` binary with a clean environment for the catalog and reports settings.
pub fn rehearse() -> Command {
    let mut cmd = Command::cargo_bin("rehearse").expect("binary built");
    for var in [
        "REHEARSE_REPORTS_DIR",
        "REHEARSE_QUESTIONS",
        "REHEARSE_RUBRICS",
        "NO_COLOR",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("NO_COLOR", "1");
    // No test sees the sessions of whoever runs the tests.
    cmd.env("REHEARSE_REPORTS_DIR", "/nonexistent/rehearse-test-reports");
    cmd
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}
