//! `rehearse analyze FILE.wav`: speech metrics of any WAV, as a summary or JSON.
//!
//! Also the WAV edge the rest of the program uses to analyse a recording: [`analyze_wav`]
//! streams the file through [`Analyzer`] (any rate, any channel count, mixed down to mono)
//! so an hour-long recording is never held in memory.

use std::fmt::Write as _;
use std::path::Path;

use crate::analysis::{Analyzer, Metrics, Thresholds, clock};
use crate::app::{Ctx, out, out_json};
use crate::catalog::Category;
use crate::cli::AnalyzeArgs;
use crate::problem::Problem;

/// `rehearse analyze FILE.wav [--json] [--category C]`
pub fn analyze(ctx: &Ctx, args: &AnalyzeArgs) -> anyhow::Result<()> {
    let thresholds = match &args.set {
        Some(id) => ctx.catalog()?.set(id)?.analysis.clone(),
        None => Thresholds::default(),
    };
    let metrics = analyze_wav(&args.file, args.category, &thresholds)?;
    if args.json {
        out_json(&metrics)
    } else {
        out(&render(&args.file, &metrics))
    }
}

/// Read a WAV (PCM 8–32 bit or float, any rate and channels) and measure it.
pub fn analyze_wav(
    path: &Path,
    category: Option<Category>,
    thresholds: &Thresholds,
) -> anyhow::Result<Metrics> {
    let mut analyzer = None;
    for_each_mono_block(path, |rate, block| {
        analyzer
            .get_or_insert_with(|| Analyzer::new(rate, thresholds))
            .push(block)
    })?;
    let analyzer = analyzer.expect("for_each_mono_block creates the analyser");
    Ok(analyzer.finish(category))
}

/// Read a whole WAV into mono f32 samples (-1..1) and its sample rate.
pub fn read_wav_mono(path: &Path) -> anyhow::Result<(Vec<f32>, u32)> {
    let mut samples = Vec::new();
    let mut rate = 0;
    for_each_mono_block(path, |r, block| {
        rate = r;
        samples.extend_from_slice(block);
    })?;
    Ok((samples, rate))
}

const BLOCK: usize = 8192;

/// Stream a WAV as blocks of mono samples (channels averaged); `f` is called at least once.
fn for_each_mono_block(path: &Path, mut f: impl FnMut(u32, &[f32])) -> anyhow::Result<()> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Problem::bad_input(format!("{shown}: no such file")).into(),
        _ => anyhow::Error::new(e).context(format!("reading {shown}")),
    })?;
    let mut reader = hound::WavReader::new(std::io::BufReader::with_capacity(1 << 16, file))
        .map_err(|e| not_wav(path, e))?;
    let spec = reader.spec();
    if spec.sample_rate == 0 || spec.channels == 0 {
        return Err(
            Problem::bad_input(format!("{shown}: a WAV with no sample rate or channels")).into(),
        );
    }
    let channels = spec.channels as usize;
    let mut frame_buf = Vec::with_capacity(BLOCK * channels);
    let mut mono = Vec::with_capacity(BLOCK);
    let mut emit = |frame_buf: &mut Vec<f32>, mono: &mut Vec<f32>| {
        if channels == 1 {
            f(spec.sample_rate, frame_buf);
        } else {
            mono.clear();
            mono.extend(
                frame_buf
                    .chunks_exact(channels)
                    .map(|c| c.iter().sum::<f32>() / channels as f32),
            );
            f(spec.sample_rate, mono);
        }
        frame_buf.clear();
    };
    let bad = |e: hound::Error| {
        anyhow::Error::new(Problem::bad_input(format!("{shown}: {e}")))
            .context(format!("reading {shown}"))
    };
    match (spec.sample_format, spec.bits_per_sample) {
        (hound::SampleFormat::Int, 16) => {
            // The common case, read in bulk: hound's per-sample iterator costs more than the
            // whole analysis of an hour.
            let total = reader.len() as usize;
            let mut inner = reader.into_inner();
            let mut bytes = vec![0u8; BLOCK * channels * 2];
            let mut left = total;
            while left > 0 {
                let n = left.min(BLOCK * channels);
                std::io::Read::read_exact(&mut inner, &mut bytes[..n * 2])
                    .map_err(|e| bad(hound::Error::IoError(e)))?;
                frame_buf.extend(
                    bytes[..n * 2]
                        .chunks_exact(2)
                        .map(|b| i16::from_le_bytes([b[0], b[1]]) as f32 / 32768.0),
                );
                left -= n;
                emit(&mut frame_buf, &mut mono);
            }
        }
        (hound::SampleFormat::Float, _) => {
            for s in reader.samples::<f32>() {
                frame_buf.push(s.map_err(bad)?);
                if frame_buf.len() == BLOCK * channels {
                    emit(&mut frame_buf, &mut mono);
                }
            }
        }
        (hound::SampleFormat::Int, bits) => {
            let scale = 1.0 / (1u64 << (bits - 1)) as f32;
            for s in reader.samples::<i32>() {
                frame_buf.push(s.map_err(bad)? as f32 * scale);
                if frame_buf.len() == BLOCK * channels {
                    emit(&mut frame_buf, &mut mono);
                }
            }
        }
    }
    frame_buf.truncate(frame_buf.len() / channels * channels);
    emit(&mut frame_buf, &mut mono);
    Ok(())
}

/// The header could not be parsed: whatever the cause, the file is not a WAV we can read.
fn not_wav(path: &Path, e: hound::Error) -> anyhow::Error {
    Problem::bad_input(format!(
        "{} is not a WAV file rehearse can read: {e}",
        path.display()
    ))
    .hint("rehearse reads PCM WAV (8, 16, 24 or 32 bit, or 32-bit float), any rate and channels")
    .hint("convert other formats first, e.g. `ffmpeg -i answer.m4a answer.wav`")
    .into()
}

/// The readable summary: one line per metric, estimates marked, thresholds shown.
pub fn render(path: &Path, m: &Metrics) -> String {
    let t = &m.thresholds;
    let mut s = String::new();
    let _ = writeln!(s, "{}", path.display());
    let _ = writeln!(s, "  {}", m.summary_line());
    let _ = writeln!(s);
    let _ = writeln!(s, "  duration          {}", clock(m.duration_s));
    let _ = writeln!(
        s,
        "  speaking          {} ({:.0}% of the time)",
        clock(m.speech_s),
        m.speaking_ratio * 100.0
    );
    match m.first_word_s {
        Some(f) => {
            let _ = writeln!(s, "  first word at     {f:.2} s");
        }
        None => {
            let _ = writeln!(s, "  first word at     - (no speech found)");
        }
    }
    let _ = writeln!(
        s,
        "  pauses            {} of {}–{} s, {} over {} s, longest {:.2} s",
        m.pauses.medium,
        t.min_pause_s,
        t.long_pause_s,
        m.pauses.long,
        t.long_pause_s,
        m.pauses.longest_s
    );
    let _ = writeln!(
        s,
        "  syllables         {} (estimated from syllable nuclei)",
        m.syllables
    );
    let _ = writeln!(
        s,
        "  rate              {:.2} syllables/s overall, {:.2} while speaking",
        m.speech_rate, m.articulation_rate
    );
    let _ = writeln!(
        s,
        "  pace              ~{:.0} words/min (estimate: syllables / {})",
        m.wpm_estimate, t.syllables_per_word
    );
    let _ = writeln!(
        s,
        "  level             {:.1} dBFS RMS, {:.1} dBFS peak over speech; {:.3}% samples clipped",
        m.rms_dbfs,
        m.peak_dbfs,
        m.clipped_ratio * 100.0
    );
    if m.warnings.is_empty() {
        let _ = writeln!(s, "  warnings          none");
    } else {
        for w in &m.warnings {
            let _ = writeln!(
                s,
                "  warning           {}: {}",
                w.as_str(),
                w.explain(t, m.category)
            );
        }
    }
    let window = m
        .category
        .map(|c| {
            let [lo, hi] = t.window(c);
            format!("; {} answers {lo}–{hi} s", c.as_str())
        })
        .unwrap_or_default();
    let _ = writeln!(
        s,
        "  thresholds        quiet < {} dBFS RMS or < {} dBFS peak; clipping > {}% at {}; pace {}–{} wpm; long start > {} s{window}",
        t.quiet_rms_dbfs,
        t.quiet_peak_dbfs,
        t.clip_ratio * 100.0,
        t.clip_level,
        t.slow_wpm,
        t.fast_wpm,
        t.long_start_s
    );
    s
}
