//! `cycles`: one school year of an organisation's quality work (e.g. `2026/27`); every group's
//! work on the steps belongs to one. Unique (`organisation_id`, `label`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cycles")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub organisation_id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(16))")]
    pub label: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
