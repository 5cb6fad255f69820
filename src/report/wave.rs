//! Waveform outlines: read a WAV with hound and reduce it to min/max columns.
//!
//! The reduction is pure ([`Peaks::from_samples`]); reading the file ([`Peaks::read`]) is
//! the thin edge. Long recordings are streamed, never held in memory whole.

use std::path::Path;

use anyhow::Context;

/// Columns in a waveform outline: enough for a sharp line on a wide screen.
pub const COLUMNS: usize = 600;

/// A recording reduced to `(min, max)` per column, samples in -1.0..=1.0.
#[derive(Debug, Clone, PartialEq)]
pub struct Peaks {
    pub columns: Vec<(f32, f32)>,
    pub duration_s: f64,
}

impl Peaks {
    /// Reduce mono samples to at most `columns` min/max pairs.
    pub fn from_samples(samples: &[f32], sample_rate: u32, columns: usize) -> Peaks {
        let mut acc = Accumulator::new(samples.len() as u64, columns);
        for &s in samples {
            acc.push(s);
        }
        Peaks {
            columns: acc.finish(),
            duration_s: duration(samples.len() as u64, sample_rate),
        }
    }

    /// Read a WAV file (any channel count: the first channel is drawn).
    pub fn read(path: &Path, columns: usize) -> anyhow::Result<Peaks> {
        let mut reader =
            hound::WavReader::open(path).with_context(|| format!("reading {}", path.display()))?;
        let spec = reader.spec();
        let channels = usize::from(spec.channels.max(1));
        let frames = u64::from(reader.duration());
        let mut acc = Accumulator::new(frames, columns);
        let mut seen = 0u64;
        match spec.sample_format {
            hound::SampleFormat::Float => {
                for (i, s) in reader.samples::<f32>().enumerate() {
                    let s = s.with_context(|| format!("reading {}", path.display()))?;
                    if i % channels == 0 {
                        acc.push(s);
                        seen += 1;
                    }
                }
            }
            hound::SampleFormat::Int => {
                let scale = 1.0 / (1u64 << (spec.bits_per_sample.clamp(1, 32) - 1)) as f32;
                for (i, s) in reader.samples::<i32>().enumerate() {
                    let s = s.with_context(|| format!("reading {}", path.display()))?;
                    if i % channels == 0 {
                        acc.push(s as f32 * scale);
                        seen += 1;
                    }
                }
            }
        }
        Ok(Peaks {
            columns: acc.finish(),
            duration_s: duration(seen, spec.sample_rate),
        })
    }
}

fn duration(frames: u64, rate: u32) -> f64 {
    if rate == 0 {
        0.0
    } else {
        frames as f64 / f64::from(rate)
    }
}

/// Folds a stream of `total` samples into `columns` min/max pairs.
struct Accumulator {
    per_column: u64,
    count: u64,
    current: Option<(f32, f32)>,
    out: Vec<(f32, f32)>,
}

impl Accumulator {
    fn new(total: u64, columns: usize) -> Self {
        let columns = columns.max(1) as u64;
        Accumulator {
            per_column: total.div_ceil(columns).max(1),
            count: 0,
            current: None,
            out: Vec::with_capacity(columns as usize),
        }
    }

    fn push(&mut self, s: f32) {
        let s = if s.is_finite() {
            s.clamp(-1.0, 1.0)
        } else {
            0.0
        };
        self.current = Some(match self.current {
            Some((lo, hi)) => (lo.min(s), hi.max(s)),
            None => (s, s),
        });
        self.count += 1;
        if self.count == self.per_column {
            self.out.extend(self.current.take());
            self.count = 0;
        }
    }

    fn finish(mut self) -> Vec<(f32, f32)> {
        self.out.extend(self.current.take());
        self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduces_to_min_max_columns() {
        let samples: Vec<f32> = (0..1000)
            .map(|i| if i % 2 == 0 { 0.5 } else { -0.25 })
            .collect();
        let p = Peaks::from_samples(&samples, 1000, 10);
        assert_eq!(p.columns.len(), 10);
        assert!(p.columns.iter().all(|&c| c == (-0.25, 0.5)));
        assert_eq!(p.duration_s, 1.0);
    }

    #[test]
    fn short_input_gives_one_column_per_sample() {
        let p = Peaks::from_samples(&[0.1, 2.0, f32::NAN], 8000, 600);
        assert_eq!(p.columns, vec![(0.1, 0.1), (1.0, 1.0), (0.0, 0.0)]);
        assert!(Peaks::from_samples(&[], 0, 600).columns.is_empty());
    }
}
