//! Sustained throughput of the capture pipeline: virtual-mic source → rtrb ring → writer
//! thread → WAV on disk, unpaced, in frames per second (`cargo bench --bench capture`).

use std::path::Path;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rehearse::audio::{InputSpec, Recorder, RecorderEvent, RecorderOptions};

const RATE: u32 = 48_000;
const SECONDS: u32 = 20;

fn write_source(path: &Path, channels: u16) {
    let spec = hound::WavSpec {
        channels,
        sample_rate: RATE,
        bits_per_sample: 16,
        sample_format: hound::SampleFormat::Int,
    };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for i in 0..RATE * SECONDS * u32::from(channels) {
        w.write_sample(((i * 7919) % 20_000) as i16 - 10_000)
            .unwrap();
    }
    w.finalize().unwrap();
}

fn take(rec: &mut Recorder, out: &Path) -> u64 {
    rec.start_take(out, 0, None).unwrap();
    let event = rec.events().recv_timeout(Duration::from_secs(30)).unwrap();
    assert_eq!(event, RecorderEvent::SourceEnded);
    let s = rec.stop_take().unwrap();
    assert_eq!(s.dropped, 0);
    s.frames
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let mut group = c.benchmark_group("capture");
    group.sample_size(10);
    for channels in [1u16, 2] {
        let src = dir.path().join(format!("src{channels}.wav"));
        write_source(&src, channels);
        let opts = RecorderOptions {
            unpaced: true,
            ..RecorderOptions::default()
        };
        let mut rec = Recorder::open(&InputSpec::Files(vec![src]), opts).unwrap();
        let out = dir.path().join("out.wav");
        group.throughput(Throughput::Elements(u64::from(RATE * SECONDS)));
        group.bench_function(format!("ring+writer {channels}ch 48kHz, frames"), |b| {
            b.iter(|| take(&mut rec, &out))
        });
        rec.close();
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
