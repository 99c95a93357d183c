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
    /// The same page with each item turned into another.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}
