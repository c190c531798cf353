//! Dates of a school year: a content week on a real day, the organisation's school holidays
//! (påsklov follows Easter), and Swedish time (CET/CEST) for the moments a mail or a calendar
//! needs in UTC. Pure functions, no database.

use app::features::workshop::types::Week;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc, Weekday};

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

    /// Whether the values make sense: weeks 1-52, sportlov in 7-10, the autumn break in the
    /// autumn, the summer in the summer.
    pub fn is_valid(&self) -> bool {
        let week = |w: u8| (1..=52).contains(&w);
        week(self.autumn)
            && (40..=46).contains(&self.autumn)
            && week(self.christmas.0)
            && week(self.christmas.1)
            && (7..=10).contains(&self.sports)
            && (22..=35).contains(&self.summer.0)
            && (22..=35).contains(&self.summer.1)
            && self.summer.0 <= self.summer.1
    }
}

/// The calendar year of the autumn a school year label starts in (`2026/27` → 2026).
pub fn first_year(label: &str) -> Option<i32> {
    label.split('/').next()?.parse().ok()
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

/// Whether Swedish time at UTC moment `at` is summer time (CEST): from 01.00 UTC on the last
/// Sunday of March to 01.00 UTC on the last Sunday of October, as in the whole EU.
fn is_summer_time(at: NaiveDateTime) -> bool {
    let last_sunday = |month: u32| {
        let last = NaiveDate::from_ymd_opt(at.year(), month, 31).unwrap_or_default();
        last - Duration::days(i64::from(last.weekday().num_days_from_sunday()))
    };
    let one = NaiveTime::from_hms_opt(1, 0, 0).unwrap_or_default();
    at >= last_sunday(3).and_time(one) && at < last_sunday(10).and_time(one)
}

/// A Swedish wall-clock time as a UTC moment. In the hour that does not exist in March it
/// counts as winter time; in the hour that comes twice in October, the first.
pub fn stockholm_to_utc(day: NaiveDate, minutes: i16) -> chrono::DateTime<Utc> {
    let local = day.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minutes));
    let summer = local - Duration::hours(2);
    let utc = if is_summer_time(summer) {
        summer
    } else {
        local - Duration::hours(1)
    };
    Utc.from_utc_datetime(&utc)
}

/// A UTC moment on Swedish clocks.
pub fn utc_to_stockholm(at: chrono::DateTime<Utc>) -> NaiveDateTime {
    let utc = at.naive_utc();
    utc + Duration::hours(if is_summer_time(utc) { 2 } else { 1 })
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn swedish_time_changes_on_the_last_sundays_of_march_and_october() {
        // 2026: summer time from 29 March, winter time from 25 October.
        assert_eq!(
            stockholm_to_utc(d(2026, 10, 24), 15 * 60).to_rfc3339(),
            "2026-10-24T13:00:00+00:00"
        );
        assert_eq!(
            stockholm_to_utc(d(2026, 10, 26), 15 * 60).to_rfc3339(),
            "2026-10-26T14:00:00+00:00"
        );
        assert_eq!(
            stockholm_to_utc(d(2027, 3, 27), 15 * 60).to_rfc3339(),
            "2027-03-27T14:00:00+00:00"
        );
        assert_eq!(
            stockholm_to_utc(d(2027, 3, 29), 15 * 60).to_rfc3339(),
            "2027-03-29T13:00:00+00:00"
        );
        let at = stockholm_to_utc(d(2027, 3, 29), 15 * 60);
        assert_eq!(
            utc_to_stockholm(at),
            d(2027, 3, 29).and_hms_opt(15, 0, 0).unwrap()
        );
    }
}
