//! Invitations by e-mail. A process leader pastes addresses; each gets a mail with a link
//! (256-bit token, only its hash stored) that works once, until it expires, is re-sent (a new
//! token) or is revoked. Accepting joins the group and, if needed, creates the account.

use crate::{
    audit::{self, Event},
    auth::{AuthService, hash, new_token, normalise_email, start_session},
    clock::Clock,
    db::{parse_id, statement, user_id},
    email::{NewMail, outbox},
    error::internal,
};
use app::{
    error::AppError,
    features::{
        auth::types::SignedInUser,
        groups::types::Role,
        invitations::types::{InvitationView, InviteOutcome, InviteResult, PendingInvitation},
    },
    i18n::Locale,
    ports::{Auth, ClientIp},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, TransactionTrait};
use std::sync::Arc;
use uuid::Uuid;

/// More addresses than this in one paste is refused: a typo, not a staff list.
const MAX_ADDRESSES: usize = 200;
/// Invitations one person may send in 24 hours: a whole school's staff, not a mailing list
/// (quality.md S7).
const INVITES_PER_DAY: i64 = 200;
/// Re-sends one person may make in an hour.
const RESENDS_PER_HOUR: i64 = 20;

pub struct InvitationService {
    db: DatabaseConnection,
    auth: Arc<AuthService>,
    lifetime: Duration,
    clock: Clock,
}

impl InvitationService {
    pub fn new(db: DatabaseConnection, auth: Arc<AuthService>, days: u32, clock: Clock) -> Self {
        Self {
            db,
            auth,
            lifetime: Duration::days(i64::from(days)),
            clock,
        }
    }
}

/// Splits a pasted list on commas, semicolons and whitespace, keeping each address once.
pub fn split_addresses(pasted: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    pasted
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|a| a.trim_matches(|c| c == '<' || c == '>'))
        .filter(|a| !a.is_empty())
        .filter(|a| seen.insert(a.to_lowercase()))
        .map(str::to_string)
        .collect()
}

/// What the mail says: who invites, to what, what Verkstad is, the link and its last day.
struct MailFacts<'a> {
    reminder: bool,
    to: &'a str,
    inviter: &'a str,
    group: &'a str,
    organisation: &'a str,
    link: &'a str,
    expires: DateTime<Utc>,
}

/// Subject and paragraphs of an invitation, or of its reminder.
fn invitation_text(
    reminder: bool,
    inviter: &str,
    group: &str,
    organisation: &str,
    link: &str,
    date: &str,
    locale: Locale,
) -> (String, [String; 5]) {
    let (subject, mut body) = match locale {
        Locale::sv => (
            format!("{inviter} bjuder in dig till {group} i Verkstad"),
            [
                "Hej!".to_string(),
                format!("{inviter} har bjudit in dig till gruppen {group} hos {organisation} i Verkstad."),
                "Verkstad är ett verktyg för skolans och förskolans systematiska kvalitetsarbete. Gruppen arbetar igenom fem steg tillsammans, med uppgifter, filmer och diskussionsfrågor.".into(),
                format!("Gå med i gruppen med den här länken:\n{link}"),
                format!("Länken fungerar en gång, till och med {date}."),
            ],
        ),
        Locale::en => (
            format!("{inviter} invites you to {group} in Verkstad"),
            [
                "Hello,".to_string(),
                format!("{inviter} has invited you to the group {group} at {organisation} in Verkstad."),
                "Verkstad is a tool for the systematic quality work of schools and preschools. The group works through five steps together, with tasks, films and discussion questions.".into(),
                format!("Join the group with this link:\n{link}"),
                format!("The link works once, until {date}."),
            ],
        ),
    };
    if reminder {
        body[0] = match locale {
            Locale::sv => "Hej igen! Det här är en påminnelse. Länken i det förra mejlet fungerar inte längre; använd den här.".into(),
            Locale::en => "Hello again! This is a reminder. The link in the earlier e-mail no longer works; use this one.".into(),
        };
    }
    (subject, body)
}

fn invitation_mail(facts: MailFacts<'_>, locale: Locale) -> NewMail {
    let date = facts.expires.format("%Y-%m-%d").to_string();
    let reminder = facts.reminder;
    let MailFacts {
        to,
        inviter,
        group,
        organisation,
        link,
        ..
    } = facts;
    let (subject, body) =
        invitation_text(reminder, inviter, group, organisation, link, &date, locale);
    let escape = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let html = body
        .iter()
        .map(|p| {
            let p = escape(p);
            let p = p.replace(link, &format!("<a href=\"{link}\">{link}</a>"));
            format!("<p>{}</p>", p.replace('\n', "<br>"))
        })
        .collect::<String>();
    NewMail {
        to: to.into(),
        subject,
        text: format!("{}\n\n-- \nVerkstad\n", body.join("\n\n")),
        html,
    }
}

impl InvitationService {
    /// The group's name, organisation and the inviter's name, if `user` leads the group or
    /// owns its organisation (an owner may invite a unit's first process leader).
    async fn led_group<C: ConnectionTrait>(
        &self,
        db: &C,
        user: Uuid,
        group: Uuid,
    ) -> Result<(String, String, String), AppError> {
        let row = db
            .query_one_raw(statement(
                db,
                &format!(
                    "SELECT g.name AS group_name, o.name AS organisation_name, u.display_name, u.email \
                     FROM groups g JOIN organisations o ON o.id = g.organisation_id \
                     JOIN users u ON u.id = $2 WHERE g.id = $1 AND {}",
                    crate::groups::MANAGES
                ),
                vec![group.into(), user.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let name: String = row.try_get("", "display_name").map_err(internal)?;
        let email: String = row.try_get("", "email").map_err(internal)?;
        Ok((
            row.try_get("", "group_name").map_err(internal)?,
            row.try_get("", "organisation_name").map_err(internal)?,
            if name.is_empty() { email } else { name },
        ))
    }

    /// Gives an invitation a fresh token and expiry, and mails the new link.
    #[allow(clippy::too_many_arguments)]
    async fn send<C: ConnectionTrait>(
        &self,
        db: &C,
        existing: Option<Uuid>,
        group: Uuid,
        email: &str,
        inviter: Uuid,
        names: &(String, String, String),
        locale: Locale,
        now: DateTime<Utc>,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let token = new_token();
        let expires = now + self.lifetime;
        match existing {
            Some(id) => db
                .execute_raw(statement(
                    db,
                    "UPDATE invitations SET token_hash = $1, expires_at = $2, last_sent_at = $3, \
                     send_count = send_count + 1, reminded_at = NULL WHERE id = $4",
                    vec![hash(&token).into(), expires.into(), now.into(), id.into()],
                ))
                .await
                .map_err(internal)?,
            None => db
                .execute_raw(statement(
                    db,
                    "INSERT INTO invitations (id, group_id, email, invited_by, role, token_hash, status, \
                     expires_at, last_sent_at, send_count, created_at) \
                     VALUES ($1, $2, $3, $4, 'deltagare', $5, 'pending', $6, $7, 1, $7)",
                    vec![
                        Uuid::now_v7().into(),
                        group.into(),
                        email.into(),
                        inviter.into(),
                        hash(&token).into(),
                        expires.into(),
                        now.into(),
                    ],
                ))
                .await
                .map_err(internal)?,
        };
        let link = format!("{}/inbjudan/{token}", self.auth.base_url());
        let facts = MailFacts {
            reminder: false,
            to: email,
            inviter: &names.2,
            group: &names.0,
            organisation: &names.1,
            link: &link,
            expires,
        };
        outbox::enqueue(db, invitation_mail(facts, locale), now)
            .await
            .map_err(internal)?;
        let event = Event {
            action: if existing.is_some() {
                "invitation_resent"
            } else {
                "invitation_sent"
            },
            actor: Some(inviter),
            subject: Some(email),
            client,
            outcome: "ok",
        };
        audit::record(db, event, now).await.map_err(internal)
    }

    /// Refuses (and audits) when `adding` more `action` events by `user` in `window` would
    /// exceed `limit`.
    async fn within_quota(
        &self,
        user: Uuid,
        action: &str,
        window: Duration,
        limit: i64,
        adding: i64,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let used = audit::count_since(&self.db, action, audit::Column::Actor(user), now - window)
            .await
            .map_err(internal)?;
        if used + adding <= limit {
            return Ok(());
        }
        let event = Event {
            action: "invitation_quota_exceeded",
            actor: Some(user),
            subject: Some(action),
            client,
            outcome: "refused",
        };
        audit::record(&self.db, event, now)
            .await
            .map_err(internal)?;
        Err(AppError::RateLimited)
    }

    /// The pending invitation `id` and its group, if `user` leads that group.
    async fn led_invitation(&self, user: Uuid, id: &str) -> Result<(Uuid, Uuid, String), AppError> {
        let id = parse_id(id)?;
        let row = self
            .db
            .query_one_raw(statement(
                &self.db,
                &format!(
                    "SELECT i.group_id, i.email FROM invitations i JOIN groups g ON g.id = i.group_id \
                     WHERE i.id = $1 AND i.status = 'pending' AND {}",
                    crate::groups::MANAGES
                ),
                vec![id.into(), user.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        Ok((
            id,
            row.try_get("", "group_id").map_err(internal)?,
            row.try_get("", "email").map_err(internal)?,
        ))
    }
}

/// Reminds, once, every invitation still unanswered `days` after it was sent. The reminder
/// carries a fresh link (only hashes are stored, so the first one cannot be sent again).
pub async fn remind_due(
    db: &DatabaseConnection,
    base_url: &str,
    days: u32,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    if days == 0 {
        return Ok(0);
    }
    let due = db
        .query_all_raw(statement(
            db,
            "SELECT i.id, i.email, i.expires_at, g.name AS group_name, o.name AS organisation_name, \
             u.display_name, u.email AS inviter_email, u.locale \
             FROM invitations i JOIN groups g ON g.id = i.group_id \
             JOIN organisations o ON o.id = g.organisation_id JOIN users u ON u.id = i.invited_by \
             WHERE i.status = 'pending' AND i.reminded_at IS NULL AND i.last_sent_at <= $1 \
             AND i.expires_at > $2",
            vec![(now - Duration::days(i64::from(days))).into(), now.into()],
        ))
        .await
        .map_err(internal)?;
    let mut reminded = 0;
    for row in due {
        let id: Uuid = row.try_get("", "id").map_err(internal)?;
        let email: String = row.try_get("", "email").map_err(internal)?;
        let inviter: String = row.try_get("", "display_name").map_err(internal)?;
        let inviter = if inviter.is_empty() {
            row.try_get("", "inviter_email").map_err(internal)?
        } else {
            inviter
        };
        let locale = match row
            .try_get::<String>("", "locale")
            .map_err(internal)?
            .as_str()
        {
            "en" => Locale::en,
            _ => Locale::sv,
        };
        let token = new_token();
        let txn = db.begin().await.map_err(internal)?;
        // Claimed by the update itself, so two instances never both remind.
        let claimed = txn
            .execute_raw(statement(
                &txn,
                "UPDATE invitations SET token_hash = $1, reminded_at = $2 \
                 WHERE id = $3 AND reminded_at IS NULL AND status = 'pending'",
                vec![hash(&token).into(), now.into(), id.into()],
            ))
            .await
            .map_err(internal)?;
        if claimed.rows_affected() != 1 {
            continue;
        }
        let link = format!("{base_url}/inbjudan/{token}");
        let facts = MailFacts {
            reminder: true,
            to: &email,
            inviter: &inviter,
            group: &row.try_get::<String>("", "group_name").map_err(internal)?,
            organisation: &row
                .try_get::<String>("", "organisation_name")
                .map_err(internal)?,
            link: &link,
            expires: row.try_get("", "expires_at").map_err(internal)?,
        };
        outbox::enqueue(&txn, invitation_mail(facts, locale), now)
            .await
            .map_err(internal)?;
        let event = Event {
            action: "invitation_reminded",
            actor: None,
            subject: Some(&email),
            client: &ClientIp::default(),
            outcome: "ok",
        };
        audit::record(&txn, event, now).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        reminded += 1;
    }
    Ok(reminded)
}

/// Looks for invitations to remind every ten minutes until `stop` changes.
pub fn spawn_reminders(
    db: DatabaseConnection,
    base_url: String,
    days: u32,
    clock: Clock,
    mut stop: tokio::sync::watch::Receiver<bool>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let every = std::time::Duration::from_secs(600);
        let mut ticker = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
        loop {
            tokio::select! {
                _ = ticker.tick() => {
                    if let Err(error) = remind_due(&db, &base_url, days, clock.now()).await {
                        tracing::error!(?error, "invitation reminders failed");
                    }
                }
                _ = stop.changed() => break,
            }
        }
    })
}

#[async_trait::async_trait]
impl app::ports::Invitations for InvitationService {
    async fn invite(
        &self,
        user: &SignedInUser,
        group: &str,
        addresses: &str,
        role: Role,
        locale: Locale,
        client: &ClientIp,
    ) -> Result<Vec<InviteResult>, AppError> {
        let role = match role {
            Role::Processledare => "processledare",
            Role::Deltagare => "deltagare",
        };
        let me = user_id(user)?;
        let group = parse_id(group)?;
        let addresses = split_addresses(addresses);
        if addresses.is_empty() || addresses.len() > MAX_ADDRESSES {
            return Err(AppError::Validation("adresser".into()));
        }
        // Before the quota, so someone who leads no such group learns nothing (404, not 429).
        let names = self.led_group(&self.db, me, group).await?;
        let count = i64::try_from(addresses.len()).unwrap_or(i64::MAX);
        self.within_quota(
            me,
            "invitation_sent",
            Duration::days(1),
            INVITES_PER_DAY,
            count,
            client,
        )
        .await?;
        let now = self.clock.now();
        let txn = self.db.begin().await.map_err(internal)?;
        let mut results = Vec::with_capacity(addresses.len());
        for typed in addresses {
            let Some(email) = normalise_email(&typed) else {
                results.push(InviteResult {
                    email: typed,
                    outcome: InviteOutcome::Invalid,
                });
                continue;
            };
            let member = txn
                .query_one_raw(statement(
                    &txn,
                    "SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id \
                     WHERE m.group_id = $1 AND u.email = $2",
                    vec![group.into(), email.clone().into()],
                ))
                .await
                .map_err(internal)?;
            if member.is_some() {
                results.push(InviteResult {
                    email,
                    outcome: InviteOutcome::AlreadyMember,
                });
                continue;
            }
            let pending = txn
                .query_one_raw(statement(
                    &txn,
                    "SELECT id FROM invitations WHERE group_id = $1 AND email = $2 AND status = 'pending'",
                    vec![group.into(), email.clone().into()],
                ))
                .await
                .map_err(internal)?
                .map(|row| row.try_get::<Uuid>("", "id"))
                .transpose()
                .map_err(internal)?;
            self.send(
                &txn, pending, group, &email, me, &names, locale, now, client,
            )
            .await?;
            txn.execute_raw(statement(
                &txn,
                "UPDATE invitations SET role = $1 WHERE group_id = $2 AND email = $3 AND status = 'pending'",
                vec![role.into(), group.into(), email.clone().into()],
            ))
            .await
            .map_err(internal)?;
            results.push(InviteResult {
                email,
                outcome: if pending.is_some() {
                    InviteOutcome::Resent
                } else {
                    InviteOutcome::Invited
                },
            });
        }
        txn.commit().await.map_err(internal)?;
        Ok(results)
    }

    async fn pending(
        &self,
        user: &SignedInUser,
        group: &str,
    ) -> Result<Vec<PendingInvitation>, AppError> {
        let me = user_id(user)?;
        let group = parse_id(group)?;
        self.led_group(&self.db, me, group).await?;
        let now = self.clock.now();
        self.db
            .query_all_raw(statement(
                &self.db,
                "SELECT id, email, expires_at, send_count FROM invitations \
                 WHERE group_id = $1 AND status = 'pending' ORDER BY email",
                vec![group.into()],
            ))
            .await
            .map_err(internal)?
            .iter()
            .map(|row| {
                let expires: DateTime<Utc> = row.try_get("", "expires_at")?;
                Ok(PendingInvitation {
                    id: row.try_get::<Uuid>("", "id")?.to_string(),
                    email: row.try_get("", "email")?,
                    expired: expires <= now,
                    expires_on: crate::db::date(expires),
                    send_count: row.try_get("", "send_count")?,
                })
            })
            .collect::<Result<_, sea_orm::DbErr>>()
            .map_err(internal)
    }

    async fn resend(
        &self,
        user: &SignedInUser,
        invitation: &str,
        locale: Locale,
        client: &ClientIp,
    ) -> Result<String, AppError> {
        let me = user_id(user)?;
        let (id, group, email) = self.led_invitation(me, invitation).await?;
        self.within_quota(
            me,
            "invitation_resent",
            Duration::hours(1),
            RESENDS_PER_HOUR,
            1,
            client,
        )
        .await?;
        let txn = self.db.begin().await.map_err(internal)?;
        let names = self.led_group(&txn, me, group).await?;
        self.send(
            &txn,
            Some(id),
            group,
            &email,
            me,
            &names,
            locale,
            self.clock.now(),
            client,
        )
        .await?;
        txn.commit().await.map_err(internal)?;
        Ok(group.to_string())
    }

    async fn revoke(
        &self,
        user: &SignedInUser,
        invitation: &str,
        client: &ClientIp,
    ) -> Result<String, AppError> {
        let me = user_id(user)?;
        let (id, group, email) = self.led_invitation(me, invitation).await?;
        let now = self.clock.now();
        let txn = self.db.begin().await.map_err(internal)?;
        txn.execute_raw(statement(
            &txn,
            "UPDATE invitations SET status = 'revoked' WHERE id = $1",
            vec![id.into()],
        ))
        .await
        .map_err(internal)?;
        let event = Event::ok("invitation_revoked", me, &email, client);
        audit::record(&txn, event, now).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(group.to_string())
    }

    async fn ask_again(
        &self,
        token: &str,
        locale: Locale,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let now = self.clock.now();
        let row = self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT i.id, i.email, g.id AS group_id, g.name AS group_name, u.email AS inviter_email \
                 FROM invitations i JOIN groups g ON g.id = i.group_id JOIN users u ON u.id = i.invited_by \
                 WHERE i.token_hash = $1 AND i.status = 'pending' AND i.expires_at <= $2",
                vec![hash(token).into(), now.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let id: Uuid = row.try_get("", "id").map_err(internal)?;
        let subject = id.to_string();
        // Once a day is enough to reach a busy process leader without flooding them.
        let asked = audit::count_since(
            &self.db,
            "invitation_asked_again",
            audit::Column::Subject(&subject),
            now - Duration::days(1),
        )
        .await
        .map_err(internal)?;
        if asked > 0 {
            return Ok(());
        }
        let email: String = row.try_get("", "email").map_err(internal)?;
        let group: String = row.try_get("", "group_name").map_err(internal)?;
        let group_id: Uuid = row.try_get("", "group_id").map_err(internal)?;
        let link = format!("{}/grupper/{group_id}#inbjudningar", self.auth.base_url());
        let (subject_line, text) = match locale {
            Locale::sv => (
                format!("{email} vill ha en ny inbjudan till {group}"),
                format!(
                    "Hej!\n\nInbjudan till {email} har gått ut. {email} ber om en ny.\nSkicka den igen från gruppens sida:\n{link}\n\n-- \nVerkstad\n"
                ),
            ),
            Locale::en => (
                format!("{email} would like a new invitation to {group}"),
                format!(
                    "Hello,\n\nThe invitation to {email} has expired. {email} asks for a new one.\nSend it again from the group's page:\n{link}\n\n-- \nVerkstad\n"
                ),
            ),
        };
        let html = format!("<p>{}</p>", text.replace('\n', "<br>"));
        let txn = self.db.begin().await.map_err(internal)?;
        outbox::enqueue(
            &txn,
            NewMail {
                to: row.try_get("", "inviter_email").map_err(internal)?,
                subject: subject_line,
                text,
                html,
            },
            now,
        )
        .await
        .map_err(internal)?;
        let event = Event {
            action: "invitation_asked_again",
            actor: None,
            subject: Some(&subject),
            client,
            outcome: "ok",
        };
        audit::record(&txn, event, now).await.map_err(internal)?;
        txn.commit().await.map_err(internal)
    }

    async fn view(&self, token: &str, cookies: &str) -> Result<InvitationView, AppError> {
        let row = self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT i.email, i.expires_at, g.name AS group_name, o.name AS organisation_name, \
                 u.display_name, u.email AS inviter_email, \
                 (SELECT COUNT(*) FROM users x WHERE x.email = i.email) AS accounts \
                 FROM invitations i JOIN groups g ON g.id = i.group_id \
                 JOIN organisations o ON o.id = g.organisation_id JOIN users u ON u.id = i.invited_by \
                 WHERE i.token_hash = $1 AND i.status = 'pending'",
                vec![hash(token).into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let expires: DateTime<Utc> = row.try_get("", "expires_at").map_err(internal)?;
        let inviter: String = row.try_get("", "display_name").map_err(internal)?;
        let accounts: i64 = row.try_get("", "accounts").map_err(internal)?;
        Ok(InvitationView {
            group: row.try_get("", "group_name").map_err(internal)?,
            organisation: row.try_get("", "organisation_name").map_err(internal)?,
            invited_by: if inviter.is_empty() {
                row.try_get("", "inviter_email").map_err(internal)?
            } else {
                inviter
            },
            email: row.try_get("", "email").map_err(internal)?,
            expired: expires <= self.clock.now(),
            has_account: accounts > 0,
            signed_in_as: self.auth.current_user(cookies).await?.map(|u| u.email),
        })
    }

    async fn accept(
        &self,
        token: &str,
        name: &str,
        cookies: &str,
        client: &ClientIp,
    ) -> Result<(String, Option<String>), AppError> {
        let now = self.clock.now();
        let signed_in = self.auth.current_user(cookies).await?;
        let txn = self.db.begin().await.map_err(internal)?;
        let row = txn
            .query_one_raw(statement(
                &txn,
                "SELECT id, group_id, email, role FROM invitations \
                 WHERE token_hash = $1 AND status = 'pending' AND expires_at > $2",
                vec![hash(token).into(), now.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let invitation: Uuid = row.try_get("", "id").map_err(internal)?;
        let group: Uuid = row.try_get("", "group_id").map_err(internal)?;
        let email: String = row.try_get("", "email").map_err(internal)?;
        let role: String = row.try_get("", "role").map_err(internal)?;
        let (user, cookie) = match signed_in {
            Some(me) if me.email == email => (user_id(&me)?, None),
            // The page offers to sign out first; joining as someone else is never silent.
            Some(_) => return Err(AppError::Forbidden),
            None => {
                let existing = txn
                    .query_one_raw(statement(
                        &txn,
                        "SELECT id FROM users WHERE email = $1",
                        vec![email.clone().into()],
                    ))
                    .await
                    .map_err(internal)?
                    .map(|r| r.try_get::<Uuid>("", "id"))
                    .transpose()
                    .map_err(internal)?;
                let user = match existing {
                    Some(id) => id,
                    None => {
                        let name = name.trim();
                        if name.is_empty() || name.chars().count() > 200 {
                            return Err(AppError::Validation("namn".into()));
                        }
                        let id = Uuid::now_v7();
                        txn.execute_raw(statement(
                            &txn,
                            "INSERT INTO users (id, email, display_name, locale, created_at) \
                             VALUES ($1, $2, $3, 'sv', $4)",
                            vec![id.into(), email.clone().into(), name.into(), now.into()],
                        ))
                        .await
                        .map_err(internal)?;
                        id
                    }
                };
                let session = start_session(&txn, user, now).await.map_err(internal)?;
                (user, Some(self.auth.session_cookie(&session)))
            }
        };
        let spent = txn
            .execute_raw(statement(
                &txn,
                "UPDATE invitations SET status = 'accepted' WHERE id = $1 AND status = 'pending'",
                vec![invitation.into()],
            ))
            .await
            .map_err(internal)?;
        if spent.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        txn.execute_raw(statement(
            &txn,
            "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
            vec![group.into(), user.into(), role.into(), now.into()],
        ))
        .await
        .map_err(internal)?;
        let event = Event::ok("invitation_accepted", user, &email, client);
        audit::record(&txn, event, now).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok((group.to_string(), cookie))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lists_split_on_any_separator_and_keep_each_address_once() {
        assert_eq!(
            split_addresses("anna@a.se, Bo@b.se;\n<cia@c.se>\tanna@A.se  inte-en-adress"),
            ["anna@a.se", "Bo@b.se", "cia@c.se", "inte-en-adress"]
        );
    }
}
