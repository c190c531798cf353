//! The audit log: one row per security event, written beside the change it records. Rows
//! are only ever added.

use crate::db::statement;
use app::ports::ClientIp;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr};
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
    db.execute_raw(statement(
        db,
        "INSERT INTO audit_events (id, at, actor_user_id, action, subject, client_ip, outcome) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
        vec![
            Uuid::now_v7().into(),
            now.into(),
            event.actor.into(),
            event.action.into(),
            event.subject.map(str::to_string).into(),
            (!event.client.0.is_empty())
                .then(|| event.client.0.clone())
                .into(),
            event.outcome.into(),
        ],
    ))
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
    let (column, value): (_, sea_orm::Value) = match by {
        Column::Subject(subject) => ("subject", subject.into()),
        Column::ClientIp(ip) => ("client_ip", ip.into()),
        Column::Actor(actor) => ("actor_user_id", actor.into()),
    };
    let row = db
        .query_one_raw(statement(
            db,
            &format!(
                "SELECT COUNT(*) AS n FROM audit_events WHERE action = $1 AND {column} = $2 AND at > $3"
            ),
            vec![action.into(), value, since.into()],
        ))
        .await?;
    Ok(row
        .map(|r| r.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0))
}

/// The columns rate limits may count by (never free text in SQL).
pub enum Column<'a> {
    Subject(&'a str),
    ClientIp(&'a str),
    Actor(Uuid),
}
