//! Who may see, lead and own what: the access rules as conditions over `groups` (and over the
//! rows that carry a group or organisation id), in one place.
//! Every query that reads or changes a group on someone's behalf filters with one of these, so
//! what a person may not see does not exist for them (404), and a rule changes in one line.

use crate::entities::{
    enums::{GroupTrack, MembershipRole},
    groups, memberships, organisation_owners, organisations,
};
use sea_orm::{
    ColumnTrait, Condition,
    sea_query::{Query, SelectStatement},
};
use uuid::Uuid;

/// The ids of the groups `user` is a member of (only those they lead, if `leading`).
fn memberships_of(user: Uuid, leading: bool) -> SelectStatement {
    let mut query = Query::select();
    query
        .column(memberships::Column::GroupId)
        .from(memberships::Entity)
        .and_where(memberships::Column::UserId.eq(user));
    if leading {
        query.and_where(memberships::Column::Role.eq(MembershipRole::Processledare));
    }
    query
}

/// The ids of the organisations `user` owns.
fn ownerships_of(user: Uuid) -> SelectStatement {
    Query::select()
        .column(organisation_owners::Column::OrganisationId)
        .from(organisation_owners::Entity)
        .and_where(organisation_owners::Column::UserId.eq(user))
        .to_owned()
}

/// Groups `user` is a member of.
pub fn member(user: Uuid) -> Condition {
    Condition::all().add(groups::Column::Id.in_subquery(memberships_of(user, false)))
}

/// Groups `user` leads as process leader.
pub fn leads(user: Uuid) -> Condition {
    Condition::all().add(groups::Column::Id.in_subquery(memberships_of(user, true)))
}

/// Groups of an organisation `user` owns.
pub fn owns(user: Uuid) -> Condition {
    Condition::all().add(groups::Column::OrganisationId.in_subquery(ownerships_of(user)))
}

/// Groups `user` may see: their own, and every group of an organisation they own.
pub fn sees(user: Uuid) -> Condition {
    Condition::any().add(member(user)).add(owns(user))
}

/// Groups `user` may manage (invite to, rename): those they lead, and every group of an
/// organisation they own.
pub fn manages(user: Uuid) -> Condition {
    Condition::any().add(leads(user)).add(owns(user))
}

/// The ids of the organisations whose huvudman group `user` is a member of (leads, if
/// `leading`).
fn huvudman_memberships_of(user: Uuid, leading: bool) -> SelectStatement {
    Query::select()
        .column(groups::Column::OrganisationId)
        .from(groups::Entity)
        .and_where(groups::Column::Track.eq(GroupTrack::Huvudman))
        .and_where(groups::Column::Id.in_subquery(memberships_of(user, leading)))
        .to_owned()
}

/// Organisations whose units' hand-overs `user` reads: as a member of the huvudman group, or
/// as an owner. (What the units submitted, never their work in progress.)
pub fn oversees(user: Uuid) -> Condition {
    Condition::any()
        .add(organisations::Column::Id.in_subquery(huvudman_memberships_of(user, false)))
        .add(organisations::Column::Id.in_subquery(ownerships_of(user)))
}

/// Rows of an organisation (`column`: its organisation id) that `user` oversees.
pub fn overseen_by(user: Uuid, column: impl ColumnTrait) -> Condition {
    Condition::any()
        .add(column.in_subquery(huvudman_memberships_of(user, false)))
        .add(column.in_subquery(ownerships_of(user)))
}

/// Rows of an organisation (`column`: its organisation id) whose huvudman group `user` leads:
/// they answer the units' submissions and publish to the units.
pub fn huvudman_led_by(user: Uuid, column: impl ColumnTrait) -> Condition {
    Condition::all().add(column.in_subquery(huvudman_memberships_of(user, true)))
}

/// Rows of a group (`column`: its group id) `user` is a member of.
pub fn member_of(user: Uuid, column: impl ColumnTrait) -> Condition {
    Condition::all().add(column.in_subquery(memberships_of(user, false)))
}

/// Organisations `user` takes part in: as a member of any of its groups, or as an owner (who
/// may then read the organisation's holidays).
pub fn takes_part_in(user: Uuid) -> Condition {
    let groups_of = Query::select()
        .column(groups::Column::OrganisationId)
        .from(groups::Entity)
        .and_where(groups::Column::Id.in_subquery(memberships_of(user, false)))
        .to_owned();
    Condition::any()
        .add(organisations::Column::Id.in_subquery(groups_of))
        .add(organisations::Column::Id.in_subquery(ownerships_of(user)))
}

/// Organisations whose school year `user` plans (its holidays): owners, and the huvudman
/// group's process leaders.
pub fn plans_year_of(user: Uuid) -> Condition {
    Condition::any()
        .add(organisations::Column::Id.in_subquery(ownerships_of(user)))
        .add(organisations::Column::Id.in_subquery(huvudman_memberships_of(user, true)))
}
