//! `organisation_owners`: who owns (acts for) an organisation; a junction of organisations and
//! users with the composite primary key (`organisation_id`, `user_id`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organisation_owners")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organisation_id: Uuid,
    /// No index of its own: the primary key starts with `organisation_id`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub created_at: DateTimeUtc,

    #[sea_orm(belongs_to, from = "organisation_id", to = "id", on_delete = "Cascade")]
    pub organisation: BelongsTo<super::organisations::Entity>,
    #[sea_orm(belongs_to, from = "user_id", to = "id", on_delete = "Cascade")]
    pub user: BelongsTo<super::users::Entity>,
}

impl ActiveModelBehavior for ActiveModel {}
