//! `meeting_times`: one of a group's meetings in a cycle as its leader set it (day, time, length,
//! place, or cancelled). No row: the default from the content's week and the group's usual time.
//! Primary key (`group_id`, `cycle_id`, `step`, `number`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_times")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub step: i16,
    /// The meeting's number in its step, from 1.
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i16,
    pub day: Date,
    /// Minutes after midnight, Swedish time.
    pub starts: i16,
    pub minutes: i16,
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub place: String,
    pub cancelled: bool,
    /// Raised at every change: a subscribed calendar replaces the event it had.
    pub sequence: i32,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
