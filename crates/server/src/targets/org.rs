//! The organisation as targets read it: the department tree, the people, and who was in
//! which department when (credit stays where it was earned).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use closer_store::{
    entity::{department, user, user_move},
    org::directory::UserFilter,
    targets::completion::YearBounds,
    TenantStore,
};
use uuid::Uuid;

use crate::platform::error::ApiResult;

pub struct Org {
    pub departments: Vec<department::Model>,
    pub users: Vec<user::Model>,
    moves: Vec<user_move::Model>,
    department_at: HashMap<Uuid, usize>,
    user_at: HashMap<Uuid, usize>,
}

impl Org {
    /// # Errors
    /// When the database fails.
    pub async fn load(store: &TenantStore) -> ApiResult<Self> {
        let departments = store.departments().await?;
        let users = store
            .users(&UserFilter::default(), None, 1_000_000)
            .await?
            .items;
        let moves = store.department_moves().await?;
        let department_at = departments
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id, i))
            .collect();
        let user_at = users.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        Ok(Self {
            departments,
            users,
            moves,
            department_at,
            user_at,
        })
    }

    #[must_use]
    pub fn department(&self, id: Uuid) -> Option<&department::Model> {
        self.department_at.get(&id).map(|i| &self.departments[*i])
    }

    #[must_use]
    pub fn user(&self, id: Uuid) -> Option<&user::Model> {
        self.user_at.get(&id).map(|i| &self.users[*i])
    }

    /// The root department: the company itself.
    #[must_use]
    pub fn root(&self) -> Option<Uuid> {
        self.departments
            .iter()
            .find(|d| d.parent_id.is_none())
            .map(|d| d.id)
    }

    /// A department and its ancestors, nearest first.
    #[must_use]
    pub fn chain(&self, id: Uuid) -> Vec<Uuid> {
        let mut out = Vec::new();
        let mut at = Some(id);
        while let Some(d) = at {
            if out.contains(&d) {
                break;
            }
            out.push(d);
            at = self.department(d).and_then(|d| d.parent_id);
        }
        out
    }

    /// A department and everything under it.
    #[must_use]
    pub fn subtree(&self, id: Uuid) -> HashSet<Uuid> {
        self.departments
            .iter()
            .filter(|d| self.chain(d.id).contains(&id))
            .map(|d| d.id)
            .collect()
    }

    /// The department a user belonged to at an instant: the one they left by their first
    /// move after it, else the one they are in now.
    #[must_use]
    pub fn department_at(&self, user: Uuid, at: DateTime<Utc>) -> Option<Uuid> {
        self.moves
            .iter()
            .find(|m| m.user_id == user && m.at > at)
            .and_then(|m| m.from_department_id)
            .or_else(|| self.user(user).map(|u| u.department_id))
    }

    /// Sub-departments and active people directly in a department: who a parent's target is
    /// split among.
    #[must_use]
    pub fn children(&self, id: Uuid) -> (Vec<&department::Model>, Vec<&user::Model>) {
        let mut departments: Vec<&department::Model> = self
            .departments
            .iter()
            .filter(|d| d.parent_id == Some(id))
            .collect();
        departments.sort_by(|a, b| a.name.cmp(&b.name));
        let mut users: Vec<&user::Model> = self
            .users
            .iter()
            .filter(|u| u.active && u.department_id == id)
            .collect();
        users.sort_by(|a, b| a.name.cmp(&b.name));
        (departments, users)
    }
}

/// The start of a day in a time zone, as an instant.
#[must_use]
pub fn day_start(day: NaiveDate, tz: chrono_tz::Tz) -> DateTime<Utc> {
    let midnight = day.and_hms_opt(0, 0, 0).unwrap_or_default();
    midnight
        .and_local_timezone(tz)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

/// Consecutive periods from their first days (and the day after the last), in a time zone.
#[must_use]
pub fn bounds(days: Vec<NaiveDate>, time_zone: &str) -> YearBounds {
    let tz: chrono_tz::Tz = time_zone.parse().unwrap_or(chrono_tz::Asia::Shanghai);
    let instants = days.iter().map(|d| day_start(*d, tz)).collect();
    YearBounds { days, instants }
}

/// The twelve months of a year in a time zone.
#[must_use]
pub fn year_bounds(year: i32, time_zone: &str) -> YearBounds {
    let days = (0..13)
        .map(|i| {
            let (y, m) = if i == 12 {
                (year + 1, 1)
            } else {
                (year, i + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default()
        })
        .collect();
    bounds(days, time_zone)
}

/// Customer resources per person and, summed over everyone in its subtree now, per
/// department: `(active customers, summed annual revenue)`.
#[must_use]
pub fn resources(org: &Org, per_user: &HashMap<Uuid, (i64, i64)>) -> HashMap<Uuid, (i64, i64)> {
    let mut out: HashMap<Uuid, (i64, i64)> = per_user.clone();
    for u in &org.users {
        if let Some((n, p)) = per_user.get(&u.id) {
            for d in org.chain(u.department_id) {
                let e = out.entry(d).or_default();
                e.0 += n;
                e.1 += p;
            }
        }
    }
    out
}
