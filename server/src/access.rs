//! Who may see, lead and own what: the access rules as conditions over `groups`, in one place.
//! Every query that reads or changes a group on someone's behalf filters with one of these, so
//! what a person may not see does not exist for them (404), and a rule changes in one line.

use crate::entities::{enums::MembershipRole, groups, memberships, organisation_owners};
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
