//! The transactional outbox. `enqueue` writes a mail in the caller's transaction; `deliver_due`
//! claims due mails one at a time with a lease (portable to SQLite and PostgreSQL, no
//! `SKIP LOCKED`), sends them, and on failure backs off: 30 s, 2 min, 10 min, 30 min, then hourly
//! for up to 72 hours before the mail is marked dead.

use super::{Mailer, SendError, mailer::OutgoingMail};
use crate::clock::Clock;
use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    Statement,
};
use uuid::Uuid;

mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
    #[sea_orm(table_name = "outbox")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: Uuid,
        pub to_address: String,
        pub subject: String,
        pub text_body: String,
        pub html_body: String,
        pub status: String,
        pub attempts: i32,
        pub next_attempt_at: DateTimeUtc,
        pub locked_until: Option<DateTimeUtc>,
        pub last_error: Option<String>,
        pub created_at: DateTimeUtc,
        pub sent_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub use entity::Model as OutboxRow;

/// A mail to send: written now, delivered by the worker.
#[derive(Debug, Clone)]
pub struct NewMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// How long a worker owns a claimed mail; a worker that dies releases it when this passes.
const LEASE: Duration = Duration::minutes(2);
/// After this long without success a mail is given up.
const GIVE_UP_AFTER: Duration = Duration::hours(72);

/// Writes a mail to the outbox inside `db`, which should be the transaction of whatever caused
/// the mail: both are kept, or neither.
pub async fn enqueue<C: ConnectionTrait>(
    db: &C,
    mail: NewMail,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    entity::ActiveModel {
        id: Set(id),
        to_address: Set(mail.to),
        subject: Set(mail.subject),
        text_body: Set(mail.text),
        html_body: Set(mail.html),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// The wait before attempt `attempts + 1`.
fn backoff(attempts: i32) -> Duration {
    match attempts {
        ..=1 => Duration::seconds(30),
        2 => Duration::minutes(2),
        3 => Duration::minutes(10),
        4 => Duration::minutes(30),
        _ => Duration::hours(1),
    }
}

/// Claims the oldest due mail for this worker. The outer lease condition is checked again by
/// PostgreSQL after a competing claim commits, so two workers never claim the same row.
async fn claim(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<Option<OutboxRow>, DbErr> {
    let sql = "UPDATE outbox SET locked_until = $1, attempts = attempts + 1 \
         WHERE id = (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= $2 \
                     AND (locked_until IS NULL OR locked_until < $2) ORDER BY id LIMIT 1) \
           AND (locked_until IS NULL OR locked_until < $2) \
         RETURNING *";
    let statement = Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        [(now + LEASE).into(), now.into()],
    );
    entity::Entity::find().from_raw_sql(statement).one(db).await
}

/// What one pass of the worker did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
}

/// Sends every mail that is due at `now`. The clock is a parameter so tests can move time.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    from: &Mailbox,
    now: DateTime<Utc>,
) -> Result<Delivery, DbErr> {
    let mut delivery = Delivery::default();
    while let Some(row) = claim(db, now).await? {
        let mail = OutgoingMail {
            message_id: format!("<{}@verkstad>", row.id),
            to: row.to_address.clone(),
            subject: row.subject.clone(),
            text: row.text_body.clone(),
            html: row.html_body.clone(),
        };
        let result = mailer.send(from, &mail).await;
        let mut update: entity::ActiveModel = row.clone().into();
        update.locked_until = Set(None);
        match result {
            Ok(()) => {
                update.status = Set("sent".into());
                update.sent_at = Set(Some(now));
                update.last_error = Set(None);
                delivery.sent += 1;
            }
            Err(error) => {
                let retry_at = now + backoff(row.attempts);
                let permanent = matches!(error, SendError::Permanent(_));
                if permanent || retry_at > row.created_at + GIVE_UP_AFTER {
                    tracing::error!(mail = %row.id, %error, "mail given up");
                    update.status = Set("dead".into());
                    delivery.dead += 1;
                } else {
                    tracing::warn!(mail = %row.id, %error, attempt = row.attempts, "mail will be retried");
                    update.next_attempt_at = Set(retry_at);
                    delivery.retrying += 1;
                }
                update.last_error = Set(Some(error.to_string()));
            }
        }
        update.update(db).await?;
    }
    Ok(delivery)
}

/// Runs `deliver_due` every `interval` until `stop` resolves.
pub fn spawn_worker(
    db: DatabaseConnection,
    mailer: Mailer,
    from: Mailbox,
    interval: std::time::Duration,
    clock: Clock,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + interval, interval);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    if let Err(error) = deliver_due(&db, &mailer, &from, clock.now()).await {
                        tracing::error!(%error, "outbox pass failed");
                    }
                }
                _ = stop.changed() => break,
            }
        }
    })
}
