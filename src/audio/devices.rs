//! Finding cpal devices by id, and listing them for `rehearse devices`.
//!
//! Devices are chosen by id (`alsa:fakemic`), never by position: the ALSA list contains
//! `null`, which "supports input" and records silence.

use cpal::traits::{DeviceTrait, HostTrait};

use super::alsa_quiet::quiet;
use crate::problem::Problem;

/// Which way a device is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Input,
    Output,
}

impl Direction {
    fn noun(self) -> &'static str {
        match self {
            Direction::Input => "input",
            Direction::Output => "output",
        }
    }
}

/// The device named by `id` (or the default one), or a [`Problem`] with a hint.
pub fn find(id: Option<&str>, direction: Direction) -> anyhow::Result<cpal::Device> {
    let Some(id) = id else {
        let host = cpal::default_host();
        let device = quiet(|| match direction {
            Direction::Input => host.default_input_device(),
            Direction::Output => host.default_output_device(),
        });
        return device.ok_or_else(|| {
            Problem::runtime(format!("no default audio {} device", direction.noun()))
                .hint("rehearse devices")
                .into()
        });
    };
    let parsed: cpal::DeviceId = id.parse().map_err(|e: cpal::Error| {
        Problem::bad_input(format!("bad device id {id:?}: {e}"))
            .hint("device ids look like `alsa:default`; `rehearse devices` lists them")
    })?;
    let host = cpal::host_from_id(parsed.host()).map_err(|e| {
        Problem::runtime(format!("audio host of {id:?} is not available: {e}"))
            .hint("rehearse devices")
    })?;
    quiet(|| host.device_by_id(&parsed)).ok_or_else(|| {
        Problem::bad_input(format!("no audio device with id {id:?}"))
            .hint("rehearse devices   (lists the ids)")
            .into()
    })
}

/// One line of `rehearse devices`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DeviceInfo {
    pub id: String,
    pub description: String,
    pub input: bool,
    pub output: bool,
    pub default_input: bool,
    pub default_output: bool,
    /// Sample rates (Hz) the device accepts for input, as min-max ranges.
    pub input_rates: Vec<(u32, u32)>,
    pub input_channels: Vec<u16>,
    pub output_rates: Vec<(u32, u32)>,
    pub output_channels: Vec<u16>,
}

/// Every device of the default host, with defaults marked. Opening a device to ask its
/// configurations may fail (busy, no card): such a device is listed without them.
pub fn list_devices() -> anyhow::Result<Vec<DeviceInfo>> {
    let host = cpal::default_host();
    quiet(|| {
        let default_in = host.default_input_device().and_then(|d| d.id().ok());
        let default_out = host.default_output_device().and_then(|d| d.id().ok());
        let devices = host
            .devices()
            .map_err(|e| Problem::runtime(format!("cannot list audio devices: {e}")))?;
        let mut list = Vec::new();
        for d in devices {
            let Ok(id) = d.id() else { continue };
            let description = d
                .description()
                .map(|x| x.name().to_string())
                .unwrap_or_default();
            let (input, output) = (d.supports_input(), d.supports_output());
            let mut info = DeviceInfo {
                id: id.to_string(),
                description,
                input,
                output,
                default_input: default_in.as_ref() == Some(&id),
                default_output: default_out.as_ref() == Some(&id),
                input_rates: vec![],
                input_channels: vec![],
                output_rates: vec![],
                output_channels: vec![],
            };
            if input && let Ok(cfgs) = d.supported_input_configs() {
                for c in cfgs {
                    push_range(&mut info.input_rates, &mut info.input_channels, &c);
                }
            }
            if output && let Ok(cfgs) = d.supported_output_configs() {
                for c in cfgs {
                    push_range(&mut info.output_rates, &mut info.output_channels, &c);
                }
            }
            list.push(info);
        }
        Ok(list)
    })
}

fn push_range(
    rates: &mut Vec<(u32, u32)>,
    channels: &mut Vec<u16>,
    c: &cpal::SupportedStreamConfigRange,
) {
    let r = (c.min_sample_rate(), c.max_sample_rate());
    if !rates.contains(&r) {
        rates.push(r);
    }
    if !channels.contains(&c.channels()) {
        channels.push(c.channels());
        channels.sort_unstable();
    }
}
