//! The background jobs beside the outbox worker, run every ten minutes on the injectable clock:
//! invitation reminders, and purging what must not be kept (finished mail after its retention
//! period, rate-limit windows long over).

use crate::{clock::Clock, email::outbox, features::invitations, limits};
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
