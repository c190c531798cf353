//! `submission_responses`: the huvudman's answers to one submitted version: a comment, a
//! request to complete it, or an acknowledgement. Primary key (`submission_id`, `number`).

use super::enums::ResponseKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "submission_responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub submission_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i32,
    pub kind: ResponseKind,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub responded_by: Option<Uuid>,
    pub responded_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
