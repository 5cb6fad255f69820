//! Streaming conversion of mono samples at any rate to the 16 kHz the analysis runs at (and,
//! for the virtual microphone, between any two rates).
//!
//! A thin wrapper over rubato's synchronous FFT resampler that accepts input in pieces of
//! any size, trims the resampler's delay and, on `finish`, flushes the tail so the output
//! holds exactly `ceil(n_in * 16000 / rate)` samples, aligned in time with the input.

use rubato::audioadapter_buffers::direct::SequentialSlice;
use rubato::{Fft, FixedSync, Resampler as _};

/// The rate every later stage works at (earshot needs it).
pub const RATE: u32 = 16_000;

const CHUNK: usize = 1024;

pub struct Resampler {
    inner: Option<Fft<f32>>,
    rate_in: u32,
    rate_out: u32,
    pending: Vec<f32>,
    out: Vec<f32>,
    to_skip: usize,
    n_in: u64,
    n_out: u64,
}

impl Resampler {
    /// A resampler from `rate_in` Hz (must be above 0) to 16 kHz.
    pub fn new(rate_in: u32) -> Self {
        Self::between(rate_in, RATE)
    }

    /// A resampler from `rate_in` to `rate_out` Hz (both above 0); a pass-through when equal.
    pub fn between(rate_in: u32, rate_out: u32) -> Self {
        assert!(rate_in > 0 && rate_out > 0, "sample rates must be above 0");
        let inner = (rate_in != rate_out).then(|| {
            Fft::<f32>::new(
                rate_in as usize,
                rate_out as usize,
                CHUNK,
                1,
                FixedSync::Input,
            )
            .expect("rubato accepts every pair of positive rates")
        });
        let to_skip = inner.as_ref().map_or(0, |r| r.output_delay());
        let out_max = inner.as_ref().map_or(0, |r| r.output_frames_max());
        Resampler {
            inner,
            rate_in,
            rate_out,
            pending: Vec::with_capacity(CHUNK * 2),
            out: vec![0.0; out_max],
            to_skip,
            n_in: 0,
            n_out: 0,
        }
    }

    /// Feed input; `sink` receives 16 kHz output as it becomes available.
    pub fn push(&mut self, samples: &[f32], sink: &mut impl FnMut(&[f32])) {
        self.n_in += samples.len() as u64;
        if self.inner.is_none() {
            self.n_out += samples.len() as u64;
            sink(samples);
            return;
        }
        let mut rest = samples;
        while !rest.is_empty() {
            let need = self.inner.as_ref().map_or(0, |r| r.input_frames_next());
            let take = (need - self.pending.len()).min(rest.len());
            self.pending.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.pending.len() == need {
                self.process(sink, u64::MAX);
            }
        }
    }

    /// Flush the tail (zero padding) up to the exact expected output length.
    pub fn finish(&mut self, sink: &mut impl FnMut(&[f32])) {
        let Some(inner) = self.inner.as_ref() else {
            return;
        };
        let expected = (self.n_in * u64::from(self.rate_out)).div_ceil(u64::from(self.rate_in));
        let need = inner.input_frames_next();
        while self.n_out < expected {
            self.pending.resize(need, 0.0);
            self.process(sink, expected);
        }
    }

    fn process(&mut self, sink: &mut impl FnMut(&[f32]), limit: u64) {
        let Some(inner) = self.inner.as_mut() else {
            return;
        };
        let n = self.pending.len();
        let input = SequentialSlice::new(&self.pending[..], 1, n).expect("mono input buffer");
        let out_len = self.out.len();
        let mut output =
            SequentialSlice::new_mut(&mut self.out[..], 1, out_len).expect("mono output buffer");
        let (_, written) = inner
            .process_into_buffer(&input, &mut output, None)
            .expect("buffers are sized from the resampler");
        self.pending.clear();
        let skip = self.to_skip.min(written);
        self.to_skip -= skip;
        let avail = (written - skip) as u64;
        let keep = avail.min(limit.saturating_sub(self.n_out)) as usize;
        self.n_out += keep as u64;
        if keep > 0 {
            sink(&self.out[skip..skip + keep]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(rate: u32, input: &[f32], piece: usize) -> Vec<f32> {
        let mut r = Resampler::new(rate);
        let mut out = Vec::new();
        for chunk in input.chunks(piece) {
            r.push(chunk, &mut |s| out.extend_from_slice(s));
        }
        r.finish(&mut |s| out.extend_from_slice(s));
        out
    }

    #[test]
    fn length_and_alignment_are_kept() {
        let rate = 48_000;
        // A click at 0.5 s must come out at 0.5 s.
        let mut input = vec![0.0f32; rate as usize];
        input[rate as usize / 2] = 1.0;
        let out = run(rate, &input, 777);
        assert_eq!(out.len(), 16_000);
        let peak = out
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .unwrap()
            .0;
        assert!((peak as i64 - 8000).abs() <= 2, "peak at {peak}");
    }

    #[test]
    fn sixteen_khz_passes_through() {
        let input: Vec<f32> = (0..1000).map(|i| i as f32 / 1000.0).collect();
        assert_eq!(run(16_000, &input, 300), input);
    }

    #[test]
    fn odd_rates_work() {
        let input = vec![0.1f32; 44_101];
        assert_eq!(run(44_101, &input, 4096).len(), 16_000);
    }
}
