//! One take on disk: a mono 16-bit PCM WAV written as `NAME.wav.part` (mode 0600), whose
//! header and data reach the disk at every [`TakeWriter::sync`] and which becomes
//! `NAME.wav` at [`TakeWriter::finish`].
//!
//! hound leaves the sizes in the header at 0 until `flush()`, so a file never flushed reads
//! as empty after a crash. hound's `flush()` rewrites the sizes and hands header and data to
//! the kernel (enough for `kill -9`); [`SyncFile`] then asks a helper thread to
//! `sync_data()` a clone of the file descriptor (for power loss). The writer thread never
//! waits on the disk mid-take: at 1000x real time (the test device) a 5 ms fsync would be
//! 5 s of audio piling up in the ring. `finish` syncs synchronously.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;

/// A file whose `flush` also requests a `sync_data` from a helper thread.
#[derive(Debug)]
pub struct SyncFile {
    file: File,
    syncer: std::sync::mpsc::SyncSender<()>,
}

impl SyncFile {
    fn new(file: File) -> io::Result<SyncFile> {
        let clone = file.try_clone()?;
        // Capacity 1: requests made while a sync runs coalesce into one more sync.
        let (tx, rx) = std::sync::mpsc::sync_channel::<()>(1);
        std::thread::Builder::new()
            .name("wav-sync".into())
            .spawn(move || {
                while rx.recv().is_ok() {
                    let _ = clone.sync_data();
                }
            })?;
        Ok(SyncFile { file, syncer: tx })
    }
}

impl Write for SyncFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()?;
        let _ = self.syncer.try_send(());
        Ok(())
    }
}

impl Seek for SyncFile {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        self.file.seek(pos)
    }
}

/// `f32` in -1.0..1.0 to `i16`, exact for values that came from `i16`.
#[inline]
pub fn to_i16(x: f32) -> i16 {
    (x * 32768.0).round().clamp(-32768.0, 32767.0) as i16
}

/// `NAME.wav` → `NAME.wav.part`.
pub fn part_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".part");
    PathBuf::from(s)
}

/// Create a file readable only by its owner (recordings hold a person's voice).
pub fn create_private(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).read(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    opts.open(path)
}

pub struct TakeWriter {
    wav: hound::WavWriter<BufWriter<SyncFile>>,
    path: PathBuf,
    part: PathBuf,
    frames: u64,
}

impl TakeWriter {
    pub fn create(path: &Path, sample_rate: u32) -> anyhow::Result<TakeWriter> {
        let part = part_path(path);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating folder {}", dir.display()))?;
        }
        let file = create_private(&part).with_context(|| format!("creating {}", part.display()))?;
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let file = SyncFile::new(file).with_context(|| format!("opening {}", part.display()))?;
        let wav = hound::WavWriter::new(BufWriter::with_capacity(1 << 16, file), spec)
            .with_context(|| format!("writing WAV header to {}", part.display()))?;
        let mut writer = TakeWriter {
            wav,
            path: path.to_path_buf(),
            part,
            frames: 0,
        };
        writer.sync()?;
        Ok(writer)
    }

    /// Append mono samples.
    pub fn write(&mut self, samples: &[i16]) -> anyhow::Result<()> {
        if samples.is_empty() {
            return Ok(());
        }
        let mut w = self.wav.get_i16_writer(samples.len() as u32);
        for &s in samples {
            w.write_sample(s);
        }
        w.flush()
            .with_context(|| format!("writing {}", self.part.display()))?;
        self.frames += samples.len() as u64;
        Ok(())
    }

    /// Rewrite the header sizes and push header and data to the disk.
    pub fn sync(&mut self) -> anyhow::Result<()> {
        self.wav
            .flush()
            .with_context(|| format!("syncing {}", self.part.display()))
    }

    pub fn frames(&self) -> u64 {
        self.frames
    }

    /// Finalize, sync, and rename `NAME.wav.part` to `NAME.wav`.
    pub fn finish(self) -> anyhow::Result<PathBuf> {
        let TakeWriter {
            wav, path, part, ..
        } = self;
        wav.finalize()
            .with_context(|| format!("finishing {}", part.display()))?;
        std::fs::OpenOptions::new()
            .write(true)
            .open(&part)
            .and_then(|f| f.sync_all())
            .with_context(|| format!("syncing {}", part.display()))?;
        std::fs::rename(&part, &path)
            .with_context(|| format!("renaming {} to {}", part.display(), path.display()))?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && let Ok(d) = File::open(dir)
        {
            let _ = d.sync_all();
        }
        Ok(path)
    }

    /// Where the take is being written (`NAME.wav.part`).
    pub fn part(&self) -> &Path {
        &self.part
    }

    /// Close and delete the take.
    pub fn discard(self) -> anyhow::Result<()> {
        let part = self.part.clone();
        drop(self.wav);
        std::fs::remove_file(&part).with_context(|| format!("removing {}", part.display()))
    }
}
