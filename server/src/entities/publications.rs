//! `publications`: what the huvudman group publishes to its units in a step (a frame, a
//! comparison, priorities): to every unit (`to_all`) or to those in `publication_recipients`.
//! Unique (`group_id`, `cycle_id`, `step`, `handover`, `number`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publications")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// The huvudman group that published.
    pub group_id: Uuid,
    pub cycle_id: Uuid,
    pub step: i16,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub handover: String,
    pub number: i32,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub to_all: bool,
    pub published_by: Option<Uuid>,
    pub published_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
