//! A PostgreSQL streaming replica that reports read from: how far behind the primary it
//! is, so a report can say how fresh it is.

use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::{Store, StoreError};

impl Store {
    /// Seconds this replica is behind `primary`: 0 when it has replayed everything the
    /// primary has written, else the time since the last transaction it replayed. `None`
    /// when this is not a PostgreSQL replica.
    ///
    /// # Errors
    /// When either database fails.
    pub async fn replica_lag(&self, primary: &Store) -> Result<Option<f64>, StoreError> {
        if self.db().get_database_backend() != DbBackend::Postgres {
            return Ok(None);
        }
        let written: String = match primary
            .db()
            .query_one(Statement::from_string(
                DbBackend::Postgres,
                "SELECT pg_current_wal_lsn()::text",
            ))
            .await?
        {
            Some(row) => row.try_get_by_index(0)?,
            None => return Ok(None),
        };
        let row = self
            .db()
            .query_one(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_is_in_recovery(), \
                 CAST(COALESCE(pg_wal_lsn_diff($1::pg_lsn, pg_last_wal_replay_lsn()), 0) AS BIGINT), \
                 CAST(COALESCE(EXTRACT(EPOCH FROM (now() - pg_last_xact_replay_timestamp())), 0) AS DOUBLE PRECISION)",
                [written.into()],
            ))
            .await?;
        let Some(row) = row else { return Ok(None) };
        let in_recovery: bool = row.try_get_by_index(0)?;
        if !in_recovery {
            return Ok(None);
        }
        let behind: i64 = row.try_get_by_index(1)?;
        let since: f64 = row.try_get_by_index(2)?;
        Ok(Some(if behind > 0 { since.max(0.0) } else { 0.0 }))
    }
}
