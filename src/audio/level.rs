//! Levels in dBFS, the running statistics of a take, and the microphone-check verdict.

/// Amplitude 0..=1 to dBFS; silence is -120 dB (a number JSON can hold, unlike -∞).
pub fn dbfs(amplitude: f64) -> f32 {
    if amplitude <= 1e-6 {
        -120.0
    } else {
        (20.0 * amplitude.log10()) as f32
    }
}

/// A sample this close to full scale counts as clipped.
const CLIP: i16 = 32_700;

/// Peak, sum of squares and clipped count over a run of mono samples.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub frames: u64,
    pub peak: i32,
    pub sum_sq: f64,
    pub clipped: u64,
}

impl Stats {
    #[inline]
    pub fn add(&mut self, s: i16) {
        let a = i32::from(s).abs();
        self.peak = self.peak.max(a);
        self.sum_sq += f64::from(s) * f64::from(s);
        self.frames += 1;
        if a >= i32::from(CLIP) {
            self.clipped += 1;
        }
    }
    pub fn peak_dbfs(&self) -> f32 {
        dbfs(f64::from(self.peak) / 32768.0)
    }
    pub fn rms_dbfs(&self) -> f32 {
        if self.frames == 0 {
            return -120.0;
        }
        dbfs((self.sum_sq / self.frames as f64).sqrt() / 32768.0)
    }
}

/// The outcome of `rehearse check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    Ok,
    TooQuiet,
    Clipping,
    Silent,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ok => "OK",
            Verdict::TooQuiet => "too quiet",
            Verdict::Clipping => "clipping",
            Verdict::Silent => "silent (wrong device?)",
        }
    }
    pub fn advice(self) -> &'static str {
        match self {
            Verdict::Ok => "the level is good for recording answers",
            Verdict::TooQuiet => {
                "move closer to the microphone or raise its input gain (e.g. in alsamixer or your sound settings)"
            }
            Verdict::Clipping => {
                "lower the input gain or move back a little: loud parts are being cut off"
            }
            Verdict::Silent => {
                "nothing but silence arrived: pick another input with --device (see `rehearse devices`) or check the mute switch"
            }
        }
    }
}

/// Decide from peak / RMS dBFS and the clipped share (0..=1).
pub fn verdict(peak_dbfs: f32, rms_dbfs: f32, clipped_share: f64) -> Verdict {
    if peak_dbfs < -60.0 {
        Verdict::Silent
    } else if clipped_share > 0.001 {
        Verdict::Clipping
    } else if rms_dbfs < -40.0 || peak_dbfs < -20.0 {
        Verdict::TooQuiet
    } else {
        Verdict::Ok
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        assert_eq!(verdict(-120.0, -120.0, 0.0), Verdict::Silent);
        assert_eq!(verdict(-30.0, -50.0, 0.0), Verdict::TooQuiet);
        assert_eq!(verdict(0.0, -10.0, 0.05), Verdict::Clipping);
        assert_eq!(verdict(-6.0, -20.0, 0.0), Verdict::Ok);
    }

    #[test]
    fn stats_full_scale() {
        let mut s = Stats::default();
        for x in [i16::MAX, i16::MIN] {
            s.add(x);
        }
        assert!(s.peak_dbfs().abs() < 0.01);
        assert_eq!(s.clipped, 2);
        assert_eq!(Stats::default().rms_dbfs(), -120.0);
    }
}
