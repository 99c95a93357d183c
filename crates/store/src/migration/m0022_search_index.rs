//! A text index for the search box (`analytics::search`): a part of a name, phone, e-mail or
//! number — Chinese of any length included — is found from an index, not by reading every
//! record of the kind.
//!
//! - **SQLite**: one contentless FTS5 table per kind with the `trigram` tokenizer (case
//!   folded), keyed by the record's rowid and kept by triggers. A query of three characters
//!   or more matches its trigrams. One or two characters — common in Chinese, 科技, 王 —
//!   make no trigram, so the index's vocabulary (`…_search_terms`) is read for the trigrams
//!   that *start* with them, and those are matched; every field ends in two marker
//!   characters so that a field's last one or two characters start a trigram too.
//! - **PostgreSQL**: a GIN index over each record's one- and two-character pieces
//!   (`closer_search_grams`); a query matches all of its two-character pieces (its one
//!   character, when it has one).
//!
//! Either way the index only narrows: the search still checks the text itself, so the
//! rules of what matches (a pool record's phone finds nothing) are unchanged.
//!
//! SQLite's `VACUUM` may renumber the rows of these tables; run [`rebuild`] after one.

use sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The kinds the search box finds: each table with the text columns it is found by.
pub const INDEXED: [(&str, &[&str]); 5] = [
    ("leads", &["company_name", "contact_name", "phone", "email"]),
    ("customers", &["name", "phone"]),
    ("contacts", &["name", "phone", "email"]),
    ("opportunities", &["name"]),
    ("contracts", &["name", "number"]),
];

/// The text a record is indexed by, read from `row` (`NEW`, `OLD` or the table itself): its
/// fields, each followed by two marker characters (SQLite) or one separator (PostgreSQL).
pub fn body(b: DbBackend, row: &str, columns: &[&str]) -> String {
    let marker = match b {
        DbBackend::Postgres => "chr(1)",
        _ => "char(1, 1)",
    };
    columns
        .iter()
        .map(|c| format!("COALESCE({row}.{c}, '') || {marker}"))
        .collect::<Vec<_>>()
        .join(" || ")
}

/// SQLite's index table for `table`, and its vocabulary.
pub fn fts(table: &str) -> (String, String) {
    (format!("{table}_search"), format!("{table}_search_terms"))
}

const PG_FUNCTIONS: [&str; 2] = [
    // Every one- and two-character piece of a text, lower-cased.
    "CREATE OR REPLACE FUNCTION closer_search_grams(t text) RETURNS text[] \
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ \
     SELECT COALESCE(array_agg(DISTINCT g), '{}') FROM ( \
       SELECT substr(lower(t), i, n) AS g FROM generate_series(1, length(t)) AS i, \
       (VALUES (1), (2)) AS k(n) WHERE i + n - 1 <= length(t)) AS p $$",
    // The pieces a query needs: its two-character ones, or its one character.
    "CREATE OR REPLACE FUNCTION closer_search_query(q text) RETURNS text[] \
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ \
     SELECT CASE WHEN length(q) < 2 THEN ARRAY[lower(q)] ELSE ( \
       SELECT COALESCE(array_agg(DISTINCT substr(lower(q), i, 2)), '{}') \
       FROM generate_series(1, length(q) - 1) AS i) END $$",
];

fn statements(b: DbBackend) -> Vec<String> {
    let mut out = Vec::new();
    match b {
        DbBackend::Postgres => {
            out.extend(PG_FUNCTIONS.iter().map(|s| (*s).to_owned()));
            for (table, columns) in INDEXED {
                out.push(format!(
                    "CREATE INDEX IF NOT EXISTS {table}_search ON {table} \
                     USING gin (closer_search_grams({}))",
                    body(b, table, columns)
                ));
            }
        }
        _ => {
            for (table, columns) in INDEXED {
                let (index, terms) = fts(table);
                out.push(format!(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS {index} USING fts5(body, \
                     tokenize = 'trigram', detail = 'none', content = '', \
                     contentless_delete = 1)"
                ));
                out.push(format!(
                    "CREATE VIRTUAL TABLE IF NOT EXISTS {terms} USING fts5vocab({index}, 'row')"
                ));
                let add = |row: &str| {
                    format!(
                        "INSERT INTO {index} (rowid, body) VALUES ({row}.rowid, {});",
                        body(b, row, columns)
                    )
                };
                let remove = format!("DELETE FROM {index} WHERE rowid = OLD.rowid;");
                out.push(format!(
                    "CREATE TRIGGER IF NOT EXISTS {table}_search_insert AFTER INSERT ON {table} \
                     BEGIN {} END",
                    add("NEW")
                ));
                out.push(format!(
                    "CREATE TRIGGER IF NOT EXISTS {table}_search_update AFTER UPDATE OF {} \
                     ON {table} BEGIN {remove} {} END",
                    columns.join(", "),
                    add("NEW")
                ));
                out.push(format!(
                    "CREATE TRIGGER IF NOT EXISTS {table}_search_delete AFTER DELETE ON {table} \
                     BEGIN {remove} END"
                ));
                out.push(format!(
                    "INSERT INTO {index} (rowid, body) SELECT rowid, {} FROM {table}",
                    body(b, table, columns)
                ));
            }
        }
    }
    out
}

#[sea_orm_migration::async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let b = m.get_connection().get_database_backend();
        for sql in statements(b) {
            m.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }
}

/// Re-reads every record into SQLite's search tables — after a `VACUUM`, which may renumber
/// rows. PostgreSQL's index needs nothing.
///
/// # Errors
/// When the database fails.
pub async fn rebuild<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    if b == DbBackend::Postgres {
        return Ok(());
    }
    for (table, columns) in INDEXED {
        let (index, _) = fts(table);
        conn.execute_unprepared(&format!(
            "INSERT INTO {index} ({index}) VALUES ('delete-all')"
        ))
        .await?;
        conn.execute_unprepared(&format!(
            "INSERT INTO {index} (rowid, body) SELECT rowid, {} FROM {table}",
            body(b, table, columns)
        ))
        .await?;
    }
    Ok(())
}
