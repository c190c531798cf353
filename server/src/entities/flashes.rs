//! `flashes`: what a form post tells the page it returns to, for a few minutes, under the
//! browser's flash cookie (only its hash stored). Primary key (`key_hash`, `form`); index
//! `flashes_expiry` on `expires_at`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flashes")]
pub struct Model {
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(64))"
    )]
    pub key_hash: String,
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(80))"
    )]
    pub form: String,
    /// The form's typed payload as JSON (what happened, what was wrong, what was typed).
    #[sea_orm(column_type = "Text")]
    pub payload: String,
    pub expires_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
