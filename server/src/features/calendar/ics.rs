//! iCalendar (RFC 5545) for the calendar feed and a single meeting: events in Swedish time with
//! the Europe/Stockholm time zone spelled out, stable UIDs and SEQUENCE so a moved meeting moves
//! and a cancelled one is cancelled. `text` is the one place a value is escaped.

use chrono::{DateTime, NaiveDate, Utc};

/// The time zone the events are in, as calendars need it written out: CET in winter, CEST from
/// the last Sunday of March to the last Sunday of October.
const STOCKHOLM: &str = "BEGIN:VTIMEZONE\r\n\
TZID:Europe/Stockholm\r\n\
BEGIN:DAYLIGHT\r\n\
TZOFFSETFROM:+0100\r\n\
TZOFFSETTO:+0200\r\n\
TZNAME:CEST\r\n\
DTSTART:19700329T020000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n\
END:DAYLIGHT\r\n\
BEGIN:STANDARD\r\n\
TZOFFSETFROM:+0200\r\n\
TZOFFSETTO:+0100\r\n\
TZNAME:CET\r\n\
DTSTART:19701025T030000\r\n\
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n\
END:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// When an event is.
pub enum When {
    /// A meeting: its day, start in minutes after midnight (Swedish time) and length.
    Meeting {
        day: NaiveDate,
        starts: u16,
        minutes: u16,
    },
    /// A deadline: the whole day.
    Day(NaiveDate),
}

pub struct Event {
    pub uid: String,
    pub sequence: i32,
    pub when: When,
    pub summary: String,
    pub location: String,
    pub description: String,
    pub url: String,
    pub cancelled: bool,
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545, 3.3.11).
pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded at 75 octets without splitting a character.
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

/// A calendar of `events`, named `name`.
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for l in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Verkstad//Kalender//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        line(&mut out, l);
    }
    line(&mut out, &format!("X-WR-CALNAME:{}", text(name)));
    line(&mut out, "X-WR-TIMEZONE:Europe/Stockholm");
    out.push_str(STOCKHOLM);
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for event in events {
        line(&mut out, "BEGIN:VEVENT");
        line(&mut out, &format!("UID:{}", text(&event.uid)));
        line(&mut out, &format!("DTSTAMP:{stamp}"));
        line(&mut out, &format!("SEQUENCE:{}", event.sequence));
        match event.when {
            When::Meeting {
                day,
                starts,
                minutes,
            } => {
                let start = day.and_hms_opt(u32::from(starts / 60), u32::from(starts % 60), 0);
                let end = start.map(|s| s + chrono::Duration::minutes(i64::from(minutes)));
                if let (Some(start), Some(end)) = (start, end) {
                    let mut dt = |name: &str, at: chrono::NaiveDateTime| {
                        line(
                            &mut out,
                            &format!(
                                "{name};TZID=Europe/Stockholm:{}",
                                at.format("%Y%m%dT%H%M%S")
                            ),
                        );
                    };
                    dt("DTSTART", start);
                    dt("DTEND", end);
                }
            }
            When::Day(day) => {
                line(
                    &mut out,
                    &format!("DTSTART;VALUE=DATE:{}", day.format("%Y%m%d")),
                );
                let next = day.succ_opt().unwrap_or(day);
                line(
                    &mut out,
                    &format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
                );
                line(&mut out, "TRANSP:TRANSPARENT");
            }
        }
        line(&mut out, &format!("SUMMARY:{}", text(&event.summary)));
        if !event.location.is_empty() {
            line(&mut out, &format!("LOCATION:{}", text(&event.location)));
        }
        if !event.description.is_empty() {
            line(
                &mut out,
                &format!("DESCRIPTION:{}", text(&event.description)),
            );
        }
        if !event.url.is_empty() {
            line(&mut out, &format!("URL:{}", text(&event.url)));
        }
        line(
            &mut out,
            if event.cancelled {
                "STATUS:CANCELLED"
            } else {
                "STATUS:CONFIRMED"
            },
        );
        line(&mut out, "END:VEVENT");
    }
    line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_cannot_break_out_of_their_property() {
        assert_eq!(text("a;b,c\\d\nDTSTART:x"), "a\\;b\\,c\\\\d\\nDTSTART:x");
        let event = Event {
            uid: "u@verkstad".into(),
            sequence: 2,
            when: When::Day(NaiveDate::from_ymd_opt(2026, 10, 16).unwrap()),
            summary: "Steg 2\r\nEND:VEVENT\r\nBEGIN:VEVENT".into(),
            location: String::new(),
            description: "å".repeat(100),
            url: String::new(),
            cancelled: false,
        };
        let out = calendar("Grupp", &[event], Utc::now());
        // The text stays inside SUMMARY: only one line opens an event, one closes it.
        let starting = |what: &str| out.lines().filter(|l| l.starts_with(what)).count();
        assert_eq!(starting("BEGIN:VEVENT"), 1);
        assert_eq!(starting("END:VEVENT"), 1);
        assert!(out.lines().all(|l| l.len() <= 76), "folded at 75 octets");
        assert!(out.contains("SEQUENCE:2"));
    }
}
