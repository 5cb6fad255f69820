//! From per-frame verdicts to speech segments and the pauses between them.

/// Seconds per analysis frame (256 samples at 16 kHz).
pub const FRAME_S: f64 = 0.016;
/// The VAD's verdict reaches this far (s) past the frames it flagged, to cover its onset lag.
pub const VAD_REACH_S: f64 = 0.15;
/// Speech shorter than this (s) is dropped as a blip.
pub const MIN_BLIP_S: f64 = 0.1;

/// Frames needed to cover `secs` seconds.
pub fn frames(secs: f64) -> usize {
    (secs / FRAME_S).round() as usize
}

/// Speech where the VAD (widened by `reach` frames each way) says speech and the energy is
/// at or above `threshold`.
pub fn speech_mask(vad: &[bool], energy_db: &[f32], threshold: f32, reach: usize) -> Vec<bool> {
    let n = vad.len().min(energy_db.len());
    let mut widened = vec![false; n];
    let mut last_yes: Option<usize> = None;
    // Forward pass: within `reach` after a yes; backward pass: within `reach` before one.
    for i in 0..n {
        if vad[i] {
            last_yes = Some(i);
        }
        widened[i] = last_yes.is_some_and(|y| i - y <= reach);
    }
    let mut next_yes: Option<usize> = None;
    for i in (0..n).rev() {
        if vad[i] {
            next_yes = Some(i);
        }
        if next_yes.is_some_and(|y| y - i <= reach) {
            widened[i] = true;
        }
    }
    (0..n)
        .map(|i| widened[i] && energy_db[i] >= threshold)
        .collect()
}

/// Runs of `true` as [start, end) frame ranges.
pub fn runs(mask: &[bool]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &m) in mask.iter().enumerate() {
        match (m, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, mask.len()));
    }
    out
}

/// Bridge gaps shorter than `min_gap` frames between speech, then drop speech shorter than
/// `min_len` frames.
pub fn clean(mask: &[bool], min_gap: usize, min_len: usize) -> Vec<(usize, usize)> {
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in runs(mask) {
        match merged.last_mut() {
            Some(last) if s - last.1 < min_gap => last.1 = e,
            _ => merged.push((s, e)),
        }
    }
    merged.retain(|(s, e)| e - s >= min_len);
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(s: &str) -> Vec<bool> {
        s.chars().map(|c| c == '#').collect()
    }

    #[test]
    fn bridges_short_gaps_and_drops_blips() {
        let m = mask("..###.##.....#......####...");
        assert_eq!(clean(&m, 2, 2), vec![(2, 8), (20, 24)]);
    }

    #[test]
    fn vad_reach_is_cut_by_energy() {
        let vad = mask("....##......");
        let energy = [
            -80.0, -20.0, -20.0, -20.0, -20.0, -20.0, -20.0, -20.0, -80.0, -80.0, -20.0, -20.0,
        ];
        let m = speech_mask(&vad, &energy, -40.0, 3);
        assert_eq!(m, mask(".#######...."));
    }
}
