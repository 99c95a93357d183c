//! What each person is credited with, month by month, for a target plan's metric — read live
//! from the records: won deals by the day they were won, contracts by signing date,
//! payments by the day the money came in (less what was refunded; a reversed payment no
//! longer counts), new
//! customers by creation, visits by when they happened.
//!
//! Records of a deal that was never split are summed by the database per owner and month;
//! the few of split deals are credited here, share by share, each rounded half up once
//! (`closer_domain::opportunities::splits`). A member who has left the company keeps what
//! was credited before they left; what comes in later goes to the deal's owner.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use closer_domain::targets::Metric;
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, Statement, Value,
};
use uuid::Uuid;

use crate::{
    entity::user_move,
    opportunities::splits::{basis_of, share_of},
    platform::dialect::param,
    StoreError, TenantStore,
};

/// Consecutive periods (usually the twelve months of a plan's year in the tenant's time
/// zone): their first days and the instants they start at, with the day and instant after
/// the last. `days` and `instants` have one more entry than there are periods.
pub struct YearBounds {
    pub days: Vec<NaiveDate>,
    pub instants: Vec<DateTime<Utc>>,
}

impl YearBounds {
    /// How many periods.
    #[must_use]
    pub fn len(&self) -> usize {
        self.days.len().saturating_sub(1)
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The period a day falls in, if any.
    #[must_use]
    pub fn month_of_day(&self, day: NaiveDate) -> Option<usize> {
        (0..self.len()).find(|m| day >= self.days[*m] && day < self.days[m + 1])
    }

    /// The period an instant falls in, if any.
    #[must_use]
    pub fn month_of_instant(&self, at: DateTime<Utc>) -> Option<usize> {
        (0..self.len()).find(|m| at >= self.instants[*m] && at < self.instants[m + 1])
    }
}

/// Credit per person and period.
pub(super) type Sums = HashMap<(Uuid, usize), i64>;

/// Credit to one person in one month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MonthCredit {
    pub user_id: Uuid,
    pub month: usize,
    pub amount: i64,
}

#[derive(FromQueryResult)]
struct Summed {
    owner_id: Option<Uuid>,
    month: i32,
    amount: Option<i64>,
}

#[derive(FromQueryResult)]
struct SplitRecord {
    opportunity_id: Uuid,
    owner_id: Option<Uuid>,
    deal_amount: i64,
    value: i64,
    day: Option<NaiveDate>,
    at: Option<DateTime<Utc>>,
    created: DateTime<Utc>,
}

/// `CASE` giving the period (0…n−1) of `column` against the starts of the second to last
/// periods, bound as parameters `first…`.
fn month_case(backend: sea_orm::DbBackend, column: &str, first: usize, n: usize) -> String {
    if n <= 1 {
        return "0".into();
    }
    let mut sql = String::from("(CASE");
    for m in 0..n - 1 {
        sql.push_str(&format!(
            " WHEN {column} < {} THEN {m}",
            param(backend, first + m)
        ));
    }
    sql.push_str(&format!(" ELSE {} END)", n - 1));
    sql
}

/// What a metric reads: the table and its columns, as SQL pieces.
struct Source {
    /// FROM … JOIN … with `o` the deal (may be absent) and `owner` the credited column.
    from: &'static str,
    owner: &'static str,
    value: &'static str,
    deal_amount: &'static str,
    opportunity: &'static str,
    when: &'static str,
    /// When the credit came into being (a member who left before it does not get it).
    created: &'static str,
    /// The same records reached from the splits (`s`, its first share only): the few of
    /// split deals, without probing the splits once per record. `CROSS JOIN` keeps SQLite
    /// starting from the splits; the joins' conditions follow `WHERE`.
    split_from: &'static str,
    /// Extra conditions.
    filter: &'static str,
    by_day: bool,
    splittable: bool,
    /// Split deals' records are picked by the range in SQL (won deals: the range is on the
    /// deal itself) rather than read all and picked out here.
    split_ranged: bool,
}

fn source(metric: Metric) -> Source {
    match metric {
        Metric::WonAmount => Source {
            from: "opportunities o",
            owner: "o.owner_id",
            value: "o.amount_minor",
            deal_amount: "o.amount_minor",
            opportunity: "o.id",
            when: "o.closed_at",
            created: "o.closed_at",
            split_from: "opportunity_splits s CROSS JOIN opportunities o \
                         WHERE o.tenant_id = s.tenant_id AND o.id = s.opportunity_id",
            filter: " AND o.stage_id IN (SELECT id FROM stages WHERE tenant_id = $T AND is_won)",
            by_day: false,
            splittable: true,
            split_ranged: true,
        },
        Metric::ContractAmount => Source {
            from: "contracts c LEFT JOIN opportunities o ON o.tenant_id = c.tenant_id AND o.id = c.opportunity_id",
            owner: "c.owner_id",
            value: "c.amount_minor",
            deal_amount: "o.amount_minor",
            opportunity: "c.opportunity_id",
            when: "c.signed_on",
            created: "c.created_at",
            split_from: "opportunity_splits s CROSS JOIN contracts c CROSS JOIN opportunities o \
                         WHERE c.tenant_id = s.tenant_id AND c.opportunity_id = s.opportunity_id \
                         AND o.tenant_id = c.tenant_id AND o.id = c.opportunity_id",
            // Written so no index is chosen for it (see payments).
            filter: " AND (c.status || '') IN ('active', 'completed')",
            by_day: true,
            splittable: true,
            split_ranged: false,
        },
        Metric::Payments => Source {
            from: "payments p LEFT JOIN contracts c ON c.tenant_id = p.tenant_id AND c.id = p.contract_id \
                   LEFT JOIN opportunities o ON o.tenant_id = c.tenant_id AND o.id = c.opportunity_id",
            owner: "COALESCE(c.owner_id, p.owner_id)",
            value: "(p.amount_minor - p.refunded_minor)",
            deal_amount: "o.amount_minor",
            opportunity: "c.opportunity_id",
            when: "p.received_on",
            created: "p.created_at",
            split_from: "opportunity_splits s CROSS JOIN contracts c CROSS JOIN payments p CROSS JOIN opportunities o \
                         WHERE c.tenant_id = s.tenant_id AND c.opportunity_id = s.opportunity_id \
                         AND p.tenant_id = c.tenant_id AND p.contract_id = c.id \
                         AND o.tenant_id = c.tenant_id AND o.id = c.opportunity_id",
            // Written so no index is chosen for it: the status is read from the covering
            // index in the year's sum, and by contract for split deals.
            filter: " AND (p.status || '') = 'posted'",
            by_day: true,
            splittable: true,
            split_ranged: false,
        },
        Metric::NewCustomers => Source {
            from: "customers k",
            owner: "k.owner_id",
            value: "1",
            deal_amount: "0",
            opportunity: "NULL",
            when: "k.created_at",
            created: "k.created_at",
            split_from: "",
            filter: "",
            by_day: false,
            splittable: false,
            split_ranged: false,
        },
        Metric::Visits => Source {
            from: "activities v",
            owner: "v.owner_id",
            value: "1",
            deal_amount: "0",
            opportunity: "NULL",
            when: "v.occurred_at",
            created: "v.created_at",
            split_from: "",
            filter: " AND v.kind = 'visit'",
            by_day: false,
            splittable: false,
            split_ranged: false,
        },
    }
}

/// What the margin factor reads of a contract: the amount of its lines (current revision)
/// or their gross profit (amount less cost).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarginPart {
    Amount,
    Profit,
}

/// The lines of a contract `c`'s current revision, as a `FROM … WHERE` piece (`l`).
macro_rules! current_lines {
    () => {
        "FROM contract_lines l WHERE l.tenant_id = c.tenant_id AND l.contract_id = c.id \
         AND l.revision = c.revision"
    };
}

/// Active and completed contracts whose every line's cost is known, by signing date, as
/// contract amounts are credited — their amount or gross profit.
fn margin_source(part: MarginPart) -> Source {
    Source {
        value: match part {
            MarginPart::Amount => {
                concat!(
                    "(SELECT CAST(SUM(l.total_minor) AS BIGINT) ",
                    current_lines!(),
                    ")"
                )
            }
            MarginPart::Profit => concat!(
                "(SELECT CAST(SUM(l.total_minor - l.cost_minor) AS BIGINT) ",
                current_lines!(),
                ")"
            ),
        },
        // Signed and in force, with lines, every one of them costed.
        filter: concat!(
            " AND (c.status || '') IN ('active', 'completed') AND EXISTS (SELECT 1 ",
            current_lines!(),
            ") AND NOT EXISTS (SELECT 1 ",
            current_lines!(),
            " AND l.cost_minor IS NULL)"
        ),
        ..source(Metric::ContractAmount)
    }
}

/// The bound values (`$1` tenant, `$2` from, `$3` to, then the starts of the second to last
/// periods) and the `WHERE` condition picking a metric's records of the periods.
fn range_of(
    backend: sea_orm::DbBackend,
    tenant_id: Uuid,
    s: &Source,
    bounds: &YearBounds,
) -> (Vec<Value>, String) {
    let table_alias = s.from.split_whitespace().nth(1).unwrap_or("o");
    let bound = |i: usize| -> Value {
        if s.by_day {
            bounds.days[i].into()
        } else {
            bounds.instants[i].into()
        }
    };
    let n = bounds.len();
    let mut values: Vec<Value> = vec![tenant_id.into(), bound(0), bound(n)];
    values.extend((1..n).map(bound));
    let tenant = param(backend, 1);
    let filter = s.filter.replace("$T", &tenant);
    let range = format!(
        "{alias}.tenant_id = {tenant} AND {when} >= {} AND {when} < {}{filter}",
        param(backend, 2),
        param(backend, 3),
        alias = table_alias,
        when = s.when,
    );
    (values, range)
}

/// When each user was away from the company ([`TenantStore::departures`]).
#[derive(Debug, Clone, Default)]
pub struct Absences(HashMap<Uuid, Vec<Spell>>);

/// One time away: when the user left, and when they came back (none: still away).
type Spell = (DateTime<Utc>, Option<DateTime<Utc>>);

impl Absences {
    /// Whether `user` was away at `at` (left at or before it, not back by then).
    #[must_use]
    pub fn away_at(&self, user: Uuid, at: DateTime<Utc>) -> bool {
        self.0.get(&user).is_some_and(|spells| {
            spells
                .iter()
                .any(|(left, back)| *left <= at && back.is_none_or(|b| at < b))
        })
    }

    /// Whether `user` is away now (deactivated and not back).
    #[must_use]
    pub fn away_now(&self, user: Uuid) -> bool {
        self.0
            .get(&user)
            .and_then(|spells| spells.last())
            .is_some_and(|(_, back)| back.is_none())
    }
}

impl TenantStore {
    /// Everyone's credit for `metric`, period by period over `bounds`: summed from the
    /// maintained totals where they can answer, else from the records.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn credits(
        &self,
        metric: Metric,
        bounds: &YearBounds,
    ) -> Result<Vec<MonthCredit>, StoreError> {
        let sums = match self.sums_from_totals(metric, bounds).await? {
            Some(sums) => sums,
            None => self.sums_from_records(metric, bounds).await?,
        };
        self.credits_split(&source(metric), bounds, sums).await
    }

    /// Everyone's credited contract amount (or gross profit) over contracts whose lines'
    /// cost is known, period by period: what the margin factor divides.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn margin_credits(
        &self,
        part: MarginPart,
        bounds: &YearBounds,
    ) -> Result<Vec<MonthCredit>, StoreError> {
        let s = margin_source(part);
        let sums = self.sums_of(&s, bounds).await?;
        self.credits_split(&s, bounds, sums).await
    }

    /// The same as [`Self::credits`], every record summed (what the totals are checked
    /// against).
    ///
    /// # Errors
    /// When the database fails.
    pub async fn credits_from_records(
        &self,
        metric: Metric,
        bounds: &YearBounds,
    ) -> Result<Vec<MonthCredit>, StoreError> {
        let sums = self.sums_from_records(metric, bounds).await?;
        self.credits_split(&source(metric), bounds, sums).await
    }

    /// The records' values per owner and period, each record credited whole to its owner.
    pub(super) async fn sums_from_records(
        &self,
        metric: Metric,
        bounds: &YearBounds,
    ) -> Result<Sums, StoreError> {
        self.sums_of(&source(metric), bounds).await
    }

    async fn sums_of(&self, s: &Source, bounds: &YearBounds) -> Result<Sums, StoreError> {
        let backend = self.store.db_backend();
        let (values, range) = range_of(backend, self.tenant_id, s, bounds);
        let n = bounds.len();
        let sql = format!(
            "SELECT {owner} AS owner_id, {month} AS month, CAST(SUM({value}) AS BIGINT) AS amount \
             FROM {from} WHERE {range} GROUP BY {owner}{by_month}",
            owner = s.owner,
            month = month_case(backend, s.when, 4, n),
            // A constant would be read as a column position.
            by_month = if n > 1 {
                format!(", {}", month_case(backend, s.when, 4, n))
            } else {
                String::new()
            },
            value = s.value,
            from = s.from,
        );
        let mut out = Sums::new();
        for row in Summed::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
            .all(self.db())
            .await?
        {
            if let (Some(owner), Some(amount)) = (row.owner_id, row.amount) {
                let month = usize::try_from(row.month)
                    .unwrap_or(0)
                    .min(n.saturating_sub(1));
                *out.entry((owner, month)).or_default() += amount;
            }
        }
        Ok(out)
    }

    /// Credit of split deals moved from their owners to the members, share by share.
    async fn credits_split(
        &self,
        s: &Source,
        bounds: &YearBounds,
        mut out: Sums,
    ) -> Result<Vec<MonthCredit>, StoreError> {
        let backend = self.store.db_backend();
        let (values, _) = range_of(backend, self.tenant_id, s, bounds);
        let tenant = param(backend, 1);
        let filter = s.filter.replace("$T", &tenant);
        if s.splittable {
            let (day, at) = if s.by_day {
                (s.when, "NULL")
            } else {
                ("NULL", s.when)
            };
            let sql = format!(
                "SELECT {opportunity} AS opportunity_id, {owner} AS owner_id, COALESCE({deal}, 0) AS deal_amount, \
                 {value} AS value, {day} AS day, {at} AS at, {created} AS created FROM {from} \
                 AND s.tenant_id = {tenant} AND s.position = 0{range}{filter}",
                // Contracts and payments of split deals are read by deal, all of them, and
                // the year's picked out below: a range here would send SQLite (which keeps
                // no statistics) through the year's records once per deal.
                range = if !s.split_ranged {
                    String::new()
                } else {
                    format!(
                        " AND {when} >= {} AND {when} < {}",
                        param(backend, 2),
                        param(backend, 3),
                        when = s.when
                    )
                },
                created = s.created,
                opportunity = s.opportunity,
                owner = s.owner,
                deal = s.deal_amount,
                value = s.value,
                from = s.split_from,
            );
            let records = SplitRecord::find_by_statement(Statement::from_sql_and_values(
                backend,
                sql,
                values[..if s.split_ranged { 3 } else { 1 }].to_vec(),
            ))
            .all(self.db())
            .await?;
            if !records.is_empty() {
                let mut ids: Vec<Uuid> = records.iter().map(|r| r.opportunity_id).collect();
                ids.sort_unstable();
                ids.dedup();
                let mut splits: HashMap<Uuid, Vec<crate::entity::opportunity_split::Model>> =
                    HashMap::new();
                for s in self.splits_of(&ids).await? {
                    splits.entry(s.opportunity_id).or_default().push(s);
                }
                let departures = self.departures().await?;
                for r in records {
                    let month = match (r.day, r.at) {
                        (Some(d), _) => bounds.month_of_day(d),
                        (None, Some(at)) => bounds.month_of_instant(at),
                        _ => None,
                    };
                    let Some(month) = month else { continue };
                    // The sum above credited the whole record to its owner: take it back.
                    if let Some(owner) = r.owner_id {
                        *out.entry((owner, month)).or_default() -= r.value;
                    }
                    let basis = basis_of(
                        splits.get(&r.opportunity_id).into_iter().flatten(),
                        r.deal_amount,
                    );
                    for s in splits.get(&r.opportunity_id).into_iter().flatten() {
                        let credited = share_of(s).of(r.value, basis);
                        let gone = departures.away_at(s.user_id, r.created);
                        let to = if gone { r.owner_id } else { Some(s.user_id) };
                        if let Some(to) = to {
                            *out.entry((to, month)).or_default() += credited;
                        }
                    }
                }
            }
        }
        let mut credits: Vec<MonthCredit> = out
            .into_iter()
            .map(|((user_id, month), amount)| MonthCredit {
                user_id,
                month,
                amount,
            })
            .collect();
        credits.sort_by_key(|c| (c.user_id, c.month));
        Ok(credits)
    }

    /// When each user was away from the company: from a deactivation to the reactivation
    /// that followed (none while still away). Credit for a record made while a split member
    /// was away goes to the deal's owner, and stays there when the member comes back.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn departures(&self) -> Result<Absences, StoreError> {
        let moves = user_move::Entity::find()
            .filter(user_move::Column::TenantId.eq(self.tenant_id))
            .filter(user_move::Column::Kind.is_in(["deactivated", "reactivated"]))
            .order_by_asc(user_move::Column::At)
            .all(self.db())
            .await?;
        let mut away: HashMap<Uuid, Vec<Spell>> = HashMap::new();
        for m in moves {
            let spells = away.entry(m.user_id).or_default();
            let open = spells.last().is_some_and(|(_, back)| back.is_none());
            if m.kind == "deactivated" {
                if !open {
                    spells.push((m.at, None));
                }
            } else if let Some(last) = spells.last_mut().filter(|_| open) {
                last.1 = Some(m.at);
            }
        }
        Ok(Absences(away))
    }

    /// Every user's moves between departments, oldest first.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn department_moves(&self) -> Result<Vec<user_move::Model>, StoreError> {
        Ok(user_move::Entity::find()
            .filter(user_move::Column::TenantId.eq(self.tenant_id))
            .filter(user_move::Column::Kind.eq("department"))
            .order_by_asc(user_move::Column::At)
            .all(self.db())
            .await?)
    }

    /// Active customers (owned ones) and their summed annual revenue, per owner.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn customer_resources(&self) -> Result<HashMap<Uuid, (i64, i64)>, StoreError> {
        #[derive(FromQueryResult)]
        struct Row {
            owner_id: Option<Uuid>,
            n: i64,
            potential: Option<i64>,
        }
        let backend = self.store.db_backend();
        let sql = format!(
            "SELECT owner_id, CAST(COUNT(*) AS BIGINT) AS n, CAST(SUM(annual_revenue_minor) AS BIGINT) AS potential \
             FROM customers WHERE tenant_id = {} AND owner_id IS NOT NULL GROUP BY owner_id",
            param(backend, 1)
        );
        Ok(Row::find_by_statement(Statement::from_sql_and_values(
            backend,
            sql,
            [self.tenant_id.into()],
        ))
        .all(self.db())
        .await?
        .into_iter()
        .filter_map(|r| r.owner_id.map(|o| (o, (r.n, r.potential.unwrap_or(0)))))
        .collect())
    }
}

#[derive(FromQueryResult)]
struct OpenDeal {
    id: Uuid,
    owner_id: Option<Uuid>,
    amount_minor: i64,
    win_rate_bp: i32,
}

impl TenantStore {
    /// Expected credit of open deals (closing in `closing`, when given): amount × the
    /// stage's win rate × each share, rounded half up once per deal and person.
    ///
    /// # Errors
    /// When the database fails.
    pub async fn expected_credits(
        &self,
        closing: Option<(NaiveDate, NaiveDate)>,
    ) -> Result<HashMap<Uuid, i64>, StoreError> {
        use closer_domain::{cash::RATIO_WHOLE, opportunities::splits::Share};
        let backend = self.store.db_backend();
        let mut values: Vec<Value> = vec![self.tenant_id.into()];
        let range = match closing {
            Some((from, to)) => {
                values.push(from.into());
                values.push(to.into());
                format!(
                    " AND o.expected_close_date >= {} AND o.expected_close_date <= {}",
                    param(backend, 2),
                    param(backend, 3)
                )
            }
            None => String::new(),
        };
        let sql = format!(
            "SELECT o.id AS id, o.owner_id AS owner_id, o.amount_minor AS amount_minor, s.win_rate_bp AS win_rate_bp \
             FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
             WHERE o.tenant_id = {} AND NOT s.is_won AND NOT s.is_lost{range}",
            param(backend, 1)
        );
        let deals =
            OpenDeal::find_by_statement(Statement::from_sql_and_values(backend, sql, values))
                .all(self.db())
                .await?;
        let ids: Vec<Uuid> = deals.iter().map(|d| d.id).collect();
        let splits = self.splits_of(&ids).await?;
        let mut by_deal: HashMap<Uuid, Vec<&crate::entity::opportunity_split::Model>> =
            HashMap::new();
        for s in &splits {
            by_deal.entry(s.opportunity_id).or_default().push(s);
        }
        let departures = self.departures().await?;
        let mut out: HashMap<Uuid, i64> = HashMap::new();
        for d in deals {
            match by_deal.get(&d.id) {
                None => {
                    if let Some(owner) = d.owner_id {
                        *out.entry(owner).or_default() += Share::Ratio(RATIO_WHOLE).expected(
                            d.amount_minor,
                            d.amount_minor,
                            d.win_rate_bp,
                        );
                    }
                }
                Some(shares) => {
                    let basis = basis_of(shares.iter().copied(), d.amount_minor);
                    for s in shares {
                        let to = if departures.away_now(s.user_id) {
                            d.owner_id
                        } else {
                            Some(s.user_id)
                        };
                        if let Some(to) = to {
                            *out.entry(to).or_default() +=
                                share_of(s).expected(d.amount_minor, basis, d.win_rate_bp);
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn a_member_is_away_from_leaving_until_coming_back() {
        let at = |d: u32| Utc.with_ymd_and_hms(2026, 6, d, 0, 0, 0).unwrap();
        let (gone, back, never) = (Uuid::from_u128(1), Uuid::from_u128(2), Uuid::from_u128(3));
        let away = Absences(HashMap::from([
            (gone, vec![(at(10), None)]),
            (back, vec![(at(10), Some(at(20)))]),
        ]));
        assert!(!away.away_at(gone, at(9)));
        assert!(away.away_at(gone, at(10)) && away.away_at(gone, at(25)));
        assert!(away.away_now(gone));
        // Credit made while away stays away from them after they return.
        assert!(away.away_at(back, at(15)));
        assert!(!away.away_at(back, at(20)) && !away.away_at(back, at(9)));
        assert!(!away.away_now(back));
        assert!(!away.away_at(never, at(15)) && !away.away_now(never));
    }
}
