//! Signing in by e-mailed link, and database sessions (so several instances share them).
//! Tokens are 256 random bits; only their SHA-256 is stored. A link works once, for 15
//! minutes; a session lasts 12 hours at most and ends after 60 idle minutes. Requests for
//! links are limited per address and per client, and every step is in the audit log.

use super::mail::sign_in_mail;
use crate::tokens::{hash, new_token};
use crate::{
    audit::{self, Event},
    clock::Clock,
    config::{Config, MailTransport},
    email::outbox,
    entities::{
        prelude::{Session, SignInToken, User},
        sessions, sign_in_tokens, users,
    },
    error::{Result, ServerError},
    limits,
};
use app::{
    error::Field,
    features::auth::types::SignedInUser,
    ports::{Actor, ClientIp},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection,
    EntityTrait, QueryFilter, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

const LINK_LIFETIME: Duration = Duration::minutes(15);
const SESSION_IDLE: Duration = Duration::minutes(60);
const SESSION_MAX: Duration = Duration::hours(12);
/// How stale `last_seen_at` may get before it is written again.
const SEEN_PRECISION: Duration = Duration::minutes(1);

pub struct AuthService {
    /// For reads outside a write; a write reads through its transaction.
    db: DatabaseConnection,
    writer: crate::db::Writer,
    /// Where links point, e.g. `https://verkstad.example.se`.
    base_url: String,
    /// `__Host-` cookies need HTTPS; plain-http development uses an unprefixed name.
    secure: bool,
    /// In development the link is also printed, so nobody needs a mail server to sign in.
    print_links: bool,
    clock: Clock,
    /// Normalised addresses of the platform administrators.
    admins: Vec<String>,
    /// Sign-in requests per client address and hour.
    per_client: limits::Limit,
}

impl AuthService {
    pub fn new(
        db: DatabaseConnection,
        clock: Clock,
        config: &Config,
        address: std::net::SocketAddr,
    ) -> Self {
        let base_url = config
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{address}"))
            .trim_end_matches('/')
            .to_string();
        Self {
            secure: base_url.starts_with("https://"),
            base_url,
            writer: crate::db::Writer::new(db.clone()),
            db,
            print_links: config.mail_transport == MailTransport::File,
            clock,
            per_client: limits::sign_in_per_client(config.sign_in_per_client_hour),
            admins: config
                .platform_admins
                .iter()
                .filter_map(|a| crate::text::email(a))
                .collect(),
        }
    }

    pub(crate) fn cookie_name(&self) -> &'static str {
        if self.secure {
            "__Host-verkstad-session"
        } else {
            "verkstad-session"
        }
    }

    pub(crate) fn cookie(&self, value: &str, max_age: i64) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
            self.cookie_name()
        )
    }

    fn session_token<'a>(&self, cookies: &'a str) -> Option<&'a str> {
        cookies
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == self.cookie_name())
            .map(|(_, value)| value)
            .filter(|v| !v.is_empty())
    }
}

crate::port! {
    impl Auth for AuthService {
        async fn request_sign_in(&self, actor: &Actor, email: &str) -> ();
        async fn confirm_sign_in(&self, actor: &Actor, token: &str) -> String;
        async fn sign_out(&self, actor: &Actor) -> String;
        async fn sign_out_everywhere(&self, actor: &Actor) -> String;
    }
}

impl AuthService {
    /// Records a refusal once the transaction that found it has ended (rolled back: nothing
    /// else of the request is kept), on a connection of its own.
    async fn record_refused(
        &self,
        event: Event<'_>,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        Ok(audit::record(&self.db, event, now).await?)
    }

    pub async fn request_sign_in(&self, actor: &Actor, email: &str) -> Result<()> {
        let (locale, client) = (actor.locale, &actor.client);
        let Some(email) = crate::text::email(email) else {
            return Err(Field::Email.into());
        };
        let now = self.clock.now();
        let action = "sign_in_link_requested";
        let txn = self.writer.begin().await?;
        // Counted in the transaction that sends, so parallel requests cannot slip past. Per
        // address and client together: someone flooding Anna's address from elsewhere uses up
        // their own allowance, not hers.
        let within = limits::hit(
            &txn,
            &limits::SIGN_IN_PER_ADDRESS,
            &format!("{email}|{}", client.0),
            1,
            now,
        )
        .await?
            && (client.0.is_empty()
                || limits::hit(&txn, &self.per_client, &client.0, 1, now).await?);
        if !within {
            txn.rollback().await?;
            let event = Event {
                action: "sign_in_link_refused",
                actor: None,
                subject: Some(&email),
                client,
                outcome: "limited",
            };
            self.record_refused(event, now).await?;
            return Err(ServerError::RateLimited);
        }
        let token = new_token();
        let link = format!("{}/logga-in/{token}", self.base_url);
        sign_in_tokens::ActiveModel {
            token_hash: Set(hash(&token)),
            email: Set(email.clone()),
            expires_at: Set(now + LINK_LIFETIME),
            used_at: Set(None),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        outbox::enqueue(&txn, sign_in_mail(&email, &link, locale)?, now).await?;
        let event = Event {
            action,
            actor: None,
            subject: Some(&email),
            client,
            outcome: "ok",
        };
        audit::record(&txn, event, now).await?;
        txn.commit().await?;
        if self.print_links {
            println!("Sign-in link for {email} (development only): {link}");
        }
        Ok(())
    }

    pub async fn confirm_sign_in(&self, actor: &Actor, token: &str) -> Result<String> {
        let client = &actor.client;
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
        // Spending and checking in one statement: of two racing requests only one updates.
        let spent = SignInToken::update_many()
            .col_expr(sign_in_tokens::Column::UsedAt, Expr::value(Some(now)))
            .filter(sign_in_tokens::Column::TokenHash.eq(hash(token)))
            .filter(sign_in_tokens::Column::UsedAt.is_null())
            .filter(sign_in_tokens::Column::ExpiresAt.gt(now))
            .exec(&txn)
            .await?;
        if spent.rows_affected != 1 {
            drop(txn);
            let event = Event {
                action: "sign_in",
                actor: None,
                subject: None,
                client,
                outcome: "bad_link",
            };
            self.record_refused(event, now).await?;
            return Err(ServerError::NotFound);
        }
        let email: String = SignInToken::find_by_id(hash(token))
            .select_only()
            .column(sign_in_tokens::Column::Email)
            .into_tuple::<String>()
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let existing: Option<Uuid> = User::find()
            .select_only()
            .column(users::Column::Id)
            .filter(users::Column::Email.eq(email.as_str()))
            .into_tuple::<Uuid>()
            .one(&txn)
            .await?;
        let user_id = match existing {
            Some(id) => id,
            None => {
                // Owning the address is proof enough to hold an account; the name comes later.
                create_user(&txn, &email, String::new(), actor.locale, now).await?
            }
        };
        let session = start_session(&txn, user_id, now).await?;
        let event = Event {
            action: "sign_in",
            actor: Some(user_id),
            subject: None,
            client,
            outcome: "ok",
        };
        audit::record(&txn, event, now).await?;
        txn.commit().await?;
        Ok(self.session_cookie(&session))
    }

    pub async fn sign_out(&self, actor: &Actor) -> Result<String> {
        if actor.unresolved {
            return Err(anyhow::anyhow!("the session could not be looked up").into());
        }
        if let Some(session) = &actor.session {
            Session::delete_by_id(session.clone())
                .exec(&self.db)
                .await?;
            let user = actor.user.as_ref().and_then(|u| u.id.parse().ok());
            self.record_for(user, "sign_out", &actor.client).await?;
        }
        Ok(self.cookie("", 0))
    }

    pub async fn sign_out_everywhere(&self, actor: &Actor) -> Result<String> {
        if actor.unresolved {
            return Err(anyhow::anyhow!("the session could not be looked up").into());
        }
        // Also from a session that had just lapsed: its other sessions may still be live.
        let person = actor.user.as_ref().map(|u| &u.id).or(actor.lapsed.as_ref());
        if let Some(user) = person.and_then(|id| id.parse::<Uuid>().ok()) {
            Session::delete_many()
                .filter(sessions::Column::UserId.eq(user))
                .exec(&self.db)
                .await?;
            self.record_for(Some(user), "sign_out_everywhere", &actor.client)
                .await?;
        }
        Ok(self.cookie("", 0))
    }

    /// Who the session in `cookies` belongs to, if it is live (and keeps it alive): the
    /// request's actor, resolved once per request by the middleware.
    pub async fn resolve(&self, cookies: &str, client: ClientIp) -> Result<Actor> {
        let anonymous = Actor {
            client,
            ..Actor::default()
        };
        let Some(token) = self.session_token(cookies) else {
            return Ok(anonymous);
        };
        let session = hash(token);
        let now = self.clock.now();
        // One query: the session joined with its user. A session without its user (which the
        // cascading foreign key never leaves) counts as no session at all.
        let found = Session::find_by_id(session.clone())
            .find_also_related(User)
            .one(&self.db)
            .await?;
        let Some((row, Some(person))) = found else {
            return Ok(anonymous);
        };
        if row.expires_at <= now || row.last_seen_at + SESSION_IDLE <= now {
            Session::delete_by_id(session.clone())
                .exec(&self.db)
                .await?;
            return Ok(Actor {
                lapsed: Some(person.id.to_string()),
                ..anonymous
            });
        }
        // Every page asks who is signed in; writing on each ask would turn reads into writes.
        // A minute's precision is plenty for a 60-minute idle limit. Not `ActiveModel::update`:
        // a session signed out meanwhile must not turn this request into an error.
        if now - row.last_seen_at > SEEN_PRECISION {
            Session::update_many()
                .col_expr(sessions::Column::LastSeenAt, Expr::value(now))
                .filter(sessions::Column::IdHash.eq(session.as_str()))
                .exec(&self.db)
                .await?;
        }
        let user = SignedInUser {
            id: person.id.to_string(),
            is_admin: self.admins.contains(&person.email),
            email: person.email,
            display_name: person.display_name,
        };
        Ok(Actor {
            user: Some(user),
            session: Some(session),
            ..anonymous
        })
    }

    /// Where links in mails point, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The `Set-Cookie` value for a new session.
    pub(crate) fn session_cookie(&self, session: &str) -> String {
        self.cookie(session, SESSION_MAX.num_seconds())
    }

    async fn record_for(&self, user: Option<Uuid>, action: &str, client: &ClientIp) -> Result<()> {
        let event = Event {
            action,
            actor: user,
            subject: None,
            client,
            outcome: "ok",
        };
        Ok(audit::record(&self.db, event, self.clock.now()).await?)
    }
}

/// The one place an account is created (signing in with a new address, or joining by an
/// invitation): mail goes out in the language the person reads the site in, and each notice
/// comes on its own until they choose otherwise. Returns the new user's id.
pub(crate) async fn create_user<C: ConnectionTrait>(
    db: &C,
    email: &str,
    display_name: String,
    locale: app::i18n::Locale,
    now: DateTime<Utc>,
) -> Result<Uuid> {
    let id = Uuid::now_v7();
    users::ActiveModel {
        id: Set(id),
        email: Set(email.to_string()),
        display_name: Set(display_name),
        locale: Set(locale.to_string()),
        created_at: Set(now),
        step_mail_at: Set(None),
        notice_mail: Set(crate::entities::enums::NoticeMail::Each),
    }
    .insert(db)
    .await?;
    Ok(id)
}

/// Starts a session for `user` in `db` (usually a transaction); returns the cookie's token.
pub(crate) async fn start_session<C: ConnectionTrait>(
    db: &C,
    user: Uuid,
    now: DateTime<Utc>,
) -> Result<String, sea_orm::DbErr> {
    let session = new_token();
    sessions::ActiveModel {
        id_hash: Set(hash(&session)),
        user_id: Set(user),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + SESSION_MAX),
    }
    .insert(db)
    .await?;
    Ok(session)
}
