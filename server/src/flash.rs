//! Flashes: the typed message a form post leaves for the page it redirects to ("what happened,
//! what was wrong, what you typed"), kept in the database for ten minutes under a random
//! HttpOnly cookie (only its hash stored), so neither personal data nor long texts travel in
//! URLs. It works for someone not signed in. A page takes its form's flash once; the jobs
//! module purges what nobody took.

use crate::{
    clock::Clock,
    entities::{flashes, prelude::*},
    error::Result,
    tokens::{hash, new_token},
};
use app::ports::Actor;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};

/// Who made a flash when nobody was signed in (user ids are UUIDs, never this).
const NOBODY: &str = "-";

/// The stored key of a flash: the hash of the browser's cookie together with who made it.
fn key_of(token: &str, owner: &str) -> String {
    hash(&format!("{token}\n{owner}"))
}

/// Long enough for a redirect and a slow page; short enough that nothing lingers.
const LIFETIME: Duration = Duration::minutes(10);

pub struct FlashService {
    db: DatabaseConnection,
    clock: Clock,
    /// `__Host-` cookies need HTTPS; plain-http development uses an unprefixed name.
    secure: bool,
}

impl FlashService {
    pub fn new(db: DatabaseConnection, clock: Clock, secure: bool) -> Self {
        Self { db, clock, secure }
    }

    fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-verkstad-flash"
        } else {
            "verkstad-flash"
        }
    }

    /// The key of this browser's flashes for `actor`, if the browser has a flash cookie: what
    /// the middleware puts on the request's actor. The key is the hash of the cookie together
    /// with who is asking: the person signed in (or whose session has just ended), else nobody.
    /// So a flash is found only by the one who made it: someone else's cookie sent with one's own
    /// session, or the next person on a shared computer, finds nothing. Bound to the person
    /// rather than the session, so text saved after a session ended comes back once its writer
    /// signs in again (quality.md 6.1).
    pub fn key(&self, cookies: &str, actor: &Actor) -> Option<String> {
        let owner = actor
            .user
            .as_ref()
            .map(|user| user.id.as_str())
            .or(actor.lapsed.as_deref())
            .unwrap_or(NOBODY);
        self.cookie(cookies).map(|token| key_of(token, owner))
    }

    /// Gives this browser's flashes made by nobody to `user`, who has just signed in in it:
    /// a save posted after the session cookie was gone comes back to the one who signs in next
    /// here (quality.md 6.1). Flashes made by someone else (signed in, or whose session lapsed)
    /// stay theirs. Should `user` already have a flash of the same form here, the newer one
    /// (nobody's) replaces it, as a second post of a form replaces the first.
    pub async fn adopt(&self, cookies: &str, user: &str) -> Result<()> {
        let Some(token) = self.cookie(cookies) else {
            return Ok(());
        };
        let (nobody, theirs) = (key_of(token, NOBODY), key_of(token, user));
        Flash::delete_many()
            .filter(flashes::Column::KeyHash.eq(theirs.as_str()))
            .filter(
                flashes::Column::Form.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(flashes::Column::Form)
                        .from(flashes::Entity)
                        .and_where(flashes::Column::KeyHash.eq(nobody.as_str()))
                        .to_owned(),
                ),
            )
            .exec(&self.db)
            .await?;
        Flash::update_many()
            .col_expr(flashes::Column::KeyHash, Expr::value(theirs))
            .filter(flashes::Column::KeyHash.eq(nobody))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    fn cookie<'a>(&self, cookies: &'a str) -> Option<&'a str> {
        cookies
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, value)| *name == self.cookie_name() && !value.is_empty())
            .map(|(_, value)| value)
    }

    /// The `Set-Cookie` value that removes the flash cookie: sent with every change of who is
    /// signed in, so nothing the last person typed waits in the browser for the next.
    pub fn clear_cookie(&self) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax{secure}",
            self.cookie_name()
        )
    }
}

crate::port! {
    impl Flashes for FlashService {
        async fn put(&self, actor: &Actor, form: &str, payload: String) -> Option<String>;
        async fn take(&self, actor: &Actor, form: &str) -> Option<String>;
    }
}

impl FlashService {
    pub async fn put(&self, actor: &Actor, form: &str, payload: String) -> Result<Option<String>> {
        let (key, cookie) = match &actor.flash {
            Some(key) => (key.clone(), None),
            None => {
                let token = new_token();
                let secure = if self.secure { "; Secure" } else { "" };
                let cookie = format!(
                    "{}={token}; Path=/; HttpOnly; SameSite=Lax{secure}",
                    self.cookie_name()
                );
                let cookies = format!("{}={token}", self.cookie_name());
                let key = self.key(&cookies, actor).expect("the cookie just made");
                (key, Some(cookie))
            }
        };
        let row = flashes::ActiveModel {
            key_hash: sea_orm::Set(key),
            form: sea_orm::Set(form.to_string()),
            payload: sea_orm::Set(payload),
            expires_at: sea_orm::Set(self.clock.now() + LIFETIME),
        };
        // A second post of the same form replaces the first one's flash.
        Flash::insert(row)
            .on_conflict(
                OnConflict::columns([flashes::Column::KeyHash, flashes::Column::Form])
                    .update_columns([flashes::Column::Payload, flashes::Column::ExpiresAt])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(cookie)
    }

    pub async fn take(&self, actor: &Actor, form: &str) -> Result<Option<String>> {
        let Some(key) = &actor.flash else {
            return Ok(None);
        };
        let taken = Flash::delete_many()
            .filter(flashes::Column::KeyHash.eq(key.as_str()))
            .filter(flashes::Column::Form.eq(form))
            .exec_with_returning(&self.db)
            .await?;
        let now = self.clock.now();
        Ok(taken
            .into_iter()
            .find(|flash| flash.expires_at > now)
            .map(|flash| flash.payload))
    }
}

/// Deletes the flashes nobody took in time.
pub async fn purge<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(Flash::delete_many()
        .filter(flashes::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}
