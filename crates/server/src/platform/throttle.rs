//! Fixed-window counters that throttle the public web-form endpoint per client address
//! and per form.

use std::{
    collections::HashMap,
    net::IpAddr,
    sync::Mutex,
    time::{Duration, Instant},
};

/// Posts accepted per client address and form per minute, and per form per hour.
const PER_CLIENT_PER_MINUTE: u32 = 10;

const PER_FORM_PER_HOUR: u32 = 2000;

/// A form key with a client address (per-client window) or without (per-form window).
type WindowKey = (String, Option<IpAddr>);

/// Fixed-window counters for the public capture endpoint.
#[derive(Default)]
pub struct CaptureLimiter {
    windows: Mutex<HashMap<WindowKey, (Instant, u32)>>,
}

impl CaptureLimiter {
    pub fn allow(&self, form: &str, client: IpAddr) -> bool {
        let Ok(mut windows) = self.windows.lock() else {
            return false;
        };
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| start.elapsed() < Duration::from_secs(3600));
        }
        let mut hit = |key: (String, Option<IpAddr>), span: Duration, max: u32| {
            let entry = windows.entry(key).or_insert((Instant::now(), 0));
            if entry.0.elapsed() >= span {
                *entry = (Instant::now(), 0);
            }
            entry.1 += 1;
            entry.1 <= max
        };
        hit(
            (form.to_owned(), Some(client)),
            Duration::from_secs(60),
            PER_CLIENT_PER_MINUTE,
        ) && hit(
            (form.to_owned(), None),
            Duration::from_secs(3600),
            PER_FORM_PER_HOUR,
        )
    }
}
