//! `reminder_choices`: when a person wants reminders before meetings. No row: the working day
//! before; `days_before` NULL: no reminders.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reminder_choices")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    /// Working days before the meeting: 0 (that morning), 1 or 2.
    pub days_before: Option<i16>,
}

impl ActiveModelBehavior for ActiveModel {}
