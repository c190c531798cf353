//! Invitations by e-mail. A process leader pastes addresses; each gets a mail with a link
//! (256-bit token, only its hash stored) that works once, until it expires, is re-sent (a new
//! token) or is revoked. Accepting joins the group and, if needed, creates the account.

use super::mail::{MailFacts, asked_again_mail, invitation_mail};
use crate::{
    access,
    audit::{self, Event},
    clock::Clock,
    email::outbox,
    entities::{
        enums::{InvitationStatus, MembershipRole},
        groups, invitations, memberships, organisations,
        prelude::*,
        users,
    },
    error::{Result, ServerError},
    features::auth::{AuthService, create_user, start_session},
    limits::{self, Limit},
    text::email as normalise_email,
    tokens::{hash, new_token},
};
use app::{
    error::Invalid,
    features::{
        groups::types::Role,
        invitations::types::{
            InvitationView, InviteOutcome, InviteResult, MyInvitation, PendingInvitation,
        },
    },
    i18n::Locale,
    ports::{Actor, ClientIp, GroupId, InvitationId},
};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveEnum as _,
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Related, Select,
    sea_query::{Expr, JoinType, OnConflict},
};
use std::sync::Arc;
use uuid::Uuid;

/// More addresses than this in one paste is refused: a typo, not a staff list.
const MAX_ADDRESSES: usize = 200;

pub struct InvitationService {
    /// For reads outside a write; a write reads through its transaction.
    db: DatabaseConnection,
    writer: crate::db::Writer,
    auth: Arc<AuthService>,
    lifetime: Duration,
    clock: Clock,
}

/// Moves a pending invitation to `status` in one statement, which checks and changes it at
/// once: `NotFound` when it is no longer pending (accepted, revoked, or settled by a parallel
/// request a moment ago).
async fn settle(
    txn: &DatabaseTransaction,
    invitation: Uuid,
    status: InvitationStatus,
) -> Result<()> {
    let settled = Invitation::update_many()
        .col_expr(invitations::Column::Status, Expr::value(status))
        .filter(invitations::Column::Id.eq(invitation))
        .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
        .exec(txn)
        .await?
        .rows_affected;
    if settled != 1 {
        return Err(ServerError::NotFound);
    }
    Ok(())
}

impl InvitationService {
    pub fn new(db: DatabaseConnection, auth: Arc<AuthService>, days: u32, clock: Clock) -> Self {
        Self {
            writer: crate::db::Writer::new(db.clone()),
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

/// Invitations whose link is `token`: the current one, or the one a reminder replaced.
fn by_token(token: &str) -> Condition {
    let hashed = hash(token);
    Condition::any()
        .add(invitations::Column::TokenHash.eq(hashed.as_str()))
        .add(invitations::Column::PreviousTokenHash.eq(hashed))
}

/// An invitation with the names a page or mail shows beside it: its group, the group's
/// organisation and who invited. Read with `with_names()`.
#[derive(Debug, sea_orm::FromQueryResult)]
pub(super) struct Named {
    pub id: Uuid,
    pub email: String,
    pub role: MembershipRole,
    pub expires_at: DateTime<Utc>,
    pub group_name: String,
    pub organisation_name: String,
    pub inviter_name: String,
    pub inviter_email: String,
    pub inviter_locale: String,
}

impl Named {
    /// The inviter as mails and pages name them: their name, or their address until they
    /// give one (the rule of `users::Model::name_or_email`).
    pub(super) fn inviter(&self) -> String {
        if self.inviter_name.is_empty() {
            self.inviter_email.clone()
        } else {
            self.inviter_name.clone()
        }
    }
}

/// Invitations inner-joined with their group, its organisation and the inviter, selecting
/// what `Named` holds: callers add their filters and read `.into_model::<Named>()`, one query.
pub(super) fn with_names() -> Select<Invitation> {
    Invitation::find()
        .inner_join(Group)
        .join(JoinType::InnerJoin, <Group as Related<Organisation>>::to())
        .inner_join(User)
        .select_only()
        .column(invitations::Column::Id)
        .column(invitations::Column::Email)
        .column(invitations::Column::Role)
        .column(invitations::Column::ExpiresAt)
        .column_as(groups::Column::Name, "group_name")
        .column_as(organisations::Column::Name, "organisation_name")
        .column_as(users::Column::DisplayName, "inviter_name")
        .column_as(users::Column::Email, "inviter_email")
        .column_as(users::Column::Locale, "inviter_locale")
}

impl InvitationService {
    /// The group's name, organisation and the inviter's name, if `user` leads the group or
    /// owns its organisation (an owner may invite a unit's first process leader).
    async fn led_group<C: ConnectionTrait>(
        &self,
        db: &C,
        user: Uuid,
        group: Uuid,
    ) -> Result<(String, String, String)> {
        let (group, organisation) = Group::find_by_id(group)
            .filter(access::manages(user))
            .find_also_related(Organisation)
            .one(db)
            .await?
            .and_then(|(group, organisation)| Some((group, organisation?)))
            .ok_or(ServerError::NotFound)?;
        let inviter = User::find_by_id(user)
            .one(db)
            .await?
            .ok_or(ServerError::NotFound)?;
        Ok((group.name, organisation.name, inviter.name_or_email()))
    }

    /// Invites `addresses` to `group` inside `txn`, for a use case that does more in the same
    /// transaction (creating a unit group and inviting its leader). `user` must manage the
    /// group, as the transaction sees it. Over the quota, the transaction is rolled back (so
    /// nothing of the use case remains) and the refusal recorded: `RateLimited`.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn invite_in(
        &self,
        mut txn: DatabaseTransaction,
        me: Uuid,
        group: Uuid,
        addresses: Vec<String>,
        role: MembershipRole,
        locale: Locale,
        client: &ClientIp,
    ) -> Result<(DatabaseTransaction, Vec<InviteResult>)> {
        let names = self.led_group(&txn, me, group).await?;
        let now = self.clock.now();
        let mut results = Vec::with_capacity(addresses.len());
        for typed in addresses {
            let Some(email) = normalise_email(&typed) else {
                results.push(InviteResult {
                    email: typed,
                    outcome: InviteOutcome::Invalid,
                });
                continue;
            };
            let member = Membership::find()
                .inner_join(User)
                .filter(memberships::Column::GroupId.eq(group))
                .filter(users::Column::Email.eq(email.as_str()))
                .one(&txn)
                .await?;
            if member.is_some() {
                results.push(InviteResult {
                    email,
                    outcome: InviteOutcome::AlreadyMember,
                });
                continue;
            }
            let pending = Invitation::find()
                .select_only()
                .column(invitations::Column::Id)
                .filter(invitations::Column::GroupId.eq(group))
                .filter(invitations::Column::Email.eq(email.as_str()))
                .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
                .into_tuple::<Uuid>()
                .one(&txn)
                .await?;
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
        Ok((txn, results))
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
        role: MembershipRole,
        names: &(String, String, String),
        locale: Locale,
        now: DateTime<Utc>,
        client: &ClientIp,
    ) -> Result<bool> {
        use sea_orm::sea_query::ExprTrait as _;
        let token = new_token();
        let expires = now + self.lifetime;
        let written = match existing {
            Some(id) => {
                Invitation::update_many()
                    .col_expr(invitations::Column::TokenHash, Expr::value(hash(&token)))
                    .col_expr(invitations::Column::PreviousTokenHash, Expr::null())
                    .col_expr(invitations::Column::ExpiresAt, Expr::value(expires))
                    .col_expr(invitations::Column::LastSentAt, Expr::value(now))
                    .col_expr(
                        invitations::Column::SendCount,
                        Expr::col(invitations::Column::SendCount).add(1),
                    )
                    .col_expr(invitations::Column::RemindedAt, Expr::null())
                    .col_expr(invitations::Column::Role, Expr::value(role))
                    .filter(invitations::Column::Id.eq(id))
                    .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
                    .exec(db)
                    .await?
                    .rows_affected
            }
            // The partial unique index allows one pending row per group and address; a
            // parallel invite of the same address finds it taken and stands back. The target
            // names that index, so any other conflict still fails. Its predicate is written
            // as a literal (`Expr::Constant`), not a bound value: the database matches it to
            // the index's own `status = 'pending'` when it prepares or plans the statement,
            // where a parameter's value may not be known.
            None => {
                let one_pending =
                    OnConflict::columns([invitations::Column::GroupId, invitations::Column::Email])
                        .target_and_where(
                            Expr::col(invitations::Column::Status)
                                .eq(Expr::Constant(InvitationStatus::Pending.to_value().into())),
                        )
                        .do_nothing()
                        .to_owned();
                let invitation = invitations::ActiveModel {
                    id: Set(Uuid::now_v7()),
                    group_id: Set(group),
                    email: Set(email.to_owned()),
                    invited_by: Set(inviter),
                    role: Set(role),
                    token_hash: Set(hash(&token)),
                    status: Set(InvitationStatus::Pending),
                    expires_at: Set(expires),
                    last_sent_at: Set(now),
                    send_count: Set(1),
                    created_at: Set(now),
                    ..Default::default()
                };
                Invitation::insert(invitation)
                    .on_conflict(one_pending)
                    .exec_without_returning(db)
                    .await?
            }
        };
        if written != 1 {
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
        outbox::enqueue(db, invitation_mail(facts, locale)?, now).await?;
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
        audit::record(db, event, now).await?;
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
    ) -> Result<DatabaseTransaction> {
        if limits::hit(&txn, limit, &user.to_string(), 1, now).await? {
            return Ok(txn);
        }
        txn.rollback().await?;
        let event = Event {
            action: "invitation_quota_exceeded",
            actor: Some(user),
            subject: Some(limit.what),
            client,
            outcome: "refused",
        };
        audit::record(&self.db, event, now).await?;
        Err(ServerError::RateLimited)
    }

    /// The pending invitation `id`, its group, address and role, if `user` leads that group.
    async fn led_invitation(
        &self,
        user: Uuid,
        InvitationId(id): InvitationId,
    ) -> Result<(Uuid, Uuid, String, MembershipRole)> {
        let invitation = Invitation::find_by_id(id)
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .inner_join(Group)
            .filter(access::manages(user))
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        Ok((id, invitation.group_id, invitation.email, invitation.role))
    }

    /// Uses up a pending invitation, first thing in the use case: checked and spent in one
    /// statement, so of two racing requests (a double click) only one goes on; on PostgreSQL
    /// the other waits for the first to commit and then finds nothing to spend.
    async fn spend(&self, txn: &DatabaseTransaction, invitation: Uuid) -> Result<()> {
        settle(txn, invitation, InvitationStatus::Accepted).await
    }

    /// Makes `user` a member with the invitation's role, in `txn`, and audits it.
    #[allow(clippy::too_many_arguments)]
    async fn admit(
        &self,
        txn: &DatabaseTransaction,
        group: Uuid,
        user: Uuid,
        role: MembershipRole,
        email: &str,
        now: DateTime<Utc>,
        client: &ClientIp,
    ) -> Result<()> {
        // Already a member (e.g. joined since being invited): nothing to add, and no error.
        // No conflict target, as before, so any unique violation is skipped.
        let membership = memberships::ActiveModel {
            group_id: Set(group),
            user_id: Set(user),
            role: Set(role),
            created_at: Set(now),
        };
        Membership::insert(membership)
            .on_conflict(OnConflict::new().do_nothing().to_owned())
            .exec_without_returning(txn)
            .await?;
        let event = Event::ok("invitation_accepted", user, email, client);
        Ok(audit::record(txn, event, now).await?)
    }
}

crate::port! {
    impl Invitations for InvitationService {
        async fn invite(&self, actor: &Actor, group: GroupId, addresses: &str, role: Role)
            -> Vec<InviteResult>;
        async fn pending(&self, actor: &Actor, group: GroupId) -> Vec<PendingInvitation>;
        async fn resend(&self, actor: &Actor, invitation: InvitationId) -> GroupId;
        async fn revoke(&self, actor: &Actor, invitation: InvitationId) -> GroupId;
        async fn ask_again(&self, actor: &Actor, token: &str) -> ();
        async fn view(&self, actor: &Actor, token: &str) -> InvitationView;
        async fn accept(&self, actor: &Actor, token: &str, name: &str)
            -> (GroupId, Option<String>);
        async fn mine(&self, actor: &Actor) -> Vec<MyInvitation>;
        async fn join(&self, actor: &Actor, invitation: InvitationId) -> GroupId;
    }
}

impl InvitationService {
    pub async fn invite(
        &self,
        actor: &Actor,
        GroupId(group): GroupId,
        addresses: &str,
        role: Role,
    ) -> Result<Vec<InviteResult>> {
        let role = MembershipRole::from(role);
        let me = actor.user_id()?.0;
        let (locale, client) = (actor.locale, &actor.client);
        let addresses = split_addresses(addresses);
        if addresses.is_empty() || addresses.len() > MAX_ADDRESSES {
            return Err(Invalid::TooMany.into());
        }
        // Before the quota, so someone who leads no such group learns nothing (404, not 429).
        self.led_group(&self.db, me, group).await?;
        let txn = self.writer.begin().await?;
        let (txn, results) = self
            .invite_in(txn, me, group, addresses, role, locale, client)
            .await?;
        txn.commit().await?;
        Ok(results)
    }

    pub async fn pending(
        &self,
        actor: &Actor,
        GroupId(group): GroupId,
    ) -> Result<Vec<PendingInvitation>> {
        let me = actor.user_id()?.0;
        self.led_group(&self.db, me, group).await?;
        self.pending_in(group).await
    }

    /// The group's pending invitations, by address, for a caller that has already checked
    /// that the actor manages the group (the group page, which knows it from its own query).
    pub(crate) async fn pending_in(&self, group: Uuid) -> Result<Vec<PendingInvitation>> {
        let now = self.clock.now();
        Ok(Invitation::find()
            .filter(invitations::Column::GroupId.eq(group))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .order_by_asc(invitations::Column::Email)
            .all(&self.db)
            .await?
            .into_iter()
            .map(|invitation| PendingInvitation {
                id: invitation.id.to_string(),
                expired: invitation.expires_at <= now,
                expires_on: crate::db::date(invitation.expires_at),
                send_count: invitation.send_count,
                as_leader: invitation.role == MembershipRole::Processledare,
                email: invitation.email,
            })
            .collect())
    }

    pub async fn resend(&self, actor: &Actor, invitation: InvitationId) -> Result<GroupId> {
        let me = actor.user_id()?.0;
        let (locale, client) = (actor.locale, &actor.client);
        let (id, group, email, role) = self.led_invitation(me, invitation).await?;
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
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
                role,
                &names,
                locale,
                now,
                client,
            )
            .await?;
        if !sent {
            // Accepted or revoked since the page was loaded.
            return Err(ServerError::NotFound);
        }
        txn.commit().await?;
        Ok(GroupId(group))
    }

    pub async fn revoke(&self, actor: &Actor, invitation: InvitationId) -> Result<GroupId> {
        let me = actor.user_id()?.0;
        let client = &actor.client;
        let (id, group, email, _) = self.led_invitation(me, invitation).await?;
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
        // Accepted a moment ago: it stays accepted, and the page says it is gone.
        settle(&txn, id, InvitationStatus::Revoked).await?;
        let event = Event::ok("invitation_revoked", me, &email, client);
        audit::record(&txn, event, now).await?;
        txn.commit().await?;
        Ok(GroupId(group))
    }

    pub async fn ask_again(&self, actor: &Actor, token: &str) -> Result<()> {
        let (locale, client) = (actor.locale, &actor.client);
        let now = self.clock.now();
        let (id, email, group_id, group, inviter_email) = Invitation::find()
            .inner_join(Group)
            .inner_join(User)
            .filter(by_token(token))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .filter(invitations::Column::ExpiresAt.lte(now))
            .select_only()
            .column(invitations::Column::Id)
            .column(invitations::Column::Email)
            .column(groups::Column::Id)
            .column(groups::Column::Name)
            .column(users::Column::Email)
            .into_tuple::<(Uuid, String, Uuid, String, String)>()
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        let subject = id.to_string();
        // Once a day is enough to reach a busy process leader without flooding them.
        let asked = audit::count_since(
            &self.db,
            "invitation_asked_again",
            audit::Column::Subject(&subject),
            now - Duration::days(1),
        )
        .await?;
        if asked > 0 {
            return Ok(());
        }
        let link = format!("{}/grupper/{group_id}#inbjudningar", self.auth.base_url());
        let mail = asked_again_mail(&inviter_email, &email, &group, &link, locale)?;
        let txn = self.writer.begin().await?;
        outbox::enqueue(&txn, mail, now).await?;
        let event = Event {
            action: "invitation_asked_again",
            actor: None,
            subject: Some(&subject),
            client,
            outcome: "ok",
        };
        audit::record(&txn, event, now).await?;
        Ok(txn.commit().await?)
    }

    pub async fn view(&self, actor: &Actor, token: &str) -> Result<InvitationView> {
        let named = with_names()
            .filter(by_token(token))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .into_model::<Named>()
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        // The inviter is joined as `users` already, so the invitee's account is a second query.
        let accounts = User::find()
            .filter(users::Column::Email.eq(named.email.as_str()))
            .count(&self.db)
            .await?;
        Ok(InvitationView {
            invited_by: named.inviter(),
            group: named.group_name,
            organisation: named.organisation_name,
            email: named.email,
            expired: named.expires_at <= self.clock.now(),
            has_account: accounts > 0,
            signed_in_as: actor.user.as_ref().map(|u| u.email.clone()),
        })
    }

    pub async fn accept(
        &self,
        actor: &Actor,
        token: &str,
        name: &str,
    ) -> Result<(GroupId, Option<String>)> {
        let now = self.clock.now();
        let client = &actor.client;
        let signed_in = actor.user.as_ref();
        let txn = self.writer.begin().await?;
        let invitations::Model {
            id: invitation,
            group_id: group,
            email,
            role,
            ..
        } = Invitation::find()
            .filter(by_token(token))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .filter(invitations::Column::ExpiresAt.gt(now))
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let (user, cookie) = match signed_in {
            Some(me) if me.email == email => {
                self.spend(&txn, invitation).await?;
                (actor.user_id()?.0, None)
            }
            // The page offers to sign out first; joining as someone else is never silent.
            Some(_) => return Err(ServerError::Forbidden),
            None => {
                let existing = User::find()
                    .filter(users::Column::Email.eq(email.as_str()))
                    .one(&txn)
                    .await?;
                if existing.is_some() {
                    // An invitation is no sign-in link: links get forwarded and live for
                    // weeks. The person signs in with a link of their own, and then finds the
                    // invitation waiting under "Mina grupper".
                    return Err(ServerError::Forbidden);
                }
                let name = crate::text::one_line(name, 200)
                    .ok_or(ServerError::from(app::error::Field::YourName))?;
                self.spend(&txn, invitation).await?;
                let user = create_user(&txn, &email, name, actor.locale, now).await?;
                let session = start_session(&txn, user, now).await?;
                (user, Some(self.auth.session_cookie(&session)))
            }
        };
        self.admit(&txn, group, user, role, &email, now, client)
            .await?;
        txn.commit().await?;
        Ok((GroupId(group), cookie))
    }

    pub async fn mine(&self, actor: &Actor) -> Result<Vec<MyInvitation>> {
        let now = self.clock.now();
        let me = actor.user_id()?.0;
        let user = actor.user.as_ref().ok_or(ServerError::Forbidden)?;
        Ok(with_names()
            .filter(invitations::Column::Email.eq(user.email.as_str()))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .filter(invitations::Column::ExpiresAt.gt(now))
            // Not to a group the person is in already (an invitation sent before they joined).
            .filter(access::member(me).not())
            .order_by_asc(invitations::Column::Id)
            .into_model::<Named>()
            .all(&self.db)
            .await?
            .into_iter()
            .map(|named| MyInvitation {
                id: named.id.to_string(),
                invited_by: named.inviter(),
                as_leader: named.role == MembershipRole::Processledare,
                expires_on: crate::db::date(named.expires_at),
                group: named.group_name,
                organisation: named.organisation_name,
            })
            .collect())
    }

    pub async fn join(&self, actor: &Actor, InvitationId(id): InvitationId) -> Result<GroupId> {
        let me = actor.user_id()?.0;
        let user = actor.user.as_ref().ok_or(ServerError::Forbidden)?;
        let client = &actor.client;
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
        // Only an invitation to the signed-in person's own address: anyone else's is 404.
        let invitation = Invitation::find_by_id(id)
            .filter(invitations::Column::Email.eq(user.email.as_str()))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .filter(invitations::Column::ExpiresAt.gt(now))
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let group = invitation.group_id;
        self.spend(&txn, id).await?;
        self.admit(&txn, group, me, invitation.role, &user.email, now, client)
            .await?;
        txn.commit().await?;
        Ok(GroupId(group))
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
