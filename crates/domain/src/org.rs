//! Organisation: roles and their permissions and data scope, the department tree.

use std::collections::{HashMap, HashSet};

use uuid::Uuid;

use crate::InvalidValue;

/// Which records a role sees and acts on, by their owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DataScope {
    /// Records the user owns.
    Own,
    /// Records owned by anyone in the user's department.
    Department,
    /// Records owned by anyone in the user's department or a department below it.
    Subtree,
    /// Every record of the tenant.
    Tenant,
}

impl DataScope {
    pub const ALL: [Self; 4] = [Self::Own, Self::Department, Self::Subtree, Self::Tenant];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::Own => "own",
            Self::Department => "department",
            Self::Subtree => "subtree",
            Self::Tenant => "tenant",
        }
    }

    /// # Errors
    /// When the key names no scope.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|s| s.key() == key)
            .ok_or(InvalidValue::NotAllowed)
    }
}

/// One action a role may be granted. Keys are stable: roles store them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Permission {
    OrgManage,
    UsersManage,
    RolesManage,
    SettingsManage,
    ApiTokensCreate,
    JobsRun,
    LeadsRead,
    LeadsWrite,
    LeadsImport,
    CampaignsManage,
    CustomersRead,
    CustomersWrite,
    CustomersTransfer,
    OpportunitiesRead,
    OpportunitiesWrite,
    OpportunitiesReopen,
    ContractsRead,
    ContractsWrite,
    ContractsApprove,
    CashRead,
    CashWrite,
    TargetsRead,
    TargetsManage,
    PerformanceRead,
    PerformanceManage,
    AnalyticsRead,
}

impl Permission {
    pub const ALL: [Self; 26] = [
        Self::OrgManage,
        Self::UsersManage,
        Self::RolesManage,
        Self::SettingsManage,
        Self::ApiTokensCreate,
        Self::JobsRun,
        Self::LeadsRead,
        Self::LeadsWrite,
        Self::LeadsImport,
        Self::CampaignsManage,
        Self::CustomersRead,
        Self::CustomersWrite,
        Self::CustomersTransfer,
        Self::OpportunitiesRead,
        Self::OpportunitiesWrite,
        Self::OpportunitiesReopen,
        Self::ContractsRead,
        Self::ContractsWrite,
        Self::ContractsApprove,
        Self::CashRead,
        Self::CashWrite,
        Self::TargetsRead,
        Self::TargetsManage,
        Self::PerformanceRead,
        Self::PerformanceManage,
        Self::AnalyticsRead,
    ];

    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::OrgManage => "org.manage",
            Self::UsersManage => "users.manage",
            Self::RolesManage => "roles.manage",
            Self::SettingsManage => "settings.manage",
            Self::JobsRun => "jobs.run",
            Self::LeadsRead => "leads.read",
            Self::LeadsWrite => "leads.write",
            Self::LeadsImport => "leads.import",
            Self::CampaignsManage => "campaigns.manage",
            Self::CustomersRead => "customers.read",
            Self::CustomersWrite => "customers.write",
            Self::CustomersTransfer => "customers.transfer",
            Self::OpportunitiesRead => "opportunities.read",
            Self::OpportunitiesWrite => "opportunities.write",
            Self::OpportunitiesReopen => "opportunities.reopen",
            Self::ApiTokensCreate => "org.api_tokens",
            Self::ContractsRead => "contracts.read",
            Self::ContractsWrite => "contracts.write",
            Self::ContractsApprove => "contracts.approve",
            Self::CashRead => "cash.read",
            Self::CashWrite => "cash.write",
            Self::TargetsRead => "targets.read",
            Self::TargetsManage => "targets.manage",
            Self::PerformanceRead => "performance.read",
            Self::PerformanceManage => "performance.manage",
            Self::AnalyticsRead => "analytics.read",
        }
    }

    /// The area of the product the permission belongs to (the part of its key before the dot).
    #[must_use]
    pub fn area(self) -> &'static str {
        self.key().split('.').next().unwrap_or("")
    }

    /// # Errors
    /// When the key names no permission.
    pub fn parse(key: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|p| p.key() == key)
            .ok_or(InvalidValue::NotAllowed)
    }
}

/// A role's key: lower-case letters, digits and `_`, 2–40 characters.
///
/// # Errors
/// When the key has other characters or the wrong length.
pub fn parse_role_key(text: &str) -> Result<String, InvalidValue> {
    let key = text.trim();
    if key.is_empty() {
        return Err(InvalidValue::Required);
    }
    if key.len() < 2 {
        return Err(InvalidValue::TooShort { min: 2 });
    }
    if key.len() > 40 {
        return Err(InvalidValue::TooLong { max: 40 });
    }
    if !key
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(InvalidValue::Format);
    }
    Ok(key.to_owned())
}

/// A role every new tenant starts with.
#[derive(Debug, Clone)]
pub struct DefaultRole {
    pub key: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub scope: DataScope,
    pub permissions: Vec<Permission>,
}

/// The default roles of a new tenant: admin, sales manager, sales rep, finance, marketing.
#[must_use]
pub fn default_roles() -> Vec<DefaultRole> {
    use Permission as P;
    let sales = [
        P::LeadsRead,
        P::LeadsWrite,
        P::CustomersRead,
        P::CustomersWrite,
        P::OpportunitiesRead,
        P::OpportunitiesWrite,
        P::ContractsRead,
        P::ContractsWrite,
        P::CashRead,
        P::TargetsRead,
        P::PerformanceRead,
    ];
    let mut manager = sales.to_vec();
    manager.extend([
        P::LeadsImport,
        P::CustomersTransfer,
        P::ContractsApprove,
        P::TargetsManage,
        P::PerformanceManage,
        P::AnalyticsRead,
        P::UsersManage,
        P::OpportunitiesReopen,
        P::ApiTokensCreate,
    ]);
    vec![
        DefaultRole {
            key: "admin",
            name_zh: "管理员",
            name_en: "Administrator",
            scope: DataScope::Tenant,
            permissions: Permission::ALL.to_vec(),
        },
        DefaultRole {
            key: "sales_manager",
            name_zh: "销售经理",
            name_en: "Sales manager",
            scope: DataScope::Subtree,
            permissions: manager,
        },
        DefaultRole {
            key: "sales_rep",
            name_zh: "销售代表",
            name_en: "Sales rep",
            scope: DataScope::Own,
            permissions: sales.to_vec(),
        },
        DefaultRole {
            key: "finance",
            name_zh: "财务",
            name_en: "Finance",
            scope: DataScope::Tenant,
            permissions: vec![
                P::CustomersRead,
                P::ContractsRead,
                P::CashRead,
                P::CashWrite,
                P::TargetsRead,
                P::PerformanceRead,
                P::AnalyticsRead,
            ],
        },
        DefaultRole {
            key: "marketing",
            name_zh: "市场",
            name_en: "Marketing",
            scope: DataScope::Tenant,
            permissions: vec![
                P::LeadsRead,
                P::LeadsWrite,
                P::LeadsImport,
                P::CampaignsManage,
                P::CustomersRead,
                P::AnalyticsRead,
            ],
        },
    ]
}

/// A department as the tree rules need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DepartmentNode {
    pub id: Uuid,
    pub parent_id: Option<Uuid>,
}

/// Why a department cannot take the parent asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TreeError {
    #[error("the parent department does not exist")]
    UnknownParent,
    #[error("a department cannot be moved under itself or one of its own sub-departments")]
    Cycle,
    #[error("the root department has no parent")]
    RootHasNoParent,
}

/// The department and every department below it.
#[must_use]
pub fn subtree(nodes: &[DepartmentNode], root: Uuid) -> HashSet<Uuid> {
    let mut children: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for node in nodes {
        if let Some(parent) = node.parent_id {
            children.entry(parent).or_default().push(node.id);
        }
    }
    let mut seen = HashSet::from([root]);
    let mut stack = vec![root];
    while let Some(id) = stack.pop() {
        for child in children.get(&id).into_iter().flatten() {
            if seen.insert(*child) {
                stack.push(*child);
            }
        }
    }
    seen
}

/// The department's ancestors, nearest first (not including itself).
#[must_use]
pub fn ancestors(nodes: &[DepartmentNode], id: Uuid) -> Vec<Uuid> {
    let parents: HashMap<Uuid, Option<Uuid>> = nodes.iter().map(|n| (n.id, n.parent_id)).collect();
    let mut out = Vec::new();
    let mut current = parents.get(&id).copied().flatten();
    while let Some(parent) = current {
        if out.contains(&parent) || parent == id {
            break;
        }
        out.push(parent);
        current = parents.get(&parent).copied().flatten();
    }
    out
}

/// Checks that `department` may hang under `new_parent`.
///
/// # Errors
/// When the parent is unknown, when the move would make a cycle, or when the root is given one.
pub fn check_move(
    nodes: &[DepartmentNode],
    department: Uuid,
    new_parent: Option<Uuid>,
) -> Result<(), TreeError> {
    let is_root = nodes
        .iter()
        .any(|n| n.id == department && n.parent_id.is_none());
    match new_parent {
        None => Ok(()),
        Some(_) if is_root => Err(TreeError::RootHasNoParent),
        Some(parent) => {
            if !nodes.iter().any(|n| n.id == parent) {
                return Err(TreeError::UnknownParent);
            }
            if subtree(nodes, department).contains(&parent) {
                return Err(TreeError::Cycle);
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> (Vec<DepartmentNode>, [Uuid; 5]) {
        // root ─ east ─ shanghai
        //      │      └ hangzhou
        //      └ north
        let ids = [
            Uuid::from_u128(1),
            Uuid::from_u128(2),
            Uuid::from_u128(3),
            Uuid::from_u128(4),
            Uuid::from_u128(5),
        ];
        let [root, east, shanghai, hangzhou, north] = ids;
        let nodes = vec![
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
                id: hangzhou,
                parent_id: Some(east),
            },
            DepartmentNode {
                id: north,
                parent_id: Some(root),
            },
        ];
        (nodes, ids)
    }

    #[test]
    fn subtree_and_ancestors() {
        let (nodes, [root, east, shanghai, hangzhou, north]) = tree();
        assert_eq!(
            subtree(&nodes, east),
            HashSet::from([east, shanghai, hangzhou])
        );
        assert_eq!(subtree(&nodes, north), HashSet::from([north]));
        assert_eq!(subtree(&nodes, root).len(), 5);
        assert_eq!(ancestors(&nodes, shanghai), vec![east, root]);
        assert!(ancestors(&nodes, root).is_empty());
    }

    #[test]
    fn moves_that_would_make_a_cycle_are_refused() {
        let (nodes, [root, east, shanghai, _, north]) = tree();
        assert_eq!(
            check_move(&nodes, east, Some(shanghai)),
            Err(TreeError::Cycle)
        );
        assert_eq!(check_move(&nodes, east, Some(east)), Err(TreeError::Cycle));
        assert_eq!(
            check_move(&nodes, root, Some(north)),
            Err(TreeError::RootHasNoParent)
        );
        assert_eq!(
            check_move(&nodes, shanghai, Some(Uuid::from_u128(99))),
            Err(TreeError::UnknownParent)
        );
        assert_eq!(check_move(&nodes, shanghai, Some(north)), Ok(()));
    }

    #[test]
    fn keys_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::parse(p.key()), Ok(p));
        }
        for s in DataScope::ALL {
            assert_eq!(DataScope::parse(s.key()), Ok(s));
        }
        assert!(Permission::parse("leads.delete_everything").is_err());
        assert_eq!(Permission::LeadsImport.area(), "leads");
    }

    #[test]
    fn default_roles_match_the_api_contract() {
        let roles = default_roles();
        let keys: Vec<_> = roles.iter().map(|r| r.key).collect();
        assert_eq!(
            keys,
            [
                "admin",
                "sales_manager",
                "sales_rep",
                "finance",
                "marketing"
            ]
        );
        let admin = &roles[0];
        assert_eq!(admin.scope, DataScope::Tenant);
        assert_eq!(admin.permissions.len(), Permission::ALL.len());
        let rep = &roles[2];
        assert_eq!(rep.scope, DataScope::Own);
        assert!(!rep.permissions.contains(&Permission::UsersManage));
    }

    #[test]
    fn role_keys() {
        assert_eq!(parse_role_key("key_account"), Ok("key_account".into()));
        assert_eq!(parse_role_key("Key"), Err(InvalidValue::Format));
        assert_eq!(parse_role_key("x"), Err(InvalidValue::TooShort { min: 2 }));
    }
}
