//! One hour of 16 kHz mono speech through the analysis, in memory (no file reading).
//!
//!   cargo bench --bench analysis
//!
//! The hour is built from the speech fixtures with silences between them, like a long
//! answer. `scripts/bench-vs-ffmpeg.sh` times the whole `rehearse analyze` against ffmpeg's
//! silencedetect on the same hour written to a file.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use rehearse::analysis::{Thresholds, analyze};
use rehearse::commands::analyze::read_wav_mono;

fn one_hour() -> Vec<f32> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/speech");
    let mut cycle = Vec::new();
    for name in ["pauses-2.wav", "noisy.wav", "rate-140.wav", "rate-200.wav"] {
        let (samples, rate) = read_wav_mono(&dir.join(name)).expect("fixture");
        assert_eq!(rate, 16_000);
        cycle.extend_from_slice(&samples);
        cycle.extend(std::iter::repeat_n(0.0, 16_000)); // a second of silence
    }
    let n = 3600 * 16_000;
    cycle.iter().copied().cycle().take(n).collect()
}

fn bench(c: &mut Criterion) {
    let hour = one_hour();
    let t = Thresholds::default();
    let mut group = c.benchmark_group("analysis");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("one hour 16 kHz mono", |b| {
        b.iter(|| analyze(black_box(&hour), 16_000, None, &t))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
