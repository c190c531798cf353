//! `organisations`: a huvudman (a municipality or an independent organiser), with its owners,
//! one huvudman group and any number of unit groups.

use super::enums::OrganisationKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisations")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name: String,
    pub kind: OrganisationKind,
    pub created_at: DateTimeUtc,

    /// The organisation's groups (deleted with it).
    #[sea_orm(has_many)]
    pub groups: HasMany<super::groups::Entity>,
    /// Ownerships of the organisation (deleted with it).
    #[sea_orm(has_many)]
    pub organisation_owners: HasMany<super::organisation_owners::Entity>,
    /// The users who own the organisation, through `organisation_owners`.
    #[sea_orm(has_many, via = "organisation_owners")]
    pub owners: HasMany<super::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
