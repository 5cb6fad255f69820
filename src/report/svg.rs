//! Geometry for the inline SVG in the reports: waveforms, score bars and line charts.
//!
//! Everything here is numbers turned into typed values the templates lay out; no markup is
//! built in Rust, so nothing reaches the page without the template's escaping.

use serde::Serialize;

use super::metrics::Span;
use super::wave::Peaks;

/// Width and height of a waveform's `viewBox`.
pub const WAVE_W: f64 = 600.0;
pub const WAVE_H: f64 = 80.0;

/// One answer's waveform: an outline path and the shaded speech regions.
#[derive(Debug, Clone, Serialize)]
pub struct Waveform {
    pub path: String,
    pub regions: Vec<Region>,
    pub has_regions: bool,
    /// Time labels under the waveform: start, middle, end.
    pub ticks: Vec<String>,
    /// Text alternative for screen readers.
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Region {
    pub x: String,
    pub width: String,
}

fn n(x: f64) -> String {
    let s = format!("{x:.1}");
    match s.strip_suffix(".0") {
        Some(int) if int != "-0" => int.to_string(),
        Some(_) => "0".to_string(),
        None => s,
    }
}

pub fn waveform(peaks: &Peaks, speech: &[Span], label: String) -> Waveform {
    let cols = peaks.columns.len().max(1) as f64;
    let step = WAVE_W / cols;
    let mid = WAVE_H / 2.0;
    let y = |v: f32| mid - f64::from(v) * (mid - 1.0);
    let mut path = String::with_capacity(peaks.columns.len() * 16);
    for (i, &(_, hi)) in peaks.columns.iter().enumerate() {
        let x = i as f64 * step;
        path.push_str(if i == 0 { "M" } else { "L" });
        path.push_str(&format!("{} {} ", n(x), n(y(hi).min(mid - 0.5))));
    }
    for (i, &(lo, _)) in peaks.columns.iter().enumerate().rev() {
        let x = i as f64 * step;
        path.push_str(&format!("L{} {} ", n(x), n(y(lo).max(mid + 0.5))));
    }
    if !path.is_empty() {
        path.push('Z');
    }
    let d = peaks.duration_s;
    let regions: Vec<Region> = if d > 0.0 {
        speech
            .iter()
            .map(|s| {
                let x0 = (s.start / d).clamp(0.0, 1.0) * WAVE_W;
                let x1 = (s.end / d).clamp(0.0, 1.0) * WAVE_W;
                Region {
                    x: n(x0),
                    width: n((x1 - x0).max(0.5)),
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    Waveform {
        path,
        has_regions: !regions.is_empty(),
        regions,
        ticks: vec![
            super::context::clock(0.0),
            super::context::clock(d / 2.0),
            super::context::clock(d),
        ],
        label,
    }
}

/// A horizontal score bar in a `0 0 100 H` box: self above coach.
#[derive(Debug, Clone, Serialize)]
pub struct ScoreBars {
    pub self_width: Option<String>,
    pub coach_width: Option<String>,
    /// x positions of the scale's grid lines.
    pub grid: Vec<String>,
    pub label: String,
}

pub fn score_bars(
    self_avg: Option<f64>,
    coach_avg: Option<f64>,
    max: u8,
    label: String,
) -> ScoreBars {
    let max = f64::from(max.max(1));
    let w = |v: f64| n((v / max).clamp(0.0, 1.0) * 100.0);
    ScoreBars {
        self_width: self_avg.map(w),
        coach_width: coach_avg.map(w),
        grid: (1..max as u32).map(|v| w(f64::from(v))).collect(),
        label,
    }
}

/// A line chart in a `0 0 W H` box with labelled axes.
#[derive(Debug, Clone, Serialize)]
pub struct LineChart {
    pub width: u32,
    pub height: u32,
    pub series: Vec<Series>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// y of the zero line when the range spans zero (gap charts).
    pub zero_y: Option<String>,
    pub label: String,
    pub plot_left: u32,
    pub plot_right: u32,
    pub plot_top: u32,
    pub plot_bottom: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub name: String,
    /// `x,y x,y …` for a polyline.
    pub points: String,
    pub dots: Vec<Dot>,
    /// Colour slot 0..8 (CSS class `s0`…`s7`).
    pub slot: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dot {
    pub x: String,
    pub y: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Tick {
    pub pos: String,
    pub label: String,
}

/// Input for a line chart: named series of optional values per x position.
pub struct SeriesInput {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

pub fn line_chart(
    x_labels: &[String],
    series: &[SeriesInput],
    y_range: (f64, f64),
    y_step: f64,
    size: (u32, u32),
    label: String,
) -> LineChart {
    let (width, height) = size;
    let (left, right, top, bottom) = (30u32, width - 24, 10u32, height - 24);
    let (lo, hi) = y_range;
    let span = (hi - lo).max(f64::EPSILON);
    let count = x_labels.len();
    let x_at = |i: usize| {
        if count <= 1 {
            f64::from(left + right) / 2.0
        } else {
            f64::from(left) + i as f64 * f64::from(right - left) / (count - 1) as f64
        }
    };
    let y_at = |v: f64| f64::from(bottom) - (v.clamp(lo, hi) - lo) / span * f64::from(bottom - top);
    let mut y_ticks = Vec::new();
    let mut v = lo;
    while v <= hi + 1e-9 {
        y_ticks.push(Tick {
            pos: n(y_at(v)),
            label: n(v),
        });
        v += y_step;
    }
    // At most ~8 x labels so they never overlap.
    let every = count.div_ceil(8).max(1);
    let x_ticks = x_labels
        .iter()
        .enumerate()
        .filter(|(i, _)| i % every == 0 || *i + 1 == count)
        .map(|(i, l)| Tick {
            pos: n(x_at(i)),
            label: l.clone(),
        })
        .collect();
    let series = series
        .iter()
        .enumerate()
        .map(|(slot, s)| {
            let dots: Vec<Dot> = s
                .values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let v = (*v)?;
                    Some(Dot {
                        x: n(x_at(i)),
                        y: n(y_at(v)),
                        title: format!(
                            "{}: {} ({})",
                            s.name,
                            super::context::one_decimal(v),
                            x_labels.get(i).map_or("", String::as_str)
                        ),
                    })
                })
                .collect();
            Series {
                name: s.name.clone(),
                points: dots
                    .iter()
                    .map(|d| format!("{},{}", d.x, d.y))
                    .collect::<Vec<_>>()
                    .join(" "),
                dots,
                slot: slot % 8,
            }
        })
        .collect();
    LineChart {
        width,
        height,
        series,
        y_ticks,
        x_ticks,
        zero_y: (lo < 0.0 && hi > 0.0).then(|| n(y_at(0.0))),
        label,
        plot_left: left,
        plot_right: right,
        plot_top: top,
        plot_bottom: bottom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(n(1.0), "1");
        assert_eq!(n(-0.04), "0");
        assert_eq!(n(2.25), "2.2");
        assert_eq!(n(12.36), "12.4");
    }

    #[test]
    fn waveform_regions_scale_to_the_view() {
        let peaks = Peaks {
            columns: vec![(-0.5, 0.5); 4],
            duration_s: 10.0,
        };
        let w = waveform(
            &peaks,
            &[Span {
                start: 5.0,
                end: 10.0,
            }],
            "x".into(),
        );
        assert_eq!(w.regions[0].x, "300");
        assert_eq!(w.regions[0].width, "300");
        assert!(w.path.starts_with("M0 20.5 L150 20.5"), "{}", w.path);
        assert!(w.path.ends_with('Z'));
    }

    #[test]
    fn line_chart_places_points_inside_the_plot() {
        let c = line_chart(
            &["a".into(), "b".into()],
            &[SeriesInput {
                name: "s".into(),
                values: vec![Some(1.0), Some(4.0)],
            }],
            (1.0, 4.0),
            1.0,
            (640, 220),
            "chart".into(),
        );
        assert_eq!(c.series[0].points, "30,196 616,10");
        assert_eq!(c.y_ticks.len(), 4);
        assert!(c.zero_y.is_none());
    }
}
