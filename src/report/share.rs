//! `rehearse share`: one zip of a session folder (report, recordings, session.json).

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use zip::write::SimpleFileOptions;

use crate::session::store::{ANSWERS_DIR, SESSION_FILE};

/// Zip `dir`'s report.html, session.json and answers/*.wav into `out`, all under a top
/// folder named after the session, so unzipping gives one tidy folder.
pub fn zip_session(dir: &Path, session_id: &str, out: &Path) -> anyhow::Result<u64> {
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for name in [super::REPORT_FILE, SESSION_FILE] {
        files.push((name.to_string(), dir.join(name)));
    }
    let answers = dir.join(ANSWERS_DIR);
    if answers.is_dir() {
        let mut wavs: Vec<PathBuf> = std::fs::read_dir(&answers)
            .with_context(|| format!("reading {}", answers.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "wav"))
            .collect();
        wavs.sort();
        for p in wavs {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            files.push((format!("{ANSWERS_DIR}/{name}"), p));
        }
    }
    let tmp = out.with_extension("zip.part");
    let file = File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    let mut zip = zip::ZipWriter::new(file);
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o600);
    let plain = !session_id.is_empty()
        && !session_id.starts_with('.')
        && session_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    let top = if plain {
        session_id.to_string()
    } else {
        "session".to_string()
    };
    zip.add_directory(format!("{top}/"), opts.unix_permissions(0o700))?;
    zip.add_directory(
        format!("{top}/{ANSWERS_DIR}/"),
        opts.unix_permissions(0o700),
    )?;
    for (name, path) in &files {
        let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        zip.start_file(format!("{top}/{name}"), opts)
            .with_context(|| format!("adding {name} to {}", tmp.display()))?;
        zip.write_all(&bytes)
            .with_context(|| format!("writing {}", tmp.display()))?;
    }
    let file = zip
        .finish()
        .with_context(|| format!("finishing {}", tmp.display()))?;
    file.sync_all()
        .with_context(|| format!("syncing {}", tmp.display()))?;
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    Ok(std::fs::metadata(out)?.len())
}
