//! Where SQLite and PostgreSQL speak differently, said once: placeholders, the nil id, the
//! month of a date. Queries and migrations take these pieces instead of matching on the
//! backend themselves.

use sea_orm::DbBackend;

/// The placeholder for the `i`-th bound value (1-based) in raw SQL: `?i` or `$i`.
#[must_use]
pub fn param(backend: DbBackend, i: usize) -> String {
    match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    }
}

/// A statement sea-query built, with its placeholders numbered (`?1`, `?2`, … on SQLite;
/// PostgreSQL's are numbered already), so that it can sit inside hand-written SQL whose
/// own placeholders are numbered after its values.
#[must_use]
pub fn numbered(backend: DbBackend, sql: &str) -> String {
    if backend == DbBackend::Postgres {
        return sql.to_owned();
    }
    let (mut out, mut n, mut quoted) = (String::with_capacity(sql.len() + 8), 0, false);
    for c in sql.chars() {
        match c {
            '\'' => quoted = !quoted,
            '?' if !quoted => {
                n += 1;
                out.push('?');
                out.push_str(&n.to_string());
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

/// Binds `ids` after the values already in `values` and answers their placeholders,
/// comma-separated, for an `IN (…)` list.
pub fn bind_ids(
    backend: DbBackend,
    values: &mut Vec<sea_orm::Value>,
    ids: &[uuid::Uuid],
) -> String {
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        values.push((*id).into());
        out.push(param(backend, values.len()));
    }
    out.join(", ")
}

/// Row locking for a queue taken by several runners: PostgreSQL skips rows another
/// transaction holds; SQLite has one writer at a time, so needs nothing.
#[must_use]
pub fn skip_locked(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "FOR UPDATE SKIP LOCKED",
        _ => "",
    }
}

/// The nil id as a literal, standing for "no owner" in maintained totals so that every key
/// compares with `=`.
#[must_use]
pub fn nil_id(backend: DbBackend) -> &'static str {
    match backend {
        DbBackend::Postgres => "'00000000-0000-0000-0000-000000000000'::uuid",
        _ => "X'00000000000000000000000000000000'",
    }
}

/// `YYYYMM` of a date expression as an integer, 0 when it is null.
#[must_use]
pub fn month_of(backend: DbBackend, date: &str) -> String {
    match backend {
        DbBackend::Postgres => format!(
            "COALESCE(CAST(EXTRACT(YEAR FROM {date}) * 100 + EXTRACT(MONTH FROM {date}) AS INTEGER), 0)"
        ),
        _ => format!("COALESCE(CAST(strftime('%Y%m', {date}) AS INTEGER), 0)"),
    }
}

/// Whole seconds since the epoch of a timestamp expression (the fraction dropped), for
/// durations summed in SQL.
#[must_use]
pub fn epoch_seconds(backend: DbBackend, at: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("CAST(FLOOR(EXTRACT(EPOCH FROM {at})) AS BIGINT)"),
        _ => format!("CAST(strftime('%s', {at}) AS INTEGER)"),
    }
}

/// "The column contains this text", as typed: `%`, `_` and the escape character match
/// themselves instead of acting as `LIKE` wildcards (both engines honour `ESCAPE`). Letter
/// case does not matter, on either engine: both sides are lower-cased by the database itself
/// (SQLite's `LIKE` already ignored ASCII case; PostgreSQL's did not, so `acme` missed `ACME`).
pub fn contains_text<C: sea_orm::ColumnTrait>(
    column: C,
    text: &str,
) -> sea_orm::sea_query::SimpleExpr {
    let mut pattern = String::with_capacity(text.len() + 2);
    pattern.push('%');
    for ch in text.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('%');
    // `LOWER(column) LIKE LOWER(pattern) ESCAPE '\'`, built from parts so each engine
    // writes its own placeholder.
    use sea_orm::sea_query::{BinOper, Expr, Func, SimpleExpr};
    SimpleExpr::Binary(
        Box::new(Func::lower(Expr::col(column.as_column_ref())).into()),
        BinOper::Like,
        Box::new(SimpleExpr::Binary(
            Box::new(Func::lower(Expr::val(pattern)).into()),
            BinOper::Escape,
            Box::new(SimpleExpr::Constant('\\'.into())),
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sea_query_placeholders_are_numbered_outside_quotes() {
        assert_eq!(
            numbered(DbBackend::Sqlite, "a = ? AND b LIKE '%?%' AND c IN (?, ?)"),
            "a = ?1 AND b LIKE '%?%' AND c IN (?2, ?3)"
        );
        assert_eq!(numbered(DbBackend::Postgres, "a = $1"), "a = $1");
    }
}
