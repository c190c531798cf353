//! `answer_versions`: every explicit save of a shared answer (who, when, what), for its
//! history and restoring. Primary key (`group_id`, `cycle_id`, `field`, `version`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answer_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(200))"
    )]
    pub field: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub version: i32,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub saved_by: Option<Uuid>,
    pub saved_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
