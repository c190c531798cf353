//! The work feature's port: the step page and document (read models, through the pool) and
//! the commands that change the group's work (through a `Writer` only).

use super::{commands::WorkCommands, pages::WorkPages};
use crate::{context::Context, db::Writer};
use app::{
    features::work::types::{
        FieldPage, FinalisedDocument, FinalisedSet, GroupStep, Noted, PastYear, PromptPage, Saved,
        StepDocument, TaskAnswers,
    },
    ports::{Actor, CycleId, GroupId},
};
use sea_orm::DatabaseConnection;

pub struct WorkService {
    pages: WorkPages,
    commands: WorkCommands,
}

impl WorkService {
    pub fn new(db: DatabaseConnection, ctx: Context, base_url: String) -> Self {
        Self {
            commands: WorkCommands {
                writer: Writer::new(db.clone()),
                ctx: ctx.clone(),
                base_url,
            },
            pages: WorkPages { db, ctx },
        }
    }
}

crate::port! {
    impl Work for WorkService {
        async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> GroupStep => pages;
        async fn field(&self, actor: &Actor, group: GroupId, number: u8, task: &str, field: &str) -> FieldPage => pages;
        async fn prompt(&self, actor: &Actor, group: GroupId, number: u8, prompt: &str) -> PromptPage => pages;
        async fn open(&self, actor: &Actor, group: GroupId, number: u8, notify: bool) -> () => commands;
        async fn finish(&self, actor: &Actor, group: GroupId, number: u8, confirmed: bool) -> () => commands;
        async fn reopen(&self, actor: &Actor, group: GroupId, number: u8) -> () => commands;
        async fn save(&self, actor: &Actor, group: GroupId, number: u8, answers_in: TaskAnswers)
            -> Saved => commands;
        async fn agree(&self, actor: &Actor, group: GroupId, number: u8, field: &str, agreed: bool)
            -> () => commands;
        async fn note(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            prompt: &str,
            body: &str,
            summary: bool,
        ) -> Noted => commands;
        async fn restore(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            field: &str,
            version: i32,
            current: i32,
        ) -> Saved => commands;
        async fn document(&self, actor: &Actor, group: GroupId, number: u8) -> StepDocument => pages;
        async fn finalised(&self, actor: &Actor, group: GroupId, number: u8, version: i32)
            -> FinalisedDocument => pages;
        async fn newest_finalised(&self, actor: &Actor, group: GroupId, year: Option<CycleId>) -> FinalisedSet => pages;
        async fn past_year(&self, actor: &Actor, group: GroupId, year: CycleId) -> PastYear => pages;
        async fn finalise(&self, actor: &Actor, group: GroupId, number: u8, seen_version: i32)
            -> i32 => commands;
    }
}
