//! The streaming analyser: push samples as they come, get [`Metrics`] at the end.
//!
//! One pass, bounded memory: besides a one-second ring of 16 kHz samples it keeps a few
//! numbers per 16 ms frame (energy, level, VAD verdict: about 3 MB for an hour) and the
//! intensity peaks found so far. Whole-file thresholds (percentiles, the file's peak) are
//! applied in `finish`.

use super::Thresholds;
use super::histogram::DbHistogram;
use super::metrics::{Measured, Metrics, db};
use super::nuclei::{self, PeakPicker, Smoother};
use super::resampler::{RATE, Resampler};
use super::ring::SampleRing;
use super::segments::{self, FRAME_S};
use super::vad::{self, FRAME, ProbedVad};
use crate::catalog::Category;

/// Samples per 4 ms sub-block (the unit the intensity contour is built from).
const SUB: usize = 64;
const SUBS_PER_FRAME: u64 = (FRAME / SUB) as u64;
/// 20 ms energy window.
const ENERGY_WINDOW: usize = 320;
/// Frames between updates of the VAD gate.
const GATE_EVERY: u32 = 62;
/// Energy threshold below the 99th percentile, dB.
const ENERGY_BELOW_P99_DB: f32 = 25.0;
/// Intensity lags frames by this many (its window reaches 64 ms ahead).
const INTENSITY_LAG: u32 = 4;

/// Speech metrics of a stream of mono samples (-1..1) at any rate.
pub struct Analyzer {
    thresholds: Thresholds,
    rate: u32,
    resampler: Resampler,
    // At the input rate: level per 16 ms frame, and clipping.
    n_in: u64,
    level_frame: u64,
    next_boundary: u64,
    cur_sumsq: f64,
    cur_peak: f32,
    frame_sumsq: Vec<f32>,
    frame_peak: Vec<f32>,
    clipped: u64,
    clip_level: f32,
    // At 16 kHz.
    ring: SampleRing,
    subs: [f32; 64],
    cur_sub: f32,
    n16: u64,
    frames: u32,
    frame_limit: Option<u32>,
    energy_db: Vec<f32>,
    energy_hist: DbHistogram,
    intensity_hist: DbHistogram,
    gate: f32,
    vad: ProbedVad,
    picker: PeakPicker,
    smoother: Smoother,
    peak16: f32,
    scratch: Vec<f32>,
}

impl Analyzer {
    /// An analyser for mono input at `rate` Hz (above 0). `thresholds` sets the clip level
    /// and the warnings.
    pub fn new(rate: u32, thresholds: &Thresholds) -> Self {
        Analyzer {
            thresholds: thresholds.clone(),
            rate,
            resampler: Resampler::new(rate),
            n_in: 0,
            level_frame: 0,
            next_boundary: boundary(1, rate),
            cur_sumsq: 0.0,
            cur_peak: 0.0,
            frame_sumsq: Vec::new(),
            frame_peak: Vec::new(),
            clipped: 0,
            clip_level: thresholds.clip_level as f32,
            ring: SampleRing::default(),
            subs: [0.0; 64],
            cur_sub: 0.0,
            n16: 0,
            frames: 0,
            frame_limit: None,
            energy_db: Vec::new(),
            energy_hist: DbHistogram::default(),
            intensity_hist: DbHistogram::default(),
            gate: vad::FLOOR_DBFS,
            vad: ProbedVad::default(),
            picker: PeakPicker::default(),
            smoother: Smoother::default(),
            peak16: 0.0,
            scratch: vec![0.0; 2 * nuclei::VOICING_HALF],
        }
    }

    /// Feed the next samples (mono, -1..1).
    pub fn push(&mut self, samples: &[f32]) {
        self.levels(samples);
        let mut resampler = std::mem::replace(&mut self.resampler, Resampler::new(RATE));
        resampler.push(samples, &mut |s| self.push16(s));
        self.resampler = resampler;
    }

    /// The metrics of everything pushed. `category` picks the answer-length window.
    pub fn finish(mut self, category: Option<Category>) -> Metrics {
        let mut resampler = std::mem::replace(&mut self.resampler, Resampler::new(RATE));
        resampler.finish(&mut |s| self.push16(s));
        // Close the last level frame.
        if self.n_in > boundary(self.level_frame, self.rate) {
            self.frame_sumsq.push(self.cur_sumsq as f32);
            self.frame_peak.push(self.cur_peak);
        }
        // Pad with silence so every real frame's intensity and peaks are settled.
        let real = self.n16.div_ceil(FRAME as u64) as u32;
        self.frame_limit = Some(real);
        let pad = (real as u64 + INTENSITY_LAG as u64 + 3) * FRAME as u64 - self.n16;
        let zeros = vec![0.0f32; pad as usize];
        self.push16(&zeros);
        self.vad.finish(&self.ring);
        self.measure(real as usize, category)
    }

    fn measure(self, n: usize, category: Option<Category>) -> Metrics {
        let t = &self.thresholds;
        let duration_s = self.n_in as f64 / self.rate as f64;
        let e_thr = (self.energy_hist.quantile(0.99) - ENERGY_BELOW_P99_DB).max(vad::FLOOR_DBFS);
        let mut speech = self.vad.speech();
        speech.resize(n, false);
        let energy = &self.energy_db[..n.min(self.energy_db.len())];
        let reach = segments::frames(segments::VAD_REACH_S);
        let mask = segments::speech_mask(&speech, energy, e_thr, reach);
        let min_gap = (t.min_pause_s / FRAME_S).ceil() as usize;
        let min_len = (segments::MIN_BLIP_S / FRAME_S).ceil() as usize;
        let runs = segments::clean(&mask, min_gap, min_len);

        let i_thr = (self.intensity_hist.quantile(0.99) - nuclei::BELOW_Q99_DB)
            .max(nuclei::INTENSITY_FLOOR_DB);
        let min_amp = nuclei::VOICING_AMP * self.peak16;
        let inside = |f: usize| {
            let i = runs.partition_point(|r| r.1 <= f);
            i < runs.len() && runs[i].0 <= f
        };
        let syllables = self
            .picker
            .candidates
            .iter()
            .filter(|c| {
                c.db >= i_thr
                    && c.voicing >= nuclei::VOICING_R
                    && c.amp >= min_amp
                    && inside(c.frame as usize)
            })
            .count() as u32;

        // Levels over speech frames (over everything when there is none).
        let all = [(0, self.frame_sumsq.len())];
        let level_runs: &[(usize, usize)] = if runs.is_empty() { &all } else { &runs };
        let (mut sumsq, mut count, mut peak) = (0.0f64, 0u64, 0.0f32);
        for &(s, e) in level_runs {
            let e = e.min(self.frame_sumsq.len());
            for f in s.min(e)..e {
                sumsq += self.frame_sumsq[f] as f64;
                peak = peak.max(self.frame_peak[f]);
            }
            let end = boundary(e as u64, self.rate).min(self.n_in);
            count += end.saturating_sub(boundary(s as u64, self.rate));
        }
        let rms = if count > 0 {
            (sumsq / count as f64).sqrt()
        } else {
            0.0
        };
        let measured = Measured {
            duration_s,
            segments: runs
                .iter()
                .map(|&(s, e)| (s as f64 * FRAME_S, (e as f64 * FRAME_S).min(duration_s)))
                .collect(),
            syllables,
            rms_dbfs: db(rms),
            peak_dbfs: db(peak as f64),
            clipped_ratio: if self.n_in > 0 {
                self.clipped as f64 / self.n_in as f64
            } else {
                0.0
            },
        };
        Metrics::from_measured(&measured, category, t)
    }

    /// Level statistics at the input rate, per 16 ms frame.
    fn levels(&mut self, samples: &[f32]) {
        let mut rest = samples;
        while !rest.is_empty() {
            let take = ((self.next_boundary - self.n_in) as usize).min(rest.len());
            let (now, later) = rest.split_at(take);
            let (s, p, c) = stats(now, self.clip_level);
            self.cur_sumsq += s as f64;
            self.cur_peak = self.cur_peak.max(p);
            self.clipped += c as u64;
            self.n_in += take as u64;
            rest = later;
            if self.n_in == self.next_boundary {
                self.frame_sumsq.push(self.cur_sumsq as f32);
                self.frame_peak.push(self.cur_peak);
                self.cur_sumsq = 0.0;
                self.cur_peak = 0.0;
                self.level_frame += 1;
                self.next_boundary = boundary(self.level_frame + 1, self.rate);
            }
        }
    }

    /// 16 kHz samples: ring, 4 ms sums of squares, and per-frame work.
    fn push16(&mut self, samples: &[f32]) {
        let mut rest = samples;
        while !rest.is_empty() {
            let in_sub = (self.n16 % SUB as u64) as usize;
            let take = (SUB - in_sub).min(rest.len());
            let (now, later) = rest.split_at(take);
            self.ring.extend(now);
            let (s, p, _) = stats(now, f32::INFINITY);
            self.cur_sub += s;
            self.peak16 = self.peak16.max(p);
            self.n16 += take as u64;
            rest = later;
            if in_sub + take == SUB {
                let b = self.n16 / SUB as u64 - 1;
                self.subs[(b & 63) as usize] = self.cur_sub;
                self.cur_sub = 0.0;
                if (b + 1).is_multiple_of(SUBS_PER_FRAME) {
                    self.frame_done();
                }
            }
        }
    }

    fn frame_done(&mut self) {
        let k = self.frames;
        self.frames += 1;
        let counts = self.frame_limit.is_none_or(|l| k < l);
        // 20 ms energy ending at this frame's end: its four sub-blocks and the one before.
        let last = 4 * k as i64 + 3;
        let sumsq: f32 = (last - 4..=last)
            .filter(|&b| b >= 0)
            .map(|b| self.subs[(b & 63) as usize])
            .sum();
        let e_db = 10.0 * (sumsq / ENERGY_WINDOW as f32 + 1e-12).log10();
        self.energy_db.push(e_db);
        if counts {
            self.energy_hist.add(e_db);
        }
        if k % GATE_EVERY == GATE_EVERY - 1 {
            let g = self.energy_hist.quantile(0.99) - vad::GATE_BELOW_P99_DB;
            self.gate = g.max(vad::FLOOR_DBFS);
        }
        self.vad.frame(k, e_db, self.gate, &self.ring);

        // Intensity of frame j: WINDOW_SUBS sub-blocks centred on sub-block 4j+2.
        let Some(j) = k.checked_sub(INTENSITY_LAG) else {
            return;
        };
        let nw = self.smoother.len() as i64;
        let first = 4 * j as i64 + 2 - nw / 2;
        let subs = &self.subs;
        let i_db = self
            .smoother
            .db((first..first + nw).map(|b| if b < 0 { 0.0 } else { subs[(b & 63) as usize] }));
        if self.frame_limit.is_none_or(|l| j < l) {
            self.intensity_hist.add(i_db);
        }
        let (ring, scratch, peak) = (&self.ring, &mut self.scratch, self.peak16);
        self.picker.push(j, i_db, &mut |f| {
            if i_db < nuclei::INTENSITY_FLOOR_DB {
                return (0.0, 0.0);
            }
            scratch.resize(2 * nuclei::VOICING_HALF, 0.0);
            let centre = f as i64 * FRAME as i64 + FRAME as i64 / 2;
            ring.copy(centre - nuclei::VOICING_HALF as i64, scratch);
            let amp = scratch.iter().fold(0.0f32, |m, x| m.max(x.abs()));
            if amp < nuclei::VOICING_AMP * peak {
                return (0.0, amp);
            }
            nuclei::voicing(scratch, nuclei::VOICING_R)
        });
    }
}

/// Sum of squares, peak and count at or above `clip` of a block, in eight lanes so it
/// vectorises.
fn stats(xs: &[f32], clip: f32) -> (f32, f32, u32) {
    let (mut s, mut p, mut c) = ([0.0f32; 8], [0.0f32; 8], [0u32; 8]);
    let chunks = xs.chunks_exact(8);
    let rest = chunks.remainder();
    for ch in chunks {
        for i in 0..8 {
            let a = ch[i].abs();
            s[i] += ch[i] * ch[i];
            p[i] = p[i].max(a);
            c[i] += (a >= clip) as u32;
        }
    }
    for (i, &x) in rest.iter().enumerate() {
        s[i] += x * x;
        p[i] = p[i].max(x.abs());
        c[i] += (x.abs() >= clip) as u32;
    }
    (
        s.iter().sum(),
        p.iter().fold(0.0f32, |m, &v| m.max(v)),
        c.iter().sum(),
    )
}

/// First input sample of 16 ms frame `k` at `rate`.
fn boundary(k: u64, rate: u32) -> u64 {
    (k * rate as u64 * FRAME as u64).div_ceil(RATE as u64)
}

/// Speech metrics of a whole recording in memory (mono, -1..1, at `sample_rate` Hz > 0).
pub fn analyze(
    samples: &[f32],
    sample_rate: u32,
    category: Option<Category>,
    thresholds: &Thresholds,
) -> Metrics {
    let mut a = Analyzer::new(sample_rate, thresholds);
    a.push(samples);
    a.finish(category)
}
