//! Helpers shared by the test modules.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The binary under test.
pub fn rehearse() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("rehearse").expect("binary built")
}

/// The binary as a std Command (for tests that signal or kill it).
pub fn rehearse_std() -> std::process::Command {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("rehearse"))
}

pub fn repo_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Wait until `cond` holds, up to `limit`; panics with `what` otherwise.
pub fn wait_for(what: &str, limit: Duration, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
    }
}

/// Deterministic pseudo-random 16-bit samples (never all equal, no long runs of zeros).
pub fn noise(n: usize, seed: u32, amplitude: i32) -> Vec<i16> {
    let mut x = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            ((x % (2 * amplitude as u32 + 1)) as i32 - amplitude) as i16
        })
        .collect()
}

pub fn write_wav(path: &Path, rate: u32, channels: u16, samples: &[i16]) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: rate,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for &s in samples {
        w.write_sample(s).unwrap();
    }
    w.finalize().unwrap();
}

pub fn read_wav(path: &Path) -> (hound::WavSpec, Vec<i16>) {
    let mut r = hound::WavReader::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec = r.spec();
    let samples = r.samples::<i16>().map(Result::unwrap).collect();
    (spec, samples)
}

/// A temp dir with a fake sound card: `mic.raw` (the given samples) and `spk.raw`.
pub struct FakeCard {
    pub dir: tempfile::TempDir,
    pub conf: PathBuf,
}

impl FakeCard {
    pub fn new(rate: u32, mic: &[i16]) -> FakeCard {
        let dir = tempfile::tempdir().unwrap();
        let mic_raw = dir.path().join("mic.raw");
        let bytes: Vec<u8> = mic.iter().flat_map(|s| s.to_le_bytes()).collect();
        std::fs::write(&mic_raw, bytes).unwrap();
        let template = std::fs::read_to_string(repo_path("tests/alsa/asound.conf.in")).unwrap();
        let conf = dir.path().join("asound.conf");
        std::fs::write(
            &conf,
            template
                .replace("@MIC_RAW@", mic_raw.to_str().unwrap())
                .replace("@SPK_RAW@", dir.path().join("spk.raw").to_str().unwrap())
                .replace("@RATE@", &rate.to_string()),
        )
        .unwrap();
        FakeCard { dir, conf }
    }
    pub fn env(&self) -> String {
        alsa_env(&self.conf)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

pub fn alsa_env(conf: &Path) -> String {
    format!("/usr/share/alsa/alsa.conf:{}", conf.display())
}
