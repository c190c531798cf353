//! `prompt_summaries`: the process leader's short summary of one discussion prompt in a cycle
//! ("det här tar vi med oss"). Primary key (`group_id`, `cycle_id`, `prompt`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "prompt_summaries")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub cycle_id: Uuid,
    #[sea_orm(
        primary_key,
        auto_increment = false,
        column_type = "String(StringLen::N(200))"
    )]
    pub prompt: String,
    pub step: i16,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub saved_by: Option<Uuid>,
    pub saved_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
