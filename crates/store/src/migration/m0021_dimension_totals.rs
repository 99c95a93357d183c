//! `dimension_totals`: count and amount of opportunities per product and per campaign, stage
//! and month — won and lost deals by the UTC month they closed in (0 without a closing
//! instant), open ones by their expected close month (0 without one) — kept by triggers in
//! the writing transaction, as `forecast_totals` and `credit_totals` are. The company-wide
//! pipeline by product, product line, type and campaign reads a few hundred of these rows
//! instead of every deal (`analytics::deals`). A deal without a product or campaign is kept
//! under the nil id.
//!
//! Which month a deal counts in follows its stage's kind, so when an administrator makes a
//! stage won or lost (or stops it being so) `opportunities::process` recounts the tenant.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

use super::schema::{col, t};
use crate::platform::dialect::{month_of, nil_id};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The dimensions kept, with the opportunity column each is keyed by.
pub(crate) const DIMENSIONS: [(&str, &str); 2] =
    [("product", "product_id"), ("campaign", "campaign_id")];

/// `YYYYMM` of a deal's month for its stage `s`: when it closed (UTC) if the stage is won or
/// lost, else when it is expected to close; 0 without one.
fn deal_month(b: DbBackend, row: &str) -> String {
    let closed = match b {
        DbBackend::Postgres => format!(
            "COALESCE(CAST(EXTRACT(YEAR FROM ({row}.closed_at AT TIME ZONE 'UTC')) * 100 \
             + EXTRACT(MONTH FROM ({row}.closed_at AT TIME ZONE 'UTC')) AS INTEGER), 0)"
        ),
        _ => format!("COALESCE(CAST(strftime('%Y%m', {row}.closed_at) AS INTEGER), 0)"),
    };
    format!(
        "CASE WHEN s.is_won OR s.is_lost THEN {closed} ELSE {} END",
        month_of(b, &format!("{row}.expected_close_date"))
    )
}

const UPSERT: &str = "ON CONFLICT (tenant_id, dimension, month, stage_id, key_id) DO UPDATE SET \
                      deals = dimension_totals.deals + excluded.deals, \
                      amount_minor = dimension_totals.amount_minor + excluded.amount_minor";

/// One deal row (`NEW` or `OLD`) added (`sign` "") or taken away ("-") in one dimension.
fn deal_add(b: DbBackend, dimension: &str, column: &str, row: &str, sign: &str) -> String {
    format!(
        "INSERT INTO dimension_totals (tenant_id, dimension, key_id, stage_id, month, deals, amount_minor) \
         SELECT {row}.tenant_id, '{dimension}', COALESCE({row}.{column}, {nil}), {row}.stage_id, {m}, \
         {sign}1, {sign}{row}.amount_minor FROM stages s \
         WHERE s.tenant_id = {row}.tenant_id AND s.id = {row}.stage_id {UPSERT};",
        nil = nil_id(b),
        m = deal_month(b, row),
    )
}

fn all_add(b: DbBackend, row: &str, sign: &str) -> String {
    DIMENSIONS
        .iter()
        .map(|(d, c)| deal_add(b, d, c, row, sign))
        .collect::<Vec<_>>()
        .join(" ")
}

const WATCHED: &str =
    "stage_id, product_id, campaign_id, amount_minor, closed_at, expected_close_date";

fn triggers(b: DbBackend) -> Vec<String> {
    match b {
        DbBackend::Postgres => vec![
            format!(
                "CREATE OR REPLACE FUNCTION closer_dimension_totals() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF TG_OP <> 'INSERT' THEN {old} END IF; \
                 IF TG_OP <> 'DELETE' THEN {new} END IF; \
                 RETURN NULL; END $$",
                old = all_add(b, "OLD", "-"),
                new = all_add(b, "NEW", ""),
            ),
            format!(
                "CREATE TRIGGER opportunities_dimensions AFTER INSERT OR UPDATE OF {WATCHED} OR DELETE \
                 ON opportunities FOR EACH ROW EXECUTE FUNCTION closer_dimension_totals()"
            ),
        ],
        _ => vec![
            format!(
                "CREATE TRIGGER opportunities_dimensions_insert AFTER INSERT ON opportunities BEGIN {} END",
                all_add(b, "NEW", "")
            ),
            format!(
                "CREATE TRIGGER opportunities_dimensions_update AFTER UPDATE OF {WATCHED} ON opportunities \
                 BEGIN {} {} END",
                all_add(b, "OLD", "-"),
                all_add(b, "NEW", "")
            ),
            format!(
                "CREATE TRIGGER opportunities_dimensions_delete AFTER DELETE ON opportunities BEGIN {} END",
                all_add(b, "OLD", "-")
            ),
        ],
    }
}

/// The totals of every tenant's deals, or of the tenant bound as the first parameter.
fn backfill(b: DbBackend, one_tenant: bool) -> Vec<String> {
    let only = if one_tenant {
        format!(
            " AND o.tenant_id = {}",
            crate::platform::dialect::param(b, 1)
        )
    } else {
        String::new()
    };
    let month = deal_month(b, "o");
    DIMENSIONS
        .iter()
        .map(|(dimension, column)| {
            let key = format!("COALESCE(o.{column}, {})", nil_id(b));
            format!(
                "INSERT INTO dimension_totals (tenant_id, dimension, key_id, stage_id, month, deals, amount_minor) \
                 SELECT o.tenant_id, '{dimension}', {key}, o.stage_id, {month}, COUNT(*), \
                 CAST(SUM(o.amount_minor) AS BIGINT) \
                 FROM opportunities o JOIN stages s ON s.tenant_id = o.tenant_id AND s.id = o.stage_id \
                 WHERE 1 = 1{only} GROUP BY o.tenant_id, {key}, o.stage_id, {month}"
            )
        })
        .collect()
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_connection().get_database_backend();
        let mut table = Table::create()
            .table(t("dimension_totals"))
            .col(col("tenant_id").uuid().not_null())
            .col(col("dimension").string_len(16).not_null())
            .col(col("month").integer().not_null())
            .col(col("stage_id").uuid().not_null())
            .col(col("key_id").uuid().not_null())
            .col(col("deals").big_integer().not_null())
            .col(col("amount_minor").big_integer().not_null())
            .primary_key(
                Index::create()
                    .col(t("tenant_id"))
                    .col(t("dimension"))
                    .col(t("month"))
                    .col(t("stage_id"))
                    .col(t("key_id")),
            )
            .to_owned();
        if b == DbBackend::Sqlite {
            // Read by its key only: no rowid to keep beside it.
            table.extra("WITHOUT ROWID");
        }
        m.create_table(table).await?;
        // The deals that came from a campaign (the campaign report's size tiers), found
        // without reading the others.
        m.create_index(super::schema::tenant_index(
            "opportunities",
            "opportunities_campaign",
            &["campaign_id"],
            false,
        ))
        .await?;
        for sql in backfill(b, false).into_iter().chain(triggers(b)) {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}

/// Recounts one tenant's totals: a stage became won or lost, or stopped being so.
///
/// # Errors
/// When the database fails.
pub(crate) async fn rebuild<C: ConnectionTrait>(
    conn: &C,
    tenant_id: uuid::Uuid,
) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    let p = crate::platform::dialect::param(b, 1);
    let delete = format!("DELETE FROM dimension_totals WHERE tenant_id = {p}");
    super::schema::run_for_tenant(
        conn,
        tenant_id,
        std::iter::once(delete).chain(backfill(b, true)),
    )
    .await
}
