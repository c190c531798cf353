//! `artefact_versions`: a step's artefact as the process leader finalised it, a stored snapshot
//! of the group's answers (JSON), never recomputed. Primary key (`group_id`, `cycle_id`,
//! `step`, `version`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "artefact_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub step: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub snapshot: String,
    pub finalised_by: Option<Uuid>,
    pub finalised_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
