//! Make a WAV whole again after a crash: walk the chunks to `data`, set the data and RIFF
//! sizes from the file's length, and cut a torn last frame. A `.wav.part` becomes `.wav`.
//!
//! A good file is left untouched. Anything that is not RIFF/WAVE is refused.

use std::fs::OpenOptions;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::problem::Problem;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RepairOutcome {
    /// The header already matched the data: nothing changed.
    AlreadyGood,
    /// Sizes were rewritten (and a torn frame cut).
    Repaired,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct RepairReport {
    /// Where the file is now (a `.part` is renamed to drop the suffix).
    pub path: PathBuf,
    pub outcome: RepairOutcome,
    /// Seconds the header claimed before, and seconds readable now.
    pub seconds_before: f64,
    pub seconds_after: f64,
}

struct Layout {
    block_align: u64,
    byte_rate: u64,
    data_offset: u64,
    data_size_field: u64,
    riff_size_field: u64,
}

fn not_wav(path: &Path, why: &str) -> anyhow::Error {
    Problem::bad_input(format!("{} is not a WAV file ({why})", path.display()))
        .hint("rehearse repair takes a .wav / .wav.part file or a folder holding them")
        .into()
}

fn read_layout(path: &Path, file: &mut std::fs::File, len: u64) -> anyhow::Result<Layout> {
    let mut head = [0u8; 12];
    if len < 12 || file.read_exact(&mut head).is_err() {
        return Err(not_wav(path, "too short"));
    }
    if &head[0..4] != b"RIFF" || &head[8..12] != b"WAVE" {
        return Err(not_wav(path, "no RIFF/WAVE header"));
    }
    let riff_size_field = u64::from(u32::from_le_bytes(head[4..8].try_into().unwrap()));
    let mut pos = 12u64;
    let mut fmt: Option<(u64, u64)> = None;
    loop {
        let mut ch = [0u8; 8];
        file.seek(SeekFrom::Start(pos))?;
        if pos + 8 > len || file.read_exact(&mut ch).is_err() {
            return Err(not_wav(path, "no data chunk"));
        }
        let size = u64::from(u32::from_le_bytes(ch[4..8].try_into().unwrap()));
        match &ch[0..4] {
            b"fmt " => {
                let mut f = [0u8; 16];
                file.read_exact(&mut f)
                    .map_err(|_| not_wav(path, "short fmt chunk"))?;
                let byte_rate = u64::from(u32::from_le_bytes(f[8..12].try_into().unwrap()));
                let block_align = u64::from(u16::from_le_bytes(f[12..14].try_into().unwrap()));
                fmt = Some((block_align.max(1), byte_rate.max(1)));
            }
            b"data" => {
                let (block_align, byte_rate) =
                    fmt.ok_or_else(|| not_wav(path, "data before fmt"))?;
                return Ok(Layout {
                    block_align,
                    byte_rate,
                    data_offset: pos + 8,
                    data_size_field: size,
                    riff_size_field,
                });
            }
            _ => {}
        }
        pos += 8 + size + (size & 1);
    }
}

/// Does a plausible chunk start at `at` (so bytes after `data` are not lost audio)?
fn chunk_follows(file: &mut std::fs::File, at: u64, len: u64) -> bool {
    let mut ch = [0u8; 8];
    if at + 8 > len || file.seek(SeekFrom::Start(at)).is_err() || file.read_exact(&mut ch).is_err()
    {
        return false;
    }
    let size = u64::from(u32::from_le_bytes(ch[4..8].try_into().unwrap()));
    ch[0..4]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b' ')
        && at + 8 + size <= len + 1
}

/// Repair one `.wav` or `.wav.part` file in place. See the module docs.
pub fn repair(path: &Path) -> anyhow::Result<RepairReport> {
    let name = path.to_string_lossy();
    let is_part = name.ends_with(".wav.part");
    if !is_part && !name.to_ascii_lowercase().ends_with(".wav") {
        return Err(not_wav(path, "expected a .wav or .wav.part name"));
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let len = file
        .metadata()
        .with_context(|| format!("reading {}", path.display()))?
        .len();
    let l = read_layout(path, &mut file, len)?;
    let available = len.saturating_sub(l.data_offset);
    let declared_end = l.data_offset + l.data_size_field + (l.data_size_field & 1);
    let consistent = l.data_size_field <= available
        && l.data_size_field % l.block_align == 0
        && (declared_end == len || chunk_follows(&mut file, declared_end, len))
        && l.riff_size_field + 8 >= declared_end.min(len);
    let seconds_before = l.data_size_field.min(available) as f64 / l.byte_rate as f64;
    let mut outcome = RepairOutcome::AlreadyGood;
    let mut data = l.data_size_field;
    if !consistent {
        data = available - available % l.block_align;
        data = data.min(u64::from(u32::MAX) - l.data_offset);
        let new_len = l.data_offset + data;
        file.set_len(new_len)
            .with_context(|| format!("truncating {}", path.display()))?;
        file.seek(SeekFrom::Start(4))?;
        file.write_all(&((new_len - 8) as u32).to_le_bytes())?;
        file.seek(SeekFrom::Start(l.data_offset - 4))?;
        file.write_all(&(data as u32).to_le_bytes())?;
        file.sync_all()
            .with_context(|| format!("syncing {}", path.display()))?;
        outcome = RepairOutcome::Repaired;
    }
    drop(file);
    let mut final_path = path.to_path_buf();
    if is_part {
        final_path = PathBuf::from(&name[..name.len() - ".part".len()]);
        if final_path.exists() {
            return Err(Problem::runtime(format!(
                "not renaming {} to {}: that file already exists",
                path.display(),
                final_path.display()
            ))
            .hint("move one of them away and run `rehearse repair` again")
            .into());
        }
        std::fs::rename(path, &final_path)
            .with_context(|| format!("renaming {} to {}", path.display(), final_path.display()))?;
        outcome = RepairOutcome::Repaired;
    }
    Ok(RepairReport {
        path: final_path,
        outcome,
        seconds_before,
        seconds_after: data as f64 / l.byte_rate as f64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_wav(path: &Path, frames: usize) {
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 8000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(path, spec).unwrap();
        for i in 0..frames {
            w.write_sample((i % 1000) as i16).unwrap();
        }
        w.finalize().unwrap();
    }

    #[test]
    fn good_file_is_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.wav");
        write_wav(&p, 8000);
        let before = std::fs::read(&p).unwrap();
        let r = repair(&p).unwrap();
        assert_eq!(r.outcome, RepairOutcome::AlreadyGood);
        assert_eq!(std::fs::read(&p).unwrap(), before);
        assert!((r.seconds_after - 1.0).abs() < 1e-9);
    }

    #[test]
    fn stale_header_and_torn_frame_are_fixed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.wav.part");
        write_wav(&p, 8000);
        let mut bytes = std::fs::read(&p).unwrap();
        bytes[40..44].copy_from_slice(&0u32.to_le_bytes()); // data size as hound leaves it
        bytes.push(7); // half a frame
        std::fs::write(&p, &bytes).unwrap();
        let r = repair(&p).unwrap();
        assert_eq!(r.outcome, RepairOutcome::Repaired);
        assert_eq!(r.path, dir.path().join("b.wav"));
        let reader = hound::WavReader::open(&r.path).unwrap();
        assert_eq!(reader.duration(), 8000);
    }

    #[test]
    fn refuses_non_wav() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("c.wav");
        std::fs::write(&p, b"hello, this is not audio").unwrap();
        let err = repair(&p).unwrap_err();
        assert!(err.to_string().contains("not a WAV file"), "{err}");
    }
}
