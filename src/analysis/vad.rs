//! Voice activity with the earshot neural VAD, run where it decides something.
//!
//! earshot costs about 6 µs per 16 ms frame (≈1.4 s for an hour), three times what
//! ffmpeg's silencedetect takes for the whole job. Its verdict only matters where the
//! energy contour could be speech, and the speech mask is VAD ∧ energy anyway, so:
//! - frames whose 20 ms energy is below a gate (the absolute floor, -55 dBFS, or 35 dB under
//!   the running 99th percentile, whichever is higher — never above the final energy
//!   threshold, which is 25 dB under the final percentile) are not speech and skip the VAD;
//! - the others form *active runs* (gaps under 0.25 s bridged). The VAD runs, after a reset
//!   and 64 ms of pre-roll, over the first and last 0.256 s of each run and over 0.256 s
//!   probes every 4 s inside long runs;
//! - a frame between probes takes the verdict of the probe edges around it (speech when
//!   either says speech); the energy contour then cuts the pauses inside.
//!
//! So the VAD still decides which sounds are speech and where speech starts and ends; what
//! it no longer does is find pauses inside a run that the energy contour cannot see.

use earshot::Detector;

use super::ring::SampleRing;

pub const FRAME: usize = 256;
pub const SCORE: f32 = 0.5;
pub const FLOOR_DBFS: f32 = -55.0;
pub const GATE_BELOW_P99_DB: f32 = 35.0;
const PRE_ROLL: u32 = 4;
const PROBE: u32 = 16;
const INTERVAL: u32 = 250;
const BRIDGE: u32 = 16;

/// Per-frame verdicts: 0 not run, 1 not speech, 2 speech.
pub const UNKNOWN: u8 = 0;
pub const NO: u8 = 1;
pub const YES: u8 = 2;

pub struct ProbedVad {
    detector: Box<Detector>,
    in_run: bool,
    run_start: u32,
    last_active: u32,
    probe_until: Option<u32>,
    next_probe: u32,
    /// Verdict per frame (see UNKNOWN / NO / YES).
    pub verdicts: Vec<u8>,
    /// Active runs, [start, end] frames.
    pub runs: Vec<(u32, u32)>,
    /// Frames the VAD actually ran on (for the record).
    pub frames_run: u64,
    frame_buf: [f32; FRAME],
}

impl Default for ProbedVad {
    fn default() -> Self {
        ProbedVad {
            detector: Detector::default_boxed(),
            in_run: false,
            run_start: 0,
            last_active: 0,
            probe_until: None,
            next_probe: 0,
            verdicts: Vec::new(),
            runs: Vec::new(),
            frames_run: 0,
            frame_buf: [0.0; FRAME],
        }
    }
}

impl ProbedVad {
    /// Frame `k` (the samples up to its end are in `ring`) has 20 ms energy `db`, and the
    /// gate is `gate` dBFS.
    pub fn frame(&mut self, k: u32, db: f32, gate: f32, ring: &SampleRing) {
        self.verdicts.push(UNKNOWN);
        if db >= gate {
            if !self.in_run {
                self.in_run = true;
                self.run_start = k;
                self.start_probe(k, ring);
                self.next_probe = k + INTERVAL;
            }
            self.last_active = k;
        }
        if !self.in_run {
            return;
        }
        if self.probe_until.is_none() && k >= self.next_probe {
            self.start_probe(k, ring);
            self.next_probe = k + INTERVAL;
        }
        if let Some(until) = self.probe_until {
            self.run_on(k, ring);
            if k >= until {
                self.probe_until = None;
            }
        }
        if k - self.last_active >= BRIDGE {
            self.end_run(ring);
        }
    }

    /// Close an open run (at the end of the input).
    pub fn finish(&mut self, ring: &SampleRing) {
        if self.in_run {
            self.end_run(ring);
        }
    }

    fn start_probe(&mut self, k: u32, ring: &SampleRing) {
        self.detector.reset();
        for f in k.saturating_sub(PRE_ROLL)..k {
            self.predict(f, ring);
        }
        self.probe_until = Some(k + PROBE - 1);
    }

    fn run_on(&mut self, k: u32, ring: &SampleRing) {
        let score = self.predict(k, ring);
        self.verdicts[k as usize] = if score >= SCORE { YES } else { NO };
    }

    fn predict(&mut self, f: u32, ring: &SampleRing) -> f32 {
        ring.copy(f as i64 * FRAME as i64, &mut self.frame_buf);
        for x in self.frame_buf.iter_mut() {
            *x = x.clamp(-1.0, 1.0);
        }
        self.frames_run += 1;
        self.detector.predict_f32(&self.frame_buf)
    }

    fn end_run(&mut self, ring: &SampleRing) {
        self.in_run = false;
        self.probe_until = None;
        let (start, end) = (self.run_start, self.last_active);
        self.runs.push((start, end));
        // The last PROBE frames of the run, those not yet run.
        let from = end.saturating_sub(PROBE - 1).max(start);
        if let Some(first) = (from..=end).find(|&f| self.verdicts[f as usize] == UNKNOWN) {
            self.start_probe(first, ring);
            for f in first..=end {
                self.run_on(f, ring);
            }
            self.probe_until = None;
        }
    }

    /// Speech per frame: a verdict where the VAD ran; between probes inside a run, speech
    /// when the nearest verdict on either side is speech; outside runs, not speech.
    pub fn speech(&self) -> Vec<bool> {
        let mut out = vec![false; self.verdicts.len()];
        for &(s, e) in &self.runs {
            let (s, e) = (s as usize, e as usize);
            let mut left = NO;
            let mut i = s;
            while i <= e {
                let v = self.verdicts[i];
                if v != UNKNOWN {
                    left = v;
                    out[i] = v == YES;
                    i += 1;
                    continue;
                }
                let j = (i..=e)
                    .find(|&j| self.verdicts[j] != UNKNOWN)
                    .unwrap_or(e + 1);
                let right = if j <= e { self.verdicts[j] } else { NO };
                let fill = left == YES || right == YES;
                out[i..j].iter_mut().for_each(|o| *o = fill);
                i = j;
            }
        }
        out
    }
}
