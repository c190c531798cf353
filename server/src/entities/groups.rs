//! `groups`: a working group within an organisation, on the huvudman track (one per
//! organisation) or the enhet track (one per school unit), with its members and invitations.

use super::enums::GroupTrack;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    /// UUIDv7, made by the application.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// No migration indexes this column, so lookups by organisation scan the table.
    pub organisation_id: Uuid,
    pub track: GroupTrack,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub name: String,
    /// Unit groups: school-form slugs joined by commas (e.g. `forskola,grundskola`), empty
    /// when none; the slugs are `app::features::groups::types::SCHOOL_FORMS`.
    #[sea_orm(column_type = "String(StringLen::N(200))", default_value = "")]
    pub school_forms: String,
    /// The unit's eight-digit skolenhetskod, if given.
    #[sea_orm(column_type = "String(StringLen::N(8))", nullable)]
    pub school_unit_code: Option<String>,
    /// The workshop step the group is on, from 1.
    #[sea_orm(default_value = 1)]
    pub current_step: i16,
    pub created_at: DateTimeUtc,

    #[sea_orm(belongs_to, from = "organisation_id", to = "id", on_delete = "Cascade")]
    pub organisation: BelongsTo<super::organisations::Entity>,
    /// Memberships in the group (deleted with it).
    #[sea_orm(has_many)]
    pub memberships: HasMany<super::memberships::Entity>,
    /// The group's members, through `memberships`.
    #[sea_orm(has_many, via = "memberships")]
    pub members: HasMany<super::users::Entity>,
    /// Invitations to the group (deleted with it).
    #[sea_orm(has_many)]
    pub invitations: HasMany<super::invitations::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
