//! The real microphone: a cpal input stream whose callback is [`ring::push_frames`] and
//! nothing else. The stream is opened once and kept running; the recorder decides what
//! of it becomes a take.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use cpal::traits::{DeviceTrait, StreamTrait};

use super::alsa_quiet::quiet;
use super::devices::{self, Direction};
use super::ring::{self, Counters, Producer, ToF32};
use crate::problem::Problem;

/// A running input stream. Dropping it stops capture; see `Recorder::close` for why that
/// happens off the main thread.
pub struct Capture {
    /// Held to keep capture running; dropped to stop it.
    pub _stream: cpal::Stream,
    pub sample_rate: u32,
    pub channels: u16,
    pub name: String,
    pub format: cpal::SampleFormat,
}

/// Hints under every "no usable microphone" error.
pub fn no_mic(message: String) -> Problem {
    Problem::runtime(message)
        .hint("rehearse devices   (lists inputs; pick one with --device ID)")
        .hint("no microphone at all? `rehearse run --demo` goes through a session without one")
}

/// Open `id` (or the default input), start it, and return it with the ring's consumer.
pub fn open(
    id: Option<&str>,
    counters: Arc<Counters>,
    failed: Arc<AtomicBool>,
) -> anyhow::Result<(Capture, ring::Consumer)> {
    let device = devices::find(id, Direction::Input)?;
    let name = id.map_or_else(|| "the default microphone".to_string(), |s| s.to_string());
    let default = quiet(|| device.default_input_config())
        .map_err(|e| no_mic(format!("no usable microphone ({name}): {e}")))?;
    let supported = prefer_i16(&device, default);
    let channels = supported.channels();
    let sample_rate = supported.sample_rate();
    let format = supported.sample_format();
    let config = supported.config();
    // 30 s of slack (11 MB at 48 kHz stereo): the writer or the disk may stall, and the
    // unpaced test device delivers ~1000x real time.
    let (producer, consumer) = ring::ring(sample_rate, channels, 30);
    let make = |producer| match format {
        cpal::SampleFormat::I16 => build::<i16>(&device, &config, producer, &counters, &failed),
        cpal::SampleFormat::I32 => build::<i32>(&device, &config, producer, &counters, &failed),
        cpal::SampleFormat::U16 => build::<u16>(&device, &config, producer, &counters, &failed),
        cpal::SampleFormat::I8 => build::<i8>(&device, &config, producer, &counters, &failed),
        cpal::SampleFormat::U8 => build::<u8>(&device, &config, producer, &counters, &failed),
        cpal::SampleFormat::F64 => build::<f64>(&device, &config, producer, &counters, &failed),
        _ => build::<f32>(&device, &config, producer, &counters, &failed),
    };
    let stream = quiet(|| make(producer))
        .map_err(|e| no_mic(format!("no usable microphone ({name}): {e}")))?;
    quiet(|| stream.play()).map_err(|e| no_mic(format!("cannot start microphone {name}: {e}")))?;
    Ok((
        Capture {
            _stream: stream,
            sample_rate,
            channels,
            name,
            format,
        },
        consumer,
    ))
}

/// We write mono 16-bit: ask for exactly that (at the default rate) when the device offers
/// it, so no layer converts. (It also matters for ALSA's `file` plugin behind `plug`, which
/// reads its input file wrongly whenever `plug` converts the format.) Else: 16-bit with the
/// default channels, else the default configuration.
fn prefer_i16(
    device: &cpal::Device,
    default: cpal::SupportedStreamConfig,
) -> cpal::SupportedStreamConfig {
    let rate = default.sample_rate();
    let Ok(ranges) = quiet(|| device.supported_input_configs()) else {
        return default;
    };
    let ranges: Vec<_> = ranges
        .filter(|r| r.sample_format() == cpal::SampleFormat::I16 && r.contains_rate(rate))
        .collect();
    for channels in [1, default.channels()] {
        if let Some(r) = ranges.iter().find(|r| r.channels() == channels) {
            return r.with_sample_rate(rate);
        }
    }
    default
}

fn build<T: cpal::SizedSample + ToF32 + Send + 'static>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    mut producer: Producer,
    counters: &Arc<Counters>,
    failed: &Arc<AtomicBool>,
) -> Result<cpal::Stream, cpal::Error> {
    let channels = config.channels as usize;
    let data_counters = Arc::clone(counters);
    let err_counters = Arc::clone(counters);
    let failed = Arc::clone(failed);
    device.build_input_stream::<T, _, _>(
        *config,
        move |data: &[T], _: &cpal::InputCallbackInfo| {
            ring::push_frames(&mut producer, data, channels, &data_counters);
        },
        move |err: cpal::Error| {
            if err.kind() == cpal::ErrorKind::Xrun {
                err_counters.xruns.fetch_add(1, Ordering::Relaxed);
            } else if !matches!(
                err.kind(),
                cpal::ErrorKind::DeviceChanged | cpal::ErrorKind::RealtimeDenied
            ) {
                failed.store(true, Ordering::Release);
            }
        },
        Some(Duration::from_secs(5)),
    )
}
