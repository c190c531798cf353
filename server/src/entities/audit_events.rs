//! `audit_events`: the append-only log of security events (sign-ins, invitations, role changes),
//! also what some rate limits count. Index `audit_events_action_at` on (`action`, `at`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub at: DateTimeUtc,
    /// Who acted, if anyone was signed in. Deliberately not a foreign key: the log outlives
    /// the users it mentions, so there is no relation to `users` here.
    pub actor_user_id: Option<Uuid>,
    /// What happened, e.g. `sign_in`, `invitation_accepted`, `member_removed`: an open set.
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub action: String,
    /// What the event is about: an address, or a group's, invitation's or member's id.
    #[sea_orm(column_type = "String(StringLen::N(320))", nullable)]
    pub subject: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(64))", nullable)]
    pub client_ip: Option<String>,
    /// How it went: `ok`, `limited`, `bad_link`, `refused` so far. Kept as text because
    /// `audit::Event` takes any string.
    #[sea_orm(column_type = "String(StringLen::N(16))")]
    pub outcome: String,
}

impl ActiveModelBehavior for ActiveModel {}
