//! `digest_lines`: events waiting for a person's daily digest, each one line in their language
//! with its link; deleted when the digest is written to the outbox.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "digest_lines")]
pub struct Model {
    /// UUIDv7, made by the application: the lines' order.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    #[sea_orm(column_type = "Text")]
    pub line: String,
    #[sea_orm(column_type = "Text")]
    pub link: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
