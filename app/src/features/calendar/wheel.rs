//! The årshjul: a group's school year drawn as a wheel on the server (plain SVG, no script),
//! August at the top and the year running clockwise, with each step as an arc from its first
//! meeting to the next step's, the meetings as dots and the hand-overs as diamonds. The table
//! beside it says the same in words, so the picture is only ever a second way in.

use super::types::{CalendarEntry, Entry};
use crate::{features::workshop::types::Date, i18n::*};
use leptos::prelude::*;

/// Days since 1970-01-01 (the civil-calendar algorithm), enough to place a day on the wheel.
fn days(date: Date) -> i64 {
    let (y, m, d) = (
        i64::from(date.year),
        i64::from(date.month),
        i64::from(date.day),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The steps' colours: dark enough against white for a 3:1 contrast, apart from each other.
/// The legend's `.wheel-step-N` classes in `main.css` repeat them.
const COLOURS: [&str; 5] = ["#1d4e5f", "#8a3b12", "#3d5a1e", "#5b2a6e", "#7a5a00"];
const CENTRE: f64 = 200.0;
const RING: f64 = 140.0;
const MONTHS: f64 = 178.0;

fn colour(step: u8) -> &'static str {
    COLOURS[usize::from(step.saturating_sub(1)) % COLOURS.len()]
}

/// Where a share of the year (0 at the top, clockwise) lies at radius `r`.
fn point(share: f64, r: f64) -> (f64, f64) {
    let angle = (share * 360.0 - 90.0).to_radians();
    (CENTRE + r * angle.cos(), CENTRE + r * angle.sin())
}

/// An arc from `from` to `to` (shares of the year) at radius `r`.
fn arc(from: f64, to: f64, r: f64) -> String {
    let (x1, y1) = point(from, r);
    let (x2, y2) = point(to.max(from + 0.004), r);
    let large = u8::from(to - from > 0.5);
    format!("M {x1:.1} {y1:.1} A {r} {r} 0 {large} 1 {x2:.1} {y2:.1}")
}

/// The school year's wheel for `first_year` (the autumn's calendar year).
#[component]
pub fn YearWheel(first_year: u16, entries: Vec<CalendarEntry>, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let start = days(Date {
        year: first_year,
        month: 8,
        day: 1,
    });
    let length = days(Date {
        year: first_year + 1,
        month: 8,
        day: 1,
    }) - start;
    let share = |day: Date| ((days(day) - start) as f64 / length as f64).clamp(0.0, 0.999);
    // Each step from its first meeting to the next step's first meeting (the last to its own
    // last entry).
    let mut firsts: Vec<(u8, f64)> = Vec::new();
    let mut last = 0.0_f64;
    for entry in &entries {
        let at = share(entry.day);
        last = last.max(at);
        if let Entry::Meeting(slot) = &entry.item
            && !slot.cancelled
            && !firsts.iter().any(|(s, _)| *s == slot.step)
        {
            firsts.push((slot.step, at));
        }
    }
    firsts.sort_by(|a, b| a.1.total_cmp(&b.1));
    let phases: Vec<(u8, f64, f64)> = firsts
        .iter()
        .enumerate()
        .map(|(i, (step, from))| {
            let to = firsts.get(i + 1).map_or(last, |n| n.1);
            (*step, *from, to)
        })
        .collect();
    let month_names: Vec<String> = (1..=12u8)
        .map(|m| crate::ui::date::month_short(i18n, m))
        .collect();
    let months = (0..12).map(|i| {
        let month = (7 + i) % 12 + 1;
        let year = if month >= 8 { first_year } else { first_year + 1 };
        let from = share(Date { year, month: month as u8, day: 1 });
        let (x1, y1) = point(from, RING - 22.0);
        let (x2, y2) = point(from, MONTHS + 8.0);
        let (tx, ty) = point(from + 1.0 / 24.0, MONTHS);
        let name = month_names[(month - 1) as usize].clone();
        view! {
            <line x1=format!("{x1:.1}") y1=format!("{y1:.1}") x2=format!("{x2:.1}") y2=format!("{y2:.1}") class="wheel-tick" />
            <text x=format!("{tx:.1}") y=format!("{ty:.1}") class="wheel-month" text-anchor="middle" dominant-baseline="middle">{name}</text>
        }
    }).collect_view();
    let arcs = phases
        .iter()
        .map(|(step, from, to)| {
            view! { <path d=arc(*from, *to, RING) stroke=colour(*step) class="wheel-phase" /> }
        })
        .collect_view();
    let marks = entries.iter().filter_map(|entry| {
        let at = share(entry.day);
        match &entry.item {
            Entry::Meeting(slot) if !slot.cancelled => {
                let (x, y) = point(at, RING);
                Some(view! { <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="6" class="wheel-meeting" /> }.into_any())
            }
            Entry::Handover(h) => {
                let (x, y) = point(at, RING - 30.0);
                let d = format!("M {x:.1} {:.1} l 5 5 l -5 5 l -5 -5 z", y - 5.0);
                Some(view! { <path d=d class="wheel-handover" fill=colour(h.step) /> }.into_any())
            }
            _ => None,
        }
    }).collect_view();
    let legend = phases.iter().map(|(step, _, _)| {
        // A class, not a style attribute: the content security policy allows no inline style.
        let class = format!("wheel-key wheel-step-{}", (step.saturating_sub(1) % 5) + 1);
        view! { <li><span class=class></span>{t_string!(i18n, step_label, number = *step).to_string()}</li> }
    }).collect_view();
    let label = t_string!(i18n, wheel_alt, title = title.clone()).to_string();
    view! {
        <figure class="wheel">
            <svg viewBox="0 0 400 400" role="img" aria-label=label xmlns="http://www.w3.org/2000/svg">
                <circle cx="200" cy="200" r=RING.to_string() class="wheel-track" />
                {months}
                {arcs}
                {marks}
                <text x="200" y="192" text-anchor="middle" class="wheel-title">{title.clone()}</text>
                <text x="200" y="214" text-anchor="middle" class="wheel-sub">{t!(i18n, wheel_centre)}</text>
            </svg>
            <figcaption>
                <ul class="wheel-legend">
                    {legend}
                    <li><span class="wheel-key wheel-key-meeting"></span>{t!(i18n, wheel_key_meeting)}</li>
                    <li><span class="wheel-key wheel-key-handover"></span>{t!(i18n, wheel_key_handover)}</li>
                </ul>
            </figcaption>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_epoch() {
        assert_eq!(
            days(Date {
                year: 1970,
                month: 1,
                day: 1
            }),
            0
        );
        assert_eq!(
            days(Date {
                year: 2026,
                month: 8,
                day: 1
            }) - days(Date {
                year: 2026,
                month: 7,
                day: 31
            }),
            1
        );
        assert_eq!(
            days(Date {
                year: 2028,
                month: 3,
                day: 1
            }) - days(Date {
                year: 2028,
                month: 2,
                day: 28
            }),
            2
        );
    }

    #[test]
    fn august_is_at_the_top_and_february_at_the_bottom() {
        let (x, y) = point(0.0, 100.0);
        assert!((x - 200.0).abs() < 0.01 && (y - 100.0).abs() < 0.01);
        let (x, y) = point(0.5, 100.0);
        assert!((x - 200.0).abs() < 0.01 && (y - 300.0).abs() < 0.01);
    }
}
