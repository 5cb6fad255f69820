//! Quantiles of a dB contour in bounded memory: a histogram of 0.1 dB bins.

const LO: f32 = -120.0;
const HI: f32 = 20.0;
const STEP: f32 = 0.1;
const BINS: usize = ((HI - LO) / STEP) as usize;

/// Counts of dB values in 0.1 dB bins from -120 to +20 dB (values outside are clamped).
#[derive(Debug, Clone)]
pub struct DbHistogram {
    bins: Vec<u32>,
    total: u64,
}

impl Default for DbHistogram {
    fn default() -> Self {
        DbHistogram {
            bins: vec![0; BINS],
            total: 0,
        }
    }
}

impl DbHistogram {
    pub fn add(&mut self, db: f32) {
        let i = ((db - LO) / STEP).clamp(0.0, (BINS - 1) as f32) as usize;
        self.bins[i] += 1;
        self.total += 1;
    }

    /// The q-quantile (0..=1), to 0.1 dB; -120 when empty.
    pub fn quantile(&self, q: f64) -> f32 {
        if self.total == 0 {
            return LO;
        }
        let target = ((q * self.total as f64).ceil() as u64).max(1);
        let mut seen = 0u64;
        for (i, &c) in self.bins.iter().enumerate() {
            seen += c as u64;
            if seen >= target {
                return LO + (i as f32 + 0.5) * STEP;
            }
        }
        HI
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles() {
        let mut h = DbHistogram::default();
        for i in 0..100 {
            h.add(-100.0 + i as f32);
        }
        assert!((h.quantile(0.99) - -2.0).abs() < 0.2);
        assert!((h.quantile(0.5) - -51.0).abs() < 0.2);
        assert_eq!(DbHistogram::default().quantile(0.99), LO);
    }
}
