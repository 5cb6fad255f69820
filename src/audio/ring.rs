//! The hand-off between an audio source (the cpal callback or the virtual microphone) and
//! the writer thread: a lock-free single-producer single-consumer ring of interleaved `f32`
//! samples, plus counters the writer reads.
//!
//! [`push_frames`] is the entire body of the device callback. It must not allocate, lock,
//! do I/O or log (a unit test checks the first with `assert_no_alloc`): when the ring is
//! full it drops the frames that do not fit and counts them, so a drop is never silent.

use std::sync::atomic::{AtomicU64, Ordering};

pub type Producer = rtrb::Producer<f32>;
pub type Consumer = rtrb::Consumer<f32>;

/// Counters shared by the source and the writer. Totals since the recorder opened.
#[derive(Debug, Default)]
pub struct Counters {
    /// Frames pushed into the ring.
    pub frames: AtomicU64,
    /// Frames dropped because the ring was full.
    pub dropped: AtomicU64,
    /// Overruns reported by the device.
    pub xruns: AtomicU64,
}

impl Counters {
    pub fn frames(&self) -> u64 {
        self.frames.load(Ordering::Acquire)
    }
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }
    pub fn xruns(&self) -> u64 {
        self.xruns.load(Ordering::Relaxed)
    }
}

/// A ring holding `seconds` of audio at `rate` × `channels` (at least 64 Ki samples).
pub fn ring(rate: u32, channels: u16, seconds: u32) -> (Producer, Consumer) {
    let samples = (rate as usize * channels as usize * seconds as usize).max(1 << 16);
    rtrb::RingBuffer::new(samples)
}

/// A sample format the callback can take: converted to `f32` in -1.0..1.0.
pub trait ToF32: Copy {
    fn to_f32(self) -> f32;
}

impl ToF32 for f32 {
    fn to_f32(self) -> f32 {
        self
    }
}
impl ToF32 for i16 {
    fn to_f32(self) -> f32 {
        f32::from(self) / 32768.0
    }
}
impl ToF32 for i32 {
    fn to_f32(self) -> f32 {
        (f64::from(self) / 2_147_483_648.0) as f32
    }
}
impl ToF32 for u16 {
    fn to_f32(self) -> f32 {
        (f32::from(self) - 32768.0) / 32768.0
    }
}
impl ToF32 for i8 {
    fn to_f32(self) -> f32 {
        f32::from(self) / 128.0
    }
}
impl ToF32 for u8 {
    fn to_f32(self) -> f32 {
        (f32::from(self) - 128.0) / 128.0
    }
}
impl ToF32 for f64 {
    fn to_f32(self) -> f32 {
        self as f32
    }
}

/// Copy whole frames of interleaved `data` into the ring; count pushed and dropped frames.
/// Returns the number of frames pushed. Real-time safe: no allocation, lock or I/O.
#[inline]
pub fn push_frames<T: ToF32>(
    producer: &mut Producer,
    data: &[T],
    channels: usize,
    counters: &Counters,
) -> usize {
    let channels = channels.max(1);
    let frames = data.len() / channels;
    let room = producer.slots() / channels;
    let n = frames.min(room);
    if n > 0
        && let Ok(chunk) = producer.write_chunk_uninit(n * channels)
    {
        chunk.fill_from_iter(data[..n * channels].iter().map(|s| s.to_f32()));
    }
    counters.frames.fetch_add(n as u64, Ordering::Release);
    if n < frames {
        counters
            .dropped
            .fetch_add((frames - n) as u64, Ordering::Relaxed);
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use assert_no_alloc::{AllocDisabler, assert_no_alloc};

    #[cfg(debug_assertions)]
    #[global_allocator]
    static A: AllocDisabler = AllocDisabler;

    #[test]
    fn callback_path_does_not_allocate() {
        let (mut producer, mut consumer) = ring(48_000, 2, 1);
        let counters = Counters::default();
        let data_i16: Vec<i16> = (0..960).map(|i| (i * 30) as i16).collect();
        let data_f32: Vec<f32> = (0..960).map(|i| i as f32 / 1000.0).collect();
        assert_no_alloc(|| {
            for _ in 0..10 {
                push_frames(&mut producer, &data_i16, 2, &counters);
                push_frames(&mut producer, &data_f32, 2, &counters);
            }
            // Overfill: the drop path must not allocate either.
            for _ in 0..200 {
                push_frames(&mut producer, &data_i16, 2, &counters);
            }
        });
        assert!(counters.dropped() > 0);
        assert_eq!(
            counters.frames() as usize * 2,
            consumer.slots(),
            "every pushed frame is in the ring"
        );
        let first = consumer.pop().unwrap();
        assert_eq!(first, 0.0);
    }

    #[test]
    fn i16_round_trips_exactly() {
        for x in [i16::MIN, -1, 0, 1, 12345, i16::MAX] {
            assert_eq!(crate::audio::writer::to_i16(x.to_f32()), x);
        }
    }
}
