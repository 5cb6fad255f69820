//! Session folders on disk: create (0700), save atomically, load, list, resolve `SESSION`.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::model::{SCHEMA_VERSION, Session};
use crate::problem::Problem;

pub const SESSION_FILE: &str = "session.json";
pub const ANSWERS_DIR: &str = "answers";

/// Make a private folder (0700) and its parents.
pub fn create_private_dir(path: &Path) -> anyhow::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(path)
        .with_context(|| format!("creating folder {}", path.display()))
}

/// Folder name for a new session: `2026-11-27T14-05-09-amazon-lp` (set ids are checked).
pub fn session_id(created: &chrono::DateTime<chrono::Local>, set_id: &str) -> String {
    format!("{}-{set_id}", created.format("%Y-%m-%dT%H-%M-%S"))
}

/// Create the folder for a new session under `reports_dir`, never reusing one.
pub fn create_session_dir(reports_dir: &Path, id: &str) -> anyhow::Result<(String, PathBuf)> {
    create_private_dir(reports_dir)?;
    for n in 1..1000 {
        let candidate = if n == 1 {
            id.to_string()
        } else {
            format!("{id}-{n}")
        };
        let dir = reports_dir.join(&candidate);
        let mut builder = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        match builder.create(&dir) {
            Ok(()) => {
                create_private_dir(&dir.join(ANSWERS_DIR))?;
                return Ok((candidate, dir));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e)
                    .with_context(|| format!("creating session folder {}", dir.display()));
            }
        }
    }
    Err(Problem::runtime(format!(
        "too many sessions named {id} in {}",
        reports_dir.display()
    ))
    .into())
}

/// Write `bytes` to `path` atomically: temp file beside it, fsync, rename, fsync the folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".session-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    tmp.write_all(bytes)
        .with_context(|| format!("writing {}", tmp.path().display()))?;
    tmp.as_file()
        .sync_all()
        .with_context(|| format!("syncing {}", tmp.path().display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("replacing {}", path.display()))?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Save a session's `session.json` atomically.
pub fn save(dir: &Path, session: &mut Session) -> anyhow::Result<()> {
    session.updated = chrono::Local::now();
    let mut json = serde_json::to_vec_pretty(session).context("serializing the session")?;
    json.push(b'\n');
    write_atomic(&dir.join(SESSION_FILE), &json)
}

/// Load a session folder's `session.json`.
pub fn load(dir: &Path) -> anyhow::Result<Session> {
    let path = dir.join(SESSION_FILE);
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let probe: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        Problem::bad_input(format!(
            "{}:{}:{}: {e}",
            path.display(),
            e.line(),
            e.column()
        ))
        .hint("session.json is not valid JSON; was it edited by hand?")
    })?;
    let version = probe
        .get("schema_version")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if version > u64::from(SCHEMA_VERSION) {
        return Err(Problem::bad_input(format!(
            "{} has schema_version {version}; this rehearse reads up to {SCHEMA_VERSION}",
            path.display()
        ))
        .hint("update rehearse to open this session")
        .into());
    }
    let session: Session = serde_json::from_value(probe).map_err(|e| {
        Problem::bad_input(format!("{}: {e}", path.display()))
            .hint("session.json does not have the expected fields; was it edited by hand?")
    })?;
    let problems = session.problems();
    if !problems.is_empty() {
        return Err(Problem::bad_input(format!("{}: {}", path.display(), problems.join("; ")))
            .hint("session.json was changed by hand or by another program; restore it from a copy")
            .into());
    }
    Ok(session)
}

/// A session folder whose `session.json` could not be read, and why.
pub type Unreadable = (PathBuf, anyhow::Error);

/// Every session folder under `reports_dir`, oldest first. Unreadable ones are skipped
/// and returned separately so a listing can mention them.
pub fn list(reports_dir: &Path) -> (Vec<(PathBuf, Session)>, Vec<Unreadable>) {
    let mut ok = Vec::new();
    let mut bad = Vec::new();
    let Ok(entries) = fs::read_dir(reports_dir) else {
        return (ok, bad);
    };
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.join(SESSION_FILE).is_file())
        .collect();
    dirs.sort();
    for dir in dirs {
        match load(&dir) {
            Ok(s) => ok.push((dir, s)),
            Err(e) => bad.push((dir, e)),
        }
    }
    ok.sort_by(|a, b| a.1.created.cmp(&b.1.created).then_with(|| a.0.cmp(&b.0)));
    (ok, bad)
}

/// Resolve a `SESSION` argument: a folder path, a session id under `reports_dir`, or `latest`.
pub fn resolve(reports_dir: &Path, arg: &str) -> anyhow::Result<PathBuf> {
    if arg == "latest" {
        let (sessions, _) = list(reports_dir);
        return sessions.last().map(|(dir, _)| dir.clone()).ok_or_else(|| {
            Problem::bad_input(format!("no sessions in {}", reports_dir.display()))
                .hint("start one with `rehearse run`, or point --reports-dir at your sessions")
                .into()
        });
    }
    let as_path = PathBuf::from(arg);
    if as_path.join(SESSION_FILE).is_file() {
        return Ok(as_path);
    }
    let is_plain_id = !arg.is_empty() && !arg.contains(['/', '\\']) && arg != "." && arg != "..";
    if is_plain_id {
        let dir = reports_dir.join(arg);
        if dir.join(SESSION_FILE).is_file() {
            return Ok(dir);
        }
    }
    Err(Problem::bad_input(format!(
        "no session `{arg}` (looked for a folder with session.json, and in {})",
        reports_dir.display()
    ))
    .hint("`rehearse sessions` lists them; `latest` means the newest")
    .into())
}
