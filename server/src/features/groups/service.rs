//! Organisations and groups over the database. Every read is filtered by the rules in
//! `access`, so what a person may not see does not exist for them (404). No page's number of
//! queries grows with the data; each method says how many it makes.

use crate::{
    access,
    audit::{self, Event},
    clock::Clock,
    context::Context,
    db::Writer,
    entities::{
        enums::{GroupTrack, InvitationStatus, MembershipRole},
        groups, invitations, memberships, organisation_owners, organisations,
        prelude::*,
        users,
    },
    error::{Result, ServerError},
    features::invitations::InvitationService,
    text::sort_key,
};
use app::{
    error::{Field, Invalid},
    features::{
        groups::types::{
            GroupHome, GroupSummary, MemberView, OrganisationOverview, PlatformGroup,
            PlatformOrganisation, PlatformPage, Registration, SCHOOL_FORMS, UnitGroupForm,
        },
        invitations::types::InviteResult,
        workshop::types::Track,
    },
    ports::{Actor, ClientIp, GroupId, OrganisationId, UserId},
    shared::{GroupLine, NextMove},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait,
    ActiveValue::{Set, Unchanged},
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Expr,
};
use std::{collections::HashMap, sync::Arc};
use uuid::Uuid;

pub struct GroupService {
    /// For the pages; the commands write through `writer` and read through their transaction.
    db: DatabaseConnection,
    writer: Writer,
    clock: Clock,
    /// A unit group and the invitation of its leader are one use case, in one transaction.
    invitations: Arc<InvitationService>,
    /// The group home shows the steps' states and progress.
    ctx: Context,
}

impl GroupService {
    pub fn new(
        db: DatabaseConnection,
        clock: Clock,
        invitations: Arc<InvitationService>,
        ctx: Context,
    ) -> Self {
        Self {
            writer: Writer::new(db.clone()),
            db,
            clock,
            invitations,
            ctx,
        }
    }
}

/// A unit's name, school forms (comma-separated slugs) and optional 8-digit code, checked.
fn unit_details(form: &UnitGroupForm) -> Result<(String, String, Option<String>)> {
    let name = required(&form.name, Field::UnitName)?;
    let code = form.school_unit_code.trim();
    let valid_code = code.len() == 8 && code.chars().all(|c| c.is_ascii_digit());
    if !code.is_empty() && !valid_code {
        return Err(Field::SchoolUnitCode.into());
    }
    let forms: Vec<&str> = form
        .school_forms
        .iter()
        .map(String::as_str)
        .filter(|f| SCHOOL_FORMS.contains(f))
        .collect();
    Ok((
        name,
        forms.join(","),
        (!code.is_empty()).then(|| code.to_string()),
    ))
}

/// A required, trimmed text of at most 200 characters, or a validation error naming `field`.
/// A name on one line, at most 200 characters (see `text::one_line`), or `field` as the
/// problem to show.
fn required(value: &str, field: Field) -> Result<String> {
    crate::text::one_line(value, 200).ok_or(field.into())
}

/// Organisations per page of the platform overview.
const PLATFORM_PAGE: u64 = 50;

/// How groups are listed: by organisation, the huvudman group first, then by name, in
/// Swedish alphabetical order.
fn list_order(a: &GroupSummary, b: &GroupSummary) -> std::cmp::Ordering {
    let key = |g: &GroupSummary| {
        (
            sort_key(&g.organisation),
            g.organisation_id.clone(),
            g.track != Track::Huvudman,
            sort_key(&g.name),
        )
    };
    key(a).cmp(&key(b))
}

fn summary(
    group: &groups::Model,
    organisation: &organisations::Model,
    role: Option<MembershipRole>,
) -> GroupSummary {
    GroupSummary {
        id: group.id.to_string(),
        name: group.name.clone(),
        track: group.track.into(),
        organisation_id: organisation.id.to_string(),
        organisation: organisation.name.clone(),
        role: role.map(Into::into),
    }
}

impl GroupService {
    /// Whether `user` owns `organisation`.
    async fn is_owner(&self, user: Uuid, organisation: Uuid) -> Result<bool> {
        Ok(OrganisationOwner::find_by_id((organisation, user))
            .one(&self.db)
            .await?
            .is_some())
    }

    /// `user`'s role in each group they belong to.
    async fn roles(&self, user: Uuid) -> Result<HashMap<Uuid, MembershipRole>> {
        Ok(Membership::find()
            .select_only()
            .columns([memberships::Column::GroupId, memberships::Column::Role])
            .filter(memberships::Column::UserId.eq(user))
            .into_tuple::<(Uuid, MembershipRole)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect())
    }

    /// Ends `member`'s membership and revokes the invitations they sent to the group, in one
    /// transaction. A group is never left without a process leader.
    async fn leave_group(
        &self,
        group: Uuid,
        member: Uuid,
        actor: Uuid,
        client: &ClientIp,
    ) -> Result<()> {
        let txn = self.writer.begin().await?;
        // Two leaders leaving (or removing each other) at once must not both pass the "not the
        // last leader" check: on PostgreSQL the group's row is locked first, so the second
        // waits and then counts one leader. SQLite's write lock already serialises them.
        self.ctx.lock_group(&txn, group).await?;
        let membership = Membership::find_by_id((group, member))
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        if membership.role == MembershipRole::Processledare {
            let leaders = Membership::find()
                .filter(memberships::Column::GroupId.eq(group))
                .filter(memberships::Column::Role.eq(MembershipRole::Processledare))
                .count(&txn)
                .await?;
            if leaders <= 1 {
                return Err(Invalid::LastLeader.into());
            }
        }
        Membership::delete_by_id((group, member)).exec(&txn).await?;
        Invitation::update_many()
            .col_expr(
                invitations::Column::Status,
                Expr::value(InvitationStatus::Revoked),
            )
            .filter(invitations::Column::GroupId.eq(group))
            .filter(invitations::Column::InvitedBy.eq(member))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .exec(&txn)
            .await?;
        let subject = member.to_string();
        let event = Event {
            action: if actor == member {
                "member_left"
            } else {
                "member_removed"
            },
            actor: Some(actor),
            subject: Some(&subject),
            client,
            outcome: "ok",
        };
        audit::record(&txn, event, self.clock.now()).await?;
        Ok(txn.commit().await?)
    }
}

/// A new group, and its first process leader if `leader` is given.
async fn insert_group<C: ConnectionTrait>(
    db: &C,
    group: groups::ActiveModel,
    leader: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    groups::ActiveModel {
        id: Set(id),
        current_step: Set(1),
        created_at: Set(now),
        ..group
    }
    .insert(db)
    .await?;
    if let Some(leader) = leader {
        memberships::ActiveModel {
            group_id: Set(id),
            user_id: Set(leader),
            role: Set(MembershipRole::Processledare),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
    }
    Ok(id)
}

/// The columns a unit group's form sets.
fn unit_columns(
    organisation: Uuid,
    (name, forms, code): (String, String, Option<String>),
) -> groups::ActiveModel {
    groups::ActiveModel {
        organisation_id: Set(organisation),
        track: Set(GroupTrack::Enhet),
        name: Set(name),
        school_forms: Set(forms),
        school_unit_code: Set(code),
        ..Default::default()
    }
}

crate::port! {
    impl Groups for GroupService {
        async fn my_groups(&self, actor: &Actor) -> Vec<GroupLine>;
        async fn register(&self, actor: &Actor, form: Registration) -> GroupId;
        async fn group(&self, actor: &Actor, id: GroupId) -> GroupHome;
        async fn organisation(&self, actor: &Actor, id: OrganisationId) -> OrganisationOverview;
        async fn remove_member(&self, actor: &Actor, group: GroupId, member: UserId) -> ();
        async fn leave(&self, actor: &Actor, group: GroupId) -> ();
        async fn platform(&self, actor: &Actor, page: u32) -> PlatformPage;
        async fn update_unit(&self, actor: &Actor, group: GroupId, form: UnitGroupForm) -> ();
        async fn create_unit_group(
            &self,
            actor: &Actor,
            organisation: OrganisationId,
            form: UnitGroupForm,
        ) -> (GroupId, Option<Vec<InviteResult>>);
    }
}

impl GroupService {
    pub async fn remove_member(
        &self,
        actor: &Actor,
        GroupId(group): GroupId,
        UserId(member): UserId,
    ) -> Result<()> {
        let me = actor.user_id()?.0;
        let leads = Group::find_by_id(group)
            .filter(access::leads(me))
            .one(&self.db)
            .await?
            .is_some();
        if !leads || member == me {
            return Err(ServerError::NotFound);
        }
        self.leave_group(group, member, me, &actor.client).await
    }

    pub async fn leave(&self, actor: &Actor, GroupId(group): GroupId) -> Result<()> {
        let me = actor.user_id()?.0;
        self.leave_group(group, me, me, &actor.client).await
    }

    /// Three queries whatever the size of the database: the person's memberships, their
    /// organisations, then those groups by primary key and by the indexed organisation id (one
    /// query with an `OR` across the two subqueries would scan every group); then the groups'
    /// standing, in a fixed number more.
    pub async fn my_groups(&self, actor: &Actor) -> Result<Vec<GroupLine>> {
        let me = actor.user_id()?.0;
        let roles = self.roles(me).await?;
        let owned: Vec<Uuid> = OrganisationOwner::find()
            .select_only()
            .column(organisation_owners::Column::OrganisationId)
            .filter(organisation_owners::Column::UserId.eq(me))
            .into_tuple()
            .all(&self.db)
            .await?;
        if roles.is_empty() && owned.is_empty() {
            return Ok(Vec::new());
        }
        let found: Vec<(groups::Model, organisations::Model)> = Group::find()
            .filter(
                Condition::any()
                    .add(groups::Column::Id.is_in(roles.keys().copied()))
                    .add(groups::Column::OrganisationId.is_in(owned)),
            )
            .find_also_related(Organisation)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|(group, organisation)| Some((group, organisation?)))
            .collect();
        let models: Vec<groups::Model> = found.iter().map(|(g, _)| g.clone()).collect();
        self.lines(&found, &models, &roles, actor).await
    }

    /// Groups as lists show them: each with its next move, in the list order.
    async fn lines(
        &self,
        found: &[(groups::Model, organisations::Model)],
        models: &[groups::Model],
        roles: &HashMap<Uuid, MembershipRole>,
        actor: &Actor,
    ) -> Result<Vec<GroupLine>> {
        let mut standings = self.ctx.standings(&self.db, models, actor.locale).await?;
        let mut list: Vec<GroupLine> = found
            .iter()
            .map(|(group, organisation)| {
                let progress = standings.remove(&group.id);
                GroupLine {
                    group: summary(group, organisation, roles.get(&group.id).copied()),
                    cycle: progress
                        .as_ref()
                        .map(|p| p.cycle.clone())
                        .unwrap_or_default(),
                    next: progress.map_or(NextMove::AllDone, |p| p.next),
                }
            })
            .collect();
        list.sort_by(|a, b| list_order(&a.group, &b.group));
        Ok(list)
    }

    pub async fn register(&self, actor: &Actor, form: Registration) -> Result<GroupId> {
        let me = actor.user_id()?.0;
        let client = &actor.client;
        let name = required(&form.your_name, Field::YourName)?;
        let organisation = required(&form.organisation, Field::Organisation)?;
        let kind = app::features::groups::types::OrganisationKind::parse(&form.kind)
            .ok_or(ServerError::from(Field::Kind))?;
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
        User::update_many()
            .col_expr(users::Column::DisplayName, Expr::value(name))
            .filter(users::Column::Id.eq(me))
            .exec(&txn)
            .await?;
        let organisation_id = Uuid::now_v7();
        organisations::ActiveModel {
            id: Set(organisation_id),
            name: Set(organisation.clone()),
            kind: Set(kind.into()),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        organisation_owners::ActiveModel {
            organisation_id: Set(organisation_id),
            user_id: Set(me),
            created_at: Set(now),
        }
        .insert(&txn)
        .await?;
        let huvudman = groups::ActiveModel {
            organisation_id: Set(organisation_id),
            track: Set(GroupTrack::Huvudman),
            name: Set(organisation.clone()),
            ..Default::default()
        };
        let group = insert_group(&txn, huvudman, Some(me), now).await?;
        if form.also_unit {
            let unit = unit_columns(organisation_id, (organisation, String::new(), None));
            insert_group(&txn, unit, Some(me), now).await?;
        }
        let subject = organisation_id.to_string();
        let event = Event::ok("organisation_registered", me, &subject, client);
        audit::record(&txn, event, now).await?;
        txn.commit().await?;
        Ok(GroupId(group))
    }

    /// Four queries at most: the group with its organisation (if the person may see it), its
    /// members, whether the person owns the organisation, and for those who manage the group
    /// its pending invitations.
    pub async fn group(&self, actor: &Actor, GroupId(id): GroupId) -> Result<GroupHome> {
        let me = actor.user_id()?.0;
        let (group, organisation) = Group::find_by_id(id)
            .filter(access::sees(me))
            .find_also_related(Organisation)
            .one(&self.db)
            .await?
            .and_then(|(group, organisation)| Some((group, organisation?)))
            .ok_or(ServerError::NotFound)?;
        let mut members: Vec<(memberships::Model, users::Model)> = Membership::find()
            .filter(memberships::Column::GroupId.eq(id))
            .find_also_related(User)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|(membership, user)| Some((membership, user?)))
            .collect();
        // Process leaders first, then by name.
        members.sort_by_cached_key(|(membership, person)| {
            (
                membership.role != MembershipRole::Processledare,
                sort_key(&person.display_name),
                person.email.clone(),
            )
        });
        let role = members
            .iter()
            .find(|(_, u)| u.id == me)
            .map(|(m, _)| m.role);
        let is_owner = self.is_owner(me, organisation.id).await?;
        // Process leaders and owners manage the group's invitations: known here already, so the
        // page needs no second access check.
        let pending = if role == Some(MembershipRole::Processledare) || is_owner {
            Some(self.invitations.pending_in(id).await?)
        } else {
            None
        };
        let progress = self.ctx.standing(&self.db, &group, actor.locale).await?;
        Ok(GroupHome {
            is_owner,
            pending,
            progress,
            school_forms: group
                .school_forms
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect(),
            school_unit_code: group.school_unit_code.clone(),
            members: members
                .into_iter()
                .map(|(membership, member)| MemberView {
                    id: member.id.to_string(),
                    is_me: member.id == me,
                    name: member.display_name,
                    email: member.email,
                    role: membership.role.into(),
                })
                .collect(),
            group: summary(&group, &organisation, role),
        })
    }

    /// Owners only. Four queries: ownership, the organisation, its groups, the person's roles.
    pub async fn organisation(
        &self,
        actor: &Actor,
        OrganisationId(id): OrganisationId,
    ) -> Result<OrganisationOverview> {
        let me = actor.user_id()?.0;
        if !self.is_owner(me, id).await? {
            return Err(ServerError::NotFound);
        }
        let organisation = Organisation::find_by_id(id)
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        let roles = self.roles(me).await?;
        let models: Vec<groups::Model> = Group::find()
            .filter(groups::Column::OrganisationId.eq(id))
            .all(&self.db)
            .await?;
        let found: Vec<(groups::Model, organisations::Model)> = models
            .iter()
            .map(|g| (g.clone(), organisation.clone()))
            .collect();
        let groups = self.lines(&found, &models, &roles, actor).await?;
        let inbox = self
            .ctx
            .inbox(&self.db, id, Some(&models), actor.locale)
            .await?;
        Ok(OrganisationOverview {
            id: id.to_string(),
            name: organisation.name,
            kind: organisation.kind.into(),
            groups,
            inbox,
        })
    }

    /// One page of organisations, with their groups and counts: five queries whatever the
    /// number of organisations.
    pub async fn platform(&self, actor: &Actor, page: u32) -> Result<PlatformPage> {
        if !actor.is_admin() {
            return Err(ServerError::NotFound);
        }
        let me = actor.user_id()?.0;
        let pages = Organisation::find()
            .order_by_asc(organisations::Column::Name)
            .order_by_asc(organisations::Column::Id)
            .paginate(&self.db, PLATFORM_PAGE);
        let totals = pages.num_items_and_pages().await?;
        let page = page.clamp(1, u32::try_from(totals.number_of_pages.max(1)).unwrap_or(1));
        let organisations = pages.fetch_page(u64::from(page - 1)).await?;
        let groups = Group::find()
            .filter(groups::Column::OrganisationId.is_in(organisations.iter().map(|o| o.id)))
            .all(&self.db)
            .await?;
        let ids = || groups.iter().map(|g| g.id);
        let members: HashMap<Uuid, i64> = Membership::find()
            .select_only()
            .column(memberships::Column::GroupId)
            .column_as(memberships::Column::UserId.count(), "n")
            .filter(memberships::Column::GroupId.is_in(ids()))
            .group_by(memberships::Column::GroupId)
            .into_tuple::<(Uuid, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let pending: HashMap<Uuid, i64> = Invitation::find()
            .select_only()
            .column(invitations::Column::GroupId)
            .column_as(invitations::Column::Id.count(), "n")
            .filter(invitations::Column::GroupId.is_in(ids()))
            .filter(invitations::Column::Status.eq(InvitationStatus::Pending))
            .filter(invitations::Column::ExpiresAt.gt(self.clock.now()))
            .group_by(invitations::Column::GroupId)
            .into_tuple::<(Uuid, i64)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let mut by_organisation: HashMap<Uuid, Vec<&groups::Model>> = HashMap::new();
        for group in &groups {
            by_organisation
                .entry(group.organisation_id)
                .or_default()
                .push(group);
        }
        let organisations = organisations
            .into_iter()
            .map(|o| {
                let mut groups = by_organisation.remove(&o.id).unwrap_or_default();
                groups.sort_by_cached_key(|g| (g.track != GroupTrack::Huvudman, sort_key(&g.name)));
                PlatformOrganisation {
                    name: o.name,
                    kind: o.kind.into(),
                    registered_on: crate::db::date(o.created_at),
                    groups: groups
                        .into_iter()
                        .map(|g| PlatformGroup {
                            name: g.name.clone(),
                            track: g.track.into(),
                            current_step: u8::try_from(g.current_step).unwrap_or(1),
                            members: members.get(&g.id).copied().unwrap_or(0),
                            pending_invitations: pending.get(&g.id).copied().unwrap_or(0),
                        })
                        .collect(),
                }
            })
            .collect();
        let event = Event {
            action: "platform_overview_viewed",
            actor: Some(me),
            subject: None,
            client: &actor.client,
            outcome: "ok",
        };
        audit::record(&self.db, event, self.clock.now()).await?;
        Ok(PlatformPage {
            organisations,
            page,
            pages: u32::try_from(totals.number_of_pages.max(1)).unwrap_or(u32::MAX),
            total_organisations: totals.number_of_items,
        })
    }

    pub async fn update_unit(
        &self,
        actor: &Actor,
        GroupId(group): GroupId,
        form: UnitGroupForm,
    ) -> Result<()> {
        let me = actor.user_id()?.0;
        let managed = Group::find_by_id(group)
            .filter(groups::Column::Track.eq(GroupTrack::Enhet))
            .filter(access::manages(me))
            .one(&self.db)
            .await?;
        if managed.is_none() {
            return Err(ServerError::NotFound);
        }
        let (name, forms, code) = unit_details(&form)?;
        let txn = self.writer.begin().await?;
        groups::ActiveModel {
            id: Unchanged(group),
            name: Set(name),
            school_forms: Set(forms),
            school_unit_code: Set(code),
            ..Default::default()
        }
        .update(&txn)
        .await?;
        let subject = group.to_string();
        let event = Event::ok("group_updated", me, &subject, &actor.client);
        audit::record(&txn, event, self.clock.now()).await?;
        Ok(txn.commit().await?)
    }

    pub async fn create_unit_group(
        &self,
        actor: &Actor,
        OrganisationId(organisation): OrganisationId,
        form: UnitGroupForm,
    ) -> Result<(GroupId, Option<Vec<InviteResult>>)> {
        let me = actor.user_id()?.0;
        let client = &actor.client;
        if !self.is_owner(me, organisation).await? {
            return Err(ServerError::NotFound);
        }
        let details = unit_details(&form)?;
        // With a leader's address, the unit is theirs to lead: the owner invites them, in the
        // same transaction, so a refused invitation (over the quota) leaves no unit behind.
        let leader = form.leader_email.trim();
        if !leader.is_empty() && crate::text::email(leader).is_none() {
            return Err(Field::LeaderEmail.into());
        }
        let now = self.clock.now();
        let txn = self.writer.begin().await?;
        let first_leader = leader.is_empty().then_some(me);
        let id = insert_group(&txn, unit_columns(organisation, details), first_leader, now).await?;
        let subject = id.to_string();
        let event = Event::ok("group_created", me, &subject, client);
        audit::record(&txn, event, now).await?;
        let (txn, invited) = if leader.is_empty() {
            (txn, None)
        } else {
            let addresses = vec![leader.to_string()];
            let (txn, results) = self
                .invitations
                .invite_in(
                    txn,
                    me,
                    id,
                    addresses,
                    MembershipRole::Processledare,
                    actor.locale,
                    client,
                )
                .await?;
            (txn, Some(results))
        };
        txn.commit().await?;
        Ok((GroupId(id), invited))
    }
}
