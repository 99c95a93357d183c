//! Calendar rules in the tenant's time zone.

/// The start of today in the tenant's time zone, as an instant (daily claim limits count
/// from there).
pub fn day_start(tz: &str, now: chrono::DateTime<chrono::Utc>) -> chrono::DateTime<chrono::Utc> {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    now.with_timezone(&tz)
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(tz).earliest())
        .map_or(now, |d| d.with_timezone(&chrono::Utc))
}

/// The instant a day ends in the tenant's time zone (the next day's start).
#[must_use]
pub fn day_end(tz: &str, day: chrono::NaiveDate) -> chrono::DateTime<chrono::Utc> {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let next = day.succ_opt().unwrap_or(day);
    next.and_hms_opt(0, 0, 0)
        .and_then(|d| d.and_local_timezone(tz).earliest())
        .map_or_else(
            || next.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc(),
            |d| d.with_timezone(&chrono::Utc),
        )
}

/// Today's date in the tenant's time zone.
#[must_use]
pub fn today(tz: &str) -> chrono::NaiveDate {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    chrono::Utc::now().with_timezone(&tz).date_naive()
}

/// The date at an instant in the tenant's time zone (a job run "as if" at `now`).
#[must_use]
pub fn date_at(tz: &str, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
    let tz: chrono_tz::Tz = tz.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    now.with_timezone(&tz).date_naive()
}

/// Why a day on which money moved or a document was issued cannot be, as of today in the
/// tenant's time zone (`closer_domain::cash::money_day_problem`).
#[must_use]
pub fn past_day_problem(day: chrono::NaiveDate, tz: &str) -> Option<&'static str> {
    closer_domain::cash::money_day_problem(day, today(tz))
}
