//! A page of a list: its rows and the cursor of the next page.

use uuid::Uuid;

/// A page of a list.
/// A page of a list, and where the next one starts.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<Uuid>,
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
        }
    }
}

impl<T> Page<T> {
    /// A page with nothing on it and nothing after it.
    #[must_use]
    pub fn empty() -> Self {
        Self {
            items: Vec::new(),
            next_cursor: None,
        }
    }

    /// The same page with each item turned into another.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
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
/// caller's scope) — nothing comes after it then, and nothing of that row is read.
///
/// # Errors
/// When the database fails.
pub(crate) async fn anchor_of<E, C>(
    db: &C,
    list: &sea_orm::Select<E>,
    id: E::Column,
    column: Option<E::Column>,
    cursor: Option<Uuid>,
) -> Result<Option<Option<(Uuid, Option<sea_orm::Value>)>>, crate::StoreError>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, ModelTrait, QueryFilter};
    Ok(match (cursor, column) {
        (None, _) => Some(None),
        (Some(c), None) => Some(Some((c, None))),
        (Some(c), Some(col)) => list
            .clone()
            .filter(id.eq(c))
            .one(db)
            .await?
            .map(|last| Some((c, Some(last.get(col))))),
    })
}
