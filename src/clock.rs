//! Durations as text, one way everywhere: `m:ss` (`h:mm:ss` from an hour) and `m:ss.s`.

/// Whole seconds, rounded: `65.4` → `1:05`, `3725` → `1:02:05`; negatives show as `0:00`.
pub fn clock(seconds: f64) -> String {
    let s = seconds.max(0.0).round() as u64;
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Tenths of a second: `5.04` → `0:05.0`, `75.36` → `1:15.4`.
pub fn clock_tenths(seconds: f64) -> String {
    let tenths = (seconds.max(0.0) * 10.0).round() as u64;
    format!("{}:{:02}.{}", tenths / 600, (tenths / 10) % 60, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(clock(0.4), "0:00");
        assert_eq!(clock(65.4), "1:05");
        assert_eq!(clock(-3.0), "0:00");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(clock_tenths(5.04), "0:05.0");
        assert_eq!(clock_tenths(75.36), "1:15.4");
    }
}
