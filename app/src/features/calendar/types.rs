//! What the calendar pages show and their forms send.

use crate::features::{
    groups::types::GroupSummary,
    workshop::types::{AgendaItem, Date},
};
use serde::{Deserialize, Serialize};

/// A group's year: its usual meeting time, then every meeting and hand-over in date order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarPage {
    pub group: GroupSummary,
    /// The school year, e.g. `2026/27`.
    pub cycle: String,
    pub leads: bool,
    pub usual: Usual,
    pub entries: Vec<CalendarEntry>,
    /// This school year's holidays, as the organisation set them.
    pub holidays: Vec<HolidaySpan>,
}

/// When and where a group usually meets: the defaults its meetings' days are made from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usual {
    /// ISO weekday, 1 = Monday … 5 = Friday.
    pub weekday: u8,
    /// Minutes after midnight.
    pub starts: u16,
    pub place: String,
}

impl Default for Usual {
    /// Tuesday at 15.00: after the pupils' day, before most staff leave.
    fn default() -> Self {
        Self {
            weekday: 2,
            starts: 15 * 60,
            place: String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarEntry {
    pub day: Date,
    pub item: Entry,
    pub warnings: Vec<Warning>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Entry {
    Meeting(Slot),
    Handover(HandoverDue),
}

/// One meeting on its day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Slot {
    pub step: u8,
    /// The meeting's number in its step, from 1.
    pub number: u8,
    pub title: String,
    pub starts: u16,
    pub minutes: u16,
    pub place: String,
    pub cancelled: bool,
    /// The leader has set its day, time, length or place.
    pub changed: bool,
    /// The tasks its agenda works on: what to read before.
    pub prepare: Vec<String>,
}

/// A hand-over's last day, and the meeting that reads it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverDue {
    pub step: u8,
    pub title: String,
    /// This group is the one that sends it (else it receives it).
    pub we_send: bool,
    pub read_at: Option<ReadAt>,
}

/// The meeting where a hand-over is taken up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReadAt {
    pub day: Date,
    pub step: u8,
    pub title: String,
    /// Read by this group (else by the other track: the huvudman, or the units).
    pub by_us: bool,
}

/// What a plan should look at again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// The day falls in a school holiday.
    Holiday(HolidayKind),
    /// The reader has fewer than the minimum days between the deadline and the meeting.
    FewDays { days: u16, minimum: u16 },
    /// No meeting of the reader's takes it up.
    NoReader,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HolidayKind {
    Autumn,
    Christmas,
    Sports,
    Easter,
    Summer,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidaySpan {
    pub kind: HolidayKind,
    pub first: Date,
    pub last: Date,
}

/// One meeting's page: its day and what to prepare, and the leader's form to move it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingPage {
    pub group: GroupSummary,
    pub cycle: String,
    pub leads: bool,
    pub step_title: String,
    pub day: Date,
    pub slot: Slot,
    /// The day the content's week and the group's usual time give.
    pub default_day: Date,
    pub who: String,
    pub agenda: Vec<AgendaItem>,
    pub warnings: Vec<Warning>,
}

/// The leader's form for one meeting, as typed (sent back with what was wrong).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MeetingForm {
    /// `YYYY-MM-DD`.
    pub day: String,
    /// `HH:MM`.
    pub starts: String,
    pub minutes: String,
    pub place: String,
}

impl crate::flash_form::FlashForm for crate::flash_form::Returned<MeetingForm> {
    const FORM: &'static str = "meeting";
}

/// The group's usual time as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UsualForm {
    pub weekday: String,
    pub starts: String,
    pub place: String,
}

impl crate::flash_form::FlashForm for crate::flash_form::Returned<UsualForm> {
    const FORM: &'static str = "usual";
}

/// An organisation's holidays, as weeks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayWeeks {
    pub autumn: u8,
    pub christmas_first: u8,
    pub christmas_last: u8,
    pub sports: u8,
    /// Påsklov the week after Easter (else the week before).
    pub easter_after: bool,
    pub summer_first: u8,
    pub summer_last: u8,
}

/// The holidays form as sent: weeks as the selects offer them, `easter` `after` or `before`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayWeeksForm {
    pub autumn: String,
    pub christmas_first: String,
    pub christmas_last: String,
    pub sports: String,
    pub easter: String,
    pub summer_first: String,
    pub summer_last: String,
}

impl crate::flash_form::FlashForm for crate::flash_form::Returned<HolidayWeeksForm> {
    const FORM: &'static str = "holidays";
}

impl HolidayWeeksForm {
    /// The weeks; a value that is no number becomes 0, which no holiday accepts.
    pub fn weeks(&self) -> HolidayWeeks {
        let week = |s: &str| s.trim().parse::<u8>().unwrap_or(0);
        HolidayWeeks {
            autumn: week(&self.autumn),
            christmas_first: week(&self.christmas_first),
            christmas_last: week(&self.christmas_last),
            sports: week(&self.sports),
            easter_after: self.easter != "before",
            summer_first: week(&self.summer_first),
            summer_last: week(&self.summer_last),
        }
    }
}

/// The organisation's holidays page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HolidaysPage {
    pub organisation_id: String,
    pub organisation: String,
    pub cycle: String,
    pub may_edit: bool,
    pub weeks: HolidayWeeks,
    pub this_year: Vec<HolidaySpan>,
}

/// Whether the person has a calendar address, and since when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    pub since: Option<Date>,
    /// When the person is reminded before a meeting.
    pub reminders: ReminderChoice,
}

/// When a person is reminded before each meeting of their groups (by mail, or as a line in the
/// morning digest, as they chose for mail about the work).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReminderChoice {
    /// The morning of the meeting.
    SameDay,
    /// The working day before: the default.
    #[default]
    DayBefore,
    /// Two working days before.
    TwoDaysBefore,
    /// No reminders.
    Off,
}

impl ReminderChoice {
    pub const ALL: [ReminderChoice; 4] = [
        ReminderChoice::SameDay,
        ReminderChoice::DayBefore,
        ReminderChoice::TwoDaysBefore,
        ReminderChoice::Off,
    ];

    /// As forms send it.
    pub fn slug(self) -> &'static str {
        match self {
            ReminderChoice::SameDay => "samma-dag",
            ReminderChoice::DayBefore => "dagen-fore",
            ReminderChoice::TwoDaysBefore => "tva-dagar-fore",
            ReminderChoice::Off => "av",
        }
    }

    pub fn from_slug(slug: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.slug() == slug)
    }

    /// Working days before the meeting, or `None` for no reminders.
    pub fn days_before(self) -> Option<u8> {
        match self {
            ReminderChoice::SameDay => Some(0),
            ReminderChoice::DayBefore => Some(1),
            ReminderChoice::TwoDaysBefore => Some(2),
            ReminderChoice::Off => None,
        }
    }

    pub fn from_days(days: Option<u8>) -> Self {
        match days {
            None => ReminderChoice::Off,
            Some(0) => ReminderChoice::SameDay,
            Some(1) => ReminderChoice::DayBefore,
            Some(_) => ReminderChoice::TwoDaysBefore,
        }
    }
}

/// `HH:MM` from minutes after midnight.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// Minutes after midnight from `HH:MM` (or `HH.MM`, as Swedish writes it).
pub fn parse_clock(text: &str) -> Option<u16> {
    let (h, m) = text.trim().split_once([':', '.'])?;
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// A date from `YYYY-MM-DD`, as a date input sends it.
pub fn parse_day(text: &str) -> Option<Date> {
    let mut parts = text.trim().splitn(3, '-');
    let year: u16 = parts.next()?.parse().ok()?;
    let month: u8 = parts.next()?.parse().ok()?;
    let day: u8 = parts.next()?.parse().ok()?;
    ((2000..=2100).contains(&year) && (1..=12).contains(&month) && (1..=31).contains(&day))
        .then_some(Date { year, month, day })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_and_days_are_read_as_typed() {
        assert_eq!(parse_clock("15:30"), Some(930));
        assert_eq!(parse_clock("8.05"), Some(485));
        assert_eq!(parse_clock("24:00"), None);
        assert_eq!(parse_clock("kvart i tre"), None);
        assert_eq!(clock(485), "08:05");
        assert_eq!(
            parse_day("2026-10-27"),
            Some(Date {
                year: 2026,
                month: 10,
                day: 27
            })
        );
        assert_eq!(parse_day("27/10"), None);
    }
}

/// A calendar address made in this very request, shown once on the settings page (provided as
/// context by the route that made it; it is stored nowhere but as its hash).
#[derive(Clone, Debug)]
pub struct FreshFeed(pub String);
