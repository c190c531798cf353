//! `sign_in_tokens`: one-time sign-in links sent by e-mail, stored only as SHA-256 hashes.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sign_in_tokens")]
pub struct Model {
    /// SHA-256 of the link's token, 64 hex digits.
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(64))"
    )]
    pub token_hash: String,
    /// The address the link was sent to; not a foreign key (the user may not exist yet).
    #[sea_orm(column_type = "String(StringLen::N(320))")]
    pub email: String,
    pub expires_at: DateTimeUtc,
    /// When the link was used; a used link never works again.
    pub used_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
