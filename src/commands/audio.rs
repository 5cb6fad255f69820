//! `rehearse devices`, `rehearse replay` and `rehearse repair`: the audio commands that do
//! not record.

use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;

use crate::app::{Ctx, out, out_json};
use crate::audio::{self, DeviceInfo, PlayProgress, RepairOutcome};
use crate::cli::{DevicesArgs, RepairArgs, ReplayArgs};
use crate::problem::Problem;
use crate::session::store;
use crate::term;

/// `rehearse devices [--json]`
pub fn devices(ctx: &Ctx, args: &DevicesArgs) -> anyhow::Result<()> {
    let list = audio::list_devices()?;
    if args.json {
        return out_json(&list);
    }
    if list.is_empty() {
        term::warning("no audio devices found");
        return Ok(());
    }
    out(&devices_table(&list, ctx.verbose() > 0))
}

fn ranges(rates: &[(u32, u32)]) -> String {
    rates
        .iter()
        .map(|&(a, b)| {
            if a == b {
                format!("{a}")
            } else {
                format!("{a}-{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn rates_of(d: &DeviceInfo) -> String {
    let r = if d.input {
        ranges(&d.input_rates)
    } else {
        ranges(&d.output_rates)
    };
    if r.is_empty() { "?".into() } else { r }
}

fn devices_table(list: &[DeviceInfo], verbose: bool) -> String {
    let width = list.iter().map(|d| d.id.len()).max().unwrap_or(2).max(2);
    let rw = list
        .iter()
        .map(|d| rates_of(d).len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut text = format!(
        "  {:width$}  {:7}  {:rw$}  DESCRIPTION\n",
        "ID", "KIND", "RATES (Hz)"
    );
    for d in list {
        let kind = match (d.input, d.output) {
            (true, true) => "in+out",
            (true, false) => "in",
            (false, true) => "out",
            (false, false) => "-",
        };
        let mark = match (d.default_input, d.default_output) {
            (true, true) => "in+out default",
            (true, false) => "in default",
            (false, true) => "out default",
            _ => "",
        };
        let star = if mark.is_empty() { ' ' } else { '*' };
        let rates = rates_of(d);
        let mut desc = d.description.clone();
        if !mark.is_empty() {
            desc = format!("{desc} ({mark})");
        }
        if verbose {
            desc = format!(
                "{desc} [in ch {:?}, out ch {:?}]",
                d.input_channels, d.output_channels
            );
        }
        text.push_str(&format!(
            "{star} {:width$}  {kind:7}  {rates:rw$}  {desc}\n",
            d.id
        ));
    }
    text
}

fn secs(d: Duration) -> String {
    crate::clock::clock_tenths(d.as_secs_f64())
}

/// `rehearse replay FILE.wav [--output-device ID]`
pub fn replay(ctx: &Ctx, args: &ReplayArgs) -> anyhow::Result<()> {
    if args.file.is_file() {
        return play_one(ctx, &args.file, args.output_device.as_deref());
    }
    let arg = args.file.to_string_lossy();
    let dir = store::resolve(&ctx.global.reports_dir, &arg).map_err(|e| {
        if arg.ends_with(".wav") {
            Problem::bad_input(format!("no such file: {arg}")).into()
        } else {
            e
        }
    })?;
    let session = store::load(&dir)?;
    let recorded: Vec<(usize, &str, String)> = session
        .recorded()
        .filter_map(|(i, q, a)| Some((i, q.id.as_str(), a.file.clone()?)))
        .collect();
    let chosen: Vec<&(usize, &str, String)> = match &args.question {
        None => recorded.iter().collect(),
        Some(want) => {
            let by_number = want.parse::<usize>().ok();
            let hit: Vec<_> = recorded
                .iter()
                .filter(|(i, id, _)| *id == want.as_str() || by_number == Some(i + 1))
                .collect();
            if hit.is_empty() {
                let ids: Vec<&str> = recorded.iter().map(|(_, id, _)| *id).collect();
                return Err(Problem::bad_input(format!(
                    "session {} has no recorded answer `{want}`",
                    session.id
                ))
                .hint(format!("recorded: {}", ids.join(", ")))
                .into());
            }
            hit
        }
    };
    if chosen.is_empty() {
        return Err(Problem::bad_input(format!(
            "session {} has no recorded answers yet",
            session.id
        ))
        .into());
    }
    for (i, id, file) in chosen {
        if !ctx.quiet() {
            anstream::eprintln!("{}. {id}", i + 1);
        }
        play_one(ctx, &dir.join(file), args.output_device.as_deref())?;
    }
    Ok(())
}

fn play_one(ctx: &Ctx, file: &std::path::Path, output_device: Option<&str>) -> anyhow::Result<()> {
    let bar = if term::stderr_is_tty() && !ctx.quiet() {
        let bar = indicatif::ProgressBar::new(1000);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{prefix} [{bar:30}] {msg}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(format!("playing {}", file.display()));
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };
    let mut on_progress = |p: PlayProgress| {
        let frac = if p.length.is_zero() {
            1.0
        } else {
            p.position.as_secs_f64() / p.length.as_secs_f64()
        };
        bar.set_position((frac * 1000.0) as u64);
        bar.set_message(format!("{} / {}", secs(p.position), secs(p.length)));
        ControlFlow::Continue(())
    };
    audio::play_file(file, output_device, &mut on_progress)?;
    bar.finish_and_clear();
    if !ctx.quiet() {
        let len = hound::WavReader::open(file)
            .map(|r| f64::from(r.duration()) / f64::from(r.spec().sample_rate))
            .unwrap_or(0.0);
        anstream::eprintln!("played {} ({len:.2} s)", file.display());
    }
    Ok(())
}

/// `rehearse repair FILE.wav|DIR ...`
pub fn repair(_ctx: &Ctx, args: &RepairArgs) -> anyhow::Result<()> {
    let mut files = Vec::new();
    for p in &args.paths {
        if p.is_dir() {
            let before = files.len();
            collect_wavs(p, &mut files)?;
            if files.len() == before {
                term::warning(&format!("no .wav or .wav.part files under {}", p.display()));
            }
        } else if p.exists() {
            files.push(p.clone());
        } else {
            return Err(
                Problem::bad_input(format!("no such file or folder: {}", p.display())).into(),
            );
        }
    }
    let mut text = String::new();
    for f in &files {
        let r = audio::repair(f)?;
        let line = match r.outcome {
            RepairOutcome::AlreadyGood => {
                format!(
                    "{}: already good ({:.2} s)\n",
                    r.path.display(),
                    r.seconds_after
                )
            }
            RepairOutcome::Repaired => format!(
                "{}: repaired, {:.2} s of audio (header said {:.2} s)\n",
                r.path.display(),
                r.seconds_after,
                r.seconds_before
            ),
        };
        text.push_str(&line);
    }
    out(&text)
}

fn collect_wavs(dir: &Path, files: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("reading folder {}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.to_string_lossy().to_ascii_lowercase();
        if p.is_dir() {
            collect_wavs(&p, files)?;
        } else if name.ends_with(".wav") || name.ends_with(".wav.part") {
            files.push(p);
        }
    }
    Ok(())
}
