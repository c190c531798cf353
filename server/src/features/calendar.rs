//! A group's year in real dates: the content's meetings on days (defaults from the content's
//! weeks, the group's usual time and the organisation's holidays; the leader moves them), the
//! hand-overs' deadlines with the meeting that reads each, and the calendar feed and `.ics`
//! files that carry them into people's own calendars.

mod commands;
pub mod dates;
mod ics;
mod pages;
pub mod plan;
pub mod reminders;
mod service;

pub use service::CalendarService;
