//! Keep alsa-lib's `ALSA lib …` lines off the user's terminal.
//!
//! When no card exists, opening a device makes alsa-lib print several such lines before
//! cpal returns its error. We install a thread-local error handler around every call that
//! opens a device, and keep the text so `-v` can show it.

use std::sync::Mutex;

static CAPTURED: Mutex<String> = Mutex::new(String::new());

/// Run `f` with alsa-lib's messages on this thread captured instead of printed.
pub fn quiet<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(target_os = "linux")]
    {
        let handler = alsa::Output::local_error_handler().ok();
        let result = f();
        if let Some(h) = handler {
            let text = h.borrow().to_string();
            if !text.is_empty()
                && let Ok(mut all) = CAPTURED.lock()
            {
                all.push_str(&text);
            }
        }
        result
    }
    #[cfg(not(target_os = "linux"))]
    f()
}

/// Everything alsa-lib said so far (for `-v`).
pub fn captured() -> String {
    CAPTURED.lock().map(|s| s.clone()).unwrap_or_default()
}
