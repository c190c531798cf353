//! Who gets which notice, and how: `notify` writes each recipient's mail to the outbox (or a line
//! for their digest) in the transaction of the event; `send_digests` (a job) gathers the lines
//! into one morning mail; unsubscribe links are single-use tokens stored as hashes.

use crate::{
    db::Writer,
    email::{outbox, templates},
    entities::{digest_lines, enums::NoticeMail, prelude::*, unsubscribe_tokens, users},
    error::{Result, ServerError},
    tokens,
};
use app::{features::handovers::types::NoticeChoice, i18n::Locale, ports::Actor};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::Expr,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// How long an unsubscribe link works.
const UNSUBSCRIBE_DAYS: i64 = 90;
/// The hour (UTC) the daily digest goes out: before a Swedish school day starts, summer or
/// winter.
const DIGEST_HOUR: u32 = 5;

/// One event's mail: its template (in `features/<feature>/mail/`) and the values it is filled
/// with; `link` is where it leads. The recipient's unsubscribe link is added per person.
pub(crate) struct Notice {
    pub(crate) template: &'static str,
    pub(crate) values: serde_json::Value,
    pub(crate) link: String,
}

/// A new unsubscribe link for `user`, its token stored only as a hash.
async fn unsubscribe_link<C: ConnectionTrait>(
    db: &C,
    base_url: &str,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<String> {
    let token = tokens::new_token();
    UnsubscribeToken::insert(unsubscribe_tokens::ActiveModel {
        token_hash: Set(tokens::hash(&token)),
        user_id: Set(user),
        expires_at: Set(now + Duration::days(UNSUBSCRIBE_DAYS)),
    })
    .exec_without_returning(db)
    .await?;
    Ok(format!("{base_url}/avregistrera/{token}"))
}

fn locale_of(user: &users::Model) -> Locale {
    user.locale.parse().unwrap_or_default()
}

/// Tells `recipients` of an event as each has chosen: a mail now (with an unsubscribe link), a
/// line in tomorrow morning's digest, or nothing. Runs in the event's transaction.
pub(crate) async fn notify<C: ConnectionTrait>(
    db: &C,
    base_url: &str,
    recipients: &[users::Model],
    notice: &Notice,
    now: DateTime<Utc>,
) -> Result<()> {
    for user in recipients {
        let mut values = notice.values.clone();
        values["link"] = notice.link.clone().into();
        match user.notice_mail {
            NoticeMail::Off => {}
            NoticeMail::Each => {
                values["unsubscribe"] = unsubscribe_link(db, base_url, user.id, now).await?.into();
                let mail =
                    templates::render(notice.template, locale_of(user), &user.email, values)?;
                outbox::enqueue(db, mail, now).await?;
            }
            NoticeMail::Daily => {
                // The digest lists each event by its mail's subject, in the person's language.
                values["unsubscribe"] = "".into();
                let mail =
                    templates::render(notice.template, locale_of(user), &user.email, values)?;
                DigestLine::insert(digest_lines::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    user_id: Set(user.id),
                    line: Set(mail.subject),
                    link: Set(notice.link.clone()),
                    created_at: Set(now),
                })
                .exec_without_returning(db)
                .await?;
            }
        }
    }
    Ok(())
}

/// The latest digest time at or before `now`.
fn digest_cutoff(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = now
        .date_naive()
        .and_hms_opt(DIGEST_HOUR, 0, 0)
        .map_or(now, |t| t.and_utc());
    if today <= now {
        today
    } else {
        today - Duration::days(1)
    }
}

/// The job: every line written before this morning's digest time goes out as one mail per
/// person. The lines are taken by deleting them (`DELETE … RETURNING`), so two instances never
/// send the same digest. Returns how many digests were written.
pub async fn send_digests(
    db: &DatabaseConnection,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    let cutoff = digest_cutoff(now);
    let txn = Writer::new(db.clone()).begin().await?;
    let taken = DigestLine::delete_many()
        .filter(digest_lines::Column::CreatedAt.lt(cutoff))
        .exec_with_returning(&txn)
        .await?;
    if taken.is_empty() {
        txn.commit().await?;
        return Ok(0);
    }
    let mut by_user: BTreeMap<Uuid, Vec<digest_lines::Model>> = BTreeMap::new();
    for line in taken {
        by_user.entry(line.user_id).or_default().push(line);
    }
    let people = User::find()
        .filter(users::Column::Id.is_in(by_user.keys().copied().collect::<Vec<_>>()))
        .all(&txn)
        .await?;
    let mut sent = 0;
    for user in people {
        // Someone who unsubscribed after the event gets nothing.
        if user.notice_mail == NoticeMail::Off {
            continue;
        }
        let Some(mut lines) = by_user.remove(&user.id) else {
            continue;
        };
        lines.sort_by_key(|l| l.id);
        let values = serde_json::json!({
            "count": lines.len(),
            "lines": lines.iter().map(|l| serde_json::json!({"line": l.line, "link": l.link})).collect::<Vec<_>>(),
            "link": format!("{base_url}/mina-grupper"),
            "unsubscribe": unsubscribe_link(&txn, base_url, user.id, now).await?,
        });
        let mail = templates::render("digest", locale_of(&user), &user.email, values)?;
        outbox::enqueue(&txn, mail, now).await?;
        sent += 1;
    }
    txn.commit().await?;
    Ok(sent)
}

/// Each person's choice of mail, and the unsubscribe links.
pub struct NoticeService {
    /// For reads outside a write; a write reads through its transaction.
    db: DatabaseConnection,
    writer: Writer,
    clock: crate::clock::Clock,
}

impl NoticeService {
    pub fn new(db: DatabaseConnection, clock: crate::clock::Clock) -> Self {
        Self {
            writer: Writer::new(db.clone()),
            db,
            clock,
        }
    }

    /// The signed-in person's choice.
    pub async fn choice(&self, actor: &Actor) -> Result<NoticeChoice> {
        let me = actor.user_id()?.0;
        let user = User::find_by_id(me)
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        Ok(user.notice_mail.into())
    }

    /// Changes the signed-in person's choice.
    pub async fn choose(&self, actor: &Actor, choice: NoticeChoice) -> Result<()> {
        let me = actor.user_id()?.0;
        User::update_many()
            .col_expr(
                users::Column::NoticeMail,
                Expr::value(NoticeMail::from(choice)),
            )
            .filter(users::Column::Id.eq(me))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    /// Spends an unsubscribe link: its owner gets no more notices. `false` for a link that is
    /// unknown, used or expired. Nobody is signed in by it, and it shows nothing of the person.
    pub async fn unsubscribe(&self, _actor: &Actor, token: &str) -> Result<bool> {
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
        let spent = UnsubscribeToken::delete_many()
            .filter(unsubscribe_tokens::Column::TokenHash.eq(tokens::hash(token.trim())))
            .filter(unsubscribe_tokens::Column::ExpiresAt.gt(now))
            .exec_with_returning(&txn)
            .await?;
        let Some(row) = spent.first() else {
            return Ok(false);
        };
        User::update_many()
            .col_expr(users::Column::NoticeMail, Expr::value(NoticeMail::Off))
            .filter(users::Column::Id.eq(row.user_id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(true)
    }
}

/// Forgets unsubscribe links past their expiry (the ten-minute purge job).
pub async fn purge(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64> {
    Ok(UnsubscribeToken::delete_many()
        .filter(unsubscribe_tokens::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

crate::port! {
    impl Notices for NoticeService {
        async fn choice(&self, actor: &Actor) -> NoticeChoice;
        async fn choose(&self, actor: &Actor, choice: NoticeChoice) -> ();
        async fn unsubscribe(&self, actor: &Actor, token: &str) -> bool;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_digest_goes_out_at_five_utc() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(
            digest_cutoff(at("2026-11-30T04:59:00Z")),
            at("2026-11-29T05:00:00Z")
        );
        assert_eq!(
            digest_cutoff(at("2026-11-30T05:00:00Z")),
            at("2026-11-30T05:00:00Z")
        );
        assert_eq!(
            digest_cutoff(at("2026-11-30T23:00:00Z")),
            at("2026-11-30T05:00:00Z")
        );
    }
}
