//! The `Recorder` API the session runner builds on, driven in-process through the virtual
//! microphone: take rotation over files, discard, exact limits, level, events.

use std::time::Duration;

use rehearse::audio::{BeepKind, InputSpec, Recorder, RecorderEvent, RecorderOptions, beep};

use crate::support::{noise, read_wav, write_wav};

fn opts() -> RecorderOptions {
    RecorderOptions {
        unpaced: true,
        ..RecorderOptions::default()
    }
}

fn wait_event(rec: &Recorder) -> RecorderEvent {
    rec.events()
        .recv_timeout(Duration::from_secs(10))
        .expect("an event")
}

#[test]
fn takes_rotate_over_files_and_each_is_exactly_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = noise(4000, 1, 5000);
    let b = noise(6000, 2, 5000);
    write_wav(&dir.path().join("a.wav"), 16_000, 1, &a);
    write_wav(&dir.path().join("b.wav"), 16_000, 1, &b);
    let spec = InputSpec::Files(vec![dir.path().join("a.wav"), dir.path().join("b.wav")]);
    let mut rec = Recorder::open(&spec, opts()).unwrap();
    assert_eq!(rec.sample_rate(), 16_000);
    for (i, want) in [&a, &b, &a].into_iter().enumerate() {
        let path = dir.path().join(format!("take{i}.wav"));
        rec.start_take(&path, i, None).unwrap();
        assert_eq!(wait_event(&rec), RecorderEvent::SourceEnded);
        let s = rec.stop_take().unwrap();
        assert_eq!(s.path, path);
        assert_eq!((s.frames, s.dropped, s.xruns), (want.len() as u64, 0, 0));
        assert!((s.duration_s() - want.len() as f64 / 16_000.0).abs() < 1e-9);
        assert_eq!(&read_wav(&path).1, want);
        assert!(
            s.peak_dbfs < -16.0 && s.peak_dbfs > -17.0,
            "{}",
            s.peak_dbfs
        );
    }
    rec.close();
}

#[test]
fn discard_deletes_the_take_and_limit_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    write_wav(
        &dir.path().join("a.wav"),
        8000,
        1,
        &noise(8000 * 3, 3, 3000),
    );
    let spec = InputSpec::Files(vec![dir.path().join("a.wav")]);
    let mut rec = Recorder::open(&spec, opts()).unwrap();
    let redo = dir.path().join("redo.wav");
    rec.start_take(&redo, 0, None).unwrap();
    assert!(dir.path().join("redo.wav.part").exists());
    rec.discard_take().unwrap();
    assert!(!redo.exists() && !dir.path().join("redo.wav.part").exists());
    // Drain any event of the discarded take, then a limited one.
    while rec.events().try_recv().is_ok() {}
    let take = dir.path().join("limited.wav");
    rec.start_take(&take, 0, Some(Duration::from_millis(1250)))
        .unwrap();
    assert_eq!(wait_event(&rec), RecorderEvent::LimitReached);
    assert!(rec.level().take_frames == 10_000);
    let s = rec.stop_take().unwrap();
    assert_eq!(s.frames, 10_000);
    assert_eq!(read_wav(&take).1.len(), 10_000);
    assert_eq!(rec.level().take_frames, 0);
    rec.close();
}

#[test]
fn a_second_take_while_one_runs_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write_wav(&dir.path().join("a.wav"), 8000, 1, &noise(800, 3, 3000));
    let mut rec =
        Recorder::open(&InputSpec::Files(vec![dir.path().join("a.wav")]), opts()).unwrap();
    rec.start_take(&dir.path().join("1.wav"), 0, None).unwrap();
    assert!(rec.start_take(&dir.path().join("2.wav"), 0, None).is_err());
    rec.stop_take().unwrap();
    assert!(rec.stop_take().is_err(), "no take to stop");
}

#[test]
fn unreadable_virtual_mic_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.wav");
    std::fs::write(&f, "nope").unwrap();
    let Err(err) = Recorder::open(&InputSpec::Files(vec![f]), opts()) else {
        panic!("opened a non-WAV file");
    };
    let p = err
        .downcast_ref::<rehearse::problem::Problem>()
        .expect("a Problem");
    assert_eq!(p.kind, rehearse::problem::Kind::BadInput);
}

#[test]
fn beep_without_an_output_device_returns_quietly() {
    // An id that does not exist: one notice, never a panic or an error.
    beep(BeepKind::Start, Some("alsa:no-such-device"));
    beep(BeepKind::Stop, Some("alsa:no-such-device"));
}

#[test]
fn close_during_an_unpaced_take_does_not_hang() {
    let dir = tempfile::tempdir().unwrap();
    write_wav(
        &dir.path().join("a.wav"),
        48_000,
        2,
        &noise(48_000 * 2 * 20, 3, 3000),
    );
    let mut rec =
        Recorder::open(&InputSpec::Files(vec![dir.path().join("a.wav")]), opts()).unwrap();
    let take = dir.path().join("t.wav");
    rec.start_take(&take, 0, None).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    rec.close(); // finishes the take
    assert!(take.exists());
}
