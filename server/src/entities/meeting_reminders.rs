//! `meeting_reminders`: a reminder sent to one person about one meeting, with the meeting's
//! sequence at the time (a higher sequence later: the meeting moved, and one more reminder
//! goes). Primary key (`group_id`, `cycle_id`, `step`, `number`, `user_id`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_reminders")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub step: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub sequence: i32,
    pub sent_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
