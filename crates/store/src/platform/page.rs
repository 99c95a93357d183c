//! A page of a list: its rows and the cursor of the next page.

use uuid::Uuid;

/// A page of a list, and where the next one starts.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The last row's id when another page follows.
    pub next_cursor: Option<Uuid>,
    /// In a list sorted by a field, that row's value of it (as [`Cursor::value`]).
    pub next_value: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from `limit + 1` fetched rows: the extra row says another page exists.
    pub(crate) fn from_rows(mut rows: Vec<T>, limit: u64, id: impl Fn(&T) -> Uuid) -> Self {
        let more = rows.len() as u64 > limit;
        rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        let next_cursor = if more { rows.last().map(&id) } else { None };
        Self {
            items: rows,
            next_cursor,
            next_value: None,
        }
    }

    /// The API's `next_cursor`: the id, and after a `.` the sorted value (base64url) when
    /// the list is sorted by a field.
    #[must_use]
    pub fn cursor_text(&self) -> Option<String> {
        self.next_cursor.map(|id| {
            Cursor {
                id,
                value: self.next_value.clone(),
            }
            .to_string()
        })
    }
}

/// Where the next page of a list starts: the previous page's last row, by its id and — in a
/// list sorted by a field — its value of that field then. Carrying the value keeps the
/// pages whole when that row changes or leaves the list while the user pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub id: Uuid,
    pub value: Option<String>,
}

impl Cursor {
    /// Reads a cursor written by [`Cursor::to_string`] (or a bare id). `None` when it is not one.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        use base64::Engine;
        let (id, value) = match text.split_once('.') {
            Some((id, value)) => {
                let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(value)
                    .ok()?;
                (id, Some(String::from_utf8(bytes).ok()?))
            }
            None => (text, None),
        };
        Some(Self {
            id: closer_domain::ids::parse_id(id).ok()?,
            value,
        })
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use base64::Engine;
        match &self.value {
            Some(v) => write!(
                f,
                "{}.{}",
                self.id,
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v)
            ),
            None => write!(f, "{}", self.id),
        }
    }
}

/// A sorted value as a cursor carries it; `None` for a null (the cursor then names the row).
fn value_text(v: &sea_orm::Value) -> Option<String> {
    use sea_orm::Value;
    match v {
        Value::BigInt(Some(n)) => Some(n.to_string()),
        Value::Int(Some(n)) => Some(n.to_string()),
        Value::String(Some(s)) => Some(s.to_string()),
        Value::ChronoDate(Some(d)) => Some(d.to_string()),
        Value::ChronoDateTimeUtc(Some(t)) => {
            Some(t.to_rfc3339_opts(chrono::SecondsFormat::Nanos, true))
        }
        _ => None,
    }
}

/// The value of `column` a cursor's text stands for, read as the column's type; `None`
/// when it is not one (a cursor made up or from another sort).
fn value_of<C: sea_orm::ColumnTrait>(column: C, text: &str) -> Option<sea_orm::Value> {
    use sea_orm::{sea_query::ColumnType, Value};
    Some(match column.def().get_column_type() {
        ColumnType::BigInteger => Value::BigInt(Some(text.parse().ok()?)),
        ColumnType::Integer => Value::Int(Some(text.parse().ok()?)),
        ColumnType::String(_) | ColumnType::Text => Value::String(Some(Box::new(text.to_owned()))),
        ColumnType::Date => Value::ChronoDate(Some(Box::new(text.parse().ok()?))),
        ColumnType::TimestampWithTimeZone | ColumnType::Timestamp => {
            let t = chrono::DateTime::parse_from_rfc3339(text).ok()?;
            Value::ChronoDateTimeUtc(Some(Box::new(t.with_timezone(&chrono::Utc))))
        }
        _ => return None,
    })
}

impl<T: sea_orm::ModelTrait> Page<T> {
    /// [`Page::from_rows`] of a list sorted by `column`: the cursor carries the last row's
    /// value of it.
    pub(crate) fn from_sorted_rows(
        rows: Vec<T>,
        limit: u64,
        id: impl Fn(&T) -> Uuid,
        column: Option<<T::Entity as sea_orm::EntityTrait>::Column>,
    ) -> Self {
        let mut page = Self::from_rows(rows, limit, id);
        if let (Some(col), Some(_), Some(last)) = (column, page.next_cursor, page.items.last()) {
            page.next_value = value_text(&last.get(col));
        }
        page
    }
}

impl<T> Page<T> {
    /// A page with nothing on it and nothing after it.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            items: Vec::new(),
            next_cursor: None,
            next_value: None,
        }
    }

    /// The same page with each item turned into another.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
            next_value: self.next_value,
        }
    }
}

/// How a list is ordered: by one of its sortable fields `K`, or as entered (`by: None`, the
/// default: ids keep the order records were written in); ties and pages go by id, in the
/// same direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort<K> {
    pub by: Option<K>,
    pub descending: bool,
}

impl<K> Default for Sort<K> {
    /// Newest first.
    fn default() -> Self {
        Self {
            by: None,
            descending: true,
        }
    }
}

impl<K: Copy> Sort<K> {
    /// From the API's `?sort=`: one of `fields` by name, `-` first for the reverse. `None`
    /// for anything else.
    #[must_use]
    pub fn parse(text: &str, fields: &[(&str, K)]) -> Option<Self> {
        let (descending, name) = match text.strip_prefix('-') {
            Some(name) => (true, name),
            None => (false, text),
        };
        fields.iter().find(|(n, _)| *n == name).map(|(_, k)| Self {
            by: Some(*k),
            descending,
        })
    }
}

/// Orders a list's query by `column` (creation order when `None`) then `id`, and keeps the
/// rows after `anchor` — the previous page's last row: its id and its value of `column`.
pub(crate) fn keyset<E: sea_orm::EntityTrait>(
    q: sea_orm::Select<E>,
    column: Option<E::Column>,
    id: E::Column,
    descending: bool,
    anchor: Option<(Uuid, Option<sea_orm::Value>)>,
) -> sea_orm::Select<E> {
    use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder};
    let beyond = |c: E::Column, v: sea_orm::Value| if descending { c.lt(v) } else { c.gt(v) };
    let mut q = q;
    if let Some((last, value)) = anchor {
        q = match (column, value) {
            (Some(col), Some(v)) => q.filter(
                Condition::any()
                    .add(beyond(col, v.clone()))
                    .add(Condition::all().add(col.eq(v)).add(beyond(id, last.into()))),
            ),
            _ => q.filter(beyond(id, last.into())),
        };
    }
    let order = if descending {
        sea_orm::Order::Desc
    } else {
        sea_orm::Order::Asc
    };
    if let Some(col) = column {
        q = q.order_by(col, order.clone());
    }
    q.order_by(id, order)
}

/// Where the page after `cursor` starts in `list` sorted by `column`: `Some(anchor)` for
/// [`keyset`], or `None` when `list` does not hold the cursor's row (unknown, or out of the
/// caller's scope) — nothing comes after it then, and nothing of that row is read. A
/// cursor carrying its sorted value needs no row: it is a place in the order, and the
/// caller's list is what is read after it.
///
/// # Errors
/// `Invalid` on `cursor` when its value is not one of `column`'s; when the database fails.
pub(crate) async fn anchor_of<E, C>(
    db: &C,
    list: &sea_orm::Select<E>,
    id: E::Column,
    column: Option<E::Column>,
    cursor: Option<Cursor>,
) -> Result<Option<Option<(Uuid, Option<sea_orm::Value>)>>, crate::StoreError>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, ModelTrait, QueryFilter};
    let invalid = || crate::StoreError::Invalid {
        field: "cursor".into(),
        code: "invalid_format",
    };
    Ok(match (cursor, column) {
        (None, _) => Some(None),
        (Some(c), None) => Some(Some((c.id, None))),
        (
            Some(Cursor {
                id: c,
                value: Some(text),
            }),
            Some(col),
        ) => Some(Some((c, Some(value_of(col, &text).ok_or_else(invalid)?)))),
        (Some(Cursor { id: c, value: None }), Some(col)) => list
            .clone()
            .filter(id.eq(c))
            .one(db)
            .await?
            .map(|last| Some((c, Some(last.get(col))))),
    })
}
