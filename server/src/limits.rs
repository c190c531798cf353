//! Rate limits and quotas as counters in the database, so they hold across instances and under
//! parallel requests: `hit` counts inside the transaction that acts, with one atomic upsert
//! that takes the row's write lock, so two requests can never both see room for one more. A
//! refused attempt rolls back with its transaction and is not counted. Each key's window opens
//! at its first hit and lasts `window`; the next hit after that opens a new one.

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DbErr};

/// How many `what` may happen per `window`.
#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub what: &'static str,
    pub window: Duration,
    pub max: i64,
}

/// Sign-in links one address may be sent per hour from one client address: enough for a lost
/// mail or two. Counted per (address, client) so flooding someone's address from elsewhere
/// cannot stop them signing in from their own network.
pub const SIGN_IN_PER_ADDRESS: Limit = Limit {
    what: "sign_in_address",
    window: Duration::hours(1),
    max: 5,
};
/// Sign-in requests one client address may make per hour (behind trusted proxies, the
/// forwarded address).
pub const SIGN_IN_PER_CLIENT: Limit = Limit {
    what: "sign_in_client",
    window: Duration::hours(1),
    max: 30,
};
/// Invitations one person may send in a day: a whole school's staff, not a mailing list
/// (quality.md S7).
pub const INVITES_PER_DAY: Limit = Limit {
    what: "invitations",
    window: Duration::days(1),
    max: 200,
};
/// Invitations one person may send again in an hour, by the resend button or by inviting a
/// pending address again.
pub const RESENDS_PER_HOUR: Limit = Limit {
    what: "resends",
    window: Duration::hours(1),
    max: 20,
};

/// Counts `n` more for `key` under `limit` and answers whether that is still within it. Call
/// it inside the transaction that acts, and roll back when it answers `false`.
pub async fn hit<C: ConnectionTrait>(
    db: &C,
    limit: &Limit,
    key: &str,
    n: i64,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    // Raw SQL: an upsert that adds to the stored count (or starts a new window) and returns
    // the result is one atomic statement on SQLite and PostgreSQL alike; the entity API would
    // need a read and a write, which is exactly the race this closes.
    let row = db
        .query_one_raw(crate::db::statement(
            db,
            "INSERT INTO rate_limits (key, window_start, count) VALUES ($1, $2, $3) \
             ON CONFLICT (key) DO UPDATE SET \
               count = CASE WHEN rate_limits.window_start <= $4 THEN excluded.count \
                            ELSE rate_limits.count + excluded.count END, \
               window_start = CASE WHEN rate_limits.window_start <= $4 THEN excluded.window_start \
                                   ELSE rate_limits.window_start END \
             RETURNING count",
            vec![
                format!("{}:{key}", limit.what).into(),
                now.into(),
                i32::try_from(n).unwrap_or(i32::MAX).into(),
                (now - limit.window).into(),
            ],
        ))
        .await?;
    let count: i32 = match row {
        Some(row) => row.try_get("", "count")?,
        None => return Err(DbErr::RecordNotFound("rate_limits upsert".into())),
    };
    Ok(i64::from(count) <= limit.max)
}

/// Forgets windows that ended more than a day ago.
pub async fn purge<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(db
        .execute_raw(crate::db::statement(
            db,
            "DELETE FROM rate_limits WHERE window_start < $1",
            vec![(now - Duration::days(2)).into()],
        ))
        .await?
        .rows_affected())
}
