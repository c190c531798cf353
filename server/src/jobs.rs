//! Every background job, on the injectable clock: the outbox worker (sends due mail every
//! `outbox_poll_seconds`), and every ten minutes invitation reminders, meeting reminders, the
//! daily digests (once
//! their hour has come) and purging what must not be kept (finished mail after its retention
//! period, rate-limit windows long over, expired unsubscribe links). A new job
//! goes here, so there is one place to see what runs without a request.

use crate::{
    clock::Clock,
    email::outbox,
    features::{calendar, invitations, notices},
    limits,
    state::AppState,
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::DatabaseConnection;

/// What the jobs need to know.
#[derive(Clone)]
pub struct Settings {
    /// Where links in reminders point.
    pub base_url: String,
    /// Days before an unanswered invitation is reminded; 0 for never.
    pub reminder_days: u32,
    /// How long sent and given-up mail is kept.
    pub mail_retention: Duration,
    /// The content and the loader, for the meetings reminders are about.
    pub context: crate::context::Context,
}

/// One round of every job at `now`. A job that fails is logged; the others still run.
pub async fn run_once(db: &DatabaseConnection, settings: &Settings, now: DateTime<Utc>) {
    if let Err(error) =
        invitations::remind_due(db, &settings.base_url, settings.reminder_days, now).await
    {
        tracing::error!(?error, "invitation reminders failed");
    }
    match outbox::purge_finished(db, now, settings.mail_retention).await {
        Ok(0) => {}
        Ok(purged) => tracing::info!(purged, "finished mail purged"),
        Err(error) => tracing::error!(%error, "purging finished mail failed"),
    }
    if let Err(error) = limits::purge(db, now).await {
        tracing::error!(%error, "purging rate-limit windows failed");
    }
    if let Err(error) = crate::flash::purge(db, now).await {
        tracing::error!(%error, "purging flashes failed");
    }
    match notices::send_digests(db, &settings.base_url, now).await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "daily digests written to the outbox"),
        Err(error) => tracing::error!(%error, "daily digests failed"),
    }
    match calendar::reminders::send_due(db, &settings.context, &settings.base_url, now).await {
        Ok(0) => {}
        Ok(sent) => tracing::info!(sent, "meeting reminders written"),
        Err(error) => tracing::error!(%error, "meeting reminders failed"),
    }
    if let Err(error) = notices::purge(db, now).await {
        tracing::error!(%error, "purging unsubscribe links failed");
    }
}

/// The running jobs; `finished` waits for them after `stop` was signalled.
pub struct Jobs(Vec<tokio::task::JoinHandle<()>>);

impl Jobs {
    pub async fn finished(self) {
        for job in self.0 {
            let _ = job.await;
        }
    }
}

/// Starts every job; they stop when `stop` changes. Mail not yet sent stays in the outbox.
pub fn start(state: &AppState, stop: &tokio::sync::watch::Receiver<bool>) -> Jobs {
    let config = &state.config;
    Jobs(vec![
        outbox::spawn_worker(
            state.db.clone(),
            state.mailer.clone(),
            state.mail_from.clone(),
            std::time::Duration::from_secs(config.outbox_poll_seconds),
            state.clock.clone(),
            stop.clone(),
        ),
        spawn(
            state.db.clone(),
            Settings {
                base_url: state.base_url.clone(),
                reminder_days: config.invitation_reminder_days,
                mail_retention: Duration::days(i64::from(config.outbox_retention_days)),
                context: crate::context::Context::new(state.content.clone(), state.clock.clone()),
            },
            state.clock.clone(),
            stop.clone(),
        ),
    ])
}

/// Runs `run_once` every ten minutes until `stop` changes.
pub fn spawn(
    db: DatabaseConnection,
    settings: Settings,
    clock: Clock,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(600);
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                _ = ticker.tick() => run_once(&db, &settings, clock.now()).await,
                _ = stop.changed() => break,
            }
        }
    })
}
