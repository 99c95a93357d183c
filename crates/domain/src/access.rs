//! The rules of access: what a signed-in user may do, and whose records they see.
//!
//! The server's policy layer is the only caller; handlers never decide access themselves.

use std::collections::{BTreeSet, HashSet};

use uuid::Uuid;

use crate::org::{subtree, DataScope, DepartmentNode, Permission};

/// A signed-in user as access rules see them.
#[derive(Debug, Clone)]
pub struct Actor {
    pub tenant_id: Uuid,
    pub user_id: Uuid,
    pub department_id: Uuid,
    pub scope: DataScope,
    pub permissions: BTreeSet<Permission>,
}

impl Actor {
    #[must_use]
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// Whose records an actor sees, as a filter list queries apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnerFilter {
    /// Every owner of the tenant.
    Everyone,
    /// Only this user's records.
    User(Uuid),
    /// Records whose owner belongs to one of these departments.
    Departments(HashSet<Uuid>),
}

impl OwnerFilter {
    /// The filter that the actor's data scope gives, over the tenant's department tree.
    #[must_use]
    pub fn for_actor(actor: &Actor, departments: &[DepartmentNode]) -> Self {
        match actor.scope {
            DataScope::Tenant => Self::Everyone,
            DataScope::Own => Self::User(actor.user_id),
            DataScope::Department => Self::Departments(HashSet::from([actor.department_id])),
            DataScope::Subtree => Self::Departments(subtree(departments, actor.department_id)),
        }
    }

    /// Whether a record owned by `owner` (a user in `owner_department`) passes the filter.
    #[must_use]
    pub fn admits(&self, owner: Uuid, owner_department: Uuid) -> bool {
        match self {
            Self::Everyone => true,
            Self::User(user) => *user == owner,
            Self::Departments(set) => set.contains(&owner_department),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(scope: DataScope, dept: Uuid) -> Actor {
        Actor {
            tenant_id: Uuid::from_u128(100),
            user_id: Uuid::from_u128(7),
            department_id: dept,
            scope,
            permissions: BTreeSet::from([Permission::LeadsRead]),
        }
    }

    #[test]
    fn each_scope_admits_the_right_owners() {
        let (root, east, shanghai, north) = (
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Uuid::from_u128(4),
        );
        let nodes = [
            DepartmentNode {
                id: root,
                parent_id: None,
            },
            DepartmentNode {
                id: east,
                parent_id: Some(root),
            },
            DepartmentNode {
                id: shanghai,
                parent_id: Some(east),
            },
            DepartmentNode {
                id: north,
                parent_id: Some(root),
            },
        ];
        let me = Uuid::from_u128(7);
        let colleague = Uuid::from_u128(8);
        // (scope, owner, owner's department, admitted?)
        let cases = [
            (DataScope::Own, me, east, true),
            (DataScope::Own, colleague, east, false),
            (DataScope::Department, colleague, east, true),
            (DataScope::Department, colleague, shanghai, false),
            (DataScope::Subtree, colleague, shanghai, true),
            (DataScope::Subtree, colleague, north, false),
            (DataScope::Tenant, colleague, north, true),
        ];
        for (scope, owner, owner_dept, expected) in cases {
            let a = actor(scope, east);
            let filter = OwnerFilter::for_actor(&a, &nodes);
            assert_eq!(
                filter.admits(owner, owner_dept),
                expected,
                "{scope:?} owner in {owner_dept}"
            );
        }
        let a = actor(DataScope::Own, east);
        assert!(a.can(Permission::LeadsRead));
        assert!(!a.can(Permission::UsersManage));
    }
}
