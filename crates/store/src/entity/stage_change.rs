use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// An opportunity entering a stage (or, with `from_stage_id == Some(to_stage_id)`, its
/// amount or close date changing), with the amount and close date as they were then.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "stage_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub tenant_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub opportunity_id: Uuid,
    pub from_stage_id: Option<Uuid>,
    pub to_stage_id: Uuid,
    pub at: DateTimeUtc,
    pub amount_minor: i64,
    pub expected_close_date: Option<Date>,
    pub actor_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The row as the forecast rules read it.
    #[must_use]
    pub fn as_domain(&self) -> closer_domain::opportunities::forecast::StageChange {
        closer_domain::opportunities::forecast::StageChange {
            opportunity_id: self.opportunity_id,
            from_stage: self.from_stage_id,
            to_stage: self.to_stage_id,
            at: self.at,
            amount: self.amount_minor,
            expected_close_date: self.expected_close_date,
        }
    }
}
