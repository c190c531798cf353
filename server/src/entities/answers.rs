//! `answers`: the group's shared answer to one field in a cycle, with its version (one more
//! for each explicit save) and whether a process leader has marked it agreed. Primary key
//! (`group_id`, `cycle_id`, `field`), the field's stable id from `content/ids.toml`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "answers")]
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
    pub step: i16,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub version: i32,
    pub agreed: bool,
    pub saved_by: Option<Uuid>,
    pub saved_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
