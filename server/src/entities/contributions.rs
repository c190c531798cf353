//! `contributions`: one member's own text for one field in a cycle (their draft, shown to the
//! group with their name), and the version of the shared answer it was last based on. Primary
//! key (`group_id`, `cycle_id`, `field`, `user_id`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contributions")]
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
    pub user_id: Uuid,
    pub step: i16,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub base_version: i32,
    pub saved_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
