//! Invitations by e-mail. A process leader pastes addresses; each gets a mail with a link
//! (256-bit token, only its hash stored) that works once, until it expires, is re-sent (a new
//! token) or is revoked. Accepting joins the group and, if needed, creates the account.

use super::mail::{MailFacts, invitation_mail};
use crate::{
    access,
    audit::{self, Event},
    clock::Clock,
    db::{begin_write, parse_id, statement, user_id},
    email::{NewMail, outbox},
    entities::{enums::InvitationStatus, invitations, prelude::*},
    error::internal,
    features::auth::{AuthService, start_session},
    limits::{self, Limit},
    text::email as normalise_email,
    tokens::{hash, new_token},
};
use app::{
    error::AppError,
    features::{
        auth::types::SignedInUser,
        groups::types::Role,
        invitations::types::{
            InvitationView, InviteOutcome, InviteResult, MyInvitation, PendingInvitation,
        },
    },
    i18n::Locale,
    ports::{Actor, ClientIp},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveEnum as _, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, QueryFilter,
};
use std::sync::Arc;
use uuid::Uuid;

/// More addresses than this in one paste is refused: a typo, not a staff list.
const MAX_ADDRESSES: usize = 200;

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

impl InvitationService {
    /// The group's name, organisation and the inviter's name, if `user` leads the group or
    /// owns its organisation (an owner may invite a unit's first process leader).
    async fn led_group<C: ConnectionTrait>(
        &self,
        db: &C,
        user: Uuid,
        group: Uuid,
    ) -> Result<(String, String, String), AppError> {
        let (group, organisation) = Group::find_by_id(group)
            .filter(access::manages(user))
            .find_also_related(Organisation)
            .one(db)
            .await
            .map_err(internal)?
            .and_then(|(group, organisation)| Some((group, organisation?)))
            .ok_or(AppError::NotFound)?;
        let inviter = User::find_by_id(user)
            .one(db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        Ok((group.name, organisation.name, inviter.name_or_email()))
    }

    /// Gives an invitation a fresh token and expiry (every earlier link dies), and mails the
    /// new link. Returns `false` when a parallel request invited the same address first: then
    /// that request mails, and this one sends nothing.
    #[allow(clippy::too_many_arguments)]
    async fn send<C: ConnectionTrait>(
        &self,
        db: &C,
        existing: Option<Uuid>,
        group: Uuid,
        email: &str,
        inviter: Uuid,
        role: &str,
        names: &(String, String, String),
        locale: Locale,
        now: DateTime<Utc>,
        client: &ClientIp,
    ) -> Result<bool, AppError> {
        let token = new_token();
        let expires = now + self.lifetime;
        let written = match existing {
            Some(id) => db
                .execute_raw(statement(
                    db,
                    "UPDATE invitations SET token_hash = $1, previous_token_hash = NULL, expires_at = $2, \
                     last_sent_at = $3, send_count = send_count + 1, reminded_at = NULL, role = $5 \
                     WHERE id = $4 AND status = 'pending'",
                    vec![
                        hash(&token).into(),
                        expires.into(),
                        now.into(),
                        id.into(),
                        role.into(),
                    ],
                ))
                .await
                .map_err(internal)?,
            // The partial unique index allows one pending row per group and address; a
            // parallel invite of the same address finds it taken and stands back.
            None => db
                .execute_raw(statement(
                    db,
                    "INSERT INTO invitations (id, group_id, email, invited_by, role, token_hash, status, \
                     expires_at, last_sent_at, send_count, created_at) \
                     VALUES ($1, $2, $3, $4, $8, $5, 'pending', $6, $7, 1, $7) \
                     ON CONFLICT (group_id, email) WHERE status = 'pending' DO NOTHING",
                    vec![
                        Uuid::now_v7().into(),
                        group.into(),
                        email.into(),
                        inviter.into(),
                        hash(&token).into(),
                        expires.into(),
                        now.into(),
                        role.into(),
                    ],
                ))
                .await
                .map_err(internal)?,
        };
        if written.rows_affected() != 1 {
            return Ok(false);
        }
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
        audit::record(db, event, now).await.map_err(internal)?;
        Ok(true)
    }

    /// Whether `user` may do one more `limit` now, counted in `txn`. When not, `txn` is
    /// rolled back and the refusal audited.
    async fn within_quota(
        &self,
        txn: DatabaseTransaction,
        limit: &Limit,
        user: Uuid,
        now: DateTime<Utc>,
        client: &ClientIp,
    ) -> Result<DatabaseTransaction, AppError> {
        if limits::hit(&txn, limit, &user.to_string(), 1, now)
            .await
            .map_err(internal)?
        {
            return Ok(txn);
        }
        txn.rollback().await.map_err(internal)?;
        let event = Event {
            action: "invitation_quota_exceeded",
            actor: Some(user),
            subject: Some(limit.what),
            client,
            outcome: "refused",
        };
        audit::record(&self.db, event, now)
            .await
            .map_err(internal)?;
        Err(AppError::RateLimited)
    }

    /// The pending invitation `id`, its group, address and role, if `user` leads that group.
    async fn led_invitation(
        &self,
        user: Uuid,
        id: &str,
    ) -> Result<(Uuid, Uuid, String, String), AppError> {
        let id = parse_id(id)?;
        let invitation = Invitation::find_by_id(id)
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .inner_join(Group)
            .filter(access::manages(user))
            .one(&self.db)
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        Ok((
            id,
            invitation.group_id,
            invitation.email,
            invitation.role.to_value(),
        ))
    }

    /// Uses up a pending invitation, first thing in the use case: checked and spent in one
    /// statement, so of two racing requests (a double click) only one goes on; on PostgreSQL
    /// the other waits for the first to commit and then finds nothing to spend.
    async fn spend(&self, txn: &DatabaseTransaction, invitation: Uuid) -> Result<(), AppError> {
        let spent = txn
            .execute_raw(statement(
                txn,
                "UPDATE invitations SET status = 'accepted' WHERE id = $1 AND status = 'pending'",
                vec![invitation.into()],
            ))
            .await
            .map_err(internal)?;
        if spent.rows_affected() != 1 {
            return Err(AppError::NotFound);
        }
        Ok(())
    }

    /// Makes `user` a member with the invitation's role, in `txn`, and audits it.
    #[allow(clippy::too_many_arguments)]
    async fn admit(
        &self,
        txn: &DatabaseTransaction,
        group: Uuid,
        user: Uuid,
        role: &str,
        email: &str,
        now: DateTime<Utc>,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        txn.execute_raw(statement(
            txn,
            "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
            vec![group.into(), user.into(), role.into(), now.into()],
        ))
        .await
        .map_err(internal)?;
        let event = Event::ok("invitation_accepted", user, email, client);
        audit::record(txn, event, now).await.map_err(internal)
    }
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
        let now = self.clock.now();
        let mut txn = begin_write(&self.db).await.map_err(internal)?;
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
            // Inviting a pending address again sends it again: that is a resend, and counts as one.
            let quota = if pending.is_some() {
                &limits::RESENDS_PER_HOUR
            } else {
                &limits::INVITES_PER_DAY
            };
            txn = self.within_quota(txn, quota, me, now, client).await?;
            self.send(
                &txn, pending, group, &email, me, role, &names, locale, now, client,
            )
            .await?;
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
                "SELECT id, email, expires_at, send_count, role FROM invitations \
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
                    as_leader: row.try_get::<String>("", "role")? == "processledare",
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
        let (id, group, email, role) = self.led_invitation(me, invitation).await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await.map_err(internal)?;
        let txn = self
            .within_quota(txn, &limits::RESENDS_PER_HOUR, me, now, client)
            .await?;
        let names = self.led_group(&txn, me, group).await?;
        let sent = self
            .send(
                &txn,
                Some(id),
                group,
                &email,
                me,
                &role,
                &names,
                locale,
                now,
                client,
            )
            .await?;
        if !sent {
            // Accepted or revoked since the page was loaded.
            return Err(AppError::NotFound);
        }
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
        let (id, group, email, _) = self.led_invitation(me, invitation).await?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await.map_err(internal)?;
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
                 WHERE (i.token_hash = $1 OR i.previous_token_hash = $1) AND i.status = 'pending' \
                 AND i.expires_at <= $2",
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
        let txn = begin_write(&self.db).await.map_err(internal)?;
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

    async fn view(&self, token: &str, actor: &Actor) -> Result<InvitationView, AppError> {
        let row = self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT i.email, i.expires_at, g.name AS group_name, o.name AS organisation_name, \
                 u.display_name, u.email AS inviter_email, \
                 (SELECT COUNT(*) FROM users x WHERE x.email = i.email) AS accounts \
                 FROM invitations i JOIN groups g ON g.id = i.group_id \
                 JOIN organisations o ON o.id = g.organisation_id JOIN users u ON u.id = i.invited_by \
                 WHERE (i.token_hash = $1 OR i.previous_token_hash = $1) AND i.status = 'pending'",
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
            signed_in_as: actor.user.as_ref().map(|u| u.email.clone()),
        })
    }

    async fn accept(
        &self,
        token: &str,
        name: &str,
        actor: &Actor,
    ) -> Result<(String, Option<String>), AppError> {
        let now = self.clock.now();
        let client = &actor.client;
        let signed_in = actor.user.as_ref();
        let txn = begin_write(&self.db).await.map_err(internal)?;
        let row = txn
            .query_one_raw(statement(
                &txn,
                "SELECT id, group_id, email, role FROM invitations \
                 WHERE (token_hash = $1 OR previous_token_hash = $1) AND status = 'pending' AND expires_at > $2",
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
            Some(me) if me.email == email => {
                self.spend(&txn, invitation).await?;
                (user_id(me)?, None)
            }
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
                    .map_err(internal)?;
                if existing.is_some() {
                    // An invitation is no sign-in link: links get forwarded and live for
                    // weeks. The person signs in with a link of their own, and then finds the
                    // invitation waiting under "Mina grupper".
                    return Err(AppError::Forbidden);
                }
                let name = crate::text::one_line(name, 200)
                    .ok_or_else(|| AppError::Validation("namn".into()))?;
                self.spend(&txn, invitation).await?;
                let user = Uuid::now_v7();
                txn.execute_raw(statement(
                    &txn,
                    "INSERT INTO users (id, email, display_name, locale, created_at) \
                     VALUES ($1, $2, $3, 'sv', $4)",
                    vec![user.into(), email.clone().into(), name.into(), now.into()],
                ))
                .await
                .map_err(internal)?;
                let session = start_session(&txn, user, now).await.map_err(internal)?;
                (user, Some(self.auth.session_cookie(&session)))
            }
        };
        self.admit(&txn, group, user, &role, &email, now, client)
            .await?;
        txn.commit().await.map_err(internal)?;
        Ok((group.to_string(), cookie))
    }

    async fn mine(&self, user: &SignedInUser) -> Result<Vec<MyInvitation>, AppError> {
        let now = self.clock.now();
        self.db
            .query_all_raw(statement(
                &self.db,
                "SELECT i.id, i.role, i.expires_at, g.name AS group_name, o.name AS organisation_name, \
                 u.display_name, u.email AS inviter_email \
                 FROM invitations i JOIN groups g ON g.id = i.group_id \
                 JOIN organisations o ON o.id = g.organisation_id JOIN users u ON u.id = i.invited_by \
                 WHERE i.email = $1 AND i.status = 'pending' AND i.expires_at > $2 \
                 AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = i.group_id AND m.user_id = $3) \
                 ORDER BY i.id",
                vec![
                    user.email.clone().into(),
                    now.into(),
                    user_id(user)?.into(),
                ],
            ))
            .await
            .map_err(internal)?
            .iter()
            .map(|row| {
                let inviter: String = row.try_get("", "display_name")?;
                let role: String = row.try_get("", "role")?;
                Ok(MyInvitation {
                    id: row.try_get::<Uuid>("", "id")?.to_string(),
                    group: row.try_get("", "group_name")?,
                    organisation: row.try_get("", "organisation_name")?,
                    invited_by: if inviter.is_empty() {
                        row.try_get("", "inviter_email")?
                    } else {
                        inviter
                    },
                    as_leader: role == "processledare",
                    expires_on: crate::db::date(row.try_get("", "expires_at")?),
                })
            })
            .collect::<Result<_, sea_orm::DbErr>>()
            .map_err(internal)
    }

    async fn join(
        &self,
        user: &SignedInUser,
        invitation: &str,
        client: &ClientIp,
    ) -> Result<String, AppError> {
        let me = user_id(user)?;
        let id = parse_id(invitation)?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await.map_err(internal)?;
        // Only an invitation to the signed-in person's own address: anyone else's is 404.
        let row = txn
            .query_one_raw(statement(
                &txn,
                "SELECT group_id, role FROM invitations \
                 WHERE id = $1 AND email = $2 AND status = 'pending' AND expires_at > $3",
                vec![id.into(), user.email.clone().into(), now.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let group: Uuid = row.try_get("", "group_id").map_err(internal)?;
        let role: String = row.try_get("", "role").map_err(internal)?;
        self.spend(&txn, id).await?;
        self.admit(&txn, group, me, &role, &user.email, now, client)
            .await?;
        txn.commit().await.map_err(internal)?;
        Ok(group.to_string())
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
