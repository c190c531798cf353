//! The transactional outbox. `enqueue` writes a mail in the caller's transaction; `deliver_due`
//! claims due mails one at a time with a lease (portable to SQLite and PostgreSQL, no
//! `SKIP LOCKED`), sends them, and on failure backs off: 30 s, 2 min, 10 min, 30 min, then hourly
//! for up to 72 hours before the mail is marked dead.
//!
//! Each claim takes the time afresh and carries a claim token; only the worker holding that
//! token may finish the mail, so a worker whose lease ran out cannot overwrite another's work.
//! Once a mail is sent or given up its bodies are emptied, because they hold sign-in and
//! invitation links: a copied database or backup must not carry working tokens. The rows
//! themselves are purged after the retention period.

use super::{Mailer, SendError, mailer::OutgoingMail};
use crate::{
    clock::Clock,
    entities::{enums::OutboxStatus, outbox as entity, prelude::Outbox},
};
use chrono::{DateTime, Duration, Utc};
use lettre::message::Mailbox;
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

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
/// Longer than the SMTP timeout (20 s), so a slow relay never outlives the lease.
pub const LEASE: Duration = Duration::minutes(2);
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
        status: Set(OutboxStatus::Pending),
        attempts: Set(0),
        next_attempt_at: Set(now),
        locked_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        claim_token: Set(None),
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

/// Not leased, or the lease has passed.
fn unleased(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(entity::Column::LockedUntil.is_null())
        .add(entity::Column::LockedUntil.lt(now))
}

/// Claims the oldest due mail for this worker, with a lease from `now` and a fresh claim
/// token, in one statement: `UPDATE … WHERE id = (SELECT … ORDER BY id LIMIT 1) AND <unleased>
/// RETURNING …`. The outer lease condition is checked again by PostgreSQL after a competing
/// claim commits, so two workers never claim the same row; SQLite runs one writer at a time.
pub async fn claim(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<OutboxRow>, DbErr> {
    let oldest_due = Outbox::find()
        .select_only()
        .column(entity::Column::Id)
        .filter(entity::Column::Status.eq(OutboxStatus::Pending))
        .filter(entity::Column::NextAttemptAt.lte(now))
        .filter(unleased(now))
        .order_by_asc(entity::Column::Id)
        .limit(1)
        .into_query();
    let claimed = Outbox::update_many()
        .col_expr(entity::Column::LockedUntil, Expr::value(Some(now + lease)))
        .col_expr(
            entity::Column::Attempts,
            Expr::col(entity::Column::Attempts).add(1),
        )
        .col_expr(
            entity::Column::ClaimToken,
            Expr::value(Some(Uuid::new_v4())),
        )
        .filter(Expr::col((Outbox, entity::Column::Id)).eq(oldest_due))
        // Checked again on the row itself, not only in the sub-select: on PostgreSQL a claim
        // that waited for another worker's commit re-checks only these conditions against the
        // row as it is now, and a mail that worker has meanwhile sent (lease cleared) must not
        // be claimed and sent a second time.
        .filter(entity::Column::Status.eq(OutboxStatus::Pending))
        .filter(entity::Column::NextAttemptAt.lte(now))
        .filter(unleased(now))
        .exec_with_returning(db)
        .await?;
    Ok(claimed.into_iter().next())
}

/// Records how sending a claimed mail went, if the claim still holds (the row still carries
/// its claim token). Returns `false` when another worker has taken the mail over meanwhile:
/// then nothing is written.
pub async fn finish(
    db: &DatabaseConnection,
    row: &OutboxRow,
    result: Result<(), SendError>,
    now: DateTime<Utc>,
    delivery: &mut Delivery,
) -> Result<bool, DbErr> {
    use entity::Column;
    let mut update = Outbox::update_many()
        .col_expr(
            Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(Column::ClaimToken, Expr::value(Option::<Uuid>::None));
    let mut done = false;
    let outcome = match result {
        Ok(()) => {
            done = true;
            update = update
                .col_expr(Column::Status, Expr::value(OutboxStatus::Sent))
                .col_expr(Column::SentAt, Expr::value(Some(now)))
                .col_expr(Column::LastError, Expr::value(Option::<String>::None));
            "sent"
        }
        Err(error) => {
            let retry_at = now + backoff(row.attempts);
            let permanent = matches!(error, SendError::Permanent(_));
            update = update.col_expr(Column::LastError, Expr::value(Some(error.to_string())));
            if permanent || retry_at > row.created_at + GIVE_UP_AFTER {
                tracing::error!(mail = %row.id, %error, "mail given up");
                done = true;
                update = update.col_expr(Column::Status, Expr::value(OutboxStatus::Dead));
                "dead"
            } else {
                tracing::warn!(mail = %row.id, %error, attempt = row.attempts, "mail will be retried");
                update = update.col_expr(Column::NextAttemptAt, Expr::value(retry_at));
                "retrying"
            }
        }
    };
    if done {
        // The links in a finished mail must not outlive it.
        update = update
            .col_expr(Column::TextBody, Expr::value(""))
            .col_expr(Column::HtmlBody, Expr::value(""));
    }
    let written = update
        .filter(Column::Id.eq(row.id))
        .filter(Column::ClaimToken.eq(row.claim_token))
        .exec(db)
        .await?;
    if written.rows_affected != 1 {
        tracing::warn!(mail = %row.id, "lease lost before the mail was finished; left to its new owner");
        return Ok(false);
    }
    match outcome {
        "sent" => delivery.sent += 1,
        "dead" => delivery.dead += 1,
        _ => delivery.retrying += 1,
    }
    Ok(true)
}

/// Deletes sent and given-up mails older than `retention`: what is kept is only for
/// following up a complaint ("did my invitation go out?").
pub async fn purge_finished(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
    retention: Duration,
) -> Result<u64, DbErr> {
    use entity::Column;
    Ok(Outbox::delete_many()
        .filter(Column::Status.is_in([OutboxStatus::Sent, OutboxStatus::Dead]))
        .filter(Column::CreatedAt.lt(now - retention))
        .exec(db)
        .await?
        .rows_affected)
}

/// What one pass of the worker did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Delivery {
    pub sent: usize,
    pub retrying: usize,
    pub dead: usize,
}

/// Sends every mail that is due, starting at `now`. The clock is a parameter so tests can move
/// time; each claim reads it afresh (`now` plus the time the pass has taken), so a long pass
/// never hands out leases that are already over.
pub async fn deliver_due(
    db: &DatabaseConnection,
    mailer: &Mailer,
    from: &Mailbox,
    now: DateTime<Utc>,
) -> Result<Delivery, DbErr> {
    deliver_due_with_lease(db, mailer, from, now, LEASE).await
}

/// `deliver_due` with a lease of the caller's choosing (tests use seconds, not minutes).
pub async fn deliver_due_with_lease(
    db: &DatabaseConnection,
    mailer: &Mailer,
    from: &Mailbox,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Delivery, DbErr> {
    let started = std::time::Instant::now();
    let at = || now + Duration::from_std(started.elapsed()).unwrap_or(Duration::zero());
    let mut delivery = Delivery::default();
    while let Some(row) = claim(db, at(), lease).await? {
        let mail = OutgoingMail {
            message_id: format!("<{}@verkstad>", row.id),
            to: row.to_address.clone(),
            subject: row.subject.clone(),
            text: row.text_body.clone(),
            html: row.html_body.clone(),
        };
        let result = mailer.send(from, &mail).await;
        finish(db, &row, result, at(), &mut delivery).await?;
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
