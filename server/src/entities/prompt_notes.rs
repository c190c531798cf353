//! `prompt_notes`: a member's note under one of a step's discussion prompts, in a cycle. Index
//! `prompt_notes_group_step` on (`group_id`, `cycle_id`, `step`).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "prompt_notes")]
pub struct Model {
    /// UUIDv7, made by the application: notes list in the order they were written.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub group_id: Uuid,
    pub cycle_id: Uuid,
    pub step: i16,
    /// The prompt's stable id from `content/ids.toml`.
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub prompt: String,
    pub user_id: Option<Uuid>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
