//! The virtual microphone: WAV files fed through the same ring and writer as a real
//! device, paced in real time (or as fast as the writer takes them, for benchmarks).
//!
//! The "device" has the first file's rate and channel count. Between takes it is silent
//! (sends nothing, and the stall watchdog is off); `play(i)` streams file `i` from its
//! start and, at its end, sets [`VirtualMic::end_mark`] to the frame count after its last
//! sample; the writer sends [`RecorderEvent::SourceEnded`] once it has written that far,
//! so events reach the owner in stream order.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::RecorderEvent;
use super::ring::{self, Consumer, Counters, Producer};
use crate::analysis::Resampler;
use crate::problem::Problem;

/// A chunk of 10 ms, the size a sound card typically delivers.
const CHUNK_MS: u32 = 10;

enum Cmd {
    /// Stop sending; reply when no more samples will be pushed.
    Pause(Sender<()>),
    Play(usize),
    Quit,
}

pub struct VirtualMic {
    pub sample_rate: u32,
    pub channels: u16,
    pub unpaced: bool,
    /// True while a file is streaming (the watchdog only watches then).
    pub active: Arc<AtomicBool>,
    /// Total frames pushed when the current file ended; `u64::MAX` while none has.
    pub end_mark: Arc<AtomicU64>,
    commands: Sender<Cmd>,
    thread: Option<JoinHandle<()>>,
}

type Reader = hound::WavReader<BufReader<File>>;

fn open_wav(path: &Path) -> anyhow::Result<Reader> {
    let reader = hound::WavReader::open(path).map_err(|e| {
        Problem::bad_input(format!("cannot read {} as a WAV file: {e}", path.display()))
            .hint("--input-wav takes a PCM or float WAV file")
    })?;
    let spec = reader.spec();
    if !(1000..=384_000).contains(&spec.sample_rate) || spec.channels == 0 {
        return Err(Problem::bad_input(format!(
            "{} says {} Hz, {} channel(s): not a usable recording",
            path.display(),
            spec.sample_rate,
            spec.channels
        ))
        .hint("--input-wav takes a WAV file of 1 kHz to 384 kHz with at least one channel")
        .into());
    }
    Ok(reader)
}

impl VirtualMic {
    pub fn open(
        files: &[PathBuf],
        unpaced: bool,
        counters: Arc<Counters>,
        events: Sender<RecorderEvent>,
    ) -> anyhow::Result<(VirtualMic, Consumer)> {
        let first = files
            .first()
            .ok_or_else(|| Problem::bad_input("no --input-wav file given"))?;
        let spec = open_wav(first)?.spec();
        for f in &files[1..] {
            open_wav(f)?; // checked now; converted to the first file's rate when played
        }
        let (producer, consumer) = ring::ring(spec.sample_rate, spec.channels, 4);
        let (tx, rx) = mpsc::channel();
        let active = Arc::new(AtomicBool::new(false));
        let end_mark = Arc::new(AtomicU64::new(u64::MAX));
        let source = Source {
            end_mark: Arc::clone(&end_mark),
            files: files.to_vec(),
            rate: spec.sample_rate,
            channels: spec.channels,
            unpaced,
            counters,
            events,
            active: Arc::clone(&active),
            producer,
        };
        let thread = std::thread::Builder::new()
            .name("virtual-mic".into())
            .spawn(move || source.run(rx))
            .context("starting the virtual microphone thread")?;
        Ok((
            VirtualMic {
                sample_rate: spec.sample_rate,
                channels: spec.channels,
                unpaced,
                active,
                end_mark,
                commands: tx,
                thread: Some(thread),
            },
            consumer,
        ))
    }

    /// Stop sending and wait until nothing more will be pushed.
    pub fn pause(&self) {
        let (tx, rx) = mpsc::channel();
        if self.commands.send(Cmd::Pause(tx)).is_ok() {
            let _ = rx.recv_timeout(Duration::from_secs(5));
        }
    }

    pub fn play(&self, index: usize) {
        let _ = self.commands.send(Cmd::Play(index));
    }
}

impl Drop for VirtualMic {
    fn drop(&mut self) {
        let _ = self.commands.send(Cmd::Quit);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Source {
    files: Vec<PathBuf>,
    rate: u32,
    channels: u16,
    unpaced: bool,
    counters: Arc<Counters>,
    events: Sender<RecorderEvent>,
    active: Arc<AtomicBool>,
    end_mark: Arc<AtomicU64>,
    producer: Producer,
}

impl Source {
    fn run(mut self, commands: Receiver<Cmd>) {
        // The file playing, its channel count, and a converter when its rate differs
        // from the first file's (which is the virtual device's rate).
        let mut playing: Option<(Reader, u16, Option<Resampler>)> = None;
        let mut converted: Vec<f32> = Vec::new();
        let chunk_frames = (self.rate * CHUNK_MS / 1000).max(1) as usize;
        let mut buf: Vec<f32> = Vec::with_capacity(chunk_frames * self.channels as usize);
        let mut started = Instant::now();
        let mut sent: u64 = 0;
        loop {
            // Commands: block while idle, poll while playing.
            let cmd = if playing.is_none() {
                match commands.recv() {
                    Ok(c) => Some(c),
                    Err(_) => return,
                }
            } else {
                match commands.recv_timeout(Duration::ZERO) {
                    Ok(c) => Some(c),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            };
            match cmd {
                Some(Cmd::Quit) => return,
                Some(Cmd::Pause(ack)) => {
                    playing = None;
                    self.active.store(false, Ordering::Release);
                    let _ = ack.send(());
                    continue;
                }
                Some(Cmd::Play(i)) => {
                    let path = &self.files[i % self.files.len()];
                    match open_wav(path) {
                        Ok(r) => {
                            let ch = r.spec().channels;
                            let rate = r.spec().sample_rate;
                            let convert =
                                (rate != self.rate).then(|| Resampler::between(rate, self.rate));
                            playing = Some((r, ch, convert));
                            started = Instant::now();
                            sent = 0;
                            self.active.store(true, Ordering::Release);
                        }
                        Err(e) => {
                            let _ = self.events.send(RecorderEvent::Failed(format!("{e:#}")));
                        }
                    }
                    continue;
                }
                None => {}
            }
            let Some((reader, file_channels, convert)) = playing.as_mut() else {
                continue;
            };
            buf.clear();
            let ended = read_chunk(
                reader,
                *file_channels,
                self.channels,
                chunk_frames,
                &mut buf,
            );
            if let Some(resampler) = convert.as_mut() {
                // Another rate: mono through the resampler, then out on every channel.
                let ch = self.channels as usize;
                let mono: Vec<f32> = buf
                    .chunks(ch)
                    .map(|f| f.iter().sum::<f32>() / ch as f32)
                    .collect();
                converted.clear();
                let mut sink = |out: &[f32]| {
                    converted.extend(out.iter().flat_map(|&v| std::iter::repeat_n(v, ch)));
                };
                resampler.push(&mono, &mut sink);
                if ended {
                    resampler.finish(&mut sink);
                }
                std::mem::swap(&mut buf, &mut converted);
            }
            self.push(&buf);
            sent += (buf.len() / self.channels as usize) as u64;
            if ended {
                playing = None;
                self.active.store(false, Ordering::Release);
                self.end_mark
                    .store(self.counters.frames(), Ordering::Release);
                continue;
            }
            if !self.unpaced {
                let due = started + Duration::from_secs_f64(sent as f64 / f64::from(self.rate));
                let now = Instant::now();
                if due > now {
                    std::thread::sleep(due - now);
                }
            }
        }
    }

    fn push(&mut self, samples: &[f32]) {
        let ch = self.channels as usize;
        if !self.unpaced {
            // Like a sound card: what does not fit is dropped (and counted).
            ring::push_frames(&mut self.producer, samples, ch, &self.counters);
            return;
        }
        let mut rest = samples;
        while !rest.is_empty() {
            let room = (self.producer.slots() / ch) * ch;
            if self.producer.is_abandoned() {
                return; // the writer is gone (recorder closing)
            }
            if room == 0 {
                std::thread::sleep(Duration::from_micros(200));
                continue;
            }
            let n = room.min(rest.len());
            ring::push_frames(&mut self.producer, &rest[..n], ch, &self.counters);
            rest = &rest[n..];
        }
    }
}

/// Read up to `frames` frames as `f32`, converted to `out_channels`. True at the file's end.
fn read_chunk(
    reader: &mut Reader,
    in_ch: u16,
    out_ch: u16,
    frames: usize,
    out: &mut Vec<f32>,
) -> bool {
    let spec = reader.spec();
    let want = frames * in_ch as usize;
    let mut frame: Vec<f32> = Vec::with_capacity(in_ch as usize);
    let mut got = 0;
    let mut ended = false;
    let scale = match spec.sample_format {
        hound::SampleFormat::Float => 1.0,
        hound::SampleFormat::Int => 1.0 / (1u64 << (spec.bits_per_sample - 1)) as f64,
    };
    let mut next = || -> Option<f32> {
        match spec.sample_format {
            hound::SampleFormat::Float => reader.samples::<f32>().next()?.ok(),
            hound::SampleFormat::Int => reader
                .samples::<i32>()
                .next()?
                .ok()
                .map(|v| (f64::from(v) * scale) as f32),
        }
    };
    while got < want {
        let Some(s) = next() else {
            ended = true;
            break;
        };
        got += 1;
        frame.push(s);
        if frame.len() == in_ch as usize {
            if in_ch == out_ch {
                out.extend_from_slice(&frame);
            } else {
                let mono = frame.iter().sum::<f32>() / f32::from(in_ch);
                out.extend(std::iter::repeat_n(mono, out_ch as usize));
            }
            frame.clear();
        }
    }
    ended
}
