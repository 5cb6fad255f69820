//! The recorder: one input (device or virtual mic) opened once, and a writer thread that
//! turns what it delivers into takes.
//!
//! Between takes the writer keeps only a short pre-roll. A take's time limit is counted in
//! samples written (pre-roll included), never wall-clock, so a limit stop yields exactly the
//! limit. A watchdog reports [`RecorderEvent::Stalled`] when no frames arrive for
//! `stall_timeout`. Closing drops the cpal stream on another thread with a timeout,
//! because dropping a stream whose sound server died can hang forever.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::{Context, anyhow};

use super::capture::{self, Capture};
use super::level::Stats;
use super::ring::{Consumer, Counters};
use super::virtual_mic::VirtualMic;
use super::writer::{TakeWriter, to_i16};
use super::{InputSpec, Level, RecorderEvent, RecorderOptions, TakeSummary};

/// How long `open` waits for the first frames (PulseAudio can take 2 s to start).
const FIRST_FRAMES_TIMEOUT: Duration = Duration::from_secs(5);
/// The writer syncs header and data at least this often during a take.
const SYNC_EVERY: Duration = Duration::from_millis(500);

enum Input {
    Device(Option<Capture>),
    Files(VirtualMic),
}

enum Cmd {
    Start {
        path: PathBuf,
        limit_frames: Option<u64>,
        preroll: bool,
        reply: Sender<anyhow::Result<()>>,
    },
    Stop {
        discard: bool,
        reply: Sender<anyhow::Result<Option<TakeSummary>>>,
    },
    Quit,
}

/// What the writer publishes for `level()`.
#[derive(Default)]
struct Live {
    rms_bits: AtomicU32,
    peak_bits: AtomicU32,
    take_frames: AtomicU64,
}

/// An open input whose audio can be written to takes. See the module docs.
///
/// ```no_run
/// use std::time::Duration;
/// use rehearse::audio::{InputSpec, Recorder, RecorderEvent, RecorderOptions};
///
/// # fn main() -> anyhow::Result<()> {
/// let mut rec = Recorder::open(&InputSpec::Device(None), RecorderOptions::default())?;
/// rec.start_take("answers/01-q.wav".as_ref(), 0, Some(Duration::from_secs(180)))?;
/// loop {
///     match rec.events().recv_timeout(Duration::from_millis(100)) {
///         Ok(RecorderEvent::LimitReached | RecorderEvent::SourceEnded) => break,
///         Ok(RecorderEvent::Stalled | RecorderEvent::Failed(_)) => break, // save, then report
///         Err(_) => { let _level = rec.level(); /* draw the meter; check keys */ }
///     }
/// }
/// let summary = rec.stop_take()?; // answers/01-q.wav now exists
/// println!("{:.1} s, dropped {}", summary.duration_s(), summary.dropped);
/// rec.close();
/// # Ok(()) }
/// ```
pub struct Recorder {
    input: Input,
    rate: u32,
    live: Arc<Live>,
    commands: Sender<Cmd>,
    events: Receiver<RecorderEvent>,
    writer: Option<JoinHandle<()>>,
    in_take: bool,
}

impl Recorder {
    /// Open the input and return once audio is flowing (first frames seen), or a clear
    /// [`crate::problem::Problem`] (no microphone, unreadable file, …).
    pub fn open(spec: &InputSpec, opts: RecorderOptions) -> anyhow::Result<Recorder> {
        let counters = Arc::new(Counters::default());
        let failed = Arc::new(AtomicBool::new(false));
        let (ev_tx, ev_rx) = mpsc::channel();
        let (input, consumer, rate, channels, active, end_mark) = match spec {
            InputSpec::Device(id) => {
                let (cap, consumer) =
                    capture::open(id.as_deref(), Arc::clone(&counters), Arc::clone(&failed))?;
                let (rate, ch) = (cap.sample_rate, cap.channels);
                (Input::Device(Some(cap)), consumer, rate, ch, None, None)
            }
            InputSpec::Files(files) => {
                let (vm, consumer) =
                    VirtualMic::open(files, opts.unpaced, Arc::clone(&counters), ev_tx.clone())?;
                let (rate, ch) = (vm.sample_rate, vm.channels);
                let (active, end) = (Arc::clone(&vm.active), Arc::clone(&vm.end_mark));
                (
                    Input::Files(vm),
                    consumer,
                    rate,
                    ch,
                    Some(active),
                    Some(end),
                )
            }
        };
        let live = Arc::new(Live::default());
        let (cmd_tx, cmd_rx) = mpsc::channel();
        let preroll_frames = (u64::from(rate) * u64::from(opts.preroll_ms) / 1000) as usize;
        let writer = Writer {
            consumer,
            channels: channels as usize,
            rate,
            counters: Arc::clone(&counters),
            failed,
            events: ev_tx,
            live: Arc::clone(&live),
            active,
            end_mark,
            stall_timeout: opts.stall_timeout,
            preroll: VecDeque::with_capacity(preroll_frames),
            preroll_frames,
            take: None,
            consumed: 0,
            block: Stats::default(),
            scratch: Vec::new(),
            mono: Vec::new(),
        };
        let handle = std::thread::Builder::new()
            .name("wav-writer".into())
            .spawn(move || writer.run(cmd_rx))
            .context("starting the writer thread")?;
        let recorder = Recorder {
            input,
            rate,
            live,
            commands: cmd_tx,
            events: ev_rx,
            writer: Some(handle),
            in_take: false,
        };
        if let Input::Device(Some(cap)) = &recorder.input {
            let deadline = Instant::now() + FIRST_FRAMES_TIMEOUT;
            while counters.frames() == 0 {
                if Instant::now() > deadline {
                    return Err(capture::no_mic(format!(
                        "the microphone ({}) delivered no audio within {} s",
                        cap.name,
                        FIRST_FRAMES_TIMEOUT.as_secs()
                    ))
                    .into());
                }
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        Ok(recorder)
    }

    pub fn sample_rate(&self) -> u32 {
        self.rate
    }

    /// What is being recorded from, for `-v`: e.g. `alsa:fakemic: 48000 Hz, 1 ch, i16`.
    pub fn describe(&self) -> String {
        match &self.input {
            Input::Device(Some(c)) => {
                format!(
                    "{}: {} Hz, {} ch, {}",
                    c.name, c.sample_rate, c.channels, c.format
                )
            }
            Input::Device(None) => "closed".into(),
            Input::Files(vm) => format!(
                "virtual microphone: {} Hz, {} ch{}",
                vm.sample_rate,
                vm.channels,
                if vm.unpaced { ", unpaced" } else { "" }
            ),
        }
    }

    /// Start writing a take to `<path>.part`. For a virtual mic, take `index` plays
    /// `files[index % files.len()]` from its start; for a device, `index` is unused.
    /// Events left over from before are dropped, so every event after this is the new take's.
    pub fn start_take(
        &mut self,
        path: &Path,
        index: usize,
        limit: Option<Duration>,
    ) -> anyhow::Result<()> {
        if self.in_take {
            return Err(anyhow!("a take is already being recorded"));
        }
        let limit_frames = limit.map(|d| (d.as_secs_f64() * f64::from(self.rate)).round() as u64);
        let files = matches!(self.input, Input::Files(_));
        if let Input::Files(vm) = &self.input {
            vm.pause();
        }
        let (reply, rx) = mpsc::channel();
        self.send(Cmd::Start {
            path: path.to_path_buf(),
            limit_frames,
            preroll: !files,
            reply,
        })?;
        rx.recv()
            .map_err(|_| anyhow!("the writer thread stopped"))??;
        self.in_take = true;
        if let Input::Files(vm) = &self.input {
            vm.play(index);
        }
        Ok(())
    }

    /// Write what was captured up to now, finalize, rename `<path>.part` to `path`.
    pub fn stop_take(&mut self) -> anyhow::Result<TakeSummary> {
        self.end(false)?
            .ok_or_else(|| anyhow!("no take is being recorded"))
    }

    /// Stop the current take and delete its file (for "redo").
    pub fn discard_take(&mut self) -> anyhow::Result<()> {
        self.end(true).map(|_| ())
    }

    fn end(&mut self, discard: bool) -> anyhow::Result<Option<TakeSummary>> {
        if let Input::Files(vm) = &self.input {
            vm.pause();
        }
        let (reply, rx) = mpsc::channel();
        self.send(Cmd::Stop { discard, reply })?;
        self.in_take = false;
        rx.recv()
            .map_err(|_| anyhow!("the writer thread stopped"))?
    }

    /// Level of the last ~100 ms and frames written to the current take.
    pub fn level(&self) -> Level {
        Level {
            rms_dbfs: f32::from_bits(self.live.rms_bits.load(Ordering::Relaxed)),
            peak_dbfs: f32::from_bits(self.live.peak_bits.load(Ordering::Relaxed)),
            take_frames: self.live.take_frames.load(Ordering::Relaxed),
        }
    }

    /// Events (limit reached, source ended, stalled, failed), as a std mpsc receiver.
    pub fn events(&self) -> &Receiver<RecorderEvent> {
        &self.events
    }

    /// Finish any take in progress, stop the writer, and release the input. The cpal stream
    /// is dropped on another thread; if that hangs (dead sound server) we go on after 1 s.
    pub fn close(self) {
        drop(self);
    }

    fn send(&self, cmd: Cmd) -> anyhow::Result<()> {
        self.commands
            .send(cmd)
            .map_err(|_| anyhow!("the writer thread stopped"))
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        let _ = self.commands.send(Cmd::Quit);
        if let Some(h) = self.writer.take() {
            let _ = h.join();
        }
        if let Input::Device(cap) = &mut self.input
            && let Some(cap) = cap.take()
        {
            let (tx, rx) = mpsc::channel();
            let spawned = std::thread::Builder::new()
                .name("stream-drop".into())
                .spawn(move || {
                    drop(cap);
                    let _ = tx.send(());
                });
            if spawned.is_ok() {
                let _ = rx.recv_timeout(Duration::from_secs(1));
            }
        }
    }
}

struct Take {
    writer: TakeWriter,
    limit: Option<u64>,
    limit_hit: bool,
    stats: Stats,
    dropped0: u64,
    xruns0: u64,
    last_sync: Instant,
    error: Option<anyhow::Error>,
    stalled: bool,
    /// Drop and xrun totals frozen when the limit was hit (later audio is not the take's).
    frozen: Option<(u64, u64)>,
}

struct Writer {
    consumer: Consumer,
    channels: usize,
    rate: u32,
    counters: Arc<Counters>,
    failed: Arc<AtomicBool>,
    events: Sender<RecorderEvent>,
    live: Arc<Live>,
    /// Virtual mic: whether a file is streaming (the watchdog is off otherwise).
    active: Option<Arc<AtomicBool>>,
    /// Virtual mic: frame count at which the current file ended (`u64::MAX`: not yet).
    end_mark: Option<Arc<AtomicU64>>,
    stall_timeout: Duration,
    preroll: VecDeque<i16>,
    preroll_frames: usize,
    take: Option<Take>,
    /// Frames taken out of the ring so far.
    consumed: u64,
    /// Level of the current ~100 ms block.
    block: Stats,
    scratch: Vec<f32>,
    mono: Vec<i16>,
}

impl Writer {
    fn run(mut self, commands: Receiver<Cmd>) {
        let mut last_frames = 0;
        let mut last_progress = Instant::now();
        let mut stall_reported = false;
        let mut failure_reported = false;
        loop {
            let cmd = if self.drain() == 0 {
                match commands.recv_timeout(Duration::from_millis(5)) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => Some(Cmd::Quit),
                }
            } else {
                commands.try_recv().ok()
            };
            match cmd {
                Some(Cmd::Quit) => {
                    if let Some(take) = self.take.take() {
                        let _ = take.writer.finish();
                    }
                    return;
                }
                Some(Cmd::Start {
                    path,
                    limit_frames,
                    preroll,
                    reply,
                }) => {
                    let _ = reply.send(self.start(&path, limit_frames, preroll));
                    last_progress = Instant::now();
                }
                Some(Cmd::Stop { discard, reply }) => {
                    let _ = reply.send(self.stop(discard));
                }
                None => {}
            }
            if let Some(take) = &mut self.take
                && take.error.is_none()
                && take.last_sync.elapsed() >= SYNC_EVERY
            {
                take.last_sync = Instant::now();
                if let Err(e) = take.writer.sync() {
                    let _ = self.events.send(RecorderEvent::Failed(format!("{e:#}")));
                    take.error = Some(e);
                }
            }
            // Only a take in progress can end with its source; an end seen between takes
            // (a discarded take's file running out) must not reach the next take.
            if let Some(mark) = self.end_mark.as_ref().filter(|_| self.take.is_some()) {
                let m = mark.load(Ordering::Acquire);
                if m != u64::MAX && self.consumed >= m {
                    mark.store(u64::MAX, Ordering::Release);
                    let _ = self.events.send(RecorderEvent::SourceEnded);
                }
            }
            // Watchdog.
            let frames = self.counters.frames();
            let watching = self
                .active
                .as_ref()
                .is_none_or(|a| a.load(Ordering::Acquire));
            if frames != last_frames || !watching {
                last_frames = frames;
                last_progress = Instant::now();
                stall_reported = false;
            } else if !stall_reported && last_progress.elapsed() >= self.stall_timeout {
                stall_reported = true;
                if let Some(take) = &mut self.take {
                    take.stalled = true;
                }
                let _ = self.events.send(RecorderEvent::Stalled);
            }
            if !failure_reported && self.failed.load(Ordering::Acquire) {
                failure_reported = true;
                let _ = self.events.send(RecorderEvent::Failed(
                    "the audio device reported an error".into(),
                ));
            }
        }
    }

    fn start(&mut self, path: &Path, limit: Option<u64>, preroll: bool) -> anyhow::Result<()> {
        if !preroll {
            // Virtual mic: the source is paused; throw away all it sent before.
            while self.consumed < self.counters.frames() {
                if self.drain() == 0 {
                    std::thread::yield_now();
                }
            }
            self.preroll.clear();
            if let Some(mark) = &self.end_mark {
                mark.store(u64::MAX, Ordering::Release);
            }
        }
        let writer = TakeWriter::create(path, self.rate)?;
        let mut take = Take {
            writer,
            limit,
            limit_hit: false,
            stats: Stats::default(),
            dropped0: self.counters.dropped(),
            xruns0: self.counters.xruns(),
            last_sync: Instant::now(),
            error: None,
            stalled: false,
            frozen: None,
        };
        let pre: Vec<i16> = self.preroll.drain(..).collect();
        self.live.take_frames.store(0, Ordering::Relaxed);
        write_to_take(&mut take, &pre, &self.events, &self.live);
        self.take = Some(take);
        Ok(())
    }

    fn stop(&mut self, discard: bool) -> anyhow::Result<Option<TakeSummary>> {
        // Everything captured up to now belongs to the take.
        let target = self.counters.frames();
        let (dropped, xruns) = (self.counters.dropped(), self.counters.xruns());
        while self.consumed < target {
            if self.drain() == 0 {
                std::thread::yield_now();
            }
        }
        self.live.take_frames.store(0, Ordering::Relaxed);
        let Some(take) = self.take.take() else {
            return Ok(None);
        };
        if discard {
            take.writer.discard()?;
            return Ok(None);
        }
        if let Some(e) = take.error {
            // Never delete a recording: what reached the disk is kept, finished if possible,
            // else left as `.part` for `rehearse repair`.
            let part = take.writer.part().to_path_buf();
            return Err(match take.writer.finish() {
                Ok(kept) => e.context(format!("the take so far is kept in {}", kept.display())),
                Err(_) => e.context(format!(
                    "the take so far is left in {} for `rehearse repair`",
                    part.display()
                )),
            });
        }
        let frames = take.writer.frames();
        let (dropped, xruns) = take.frozen.unwrap_or((dropped, xruns));
        let path = take.writer.finish()?;
        Ok(Some(TakeSummary {
            path,
            frames,
            sample_rate: self.rate,
            dropped: dropped - take.dropped0,
            xruns: xruns - take.xruns0,
            peak_dbfs: take.stats.peak_dbfs(),
            rms_dbfs: take.stats.rms_dbfs(),
            clipped: take.stats.clipped,
            stalled: take.stalled,
        }))
    }

    /// Move what the ring holds into the take (or the pre-roll). Returns frames moved.
    fn drain(&mut self) -> usize {
        let ch = self.channels;
        let avail = self.consumer.slots();
        let n = avail - avail % ch;
        if n == 0 {
            return 0;
        }
        let Ok(chunk) = self.consumer.read_chunk(n) else {
            return 0;
        };
        let (a, b) = chunk.as_slices();
        self.scratch.clear();
        self.scratch.extend_from_slice(a);
        self.scratch.extend_from_slice(b);
        chunk.commit_all();
        let frames = n / ch;
        self.consumed += frames as u64;

        self.mono.clear();
        if ch == 1 {
            self.mono.extend(self.scratch.iter().map(|&x| to_i16(x)));
        } else {
            let inv = 1.0 / ch as f32;
            self.mono.extend(
                self.scratch
                    .chunks_exact(ch)
                    .map(|f| to_i16(f.iter().sum::<f32>() * inv)),
            );
        }
        let block_len = (self.rate / 10).max(1) as u64;
        for &s in &self.mono {
            self.block.add(s);
            if self.block.frames >= block_len {
                self.live
                    .rms_bits
                    .store(self.block.rms_dbfs().to_bits(), Ordering::Relaxed);
                self.live
                    .peak_bits
                    .store(self.block.peak_dbfs().to_bits(), Ordering::Relaxed);
                self.block = Stats::default();
            }
        }
        match &mut self.take {
            Some(take) => {
                write_to_take(take, &self.mono, &self.events, &self.live);
                if take.limit_hit && take.frozen.is_none() {
                    take.frozen = Some((self.counters.dropped(), self.counters.xruns()));
                }
            }
            None if self.preroll_frames > 0 => {
                let keep = self.mono.len().min(self.preroll_frames);
                let over = (self.preroll.len() + keep).saturating_sub(self.preroll_frames);
                self.preroll.drain(..over);
                self.preroll.extend(&self.mono[self.mono.len() - keep..]);
            }
            None => {}
        }
        frames
    }
}

/// Append to the take up to its limit; report the limit once and failures once.
/// `take_frames` is published before the event, so an owner reacting to `LimitReached`
/// sees the final count in `level()`.
fn write_to_take(take: &mut Take, samples: &[i16], events: &Sender<RecorderEvent>, live: &Live) {
    if take.limit_hit || take.error.is_some() || samples.is_empty() {
        return;
    }
    let room = take.limit.map_or(samples.len() as u64, |l| {
        l.saturating_sub(take.writer.frames())
    });
    let n = (samples.len() as u64).min(room) as usize;
    for &s in &samples[..n] {
        take.stats.add(s);
    }
    if let Err(e) = take.writer.write(&samples[..n]) {
        let _ = events.send(RecorderEvent::Failed(format!("{e:#}")));
        take.error = Some(e);
        return;
    }
    live.take_frames
        .store(take.writer.frames(), Ordering::Relaxed);
    if take.limit.is_some_and(|l| take.writer.frames() >= l) {
        take.limit_hit = true;
        let _ = events.send(RecorderEvent::LimitReached);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer fed by a ring nobody pushes into: a dead device.
    fn dead_device_writer(dir: &Path) -> (Sender<Cmd>, Receiver<RecorderEvent>, JoinHandle<()>) {
        let (_producer, consumer) = crate::audio::ring::ring(8000, 1, 1);
        let (ev_tx, ev_rx) = mpsc::channel();
        let writer = Writer {
            consumer,
            channels: 1,
            rate: 8000,
            counters: Arc::new(Counters::default()),
            failed: Arc::new(AtomicBool::new(false)),
            events: ev_tx,
            live: Arc::new(Live::default()),
            active: None,
            end_mark: None,
            stall_timeout: Duration::from_millis(100),
            preroll: VecDeque::new(),
            preroll_frames: 0,
            take: None,
            consumed: 0,
            block: Stats::default(),
            scratch: Vec::new(),
            mono: Vec::new(),
        };
        let (tx, rx) = mpsc::channel();
        let handle = std::thread::spawn(move || writer.run(rx));
        let (reply, r) = mpsc::channel();
        tx.send(Cmd::Start {
            path: dir.join("t.wav"),
            limit_frames: None,
            preroll: true,
            reply,
        })
        .unwrap();
        r.recv().unwrap().unwrap();
        (tx, ev_rx, handle)
    }

    #[test]
    fn watchdog_reports_a_stall_and_the_take_still_finishes() {
        let dir = tempfile::tempdir().unwrap();
        let (tx, events, handle) = dead_device_writer(dir.path());
        let ev = events.recv_timeout(Duration::from_secs(5)).unwrap();
        assert_eq!(ev, RecorderEvent::Stalled);
        let (reply, r) = mpsc::channel();
        tx.send(Cmd::Stop {
            discard: false,
            reply,
        })
        .unwrap();
        let summary = r.recv().unwrap().unwrap().unwrap();
        assert!(summary.stalled);
        assert_eq!(summary.frames, 0);
        assert!(dir.path().join("t.wav").exists());
        tx.send(Cmd::Quit).unwrap();
        handle.join().unwrap();
    }
}
