//! `outbox`: every e-mail, written in the transaction that caused it and delivered by a worker
//! with retries. Index `outbox_due` on (`status`, `next_attempt_at`).

use super::enums::OutboxStatus;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "outbox")]
pub struct Model {
    /// UUIDv7, so claiming in id order delivers the oldest mail first.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(320))")]
    pub to_address: String,
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub subject: String,
    /// Emptied once the mail is sent or dead: it may hold sign-in or invitation links.
    #[sea_orm(column_type = "Text")]
    pub text_body: String,
    /// Emptied once the mail is sent or dead, like `text_body`.
    #[sea_orm(column_type = "Text")]
    pub html_body: String,
    #[sea_orm(default_value = "pending")]
    pub status: OutboxStatus,
    /// Claims so far; each claim counts one, whether or not sending then worked.
    #[sea_orm(default_value = 0)]
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    /// A worker's lease: others leave the row alone until it passes.
    pub locked_until: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text", nullable)]
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
    /// The token of the claim that holds the lease; only its holder may finish the mail.
    pub claim_token: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
