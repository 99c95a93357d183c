//! A company's time zone as rows the database can read: `zone_offsets` holds, per tenant,
//! each spell of a constant UTC offset (from its first second, as Unix seconds). Triggers
//! read it to put an instant on the company's calendar day — the sales cycle's "won date −
//! created date" — without the zone rules, which SQLite does not have and PostgreSQL's may
//! not agree with ours (chrono-tz, which the rest of the product reads days by).

use chrono::{DateTime, Offset, TimeZone, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, FromQueryResult, Statement};

use crate::platform::dialect::{epoch_seconds, param};

/// The first instant scanned for changes of offset, 1800-01-01. The first spell starts far
/// before it (with the zone's offset then), so every instant finds a spell.
const FIRST: i64 = -5_364_662_400;
const EARLIEST: i64 = -100_000_000_000;
/// The last instant scanned for changes of offset, 2200-01-01.
const LAST: i64 = 7_258_118_400;
const DAY: i64 = 86_400;

/// Spells of one offset: (first second, offset in seconds).
type Spells = Vec<(i64, i32)>;

fn offset_at(zone: chrono_tz::Tz, at: i64) -> i32 {
    DateTime::<Utc>::from_timestamp(at, 0).map_or(0, |t| {
        zone.offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
    })
}

/// The zone's spells of one UTC offset: (first second, offset in seconds), in order. An
/// unknown zone name is read as UTC. Worked out once per zone and process.
#[must_use]
pub fn spells(zone: &str) -> Spells {
    static KNOWN: std::sync::Mutex<Vec<(String, Spells)>> = std::sync::Mutex::new(Vec::new());
    let mut known = KNOWN
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, s)) = known.iter().find(|(z, _)| z == zone) {
        return s.clone();
    }
    let s = scan(zone);
    known.push((zone.to_owned(), s.clone()));
    s
}

fn scan(zone: &str) -> Spells {
    let Ok(zone) = zone.parse::<chrono_tz::Tz>() else {
        return vec![(EARLIEST, 0)];
    };
    let mut out = vec![(EARLIEST, offset_at(zone, FIRST))];
    let mut at = FIRST;
    // Day by day, then the second a change happened by halving (zones change at most a few
    // times a year, never twice in a day).
    while at < LAST {
        let next = at + DAY;
        let current = out.last().map_or(0, |s| s.1);
        if offset_at(zone, next) != current {
            let (mut lo, mut hi) = (at, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(zone, mid) == current {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push((hi, offset_at(zone, hi)));
        }
        at = next;
    }
    out
}

/// The company's calendar day of an instant, as whole days since 1970-01-01 — `at` an SQL
/// instant, `tenant` the SQL expression of its tenant's id. Exact for any instant: the day
/// is floored, not truncated, before 1970 too.
#[must_use]
pub fn local_day_sql(b: DbBackend, tenant: &str, at: &str) -> String {
    let epoch = epoch_seconds(b, at);
    let local = format!(
        "({epoch} + (SELECT z.offset_seconds FROM zone_offsets z WHERE z.tenant_id = {tenant} \
         AND z.starts_at <= {epoch} ORDER BY z.starts_at DESC LIMIT 1))"
    );
    format!("(({local} - ((({local} % {DAY}) + {DAY}) % {DAY})) / {DAY})")
}

/// Writes the spells of every tenant that has none (a new tenant, a restored one, the
/// tenants there before the table was), or of `only` that one.
///
/// # Errors
/// When the database fails.
pub async fn fill_missing<C: ConnectionTrait>(
    conn: &C,
    only: Option<uuid::Uuid>,
) -> Result<(), DbErr> {
    #[derive(FromQueryResult)]
    struct Tenant {
        tenant_id: uuid::Uuid,
        time_zone: String,
    }
    let b = conn.get_database_backend();
    let (only_sql, values): (String, Vec<sea_orm::Value>) = match only {
        Some(id) => (
            format!(" AND t.tenant_id = {}", param(b, 1)),
            vec![id.into()],
        ),
        None => (String::new(), Vec::new()),
    };
    let missing = Tenant::find_by_statement(Statement::from_sql_and_values(
        b,
        format!(
            "SELECT t.tenant_id, t.time_zone FROM tenants t WHERE NOT EXISTS \
             (SELECT 1 FROM zone_offsets z WHERE z.tenant_id = t.tenant_id){only_sql}"
        ),
        values,
    ))
    .all(conn)
    .await?;
    for t in missing {
        let rows = spells(&t.time_zone);
        for chunk in rows.chunks(200) {
            let mut values: Vec<sea_orm::Value> = Vec::with_capacity(chunk.len() * 3);
            let mut tuples = Vec::with_capacity(chunk.len());
            for (starts, offset) in chunk {
                values.extend([t.tenant_id.into(), (*starts).into(), (*offset).into()]);
                let n = values.len();
                tuples.push(format!(
                    "({}, {}, {})",
                    param(b, n - 2),
                    param(b, n - 1),
                    param(b, n)
                ));
            }
            conn.execute(Statement::from_sql_and_values(
                b,
                format!(
                    "INSERT INTO zone_offsets (tenant_id, starts_at, offset_seconds) VALUES {}",
                    tuples.join(", ")
                ),
                values,
            ))
            .await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The day the spells put an instant on, in Rust, as the SQL does.
    fn day_by_spells(spells: &[(i64, i32)], at: i64) -> i64 {
        let offset = spells
            .iter()
            .rev()
            .find(|(starts, _)| *starts <= at)
            .map_or(0, |s| s.1);
        (at + i64::from(offset)).div_euclid(DAY)
    }

    fn day_by_chrono(zone: &str, at: i64) -> i64 {
        let zone: chrono_tz::Tz = zone.parse().unwrap();
        let date = DateTime::<Utc>::from_timestamp(at, 0)
            .unwrap()
            .with_timezone(&zone)
            .date_naive();
        (date - chrono::NaiveDate::from_ymd_opt(1970, 1, 1).unwrap()).num_days()
    }

    const ZONES: [&str; 6] = [
        "Asia/Shanghai",
        "America/New_York",
        "Europe/London",
        "Australia/Lord_Howe",
        "Asia/Kathmandu",
        "UTC",
    ];

    #[test]
    fn shanghai_had_summer_time_from_1986_to_1991_only() {
        let s = spells("Asia/Shanghai");
        let summer: Vec<_> = s
            .iter()
            .filter(|(at, _)| *at > 500_000_000 && *at < 700_000_000)
            .collect();
        assert_eq!(summer.len(), 12, "{summer:?}");
        assert_eq!(s.last().unwrap().1, 8 * 3600);
        assert_eq!(spells("Nowhere/Else"), vec![(EARLIEST, 0)]);
    }

    proptest! {
        #[test]
        fn the_spells_put_every_instant_on_the_zones_own_day(
            at in -2_208_988_800i64..7_258_118_400i64,
            zone in 0usize..ZONES.len(),
        ) {
            let name = ZONES[zone];
            let s = spells(name);
            prop_assert_eq!(day_by_spells(&s, at), day_by_chrono(name, at));
        }

        #[test]
        fn around_a_change_of_offset_too(
            change in 0usize..400,
            delta in -7_200i64..7_200,
            zone in 0usize..ZONES.len(),
        ) {
            let name = ZONES[zone];
            let s = spells(name);
            let at = s[change % s.len()].0.max(-2_208_988_800) + delta;
            prop_assert_eq!(day_by_spells(&s, at), day_by_chrono(name, at));
        }
    }
}
