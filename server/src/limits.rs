//! Rate limits and quotas as counters in the database, so they hold across instances and under
//! parallel requests: `hit` counts inside the transaction that acts, with one atomic upsert
//! that takes the row's write lock, so two requests can never both see room for one more. A
//! refused attempt rolls back with its transaction and is not counted. Each key's window opens
//! at its first hit and lasts `window`; the next hit after that opens a new one.

use crate::entities::{prelude::RateLimit, rate_limits};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};

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
/// forwarded address): `max` from the configuration's `sign_in_per_client_hour`.
pub fn sign_in_per_client(max: i64) -> Limit {
    Limit {
        what: "sign_in_client",
        window: Duration::hours(1),
        max,
    }
}
/// Documents one person may download in an hour: a year's archive in one sitting, not a loop
/// that keeps the server's cores busy writing PDFs.
pub const EXPORTS_PER_HOUR: Limit = Limit {
    what: "exports",
    window: Duration::hours(1),
    max: 120,
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
    let n = i32::try_from(n).unwrap_or(i32::MAX);
    // The stored row as it was before this hit (in `ON CONFLICT DO UPDATE SET`, every
    // right-hand side sees the old row, so the two CASEs agree on whether the window ended).
    let stored = |column: rate_limits::Column| Expr::col((RateLimit, column));
    let window_over = || stored(rate_limits::Column::WindowStart).lte(now - limit.window);
    // One atomic upsert that adds to the stored count, or starts a new window, and returns
    // the result: the row's write lock is taken by this statement, so two transactions can
    // never both read a count and then write it back (the race a read-then-write would open).
    let row = RateLimit::insert(rate_limits::ActiveModel {
        key: Set(format!("{}:{key}", limit.what)),
        window_start: Set(now),
        count: Set(n),
    })
    .on_conflict(
        OnConflict::column(rate_limits::Column::Key)
            .value(
                rate_limits::Column::Count,
                Expr::case(window_over(), n).finally(stored(rate_limits::Column::Count).add(n)),
            )
            .value(
                rate_limits::Column::WindowStart,
                Expr::case(window_over(), now).finally(stored(rate_limits::Column::WindowStart)),
            )
            .to_owned(),
    )
    .exec_with_returning(db)
    .await?;
    Ok(i64::from(row.count) <= limit.max)
}

/// Forgets windows that ended more than a day ago.
pub async fn purge<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(RateLimit::delete_many()
        .filter(rate_limits::Column::WindowStart.lt(now - Duration::days(2)))
        .exec(db)
        .await?
        .rows_affected)
}
