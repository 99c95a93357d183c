//! Prometheus counters, kept in atomics and written out at `/metrics`.

use std::{
    fmt::Write,
    sync::atomic::{AtomicU64, Ordering},
    time::{Duration, Instant},
};

/// Upper bounds of the request-duration histogram, in seconds.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0, 5.0];

#[derive(Debug)]
pub struct Metrics {
    started: Instant,
    /// By status class: 1xx … 5xx.
    requests: [AtomicU64; 5],
    buckets: [AtomicU64; BUCKETS.len()],
    duration_micros: AtomicU64,
    jobs_ok: AtomicU64,
    jobs_failed: AtomicU64,
    logins_failed: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            requests: Default::default(),
            buckets: Default::default(),
            duration_micros: AtomicU64::new(0),
            jobs_ok: AtomicU64::new(0),
            jobs_failed: AtomicU64::new(0),
            logins_failed: AtomicU64::new(0),
        }
    }
}

impl Metrics {
    pub fn request(&self, status: u16, took: Duration) {
        let class = usize::from(status / 100).clamp(1, 5) - 1;
        self.requests[class].fetch_add(1, Ordering::Relaxed);
        let secs = took.as_secs_f64();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if secs <= *bound {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.duration_micros.fetch_add(
            u64::try_from(took.as_micros()).unwrap_or(u64::MAX),
            Ordering::Relaxed,
        );
    }

    pub fn job_done(&self, _kind: &str, ok: bool, _took: Duration) {
        if ok {
            self.jobs_ok.fetch_add(1, Ordering::Relaxed);
        } else {
            self.jobs_failed.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn login_failed(&self) {
        self.logins_failed.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        let total: u64 = self
            .requests
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .sum();
        let _ = writeln!(
            out,
            "# HELP closer_http_requests_total HTTP requests answered, by status class."
        );
        let _ = writeln!(out, "# TYPE closer_http_requests_total counter");
        for (i, c) in self.requests.iter().enumerate() {
            let _ = writeln!(
                out,
                "closer_http_requests_total{{class=\"{}xx\"}} {}",
                i + 1,
                c.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP closer_http_request_duration_seconds Time to answer HTTP requests."
        );
        let _ = writeln!(out, "# TYPE closer_http_request_duration_seconds histogram");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "closer_http_request_duration_seconds_bucket{{le=\"{bound}\"}} {}",
                self.buckets[i].load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "closer_http_request_duration_seconds_bucket{{le=\"+Inf\"}} {total}"
        );
        #[allow(clippy::cast_precision_loss)]
        let sum = self.duration_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(out, "closer_http_request_duration_seconds_sum {sum}");
        let _ = writeln!(out, "closer_http_request_duration_seconds_count {total}");
        let _ = writeln!(
            out,
            "# HELP closer_jobs_total Background jobs run, by outcome."
        );
        let _ = writeln!(out, "# TYPE closer_jobs_total counter");
        let _ = writeln!(
            out,
            "closer_jobs_total{{outcome=\"ok\"}} {}",
            self.jobs_ok.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "closer_jobs_total{{outcome=\"failed\"}} {}",
            self.jobs_failed.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP closer_logins_failed_total Failed sign-in attempts."
        );
        let _ = writeln!(out, "# TYPE closer_logins_failed_total counter");
        let _ = writeln!(
            out,
            "closer_logins_failed_total {}",
            self.logins_failed.load(Ordering::Relaxed)
        );
        let _ = writeln!(
            out,
            "# HELP closer_uptime_seconds Seconds since the server started."
        );
        let _ = writeln!(out, "# TYPE closer_uptime_seconds gauge");
        let _ = writeln!(
            out,
            "closer_uptime_seconds {}",
            self.started.elapsed().as_secs()
        );
        out
    }
}
