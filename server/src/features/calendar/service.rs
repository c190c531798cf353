//! The calendar's port: reads from `pages`, changes through `commands`; and the feed and a
//! meeting's `.ics`, which the plain routes serve.

use super::{commands::CalendarCommands, pages::CalendarPages};
use crate::{context::Context, db::Writer, error::Result};
use app::{
    features::calendar::types::{
        CalendarPage, FeedState, HolidayWeeks, HolidaysPage, MeetingForm, MeetingPage,
        ReminderChoice, UsualForm,
    },
    ports::{Actor, GroupId, OrganisationId},
};
use sea_orm::DatabaseConnection;

#[derive(Clone)]
pub struct CalendarService {
    pages: CalendarPages,
    commands: CalendarCommands,
}

impl CalendarService {
    pub fn new(db: DatabaseConnection, ctx: Context, base_url: String) -> Self {
        let pages = CalendarPages {
            db: db.clone(),
            ctx: ctx.clone(),
            base_url,
        };
        Self {
            commands: CalendarCommands {
                writer: Writer::new(db),
                ctx,
                pages: pages.clone(),
            },
            pages,
        }
    }

    /// The feed behind a calendar address, or `None` for one that is nobody's.
    pub async fn feed_ics(&self, token: &str) -> Result<Option<String>> {
        self.pages.feed_ics(token).await
    }

    /// One meeting as an `.ics` file.
    pub async fn meeting_ics(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
    ) -> Result<String> {
        self.pages.meeting_ics(actor, group, step, number).await
    }

    /// A new calendar address (the token, to be shown once).
    pub async fn new_feed(&self, actor: &Actor) -> Result<String> {
        self.commands.new_feed(actor).await
    }
}

crate::port! {
    impl Calendar for CalendarService {
        async fn page(&self, actor: &Actor, group: GroupId) -> CalendarPage => pages;
        async fn meeting(&self, actor: &Actor, group: GroupId, step: u8, number: u8) -> MeetingPage => pages;
        async fn move_meeting(&self, actor: &Actor, group: GroupId, step: u8, number: u8, form: MeetingForm) -> () => commands;
        async fn cancel_meeting(&self, actor: &Actor, group: GroupId, step: u8, number: u8, cancelled: bool) -> () => commands;
        async fn set_usual(&self, actor: &Actor, group: GroupId, form: UsualForm) -> () => commands;
        async fn holidays(&self, actor: &Actor, organisation: OrganisationId) -> HolidaysPage => pages;
        async fn set_holidays(&self, actor: &Actor, organisation: OrganisationId, weeks: HolidayWeeks) -> () => commands;
        async fn feed(&self, actor: &Actor) -> FeedState => pages;
        async fn stop_feed(&self, actor: &Actor) -> () => commands;
        async fn set_reminders(&self, actor: &Actor, choice: ReminderChoice) -> () => commands;
    }
}
