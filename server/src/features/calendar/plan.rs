//! A group's year on real days, made from the content's weeks, the group's usual time, what its
//! leader changed and the organisation's holidays: the one computation the calendar page, a
//! meeting's page and the calendar feed all read. Pure: the queries are the caller's.

use super::dates::{self, Holiday, Holidays};
use crate::{entities::meeting_times, features::workshop::ContentStore};
use app::{
    features::{
        calendar::types::{
            CalendarEntry, Entry, HandoverDue, HolidayKind, HolidaySpan, ReadAt, Slot, Usual,
            Warning,
        },
        workshop::types::{Date, Direction, HandoverView, Track, Week},
    },
    i18n::Locale,
};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::HashMap;

/// What a group has stored about its year: its usual time (and how often it changed), and the
/// meetings its leader changed, by (step, number).
#[derive(Clone, Default)]
pub struct Stored {
    pub usual: Usual,
    pub usual_revision: i32,
    pub changed: HashMap<(u8, u8), meeting_times::Model>,
}

/// One meeting on its day.
#[derive(Clone, Debug)]
pub struct Planned {
    pub slot: Slot,
    pub day: NaiveDate,
    pub default_day: NaiveDate,
    /// The meeting's own changes (0 while the leader has not touched it).
    pub changes: i32,
    /// What calendars see: its own changes, and the changes of the usual time and holidays.
    pub sequence: i32,
}

pub fn date(day: NaiveDate) -> Date {
    Date {
        year: u16::try_from(day.year()).unwrap_or(0),
        month: u8::try_from(day.month()).unwrap_or(1),
        day: u8::try_from(day.day()).unwrap_or(1),
    }
}

pub fn naive(day: Date) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(
        i32::from(day.year),
        u32::from(day.month),
        u32::from(day.day),
    )
}

/// A track's meetings for the school year starting in `first_year`, in order. Each one's
/// sequence counts its own changes plus `revision` (the holidays' changes) and the group's usual
/// time's, since those move every meeting that has its default day.
pub fn meetings(
    content: &ContentStore,
    track: Track,
    locale: Locale,
    first_year: i32,
    holidays: &Holidays,
    revision: i32,
    stored: &Stored,
) -> Vec<Planned> {
    let weekday = dates::weekday(i16::from(stored.usual.weekday));
    let moved_with_defaults = revision + stored.usual_revision;
    let mut planned = Vec::new();
    for (step, _, meetings, _) in content.schedule(track, locale) {
        for (i, meeting) in meetings.iter().enumerate() {
            let number = u8::try_from(i + 1).unwrap_or(u8::MAX);
            let Some(day) = dates::day_in_week(first_year, meeting.week, weekday) else {
                continue;
            };
            let default_day = dates::past_holidays(holidays, day);
            let mut prepare: Vec<String> = Vec::new();
            for task in meeting.agenda.iter().filter_map(|a| a.task.as_ref()) {
                if !prepare.contains(&task.title) {
                    prepare.push(task.title.clone());
                }
            }
            let mut slot = Slot {
                step,
                number,
                title: meeting.title.clone(),
                starts: stored.usual.starts,
                minutes: meeting.minutes,
                place: stored.usual.place.clone(),
                cancelled: false,
                changed: false,
                prepare,
            };
            let (mut day, mut changes) = (default_day, 0);
            if let Some(row) = stored.changed.get(&(step, number)) {
                day = row.day;
                changes = row.sequence;
                let (starts, minutes) = (
                    u16::try_from(row.starts).unwrap_or(slot.starts),
                    u16::try_from(row.minutes).unwrap_or(slot.minutes),
                );
                slot.changed = day != default_day
                    || starts != slot.starts
                    || minutes != slot.minutes
                    || row.place != slot.place;
                slot.starts = starts;
                slot.minutes = minutes;
                slot.place = row.place.clone();
                slot.cancelled = row.cancelled;
            }
            planned.push(Planned {
                slot,
                day,
                default_day,
                changes,
                sequence: changes + moved_with_defaults,
            });
        }
    }
    planned.sort_by_key(|p| (p.day, p.slot.starts, p.slot.step, p.slot.number));
    planned
}

/// One hand-over of a track's year with its last day (the Friday of its week).
pub struct Deadline<'a> {
    pub step: u8,
    pub handover: &'a HandoverView,
    pub day: NaiveDate,
    /// The track whose group sends it (else it receives it).
    pub we_send: bool,
}

/// Every hand-over of `track`'s year with its last day, in step order.
pub fn deadlines<'a>(
    content: &'a ContentStore,
    track: Track,
    locale: Locale,
    first_year: i32,
) -> impl Iterator<Item = Deadline<'a>> {
    content
        .schedule(track, locale)
        .flat_map(|(step, _, _, handovers)| handovers.iter().map(move |h| (step, h)))
        .filter_map(move |(step, handover)| {
            Some(Deadline {
                step,
                handover,
                day: dates::day_in_week(first_year, handover.week, Weekday::Fri)?,
                we_send: matches!(
                    (handover.direction, track),
                    (Direction::Up, Track::Enhet) | (Direction::Down, Track::Huvudman)
                ),
            })
        })
}

pub fn holiday_kind(holiday: Holiday) -> HolidayKind {
    match holiday {
        Holiday::Autumn => HolidayKind::Autumn,
        Holiday::Christmas => HolidayKind::Christmas,
        Holiday::Sports => HolidayKind::Sports,
        Holiday::Easter => HolidayKind::Easter,
        Holiday::Summer => HolidayKind::Summer,
    }
}

/// What a meeting's plan should look at again: a meeting that takes place in a holiday.
pub fn meeting_warnings(holidays: &Holidays, p: &Planned) -> Vec<Warning> {
    match holidays.on(p.day) {
        Some(h) if !p.slot.cancelled => vec![Warning::Holiday(holiday_kind(h))],
        _ => Vec::new(),
    }
}

/// The group's year as the calendar page lists it: its meetings, and each hand-over's deadline
/// with the meeting that reads it (`others`: the other track's meetings, when one group of it
/// reads what this group sends; the huvudman reads for itself, the units each for themselves).
pub fn entries(
    content: &ContentStore,
    track: Track,
    locale: Locale,
    first_year: i32,
    holidays: &Holidays,
    own: &[Planned],
    others: Option<&[Planned]>,
) -> Vec<CalendarEntry> {
    let mut entries: Vec<(NaiveDate, u8, CalendarEntry)> = own
        .iter()
        .map(|p| {
            (
                p.day,
                0,
                CalendarEntry {
                    day: date(p.day),
                    item: Entry::Meeting(p.slot.clone()),
                    warnings: meeting_warnings(holidays, p),
                },
            )
        })
        .collect();
    // What reaches the year's last step after its meetings is read at the next year's step 1
    // (the content check allows it): that is no missing reader.
    let last_step = own.iter().map(|p| p.slot.step).max().unwrap_or(0);
    for Deadline {
        step,
        handover: h,
        day: due,
        we_send,
    } in deadlines(content, track, locale, first_year)
    {
        // The huvudman reads what units send up; each unit reads what comes down.
        let readers = if we_send { others } else { Some(own) };
        let mut warnings = Vec::new();
        if let Some(h) = holidays.on(due) {
            warnings.push(Warning::Holiday(holiday_kind(h)));
        }
        let read_at = readers.and_then(|slots| {
            slots.iter().find(|p| {
                !p.slot.cancelled && p.slot.step >= step && p.slot.step <= step + 1 && p.day >= due
            })
        });
        match (readers, read_at) {
            (Some(_), None) if !we_send && step == last_step => {}
            (Some(_), None) => warnings.push(Warning::NoReader),
            (_, Some(p)) => {
                let days = u16::try_from((p.day - due).num_days()).unwrap_or(0);
                // The content says how long its readers need (`read_days`).
                if days < h.read_days {
                    warnings.push(Warning::FewDays {
                        days,
                        minimum: h.read_days,
                    });
                }
            }
            (None, None) => {}
        }
        entries.push((
            due,
            1,
            CalendarEntry {
                day: date(due),
                item: Entry::Handover(HandoverDue {
                    step,
                    title: h.title.clone(),
                    we_send,
                    read_at: read_at.map(|p| ReadAt {
                        day: date(p.day),
                        step: p.slot.step,
                        title: p.slot.title.clone(),
                        by_us: !we_send,
                    }),
                }),
                warnings,
            },
        ));
    }
    entries.sort_by_key(|(day, kind, _)| (*day, *kind));
    entries.into_iter().map(|(_, _, e)| e).collect()
}

/// Monday to Friday of an ISO week.
fn school_week(year: i32, week: u8) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_isoywd_opt(year, u32::from(week), Weekday::Mon)?,
        NaiveDate::from_isoywd_opt(year, u32::from(week), Weekday::Fri)?,
    ))
}

/// The school year's holidays on real days, in order.
pub fn holiday_spans(first_year: i32, holidays: &Holidays) -> Vec<HolidaySpan> {
    let year_of = |week: u8| {
        if week >= Week::FIRST {
            first_year
        } else {
            first_year + 1
        }
    };
    let easter = dates::easter_sunday(first_year + 1);
    let easter_day = match holidays.easter {
        dates::EasterBreak::After => easter + Duration::days(1),
        dates::EasterBreak::Before => easter - Duration::days(2),
    };
    let easter_week = easter_day.iso_week();
    let mut spans = Vec::new();
    let mut push =
        |kind, first: Option<(NaiveDate, NaiveDate)>, last: Option<(NaiveDate, NaiveDate)>| {
            if let (Some((first, _)), Some((_, last))) = (first, last) {
                spans.push(HolidaySpan {
                    kind,
                    first: date(first),
                    last: date(last),
                });
            }
        };
    let w = |week: u8| school_week(year_of(week), week);
    push(HolidayKind::Autumn, w(holidays.autumn), w(holidays.autumn));
    push(
        HolidayKind::Christmas,
        w(holidays.christmas.0),
        w(holidays.christmas.1),
    );
    push(HolidayKind::Sports, w(holidays.sports), w(holidays.sports));
    let e = school_week(
        easter_week.year(),
        u8::try_from(easter_week.week()).unwrap_or(0),
    );
    push(HolidayKind::Easter, e, e);
    let s = |week: u8| school_week(first_year + 1, week);
    push(
        HolidayKind::Summer,
        s(holidays.summer.0),
        s(holidays.summer.1),
    );
    spans
}
