//! `step_states`: a step the process leader has opened for the group in a cycle, and whether
//! it is done. Primary key (`group_id`, `cycle_id`, `step`); no row: not opened.

use super::enums::StepStatus;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "step_states")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub step: i16,
    pub state: StepStatus,
    pub opened_at: DateTimeUtc,
    pub opened_by: Option<Uuid>,
    pub done_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
