//! The pieces every migration builds tables with: names, the business table's opening,
//! tenant-first keys and indexes.

use sea_orm_migration::prelude::*;

/// A table or column name.
pub(crate) fn t(name: &str) -> Alias {
    Alias::new(name)
}

/// A business table's opening: `tenant_id`, `id`, `created_at`, `updated_at`, `version`,
/// keyed by `(tenant_id, id)`.
pub(crate) fn record(table: &str) -> TableCreateStatement {
    Table::create()
        .table(t(table))
        .col(col("tenant_id").uuid().not_null())
        .col(col("id").uuid().not_null())
        .col(col("created_at").timestamp_with_time_zone().not_null())
        .col(col("updated_at").timestamp_with_time_zone().not_null())
        .col(col("version").integer().not_null())
        .primary_key(&mut tenant_primary_key())
        .to_owned()
}

/// A column by name.
pub(crate) fn col(name: &str) -> ColumnDef {
    ColumnDef::new(Alias::new(name))
}

/// An index whose first column is `tenant_id`, as every index on a business table must be.
pub(crate) fn tenant_index(
    table: &str,
    name: &str,
    cols: &[&str],
    unique: bool,
) -> IndexCreateStatement {
    let mut index = Index::create();
    index
        .name(name)
        .table(Alias::new(table))
        .col(Alias::new("tenant_id"));
    for c in cols {
        index.col(Alias::new(*c));
    }
    if unique {
        index.unique();
    }
    index.to_owned()
}

/// The primary key `(tenant_id, id)` of a business table.
pub(crate) fn tenant_primary_key() -> IndexCreateStatement {
    Index::create()
        .col(Alias::new("tenant_id"))
        .col(Alias::new("id"))
        .to_owned()
}

/// Runs statements that each take the tenant as their one parameter, in order: a totals
/// table's rows of the tenant deleted, then counted again from the records.
///
/// # Errors
/// When the database fails.
pub(crate) async fn run_for_tenant<C: sea_orm::ConnectionTrait>(
    conn: &C,
    tenant_id: uuid::Uuid,
    statements: impl IntoIterator<Item = String>,
) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    for sql in statements {
        conn.execute(sea_orm::Statement::from_sql_and_values(
            b,
            sql,
            [tenant_id.into()],
        ))
        .await?;
    }
    Ok(())
}

/// A trigger body's statements one by one (the plan tests explain each).
pub(crate) fn one_by_one(body: &str) -> Vec<String> {
    body.split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
