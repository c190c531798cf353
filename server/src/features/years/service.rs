//! The years' port: reads from `pages`, changes through `commands`.

use super::{commands::YearCommands, pages::YearPages};
use crate::{context::Context, db::Writer};
use app::{
    features::years::types::{OrganisationYears, YearsPage},
    ports::{Actor, GroupId, OrganisationId},
};
use sea_orm::DatabaseConnection;

#[derive(Clone)]
pub struct YearService {
    pages: YearPages,
    commands: YearCommands,
}

impl YearService {
    pub fn new(db: DatabaseConnection, ctx: Context) -> Self {
        Self {
            pages: YearPages {
                db: db.clone(),
                ctx: ctx.clone(),
            },
            commands: YearCommands {
                writer: Writer::new(db),
                ctx,
            },
        }
    }
}

crate::port! {
    impl Years for YearService {
        async fn group_years(&self, actor: &Actor, group: GroupId) -> YearsPage => pages;
        async fn close(&self, actor: &Actor, group: GroupId, move_on: bool) -> () => commands;
        async fn organisation_years(&self, actor: &Actor, organisation: OrganisationId) -> OrganisationYears => pages;
        async fn open_next(&self, actor: &Actor, organisation: OrganisationId) -> () => commands;
    }
}
