//! A step's meetings and the year they make: timed agendas that add up, weeks inside the school
//! year, every task given a meeting, and each track's year plan in order with its hand-overs.

use super::{Problem, StepText};
use app::{
    features::workshop::types::{
        AgendaItem, AgendaTask, Direction, Forum, HandoverKind, MeetingView, TaskView, Track, Week,
        YearPlanEntry, YearPlanItem, YearPlanView,
    },
    i18n::Locale,
};
use serde::Deserialize;
use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
};

/// A step has at least one meeting and no more than a school can give it.
const MAX_MEETINGS: usize = 6;
/// A meeting's length in minutes: a slot in a staff meeting up to a long afternoon.
const MINUTES: std::ops::RangeInclusive<u16> = 30..=180;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MeetingFront {
    title: String,
    week: u8,
    #[serde(default)]
    after_summer: bool,
    minutes: u16,
    forum: String,
    who: String,
    lead: String,
    notes: String,
    writes: String,
    larger_staff: Option<String>,
    agenda: Vec<AgendaFront>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AgendaFront {
    minutes: u16,
    text: String,
    task: Option<String>,
}

/// Checks a week as content gives it and returns it in the school year's terms.
pub(super) fn week(
    problems: &mut Vec<Problem>,
    file: &Path,
    at: &str,
    number: u8,
    after_summer: bool,
) -> Week {
    let week = Week {
        number,
        after_summer,
    };
    if !week.in_school_year() {
        problems.push(problem(
            file,
            at,
            format!(
                "week {number} is not in a school year: use {}-52 for the autumn and 1-{} for \
                 the spring (July has no meetings)",
                Week::FIRST,
                Week::LAST
            ),
        ));
    } else if after_summer && number < Week::FIRST {
        problems.push(problem(
            file,
            at,
            format!("`after_summer` means the first weeks of the next school year, so the week is {}-52", Week::FIRST),
        ));
    }
    week
}

/// The meetings' texts in the order the step page shows them, each named by its field.
pub(super) fn texts(fronts: &[MeetingFront]) -> Vec<(String, &str)> {
    let mut texts = Vec::new();
    for (i, m) in fronts.iter().enumerate() {
        texts.push((format!("meetings[{i}].title"), m.title.as_str()));
        texts.push((format!("meetings[{i}].who"), m.who.as_str()));
        // The page shows the roles before the agenda.
        for (name, value) in [
            ("lead", &m.lead),
            ("notes", &m.notes),
            ("writes", &m.writes),
        ] {
            texts.push((format!("meetings[{i}].{name}"), value.as_str()));
        }
        for (j, item) in m.agenda.iter().enumerate() {
            texts.push((
                format!("meetings[{i}].agenda[{j}].text"),
                item.text.as_str(),
            ));
        }
        if let Some(larger) = &m.larger_staff {
            texts.push((format!("meetings[{i}].larger_staff"), larger.as_str()));
        }
    }
    texts
}

/// Reads and checks a step's meetings against its tasks.
pub(super) fn load(
    problems: &mut Vec<Problem>,
    file: &Path,
    fronts: &[MeetingFront],
    tasks: &[TaskView],
) -> Vec<MeetingView> {
    if fronts.is_empty() || fronts.len() > MAX_MEETINGS {
        problems.push(problem(
            file,
            "meetings",
            format!(
                "a step has 1 to {MAX_MEETINGS} meetings, this has {}",
                fronts.len()
            ),
        ));
    }
    let mut meetings = Vec::new();
    for (i, front) in fronts.iter().enumerate() {
        let at = format!("meetings[{i}]");
        for (name, value) in [
            ("title", &front.title),
            ("who", &front.who),
            ("lead", &front.lead),
            ("notes", &front.notes),
            ("writes", &front.writes),
        ] {
            if value.trim().is_empty() {
                problems.push(problem(file, &format!("{at}.{name}"), "must not be empty"));
            }
        }
        if front
            .larger_staff
            .as_deref()
            .is_some_and(|t| t.trim().is_empty())
        {
            problems.push(problem(
                file,
                &format!("{at}.larger_staff"),
                "leave it out or write something",
            ));
        }
        let week = week(
            problems,
            file,
            &format!("{at}.week"),
            front.week,
            front.after_summer,
        );
        if !MINUTES.contains(&front.minutes) {
            problems.push(problem(
                file,
                &format!("{at}.minutes"),
                format!("must be from {} to {}", MINUTES.start(), MINUTES.end()),
            ));
        }
        let forum = Forum::parse(&front.forum).unwrap_or_else(|| {
            problems.push(problem(
                file,
                &format!("{at}.forum"),
                format!(
                    "is {:?}; use one of {}",
                    front.forum,
                    Forum::ALL.map(Forum::slug).join(", ")
                ),
            ));
            Forum::Workshop
        });
        let agenda = load_agenda(problems, file, &at, front, tasks);
        meetings.push(MeetingView {
            title: front.title.trim().into(),
            week,
            minutes: front.minutes,
            forum,
            who: front.who.trim().into(),
            lead: front.lead.trim().into(),
            notes: front.notes.trim().into(),
            writes: front.writes.trim().into(),
            larger_staff: front.larger_staff.as_ref().map(|t| t.trim().into()),
            agenda,
        });
    }
    if meetings.windows(2).any(|w| w[1].week < w[0].week) {
        problems.push(problem(
            file,
            "meetings",
            "list the meetings in the order of the school year",
        ));
    }
    for task in tasks {
        let planned = fronts
            .iter()
            .flat_map(|m| &m.agenda)
            .any(|item| item.task.as_deref() == Some(task.id.as_str()));
        if !planned {
            problems.push(problem(
                file,
                "meetings",
                format!(
                    "no meeting works on task {:?}: name it with `task = \"{}\"` in an agenda item",
                    task.id, task.id
                ),
            ));
        }
    }
    meetings
}

/// A meeting's agenda: each point timed, together exactly the meeting's length.
fn load_agenda(
    problems: &mut Vec<Problem>,
    file: &Path,
    at: &str,
    front: &MeetingFront,
    tasks: &[TaskView],
) -> Vec<AgendaItem> {
    if front.agenda.is_empty() {
        problems.push(problem(
            file,
            &format!("{at}.agenda"),
            "a meeting needs a timed agenda",
        ));
    }
    let mut items = Vec::new();
    for (j, item) in front.agenda.iter().enumerate() {
        let item_at = format!("{at}.agenda[{j}]");
        if item.minutes == 0 {
            problems.push(problem(
                file,
                &format!("{item_at}.minutes"),
                "give each point at least a minute",
            ));
        }
        if item.text.trim().is_empty() {
            problems.push(problem(
                file,
                &format!("{item_at}.text"),
                "must not be empty",
            ));
        }
        let task = item.task.as_ref().and_then(|id| {
            let found = tasks.iter().find(|t| t.id == *id);
            if found.is_none() {
                problems.push(problem(
                    file,
                    &format!("{item_at}.task"),
                    format!("names {id:?}, which is not a task of this step"),
                ));
            }
            found.map(|t| AgendaTask {
                id: t.id.clone(),
                title: t.title.clone(),
            })
        });
        items.push(AgendaItem {
            minutes: item.minutes,
            text: item.text.trim().into(),
            task,
        });
    }
    let total: u32 = front.agenda.iter().map(|i| u32::from(i.minutes)).sum();
    let length = u32::from(front.minutes);
    if total > length {
        problems.push(problem(
            file,
            &format!("{at}.agenda"),
            format!(
                "adds up to {total} minutes, more than the meeting's {length}: shorten a point \
                 or move it to another meeting"
            ),
        ));
    } else if total < length && !front.agenda.is_empty() {
        problems.push(problem(
            file,
            &format!("{at}.agenda"),
            format!(
                "adds up to {total} minutes, but the meeting is {length}: time every minute, or \
                 shorten the meeting"
            ),
        ));
    }
    items
}

/// The lines that must be the same in every language of a track: the meetings' times, forums
/// and agenda timings, and the tasks the agenda names.
pub(super) fn shape(meetings: &[MeetingView]) -> Vec<String> {
    meetings
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let agenda: Vec<String> = m
                .agenda
                .iter()
                .map(|a| match &a.task {
                    Some(task) => format!("{} ({})", a.minutes, task.id),
                    None => a.minutes.to_string(),
                })
                .collect();
            format!(
                "meeting {} in week {}{} of {} min ({}): agenda {}",
                i + 1,
                m.week.number,
                if m.week.after_summer {
                    " after summer"
                } else {
                    ""
                },
                m.minutes,
                m.forum.slug(),
                agenda.join(", ")
            )
        })
        .collect()
}

/// The school year of one track must run forward: each step starts after the previous one
/// started, a hand-over up is sent once its step has begun, and an answer comes after what it
/// answers.
pub(super) fn check_year(
    problems: &mut Vec<Problem>,
    step_dirs: &BTreeMap<u8, PathBuf>,
    steps: &BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
) {
    for track in Track::ALL {
        let mut previous: Option<(u8, Week)> = None;
        for ((_, number), texts) in steps.range((track, 0)..=(track, u8::MAX)) {
            let Some(text) = texts.get(&Locale::sv) else {
                continue;
            };
            let Some(step_dir) = step_dirs.get(number) else {
                continue;
            };
            let file = step_dir.join(format!("{}.sv.md", track.slug()));
            let Some(first) = text.meetings.first().map(|m| m.week) else {
                continue;
            };
            if let Some((before, start)) = previous
                && first < start
            {
                problems.push(problem(
                    &file,
                    "meetings",
                    format!(
                        "the first meeting (week {}) comes before step {before} has begun \
                         (week {})",
                        first.number, start.number
                    ),
                ));
            }
            previous = Some((*number, first));
            // What the other track sends must reach this one before a meeting of this step or
            // the next, or nobody takes it up.
            let receives = match track {
                Track::Enhet => Direction::Down,
                Track::Huvudman => Direction::Up,
            };
            let next = steps
                .get(&(track, number + 1))
                .and_then(|t| t.get(&Locale::sv));
            // The year is a cycle: what reaches the last step after its meetings is taken up
            // by the next year's step 1, after the summer.
            let last = next.is_none();
            for h in text
                .handovers
                .iter()
                .filter(|h| h.direction == receives && !last)
            {
                let taken_up = text
                    .meetings
                    .iter()
                    .chain(next.iter().flat_map(|n| &n.meetings))
                    .any(|m| m.week >= h.week);
                if !taken_up {
                    problems.push(problem(
                        &file,
                        "meetings",
                        format!(
                            "{:?} arrives in week {}, after every meeting of this step and the \
                             next: add a meeting that takes it up, or send it earlier",
                            h.id, h.week.number
                        ),
                    ));
                }
            }
            for h in &text.handovers {
                if track == Track::Enhet && h.direction == Direction::Up && h.week < first {
                    problems.push(problem(
                        &file,
                        "handovers",
                        format!(
                            "{:?} is sent in week {}, before the unit's first meeting of the \
                             step (week {})",
                            h.id, h.week.number, first.number
                        ),
                    ));
                }
                if let HandoverKind::Answers(up) = &h.kind
                    && let Some(answered) = text.handovers.iter().find(|u| u.id == *up)
                    && h.week < answered.week
                {
                    problems.push(problem(
                        &file,
                        "handovers",
                        format!(
                            "{:?} (week {}) answers {up:?}, which is only sent in week {}",
                            h.id, h.week.number, answered.week.number
                        ),
                    ));
                }
            }
        }
    }
}

/// A track's year: every meeting and hand-over of every step, in the order of the school year.
pub(super) fn year_plan(
    steps: &BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
    track: Track,
    locale: Locale,
) -> YearPlanView {
    let mut entries = Vec::new();
    for ((_, number), texts) in steps.range((track, 0)..=(track, u8::MAX)) {
        let Some(text) = texts.get(&locale) else {
            continue;
        };
        for (i, m) in text.meetings.iter().enumerate() {
            entries.push(YearPlanEntry {
                week: m.week,
                step: *number,
                step_title: text.title.clone(),
                what: YearPlanItem::Meeting {
                    number: u8::try_from(i + 1).unwrap_or(u8::MAX),
                    title: m.title.clone(),
                    minutes: m.minutes,
                    forum: m.forum,
                },
            });
        }
        for h in &text.handovers {
            entries.push(YearPlanEntry {
                week: h.week,
                step: *number,
                step_title: text.title.clone(),
                what: YearPlanItem::Handover {
                    id: h.id.clone(),
                    title: h.title.clone(),
                    direction: h.direction,
                },
            });
        }
    }
    // Stable: within a week, steps keep their order and a step's meetings come before what
    // they produce.
    entries.sort_by_key(|e| (e.week, e.step));
    YearPlanView { track, entries }
}

/// Where the first "SKA" of a step page must already be spelled out: the reader meets the
/// abbreviation once, explained.
pub(super) fn check_abbreviation(
    problems: &mut Vec<Problem>,
    file: &Path,
    locale: Locale,
    in_reading_order: &[(&str, &str)],
) {
    let spelled = match locale {
        Locale::sv => "systematiskt kvalitetsarbete (SKA)",
        Locale::en => "systematic quality work (SKA)",
    };
    // The first "SKA" must be the one inside the spelled-out form, so what comes before it
    // ends with "systematiskt kvalitetsarbete (".
    let opening = spelled.trim_end_matches("SKA)").to_lowercase();
    let mut read = String::new();
    for (field, text) in in_reading_order {
        if let Some(at) = first_abbreviation(text) {
            read.push_str(&text[..at]);
            if !read.to_lowercase().ends_with(&opening) {
                problems.push(problem(
                    file,
                    field,
                    format!(
                        "uses \"SKA\" before it is spelled out: write \"{spelled}\" the first time"
                    ),
                ));
            }
            return;
        }
        read.push_str(text);
    }
}

/// The byte offset of the first "SKA" standing as a word (not inside "SKAPA" or "MASKA").
fn first_abbreviation(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    text.match_indices("SKA").map(|(i, _)| i).find(|&i| {
        let before = i.checked_sub(1).map(|j| bytes[j]);
        let after = bytes.get(i + 3).copied();
        !before.is_some_and(|b| b.is_ascii_alphanumeric())
            && !after.is_some_and(|b| b.is_ascii_alphanumeric())
    })
}

fn problem(file: &Path, field: &str, message: impl Into<String>) -> Problem {
    Problem {
        file: file.to_path_buf(),
        field: Some(field.into()),
        message: message.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_abbreviation_only_as_a_word() {
        assert_eq!(first_abbreviation("SKAPA en SKA-beskrivning"), Some(9));
        assert_eq!(first_abbreviation("MASKAR"), None);
        assert_eq!(first_abbreviation("(SKA)"), Some(1));
    }

    #[test]
    fn weeks_sort_in_the_order_of_the_school_year() {
        let w = |number, after_summer| Week {
            number,
            after_summer,
        };
        let mut weeks = vec![
            w(2, false),
            w(35, true),
            w(45, false),
            w(33, false),
            w(24, false),
        ];
        weeks.sort();
        assert_eq!(
            weeks,
            vec![
                w(33, false),
                w(45, false),
                w(2, false),
                w(24, false),
                w(35, true)
            ]
        );
        assert!(!w(28, false).in_school_year());
        assert!(!w(53, false).in_school_year());
    }
}
