//! `unsubscribe_tokens`: the links in notice mail that stop such mail without signing in. Only
//! the SHA-256 of each token is stored; a token works once and expires.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "unsubscribe_tokens")]
pub struct Model {
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(64))"
    )]
    pub token_hash: String,
    pub user_id: Uuid,
    pub expires_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
