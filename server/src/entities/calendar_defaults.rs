//! `calendar_defaults`: when and where a group usually meets (weekday, time, place), from which
//! its meetings' default dates are made. No row: Tuesday at 15.00, no place.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "calendar_defaults")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    /// ISO weekday, 1 = Monday … 5 = Friday.
    pub weekday: i16,
    /// Minutes after midnight, Swedish time.
    pub starts: i16,
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub place: String,
    /// Raised at every change: the default meetings move with it.
    pub revision: i32,
}

impl ActiveModelBehavior for ActiveModel {}
