//! The last second of 16 kHz samples, addressed by absolute sample index.

const SIZE: usize = 1 << 14;
const MASK: usize = SIZE - 1;

/// A ring of the most recent `SIZE` samples; older ones read as what overwrote them, so
/// callers only ask for indices less than `SIZE` behind `len`.
pub struct SampleRing {
    buf: Box<[f32; SIZE]>,
    len: u64,
}

impl Default for SampleRing {
    fn default() -> Self {
        SampleRing {
            buf: Box::new([0.0; SIZE]),
            len: 0,
        }
    }
}

impl SampleRing {
    pub fn extend(&mut self, xs: &[f32]) {
        for chunk in xs.chunks(SIZE) {
            let at = self.len as usize & MASK;
            let first = chunk.len().min(SIZE - at);
            self.buf[at..at + first].copy_from_slice(&chunk[..first]);
            self.buf[..chunk.len() - first].copy_from_slice(&chunk[first..]);
            self.len += chunk.len() as u64;
        }
    }

    /// Copy samples `[start, start + out.len())` into `out`; indices before 0 or not yet
    /// pushed read as 0.
    pub fn copy(&self, start: i64, out: &mut [f32]) {
        out.fill(0.0);
        let end = start + out.len() as i64;
        let lo = start.max(0).max(self.len as i64 - SIZE as i64);
        let hi = end.min(self.len as i64);
        let mut j = lo;
        while j < hi {
            let at = j as usize & MASK;
            let n = ((hi - j) as usize).min(SIZE - at);
            let o = (j - start) as usize;
            out[o..o + n].copy_from_slice(&self.buf[at..at + n]);
            j += n as i64;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_recent_samples_and_zero_outside() {
        let mut r = SampleRing::default();
        let head: Vec<f32> = (0..100).map(|i| i as f32).collect();
        r.extend(&head);
        let rest: Vec<f32> = (100..SIZE + 10).map(|i| i as f32).collect();
        r.extend(&rest);
        let mut out = [0.0; 4];
        r.copy((SIZE + 8) as i64, &mut out);
        assert_eq!(out, [(SIZE + 8) as f32, (SIZE + 9) as f32, 0.0, 0.0]);
        r.copy(5, &mut out);
        assert_eq!(out, [0.0; 4]);
    }
}
