//! `rehearse record` and `rehearse check`: one take through the [`Recorder`], stopped by
//! Enter, Ctrl-C, the time limit or the end of the virtual-mic file.
//!
//! Ctrl-C finalizes the take and exits 130; a second Ctrl-C exits at once (the `.part`
//! file stays repairable).

use std::io::BufRead;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use crate::app::{Ctx, out};
use crate::audio::{self, InputSpec, Recorder, RecorderEvent, RecorderOptions, TakeSummary};
use crate::cli::{CheckArgs, InputArgs, RecordArgs};
use crate::problem::Problem;
use crate::term;

/// Install the Ctrl-C handler: the first press sets the returned flag, the second exits.
pub fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = Arc::clone(&flag);
    let _ = ctrlc::set_handler(move || {
        if f.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
    });
    flag
}

/// A line on stdin (Enter) as a channel message. End of input sends nothing.
fn enter_presses() -> mpsc::Receiver<()> {
    let (tx, rx) = mpsc::channel();
    let _ = std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || {
            let mut line = String::new();
            if std::io::stdin().lock().read_line(&mut line).unwrap_or(0) > 0 {
                let _ = tx.send(());
            }
        });
    rx
}

/// Open the recorder for `--device` / `--input-wav` (shared with `run` and `resume`).
pub fn open(ctx: &Ctx, input: &InputArgs) -> anyhow::Result<Recorder> {
    let spec = if input.input_wav.is_empty() {
        InputSpec::Device(input.device.clone())
    } else {
        InputSpec::Files(input.input_wav.clone())
    };
    let defaults = RecorderOptions::default();
    let opts = RecorderOptions {
        unpaced: input.unpaced || defaults.unpaced,
        ..defaults
    };
    let rec = Recorder::open(&spec, opts).inspect_err(|_| {
        let alsa = audio::alsa_messages();
        if ctx.verbose() > 0 && !alsa.is_empty() {
            anstream::eprint!("{alsa}");
        }
    })?;
    if ctx.verbose() > 0 {
        anstream::eprintln!("input: {}", rec.describe());
    }
    Ok(rec)
}

/// How a take ended.
enum End {
    Done,
    Interrupted,
    Stalled,
    Failed(String),
}

/// Run the current take until something ends it, calling `tick` about every 50 ms.
fn wait_for_end(
    rec: &Recorder,
    interrupted: &AtomicBool,
    allow_enter: bool,
    tick: &mut dyn FnMut(&Recorder),
) -> End {
    let enter = if allow_enter {
        enter_presses()
    } else {
        mpsc::channel().1
    };
    loop {
        match rec.events().recv_timeout(Duration::from_millis(50)) {
            Ok(RecorderEvent::LimitReached | RecorderEvent::SourceEnded) => return End::Done,
            Ok(RecorderEvent::Stalled) => return End::Stalled,
            Ok(RecorderEvent::Failed(msg)) => return End::Failed(msg),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return End::Failed("recorder stopped".into()),
        }
        if interrupted.load(Ordering::SeqCst) {
            return End::Interrupted;
        }
        if enter.try_recv().is_ok() {
            return End::Done;
        }
        tick(rec);
    }
}

/// The longest take `--seconds` may ask for.
const MAX_SECONDS: f64 = 24.0 * 3600.0;

fn limit(seconds: Option<f64>) -> anyhow::Result<Option<Duration>> {
    match seconds {
        Some(s) if !(s > 0.0 && s <= MAX_SECONDS) => Err(Problem::bad_input(format!(
            "--seconds must be above 0 and at most {MAX_SECONDS} (24 hours), not {s}"
        ))
        .into()),
        Some(s) => Ok(Some(Duration::from_secs_f64(s))),
        None => Ok(None),
    }
}

/// After the take is saved, turn how it ended into the command's outcome.
fn outcome(end: End, summary: &TakeSummary) -> anyhow::Result<()> {
    let where_ = format!(
        "{:.2} s saved to {}",
        summary.duration_s(),
        summary.path.display()
    );
    match end {
        End::Done => Ok(()),
        End::Interrupted => Err(Problem::interrupted(format!("interrupted; {where_}")).into()),
        End::Stalled => Err(Problem::runtime(format!(
            "the microphone stopped delivering audio; {where_}"
        ))
        .hint("check the device and run `rehearse check`")
        .into()),
        End::Failed(msg) => Err(Problem::runtime(format!("recording failed: {msg}")).into()),
    }
}

fn summary_line(s: &TakeSummary) -> String {
    format!(
        "recorded {:.2} s to {} ({} Hz mono, dropped {}, xruns {})",
        s.duration_s(),
        s.path.display(),
        s.sample_rate,
        s.dropped,
        s.xruns
    )
}

fn warn_losses(s: &TakeSummary) {
    if s.dropped > 0 {
        term::warning(&format!(
            "{} frames ({:.3} s) were lost because the writer fell behind",
            s.dropped,
            s.dropped as f64 / f64::from(s.sample_rate.max(1))
        ));
    }
    if s.xruns > 0 {
        term::warning(&format!("the device reported {} overrun(s)", s.xruns));
    }
}

fn meter_bar(prefix: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(60);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{prefix} {msg} [{bar:30}]")
            .expect("valid template")
            .progress_chars("#  "),
    );
    bar.set_prefix(prefix.to_string());
    bar
}

/// Show the level on a bar (terminal) or as a plain line about twice a second (not).
fn show_level(bar: &Option<indicatif::ProgressBar>, last_line: &mut Instant, rec: &Recorder) {
    let level = rec.level();
    let secs = level.take_frames as f64 / f64::from(rec.sample_rate());
    match bar {
        Some(bar) => {
            bar.set_position((level.rms_dbfs + 60.0).clamp(0.0, 60.0) as u64);
            bar.set_message(format!("{secs:6.1} s  {:6.1} dBFS", level.rms_dbfs));
        }
        None => {
            if last_line.elapsed() >= Duration::from_millis(500) {
                *last_line = Instant::now();
                anstream::eprintln!(
                    "{secs:.1} s  level {:.1} dBFS (peak {:.1})",
                    level.rms_dbfs,
                    level.peak_dbfs
                );
            }
        }
    }
}

/// `rehearse record FILE.wav [--device ID] [--seconds N] [--input-wav FILE]`
pub fn record(ctx: &Ctx, args: &RecordArgs) -> anyhow::Result<()> {
    if !args
        .file
        .to_string_lossy()
        .to_ascii_lowercase()
        .ends_with(".wav")
    {
        return Err(Problem::bad_input(format!("{} must end in .wav", args.file.display())).into());
    }
    let limit = limit(args.seconds)?;
    let interrupted = interrupt_flag();
    let mut rec = open(ctx, &args.input)?;
    rec.start_take(&args.file, 0, limit)?;
    let tty = term::stderr_is_tty() && !ctx.quiet();
    let bar = tty.then(|| meter_bar("recording (Enter stops)"));
    let mut last = Instant::now();
    let end = wait_for_end(&rec, &interrupted, true, &mut |r| {
        if bar.is_some() || ctx.verbose() > 0 {
            show_level(&bar, &mut last, r);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let summary = rec.stop_take()?;
    rec.close();
    if !ctx.quiet() {
        anstream::eprintln!("{}", summary_line(&summary));
    }
    warn_losses(&summary);
    outcome(end, &summary)
}

/// `rehearse check [--device ID] [--seconds N] [--input-wav FILE]`
pub fn check(ctx: &Ctx, args: &CheckArgs) -> anyhow::Result<()> {
    let limit = limit(Some(args.seconds))?;
    let interrupted = interrupt_flag();
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("check.wav");
    let mut rec = open(ctx, &args.input)?;
    rec.start_take(&path, 0, limit)?;
    let bar = (term::stderr_is_tty() && !ctx.quiet()).then(|| meter_bar("listening"));
    let mut last = Instant::now();
    let end = wait_for_end(&rec, &interrupted, false, &mut |r| {
        if !ctx.quiet() {
            show_level(&bar, &mut last, r);
        }
    });
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let summary = rec.stop_take()?;
    rec.close();
    outcome(end, &summary)?;
    warn_losses(&summary);
    out(&check_report(&summary))
}

fn check_report(s: &TakeSummary) -> String {
    let v = audio::verdict(s.peak_dbfs, s.rms_dbfs, s.clipped_share());
    format!(
        "listened {:.1} s at {} Hz\npeak {:.1} dBFS, RMS {:.1} dBFS, clipped {:.2}%\nverdict: {}: {}\n",
        s.duration_s(),
        s.sample_rate,
        s.peak_dbfs,
        s.rms_dbfs,
        s.clipped_share() * 100.0,
        v.label(),
        v.advice()
    )
}
