//! A track's year plan: every step's meetings and hand-overs over the school year, week by week,
//! so a process leader can book the year from one page.

use super::{
    api::get_year_plan,
    pages::{forum_name, track_name},
    types::{Direction, Term, Track, YearPlanEntry, YearPlanItem, YearPlanView},
};
use crate::paths::step_href;
use crate::ui::head::PageTitle;
use crate::ui::table::ScrollTable;
use crate::{error::AppError, i18n::*};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn YearPlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let params = use_params_map();
    let track = params.with_untracked(|p| p.get("track").and_then(|t| Track::parse(&t)));
    let plan = async move {
        match track {
            Some(track) => get_year_plan(track, locale).await,
            None => Err(AppError::NotFound),
        }
    };
    crate::ui::page::loaded(plan, |plan| view! { <YearPlanContent plan /> })
}

#[component]
fn YearPlanContent(plan: YearPlanView) -> impl IntoView {
    let i18n = use_i18n();
    let track = plan.track;
    let heading = t_string!(i18n, year_plan_heading, track = track_name(i18n, track)).to_string();
    let meetings = plan
        .entries
        .iter()
        .filter(|e| matches!(e.what, YearPlanItem::Meeting { .. }))
        .count();
    let ordinary = plan
        .entries
        .iter()
        .filter(|e| {
            matches!(e.what, YearPlanItem::Meeting { forum, .. }
                if forum != super::types::Forum::Workshop)
        })
        .count();
    let hours = plan
        .entries
        .iter()
        .map(|e| match e.what {
            YearPlanItem::Meeting { minutes, .. } => u32::from(minutes),
            YearPlanItem::Handover { .. } => 0,
        })
        .sum::<u32>()
        .div_ceil(60);
    let summary = t_string!(
        i18n,
        year_plan_summary,
        meetings = meetings,
        ordinary = ordinary,
        hours = hours
    )
    .to_string();
    let other = Track::ALL
        .into_iter()
        .find(|t| *t != track)
        .unwrap_or(track);
    let terms = [Term::Autumn, Term::Spring, Term::AfterSummer].map(|term| {
        let entries: Vec<YearPlanEntry> = plan
            .entries
            .iter()
            .filter(|e| e.week.term() == term)
            .cloned()
            .collect();
        (term, entries)
    });
    view! {
        <PageTitle text=heading.clone() />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/">{t!(i18n, nav_home)}</a></li>
                <li><a href=crate::paths::year_plan_href(track) aria-current="page">{heading.clone()}</a></li>
            </ol>
        </nav>
        <article class="year-plan">
            <h1>{heading}</h1>
            <p class="lead">{t!(i18n, year_plan_lead)}</p>
            <p>{summary}</p>
            {terms.into_iter().filter(|(_, entries)| !entries.is_empty()).map(|(term, entries)| {
                let title = match term {
                    Term::Autumn => t_string!(i18n, term_autumn),
                    Term::Spring => t_string!(i18n, term_spring),
                    Term::AfterSummer => t_string!(i18n, term_after_summer),
                }
                .to_string();
                let (label, caption, region) = (title.clone(), title.clone(), title.clone());
                view! {
                    <section aria-label=label>
                        <h2>{title}</h2>
                        <ScrollTable label=region>
                            <table class="plan">
                                // The heading above says the same; the caption names the
                                // table for screen readers' table lists.
                                <caption class="visually-hidden">{caption}</caption>
                                <thead><tr>
                                    <th scope="col">{t!(i18n, year_plan_week)}</th>
                                    <th scope="col">{t!(i18n, year_plan_step)}</th>
                                    <th scope="col">{t!(i18n, year_plan_what)}</th>
                                </tr></thead>
                                <tbody>
                                    {entries.into_iter().map(|entry| view! { <Row entry track /> }).collect_view()}
                                </tbody>
                            </table>
                        </ScrollTable>
                    </section>
                }
            }).collect_view()}
            <p>
                <a href=crate::paths::year_plan_href(other)>
                    {t_string!(i18n, year_plan_other, track = track_name(i18n, other)).to_string()}
                </a>
            </p>
        </article>
    }
}

#[component]
fn Row(entry: YearPlanEntry, track: Track) -> impl IntoView {
    let i18n = use_i18n();
    let step = step_href(track, entry.step);
    let what = match entry.what {
        YearPlanItem::Meeting {
            number,
            title,
            minutes,
            forum,
        } => view! {
            <a href=format!("{step}#traff-{number}")>
                {t_string!(i18n, meeting_heading, number = number, title = title).to_string()}
            </a>
            <span class="plan-meta">
                {t_string!(i18n, year_plan_meeting_meta, minutes = minutes, forum = forum_name(i18n, forum)).to_string()}
            </span>
        }
        .into_any(),
        YearPlanItem::Handover {
            id,
            title,
            direction,
        } => {
            let label = match direction {
                Direction::Up => t_string!(i18n, year_plan_up),
                Direction::Down => t_string!(i18n, year_plan_down),
            };
            view! {
                <strong class="plan-handover">{label}</strong>
                " "
                <a href=format!("{step}#overlamning-{id}")>{title}</a>
            }
            .into_any()
        }
    };
    view! {
        <tr>
            // The note goes on a line of its own, so the column stays narrow on a phone.
            <td class="plan-week">
                {t_string!(i18n, week_short, week = entry.week.number).to_string()}
                {entry.week.after_summer.then(|| view! {
                    " "
                    <span class="plan-next">{t!(i18n, week_next_school_year)}</span>
                })}
            </td>
            <td>
                <a href=step.clone()>
                    {t_string!(i18n, step_label, number = entry.step).to_string()}
                </a>
                " "
                <span class="plan-step-title">{entry.step_title}</span>
            </td>
            <td>{what}</td>
        </tr>
    }
}
