use sea_orm::{DbErr, SqlErr};

/// What can go wrong in the store, in terms the server maps to answers.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The record changed since the caller read it (optimistic locking).
    #[error("the record was changed by someone else")]
    StaleVersion,
    /// A unique rule was broken; the code names which.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    /// The caller may not do this to this record (not an approver of the step).
    #[error("forbidden")]
    Forbidden,
    /// A value refused by a rule only the store can check; names the field and the code.
    #[error("invalid {field}: {code}")]
    Invalid { field: String, code: &'static str },
    #[error("configuration: {0}")]
    Config(String),
    #[error("backup file: {0}")]
    Backup(String),
    #[error(transparent)]
    Db(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err {
            DbErr::RecordNotFound(_) => Self::NotFound,
            DbErr::RecordNotUpdated => Self::StaleVersion,
            other => match other.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => Self::Conflict("already_exists"),
                // PostgreSQL gave up one of two transactions writing the same rows (a
                // deadlock or a serialization failure): nothing was written, try again.
                _ if matches!(sqlstate(&other).as_deref(), Some("40001" | "40P01")) => {
                    Self::Conflict("write_conflict")
                }
                _ => Self::Db(other),
            },
        }
    }
}

impl StoreError {
    /// Whether the database could not be reached at all (no connection to be had): the
    /// server answers 503 rather than 500.
    #[must_use]
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Db(DbErr::ConnectionAcquire(_) | DbErr::Conn(_)))
    }
}

/// The SQLSTATE of a database's refusal, when there is one.
fn sqlstate(err: &DbErr) -> Option<String> {
    use sea_orm::{sqlx, RuntimeErr};
    match err {
        DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(e)))
        | DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(e)))
        | DbErr::Conn(RuntimeErr::SqlxError(sqlx::Error::Database(e))) => {
            e.code().map(std::borrow::Cow::into_owned)
        }
        _ => None,
    }
}
