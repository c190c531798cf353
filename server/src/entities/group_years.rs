//! `group_years`: a group's own state in one of its organisation's cycles. No `closed_at`: the
//! group is held in the cycle after the organisation opened a newer one; `closed_at`: the
//! group's leader closed the year, and the cycle is read-only for the group. No row: the group
//! follows the organisation's newest cycle. Primary key (`group_id`, `cycle_id`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_years")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    pub closed_at: Option<DateTimeUtc>,
    pub closed_by: Option<Uuid>,
    /// Closed before step 5 was done, with the unfinished steps' answers carried on.
    pub moved_on: bool,

    #[sea_orm(belongs_to, from = "group_id", to = "id", on_delete = "Cascade")]
    pub group: BelongsTo<super::groups::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
