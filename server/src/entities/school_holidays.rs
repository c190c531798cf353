//! `school_holidays`: the organisation's school holidays as weeks, set once and applied to every
//! school year (påsklov follows Easter). No row: the usual weeks (see `calendar::dates`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "school_holidays")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    pub autumn_week: i16,
    pub christmas_first_week: i16,
    pub christmas_last_week: i16,
    pub sports_week: i16,
    /// `after`: the week of Easter Monday; `before`: the week of Good Friday.
    #[sea_orm(column_type = "String(StringLen::N(8))")]
    pub easter: String,
    pub summer_first_week: i16,
    pub summer_last_week: i16,
    /// Raised at every change: the default meetings move with it.
    pub revision: i32,
}

impl ActiveModelBehavior for ActiveModel {}
