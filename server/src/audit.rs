//! The audit log: one row per security event, written beside the change it records. Rows
//! are only ever added.

use crate::entities::{audit_events, prelude::AuditEvent};
use app::ports::ClientIp;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter,
};
use uuid::Uuid;

/// One event: who did what to which subject, from where, and whether it worked.
pub struct Event<'a> {
    pub action: &'a str,
    pub actor: Option<Uuid>,
    pub subject: Option<&'a str>,
    pub client: &'a ClientIp,
    pub outcome: &'a str,
}

impl<'a> Event<'a> {
    /// A successful action by `actor` on `subject`: most events.
    pub fn ok(action: &'a str, actor: Uuid, subject: &'a str, client: &'a ClientIp) -> Self {
        Self {
            action,
            actor: Some(actor),
            subject: Some(subject),
            client,
            outcome: "ok",
        }
    }
}

pub async fn record<C: ConnectionTrait>(
    db: &C,
    event: Event<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    audit_events::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(now),
        actor_user_id: Set(event.actor),
        action: Set(event.action.to_string()),
        subject: Set(event.subject.map(str::to_string)),
        // An unknown client address is stored as NULL, not as an empty string.
        client_ip: Set((!event.client.0.is_empty()).then(|| event.client.0.clone())),
        outcome: Set(event.outcome.to_string()),
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// How many `action` events matched `by` since `since`: what rate limits and quotas count.
pub async fn count_since<C: ConnectionTrait>(
    db: &C,
    action: &str,
    by: Column<'_>,
    since: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let matches = match by {
        Column::Subject(subject) => audit_events::Column::Subject.eq(subject),
        Column::ClientIp(ip) => audit_events::Column::ClientIp.eq(ip),
        Column::Actor(actor) => audit_events::Column::ActorUserId.eq(actor),
    };
    let n = AuditEvent::find()
        .filter(audit_events::Column::Action.eq(action))
        .filter(matches)
        .filter(audit_events::Column::At.gt(since))
        .count(db)
        .await?;
    Ok(i64::try_from(n).unwrap_or(i64::MAX))
}

/// The columns rate limits may count by (never free text in SQL).
pub enum Column<'a> {
    Subject(&'a str),
    ClientIp(&'a str),
    Actor(Uuid),
}
