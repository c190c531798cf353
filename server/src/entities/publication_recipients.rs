//! `publication_recipients`: the unit groups a publication was sent to, when it was not sent to
//! all. Primary key (`publication_id`, `group_id`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publication_recipients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub publication_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
