//! Dates of a school year: a content week on a real day, and the organisation's school
//! holidays (påsklov follows Easter). Pure functions, no database. (Swedish time itself is the
//! calendars' to apply: events carry `TZID=Europe/Stockholm` and its rules.)

use app::features::{calendar::types::HolidayWeeks, workshop::types::Week};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The holidays a school year can have, in the order they come.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holiday {
    Autumn,
    Christmas,
    Sports,
    Easter,
    Summer,
}

/// Påsklov: the week after Easter (the week of Easter Monday) or the week before (the week of
/// Good Friday); municipalities choose either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EasterBreak {
    After,
    Before,
}

impl EasterBreak {
    pub fn slug(self) -> &'static str {
        match self {
            Self::After => "after",
            Self::Before => "before",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "after" => Some(Self::After),
            "before" => Some(Self::Before),
            _ => None,
        }
    }
}

/// An organisation's holidays as ISO weeks, set once for every school year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Holidays {
    pub autumn: u8,
    pub christmas: (u8, u8),
    /// Week 7, 8, 9 or 10, by region.
    pub sports: u8,
    pub easter: EasterBreak,
    pub summer: (u8, u8),
}

impl Default for Holidays {
    /// The usual weeks: höstlov in week 44, jullov over weeks 52 and 1, sportlov in week 9,
    /// påsklov the week after Easter, and the staff's summer in weeks 27-31 (the school year's
    /// planning days are in late June and August).
    fn default() -> Self {
        Self {
            autumn: 44,
            christmas: (52, 1),
            sports: 9,
            easter: EasterBreak::After,
            summer: (27, 31),
        }
    }
}

/// Western Easter Sunday (the Gregorian computus, Meeus/Jones/Butcher).
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

impl Holidays {
    /// The holiday `day` falls in, if any.
    pub fn on(&self, day: NaiveDate) -> Option<Holiday> {
        let week = u8::try_from(day.iso_week().week()).unwrap_or(0);
        let easter = easter_sunday(day.iso_week().year());
        let easter_week = match self.easter {
            EasterBreak::After => (easter + Duration::days(1)).iso_week(),
            EasterBreak::Before => (easter - Duration::days(2)).iso_week(),
        };
        let within = |(first, last): (u8, u8)| {
            if first <= last {
                (first..=last).contains(&week)
            } else {
                week >= first || week <= last
            }
        };
        if week == self.autumn {
            Some(Holiday::Autumn)
        } else if within(self.christmas) {
            Some(Holiday::Christmas)
        } else if week == self.sports {
            Some(Holiday::Sports)
        } else if day.iso_week() == easter_week {
            Some(Holiday::Easter)
        } else if within(self.summer) {
            Some(Holiday::Summer)
        } else {
            None
        }
    }

    /// Whether the values are ones the form offers: höstlov in weeks 40-46, jullov starting
    /// in weeks 50-2 and ending in 51-3 (at most four weeks), sportlov in 7-10, the summer
    /// within weeks 22-35.
    pub fn is_valid(&self) -> bool {
        let (first, last) = self.christmas;
        let christmas_weeks = if first <= last {
            last - first + 1
        } else {
            52 - first + 1 + last
        };
        (40..=46).contains(&self.autumn)
            && matches!(first, 50..=52 | 1..=2)
            && matches!(last, 51..=52 | 1..=3)
            && christmas_weeks <= 4
            && (7..=10).contains(&self.sports)
            && (22..=35).contains(&self.summer.0)
            && (self.summer.0..=35).contains(&self.summer.1)
    }
}

impl From<&HolidayWeeks> for Holidays {
    fn from(w: &HolidayWeeks) -> Self {
        Self {
            autumn: w.autumn,
            christmas: (w.christmas_first, w.christmas_last),
            sports: w.sports,
            easter: if w.easter_after {
                EasterBreak::After
            } else {
                EasterBreak::Before
            },
            summer: (w.summer_first, w.summer_last),
        }
    }
}

impl From<&Holidays> for HolidayWeeks {
    fn from(h: &Holidays) -> Self {
        Self {
            autumn: h.autumn,
            christmas_first: h.christmas.0,
            christmas_last: h.christmas.1,
            sports: h.sports,
            easter_after: h.easter == EasterBreak::After,
            summer_first: h.summer.0,
            summer_last: h.summer.1,
        }
    }
}

/// The day of `week` in the school year starting in the autumn of `first_year`.
pub fn day_in_week(first_year: i32, week: Week, weekday: Weekday) -> Option<NaiveDate> {
    let year = if week.after_summer || week.number < Week::FIRST {
        first_year + 1
    } else {
        first_year
    };
    NaiveDate::from_isoywd_opt(year, u32::from(week.number), weekday)
}

/// `day`, or the same weekday of the first week after it that is no holiday: a default never
/// lands in a break.
pub fn past_holidays(holidays: &Holidays, mut day: NaiveDate) -> NaiveDate {
    // A year has at most a few consecutive holiday weeks; ten keeps a bad setting finite.
    for _ in 0..10 {
        if holidays.on(day).is_none() {
            return day;
        }
        day += Duration::days(7);
    }
    day
}

/// An ISO weekday from 1 (Monday) to 7.
pub fn weekday(number: i16) -> Weekday {
    match number {
        2 => Weekday::Tue,
        3 => Weekday::Wed,
        4 => Weekday::Thu,
        5 => Weekday::Fri,
        6 => Weekday::Sat,
        7 => Weekday::Sun,
        _ => Weekday::Mon,
    }
}

/// The last Sunday of `month` in `year`.
fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    }
    .unwrap_or_default();
    let last = next - Duration::days(1);
    last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
}

/// A Swedish wall-clock time (`minutes` after midnight on `day`, Europe/Stockholm) in UTC: the
/// EU rule, summer time from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
/// Sunday of October. Meetings are in the daytime, so the skipped and repeated hour at night
/// never matter.
pub fn stockholm_to_utc(day: NaiveDate, minutes: u16) -> chrono::DateTime<chrono::Utc> {
    let local =
        day.and_hms_opt(0, 0, 0).unwrap_or_default() + Duration::minutes(i64::from(minutes));
    let year = day.year();
    let summer_starts = last_sunday(year, 3)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default();
    let summer_ends = last_sunday(year, 10)
        .and_hms_opt(1, 0, 0)
        .unwrap_or_default();
    // Summer time is UTC+2; compare in UTC by taking the larger offset first.
    let as_summer = local - Duration::hours(2);
    let offset = if as_summer >= summer_starts && as_summer < summer_ends {
        2
    } else {
        1
    };
    (local - Duration::hours(offset)).and_utc()
}

/// The day `n` working days (Monday to Friday) before `day`; `day` itself for 0.
pub fn working_days_before(day: NaiveDate, n: u8) -> NaiveDate {
    let mut at = day;
    for _ in 0..n {
        at -= Duration::days(1);
        while matches!(at.weekday(), Weekday::Sat | Weekday::Sun) {
            at -= Duration::days(1);
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_time_turns_on_the_last_sundays_of_march_and_october() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let utc = |d: &str, m: u16| {
            stockholm_to_utc(day(d), m)
                .format("%Y-%m-%dT%H:%M")
                .to_string()
        };
        // 2026: summer time from 29 March to 25 October.
        assert_eq!(utc("2026-03-27", 15 * 60), "2026-03-27T14:00");
        assert_eq!(utc("2026-03-30", 15 * 60), "2026-03-30T13:00");
        assert_eq!(utc("2026-10-23", 15 * 60), "2026-10-23T13:00");
        assert_eq!(utc("2026-10-26", 15 * 60), "2026-10-26T14:00");
        // 2027: from 28 March to 31 October.
        assert_eq!(utc("2027-03-26", 9 * 60 + 30), "2027-03-26T08:30");
        assert_eq!(utc("2027-04-06", 9 * 60 + 30), "2027-04-06T07:30");
        assert_eq!(utc("2027-01-12", 0), "2027-01-11T23:00");
    }

    #[test]
    fn working_days_skip_the_weekend() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        // Tuesday 27 October 2026: Monday before, Friday two before.
        assert_eq!(working_days_before(day("2026-10-27"), 0), day("2026-10-27"));
        assert_eq!(working_days_before(day("2026-10-27"), 1), day("2026-10-26"));
        assert_eq!(working_days_before(day("2026-10-27"), 2), day("2026-10-23"));
        // A Monday meeting is reminded on the Friday.
        assert_eq!(working_days_before(day("2026-10-26"), 1), day("2026-10-23"));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn easter_falls_where_the_almanac_has_it() {
        assert_eq!(easter_sunday(2026), d(2026, 4, 5));
        assert_eq!(easter_sunday(2027), d(2027, 3, 28));
        assert_eq!(easter_sunday(2028), d(2028, 4, 16));
        assert_eq!(easter_sunday(2038), d(2038, 4, 25));
    }

    #[test]
    fn only_the_weeks_the_form_offers_are_valid() {
        let h = Holidays::default();
        assert!(h.is_valid());
        assert!(
            !Holidays {
                christmas: (1, 52),
                ..h
            }
            .is_valid()
        );
        assert!(!Holidays { autumn: 70, ..h }.is_valid());
        assert!(
            !Holidays {
                summer: (31, 27),
                ..h
            }
            .is_valid()
        );
    }

    #[test]
    fn holidays_are_found_by_week_and_påsklov_by_easter() {
        let h = Holidays::default();
        assert_eq!(h.on(d(2026, 10, 28)), Some(Holiday::Autumn));
        assert_eq!(h.on(d(2026, 12, 23)), Some(Holiday::Christmas));
        assert_eq!(h.on(d(2027, 1, 5)), Some(Holiday::Christmas));
        assert_eq!(h.on(d(2027, 1, 12)), None);
        assert_eq!(h.on(d(2027, 3, 2)), Some(Holiday::Sports));
        // 2027: Easter Monday is 29 March (week 13).
        assert_eq!(h.on(d(2027, 3, 30)), Some(Holiday::Easter));
        assert_eq!(h.on(d(2027, 4, 6)), None);
        let before = Holidays {
            easter: EasterBreak::Before,
            ..h
        };
        assert_eq!(before.on(d(2027, 3, 23)), Some(Holiday::Easter));
        assert_eq!(h.on(d(2027, 7, 6)), Some(Holiday::Summer));
    }

    #[test]
    fn a_week_of_the_school_year_is_a_day_and_defaults_skip_breaks() {
        let w = |number, after_summer| Week {
            number,
            after_summer,
        };
        assert_eq!(
            day_in_week(2026, w(34, false), Weekday::Tue),
            Some(d(2026, 8, 18))
        );
        assert_eq!(
            day_in_week(2026, w(2, false), Weekday::Tue),
            Some(d(2027, 1, 12))
        );
        assert_eq!(
            day_in_week(2026, w(35, true), Weekday::Tue),
            Some(d(2027, 8, 31))
        );
        let h = Holidays::default();
        assert_eq!(past_holidays(&h, d(2026, 10, 27)), d(2026, 11, 3));
        assert_eq!(past_holidays(&h, d(2026, 12, 22)), d(2027, 1, 12));
    }
}
