//! `submissions`: what a unit hands up to its huvudman, one row per version: a copy of a
//! finalised artefact or a text the unit wrote (`body`, JSON of `SubmissionBody`), never changed
//! after it is written. Unique (`group_id`, `cycle_id`, `step`, `handover`, `version`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submissions")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    /// The unit group that submitted.
    pub group_id: Uuid,
    pub cycle_id: Uuid,
    pub step: i16,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub handover: String,
    pub version: i32,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: String,
    pub artefact_version: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub submitted_by: Option<Uuid>,
    pub submitted_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
