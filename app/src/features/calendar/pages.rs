//! The calendar pages: a group's year in dates (`/grupper/{id}/kalender`), one meeting with the
//! leader's form (`…/kalender/{step}/{number}`), the organisation's holidays
//! (`/organisationer/{id}/lov`), and the calendar address on the settings page.

use super::{
    api::{
        CancelMeeting, MoveMeeting, SetHolidays, SetReminders, SetUsual, StopFeed, get_calendar,
        get_feed, get_holidays, get_meeting,
    },
    types::{
        CalendarEntry, CalendarPage, Entry, FeedState, FreshFeed, HolidayKind, HolidaySpan,
        HolidayWeeksForm, HolidaysPage, MeetingForm, MeetingPage, ReminderChoice, UsualForm,
        Warning, clock,
    },
    wheel::YearWheel,
};
use crate::{
    error::{Field, Invalid},
    features::workshop::types::Date,
    flash::{Returned, take},
    i18n::*,
    paths::{calendar_href, group_href, holidays_href, meeting_href},
    ui::{date::long_date, head::PageTitle, page::SignInFirst, page::loaded, table::ScrollTable},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

type I18n = leptos_i18n::I18nContext<Locale>;

fn weekday_name(i18n: I18n, day: u8) -> String {
    match day {
        1 => t_string!(i18n, calendar_monday),
        2 => t_string!(i18n, calendar_tuesday),
        3 => t_string!(i18n, calendar_wednesday),
        4 => t_string!(i18n, calendar_thursday),
        _ => t_string!(i18n, calendar_friday),
    }
    .to_string()
}

fn holiday_name(i18n: I18n, kind: HolidayKind) -> String {
    match kind {
        HolidayKind::Autumn => t_string!(i18n, calendar_holiday_autumn),
        HolidayKind::Christmas => t_string!(i18n, calendar_holiday_christmas),
        HolidayKind::Sports => t_string!(i18n, calendar_holiday_sports),
        HolidayKind::Easter => t_string!(i18n, calendar_holiday_easter),
        HolidayKind::Summer => t_string!(i18n, calendar_holiday_summer),
    }
    .to_string()
}

fn warning_text(i18n: I18n, warning: Warning) -> String {
    match warning {
        Warning::Holiday(kind) => t_string!(
            i18n,
            calendar_warn_holiday,
            holiday = holiday_name(i18n, kind)
        )
        .to_string(),
        Warning::FewDays { days, minimum } => {
            t_string!(i18n, calendar_warn_few_days, days = days, minimum = minimum).to_string()
        }
        Warning::NoReader => t_string!(i18n, calendar_warn_no_reader).to_string(),
    }
}

/// A day as the pages write it, in a `<time>` element.
#[component]
fn Day(day: Date) -> impl IntoView {
    let i18n = use_i18n();
    view! { <time datetime=day.iso()>{long_date(i18n, day)}</time> }
}

#[component]
fn Crumbs(group_id: String, group: String, here: Option<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    let calendar = calendar_href(&group_id);
    let title = t_string!(i18n, calendar_title).to_string();
    view! {
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=group_href(&group_id)>{group}</a></li>
                {match here {
                    Some((href, name)) => view! {
                        <li><a href=calendar>{title}</a></li>
                        <li><a href=href aria-current="page">{name}</a></li>
                    }.into_any(),
                    None => view! { <li><a href=calendar aria-current="page">{title}</a></li> }.into_any(),
                }}
            </ol>
        </nav>
    }
}

#[component]
pub fn CalendarRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = async move { Ok((get_calendar(id).await?, take::<Returned<UsualForm>>().await)) };
    loaded(data, |(page, returned)| match page {
        Some(page) => view! { <CalendarView page returned /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn CalendarView(page: CalendarPage, returned: Option<Returned<UsualForm>>) -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    let title = t_string!(i18n, calendar_title).to_string();
    let group_id = page.group.id.clone();
    let organisation_id = page.group.organisation_id.clone();
    let warnings = page
        .entries
        .iter()
        .filter(|e| !e.warnings.is_empty())
        .count();
    let rows_group = group_id.clone();
    view! {
        <PageTitle text=format!("{title} – {}", page.group.name) />
        <Crumbs group_id=group_id.clone() group=page.group.name.clone() here=None />
        <h1>{format!("{title} {}", page.cycle)}</h1>
        <p class="lead">{t!(i18n, calendar_lead)}</p>
        {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, calendar_saved)}</p> })}
        <p class="next-move">
            {if page.leads { t!(i18n, calendar_next_leader).into_any() } else { t!(i18n, calendar_next_member).into_any() }}
            " "<a href="/installningar#kalender">{t!(i18n, calendar_subscribe_link)}</a>
        </p>
        {(warnings > 0).then(|| view! {
            <p role="note" class="warning">{t_string!(i18n, calendar_warnings_count, count = warnings).to_string()}</p>
        })}
        <section aria-labelledby="arshjul">
            <h2 id="arshjul">{t!(i18n, wheel_heading)}</h2>
            <YearWheel first_year=first_year(&page.cycle) entries=page.entries.clone() title=page.group.name.clone() />
            <p><a href=format!("/grupper/{group_id}/arshjul")>{t!(i18n, wheel_poster_link)}</a></p>
        </section>
        <ScrollTable label=title.clone()>
            <table class="calendar">
                <caption class="visually-hidden">{title.clone()}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, calendar_col_day)}</th>
                    <th scope="col">{t!(i18n, calendar_col_time)}</th>
                    <th scope="col">{t!(i18n, calendar_col_what)}</th>
                    <th scope="col">{t!(i18n, calendar_col_place)}</th>
                    <th scope="col">{t!(i18n, calendar_col_notes)}</th>
                </tr></thead>
                <tbody>
                    {page.entries.into_iter().map(|entry| view! { <EntryRow group_id=rows_group.clone() entry /> }).collect_view()}
                </tbody>
            </table>
        </ScrollTable>
        {page.leads.then(|| view! { <UsualTime group_id=group_id.clone() usual=page.usual.clone() returned=returned.clone() /> })}
        <Holidays spans=page.holidays.clone() organisation_id=organisation_id.clone() />
    }
}

/// The calendar year a school year's label starts with (`2026/27` → 2026).
fn first_year(cycle: &str) -> u16 {
    cycle
        .split('/')
        .next()
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026)
}

/// `/grupper/{id}/arshjul`: the årshjul as a poster for the staff room, with the table beside
/// it; printed, it fills a landscape A3 or A4 page.
#[component]
pub fn PosterRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    loaded(get_calendar(id), |page| match page {
        Some(page) => view! { <Poster page /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn Poster(page: CalendarPage) -> impl IntoView {
    let i18n = use_i18n();
    let title = t_string!(i18n, wheel_poster_title, cycle = page.cycle.clone()).to_string();
    let group_id = page.group.id.clone();
    let rows_group = group_id.clone();
    view! {
        <PageTitle text=format!("{title} – {}", page.group.name) />
        <Crumbs group_id=group_id.clone() group=page.group.name.clone()
            here=Some((format!("/grupper/{group_id}/arshjul"), t_string!(i18n, wheel_heading).to_string())) />
        <div class="poster">
            <h1>{format!("{title} – {}", page.group.name)}</h1>
            <p class="lead no-print">{t!(i18n, wheel_poster_lead)}</p>
            <div class="poster-body">
                <YearWheel first_year=first_year(&page.cycle) entries=page.entries.clone() title=page.group.name.clone() />
                <ScrollTable label=title.clone()>
                    <table class="calendar poster-table">
                        <caption class="visually-hidden">{title.clone()}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, calendar_col_day)}</th>
                            <th scope="col">{t!(i18n, calendar_col_time)}</th>
                            <th scope="col">{t!(i18n, calendar_col_what)}</th>
                            <th scope="col">{t!(i18n, calendar_col_place)}</th>
                            <th scope="col">{t!(i18n, calendar_col_notes)}</th>
                        </tr></thead>
                        <tbody>
                            {page.entries.into_iter().map(|entry| view! { <EntryRow group_id=rows_group.clone() entry /> }).collect_view()}
                        </tbody>
                    </table>
                </ScrollTable>
            </div>
        </div>
        <p class="no-print"><a href=calendar_href(&group_id)>{t!(i18n, calendar_back)}</a></p>
    }
}

#[component]
fn EntryRow(group_id: String, entry: CalendarEntry) -> impl IntoView {
    let i18n = use_i18n();
    let notes: Vec<String> = entry
        .warnings
        .iter()
        .map(|w| warning_text(i18n, *w))
        .collect();
    let notes_view = move |extra: Option<String>| {
        let mut all = notes.clone();
        all.extend(extra);
        view! { <td>{all.into_iter().map(|n| view! { <p>{n}</p> }).collect_view()}</td> }
    };
    match entry.item {
        Entry::Meeting(slot) => {
            let href = meeting_href(&group_id, slot.step, slot.number);
            let what = t_string!(
                i18n,
                calendar_meeting_what,
                step = slot.step,
                title = slot.title.clone()
            )
            .to_string();
            let state = if slot.cancelled {
                Some(t_string!(i18n, calendar_cancelled).to_string())
            } else if slot.changed {
                Some(t_string!(i18n, calendar_changed).to_string())
            } else {
                None
            };
            view! {
                <tr class:cancelled=slot.cancelled>
                    <td><Day day=entry.day /></td>
                    <td>{format!("{}–{}", clock(slot.starts), clock(slot.starts + slot.minutes))}</td>
                    <td><a href=href>{what}</a></td>
                    <td>{slot.place.clone()}</td>
                    {notes_view(state)}
                </tr>
            }
            .into_any()
        }
        Entry::Handover(h) => {
            let label = if h.we_send {
                t_string!(i18n, calendar_handover_send, title = h.title.clone()).to_string()
            } else {
                t_string!(i18n, calendar_handover_receive, title = h.title.clone()).to_string()
            };
            let read = h.read_at.map(|r| {
                let who = if r.by_us {
                    t_string!(i18n, calendar_read_by_us)
                } else {
                    t_string!(i18n, calendar_read_by_them)
                };
                format!("{} {} ({})", who, long_date(i18n, r.day), r.title)
            });
            view! {
                <tr class="handover">
                    <td><Day day=entry.day /></td>
                    <td>{t!(i18n, calendar_deadline)}</td>
                    <td>{label}</td>
                    <td></td>
                    {notes_view(read)}
                </tr>
            }
            .into_any()
        }
    }
}

fn invalid(problem: Option<Invalid>, field: Field) -> Option<&'static str> {
    (problem == Some(Invalid::Field(field))).then_some("true")
}

#[component]
fn UsualTime(
    group_id: String,
    usual: super::types::Usual,
    returned: Option<Returned<UsualForm>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = returned.as_ref().map(|r| r.problem);
    let typed = returned.map(|r| r.typed).unwrap_or(UsualForm {
        weekday: usual.weekday.to_string(),
        starts: clock(usual.starts),
        place: usual.place.clone(),
    });
    let message = problem.map(|p| match p {
        Invalid::Field(Field::Time) => t_string!(i18n, calendar_bad_time).to_string(),
        Invalid::Field(Field::Place) => t_string!(i18n, calendar_bad_place).to_string(),
        _ => t_string!(i18n, calendar_bad_weekday).to_string(),
    });
    view! {
        <section aria-labelledby="vanlig-tid">
            <h2 id="vanlig-tid">{t!(i18n, calendar_usual_heading)}</h2>
            <p>{t!(i18n, calendar_usual_help)}</p>
            {message.map(|m| view! { <p role="alert" class="error">{m}</p> })}
            <form method="post" action=SetUsual::url() class="stack">
                <input type="hidden" name="group_id" value=group_id />
                <label for="vanlig-dag">{t!(i18n, calendar_weekday)}</label>
                <select id="vanlig-dag" name="usual[weekday]" aria-invalid=invalid(problem, Field::Weekday)>
                    {(1..=5u8).map(|d| view! {
                        <option value=d.to_string() selected=typed.weekday == d.to_string()>{weekday_name(i18n, d)}</option>
                    }).collect_view()}
                </select>
                <label for="vanlig-tid-falt">{t!(i18n, calendar_time)}</label>
                <input id="vanlig-tid-falt" type="time" name="usual[starts]" required value=typed.starts.clone()
                    aria-invalid=invalid(problem, Field::Time) />
                <label for="vanlig-plats">{t!(i18n, calendar_place)}</label>
                <input id="vanlig-plats" name="usual[place]" maxlength="300" value=typed.place.clone()
                    aria-describedby="vanlig-plats-hjalp" aria-invalid=invalid(problem, Field::Place) />
                <p id="vanlig-plats-hjalp" class="hint">{t!(i18n, calendar_place_hint)}</p>
                <button type="submit">{t!(i18n, calendar_usual_save)}</button>
            </form>
        </section>
    }
}

#[component]
fn Holidays(spans: Vec<HolidaySpan>, organisation_id: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="lov">
            <h2 id="lov">{t!(i18n, calendar_holidays_heading)}</h2>
            <ul>
                {spans.into_iter().map(|s| view! {
                    <li>{holiday_name(i18n, s.kind)}": " <Day day=s.first />" – " <Day day=s.last /></li>
                }).collect_view()}
            </ul>
            <p><a href=holidays_href(&organisation_id)>{t!(i18n, calendar_holidays_link)}</a></p>
            <p><a href=crate::paths::organisation_years_href(&organisation_id)>{t!(i18n, years_org_link)}</a></p>
        </section>
    }
}

#[component]
pub fn MeetingRoute() -> impl IntoView {
    let params = use_params_map();
    let (id, step, number) = params.with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("step").and_then(|n| n.parse::<u8>().ok()),
            p.get("number").and_then(|n| n.parse::<u8>().ok()),
        )
    });
    let data = async move {
        let (Some(step), Some(number)) = (step, number) else {
            return Err(crate::error::AppError::NotFound);
        };
        Ok((
            get_meeting(id, step, number).await?,
            take::<Returned<MeetingForm>>().await,
        ))
    };
    loaded(data, |(page, returned)| match page {
        Some(page) => view! { <MeetingView page returned /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn MeetingView(page: MeetingPage, returned: Option<Returned<MeetingForm>>) -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    let slot = page.slot.clone();
    let title = t_string!(
        i18n,
        calendar_meeting_what,
        step = slot.step,
        title = slot.title.clone()
    )
    .to_string();
    let href = meeting_href(&page.group.id, slot.step, slot.number);
    let problem = returned.as_ref().map(|r| r.problem);
    let typed = returned.map(|r| r.typed).unwrap_or(MeetingForm {
        day: page.day.iso(),
        starts: clock(slot.starts),
        minutes: slot.minutes.to_string(),
        place: slot.place.clone(),
    });
    let message = problem.map(|p| match p {
        Invalid::Field(Field::Time) => t_string!(i18n, calendar_bad_time).to_string(),
        Invalid::Field(Field::Length) => t_string!(i18n, calendar_bad_length).to_string(),
        Invalid::Field(Field::Place) => t_string!(i18n, calendar_bad_place).to_string(),
        _ => t_string!(i18n, calendar_bad_day).to_string(),
    });
    let group_id = page.group.id.clone();
    view! {
        <PageTitle text=format!("{title} – {}", page.group.name) />
        <Crumbs group_id=group_id.clone() group=page.group.name.clone() here=Some((href.clone(), title.clone())) />
        <h1>{title.clone()}</h1>
        {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, calendar_saved)}</p> })}
        {slot.cancelled.then(|| view! { <p class="warning" role="note">{t!(i18n, calendar_cancelled_lead)}</p> })}
        {page.warnings.iter().map(|w| view! { <p class="warning" role="note">{warning_text(i18n, *w)}</p> }).collect_view()}
        <dl class="facts">
            <dt>{t!(i18n, calendar_col_day)}</dt><dd><Day day=page.day /></dd>
            <dt>{t!(i18n, calendar_col_time)}</dt><dd>{format!("{}–{}", clock(slot.starts), clock(slot.starts + slot.minutes))}</dd>
            <dt>{t!(i18n, calendar_col_place)}</dt><dd>{if slot.place.is_empty() { t_string!(i18n, calendar_no_place).to_string() } else { slot.place.clone() }}</dd>
            <dt>{t!(i18n, calendar_who)}</dt><dd>{page.who.clone()}</dd>
        </dl>
        <p><a href=format!("{href}/ics") download>{t!(i18n, calendar_download_ics)}</a></p>
        <section aria-labelledby="forbered">
            <h2 id="forbered">{t!(i18n, calendar_prepare)}</h2>
            {if slot.prepare.is_empty() {
                view! { <p>{t!(i18n, calendar_prepare_nothing)}</p> }.into_any()
            } else {
                view! { <ul>{slot.prepare.iter().map(|t| view! { <li>{t.clone()}</li> }).collect_view()}</ul> }.into_any()
            }}
            <h3>{t!(i18n, calendar_agenda)}</h3>
            <ol>
                {page.agenda.iter().map(|a| view! { <li>{t_string!(i18n, calendar_agenda_item, minutes = a.minutes, text = a.text.clone()).to_string()}</li> }).collect_view()}
            </ol>
            <p><a href=crate::paths::group_step_href(&group_id, slot.step)>{t_string!(i18n, calendar_to_step, step = slot.step).to_string()}</a></p>
        </section>
        {page.leads.then(|| view! {
            <section aria-labelledby="flytta">
                <h2 id="flytta">{t!(i18n, calendar_move_heading)}</h2>
                <p>{t!(i18n, calendar_move_help)}" " <Day day=page.default_day />"."</p>
                {message.clone().map(|m| view! { <p role="alert" class="error">{m}</p> })}
                <form method="post" action=MoveMeeting::url() class="stack">
                    <input type="hidden" name="group_id" value=group_id.clone() />
                    <input type="hidden" name="step" value=slot.step.to_string() />
                    <input type="hidden" name="number" value=slot.number.to_string() />
                    <label for="mote-dag">{t!(i18n, calendar_col_day)}</label>
                    <input id="mote-dag" type="date" name="meeting[day]" required value=typed.day.clone()
                        aria-invalid=invalid(problem, Field::Day) />
                    <label for="mote-tid">{t!(i18n, calendar_time)}</label>
                    <input id="mote-tid" type="time" name="meeting[starts]" required value=typed.starts.clone()
                        aria-invalid=invalid(problem, Field::Time) />
                    <label for="mote-langd">{t!(i18n, calendar_length)}</label>
                    <input id="mote-langd" type="number" min="15" max="480" step="5" name="meeting[minutes]" required
                        value=typed.minutes.clone() aria-invalid=invalid(problem, Field::Length) />
                    <label for="mote-plats">{t!(i18n, calendar_place)}</label>
                    <input id="mote-plats" name="meeting[place]" maxlength="300" value=typed.place.clone()
                        aria-describedby="mote-plats-hjalp" aria-invalid=invalid(problem, Field::Place) />
                    <p id="mote-plats-hjalp" class="hint">{t!(i18n, calendar_place_hint)}</p>
                    <button type="submit">{t!(i18n, calendar_move_save)}</button>
                </form>
                <form method="post" action=CancelMeeting::url() class="stack">
                    <input type="hidden" name="group_id" value=group_id.clone() />
                    <input type="hidden" name="step" value=slot.step.to_string() />
                    <input type="hidden" name="number" value=slot.number.to_string() />
                    <input type="hidden" name="cancel" value=if slot.cancelled { "0" } else { "1" } />
                    <button type="submit" class="secondary">
                        {if slot.cancelled { t!(i18n, calendar_restore).into_any() } else { t!(i18n, calendar_cancel).into_any() }}
                    </button>
                </form>
            </section>
        })}
        <p><a href=calendar_href(&group_id)>{t!(i18n, calendar_back)}</a></p>
    }
}

#[component]
pub fn HolidaysRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = async move {
        Ok((
            get_holidays(id).await?,
            take::<Returned<HolidayWeeksForm>>().await,
        ))
    };
    loaded(data, |(page, returned)| match page {
        Some(page) => view! { <HolidaysView page returned /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn HolidaysView(page: HolidaysPage, returned: Option<Returned<HolidayWeeksForm>>) -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    let title = t_string!(i18n, calendar_holidays_title).to_string();
    // What was chosen when the weeks did not fit together, else what is saved.
    let refused = returned.is_some();
    let w = returned.map_or_else(|| page.weeks.clone(), |r| r.typed.weeks());
    let select = move |id: &'static str, label: String, range: Vec<u8>, value: u8| {
        view! {
            <label for=id>{label}</label>
            <select id=id name=format!("weeks[{}]", id.trim_start_matches("lov-").replace('-', "_"))>
                {range.into_iter().map(|n| view! {
                    <option value=n.to_string() selected=n == value>{t_string!(i18n, calendar_week, week = n).to_string()}</option>
                }).collect_view()}
            </select>
        }
    };
    view! {
        <PageTitle text=format!("{title} – {}", page.organisation) />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href=format!("/organisationer/{}", page.organisation_id)>{page.organisation.clone()}</a></li>
                <li><a href=holidays_href(&page.organisation_id) aria-current="page">{title.clone()}</a></li>
            </ol>
        </nav>
        <h1>{title.clone()}</h1>
        <p class="lead">{t!(i18n, calendar_holidays_lead)}</p>
        {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, calendar_saved)}</p> })}
        {refused.then(|| view! { <p class="error" role="alert">{t!(i18n, calendar_bad_holidays)}</p> })}
        <h2>{t_string!(i18n, calendar_holidays_this_year, cycle = page.cycle.clone()).to_string()}</h2>
        <ul>
            {page.this_year.iter().map(|s| view! {
                <li>{holiday_name(i18n, s.kind)}": " <Day day=s.first />" – " <Day day=s.last /></li>
            }).collect_view()}
        </ul>
        {if page.may_edit {
            view! {
                <form method="post" action=SetHolidays::url() class="stack">
                    <input type="hidden" name="organisation_id" value=page.organisation_id.clone() />
                    {select("lov-autumn", holiday_name(i18n, HolidayKind::Autumn), (40..=46).collect(), w.autumn)}
                    <fieldset>
                        <legend>{holiday_name(i18n, HolidayKind::Christmas)}</legend>
                        {select("lov-christmas-first", t_string!(i18n, calendar_from_week).to_string(), (50..=52).chain(1..=2).collect(), w.christmas_first)}
                        {select("lov-christmas-last", t_string!(i18n, calendar_to_week).to_string(), (51..=52).chain(1..=3).collect(), w.christmas_last)}
                    </fieldset>
                    {select("lov-sports", holiday_name(i18n, HolidayKind::Sports), (7..=10).collect(), w.sports)}
                    <fieldset>
                        <legend>{holiday_name(i18n, HolidayKind::Easter)}</legend>
                        <label><input type="radio" name="weeks[easter]" value="after" checked=w.easter_after />" "{t!(i18n, calendar_easter_after)}</label>
                        <label><input type="radio" name="weeks[easter]" value="before" checked=!w.easter_after />" "{t!(i18n, calendar_easter_before)}</label>
                    </fieldset>
                    <fieldset>
                        <legend>{holiday_name(i18n, HolidayKind::Summer)}</legend>
                        {select("lov-summer-first", t_string!(i18n, calendar_from_week).to_string(), (22..=35).collect(), w.summer_first)}
                        {select("lov-summer-last", t_string!(i18n, calendar_to_week).to_string(), (22..=35).collect(), w.summer_last)}
                    </fieldset>
                    <button type="submit">{t!(i18n, calendar_holidays_save)}</button>
                </form>
            }.into_any()
        } else {
            view! { <p>{t!(i18n, calendar_holidays_who)}</p> }.into_any()
        }}
    }
}

/// The settings page's calendar section: the address made in this request (shown once), or
/// whether one exists, with the forms that make, renew and stop it.
#[component]
pub fn FeedSettings() -> impl IntoView {
    let i18n = use_i18n();
    let fresh = use_context::<FreshFeed>();
    let stopped = use_query_map().with_untracked(|q| q.get("kalender").is_some());
    let reminders_saved = use_query_map().with_untracked(|q| q.get("paminnelser").is_some());
    loaded(get_feed(), move |state: Option<FeedState>| {
        let reminders = state.as_ref().map(|s| s.reminders).unwrap_or_default();
        let since = state.and_then(|s| s.since);
        let fresh = fresh.clone();
        let option = move |choice: ReminderChoice, label: String| {
            let id = format!("paminnelse-{}", choice.slug());
            view! {
                <div>
                    <input type="radio" id=id.clone() name="choice" value=choice.slug() checked=reminders == choice />
                    <label for=id>{label}</label>
                </div>
            }
        };
        view! {
            <section aria-labelledby="paminnelser" class="stack">
                <h2 id="paminnelser">{t!(i18n, reminders_heading)}</h2>
                {reminders_saved.then(|| view! { <p class="notice" role="status">{t!(i18n, reminders_saved)}</p> })}
                <form method="post" action=SetReminders::url() class="stack">
                    <fieldset>
                        <legend>{t!(i18n, reminders_legend)}</legend>
                        <p class="muted">{t!(i18n, reminders_help)}</p>
                        {option(ReminderChoice::SameDay, t_string!(i18n, reminders_same_day).to_string())}
                        {option(ReminderChoice::DayBefore, t_string!(i18n, reminders_day_before).to_string())}
                        {option(ReminderChoice::TwoDaysBefore, t_string!(i18n, reminders_two_days).to_string())}
                        {option(ReminderChoice::Off, t_string!(i18n, reminders_off).to_string())}
                    </fieldset>
                    <button type="submit">{t!(i18n, reminders_save)}</button>
                </form>
            </section>
            <section aria-labelledby="kalender" class="stack">
                <h2 id="kalender">{t!(i18n, calendar_feed_heading)}</h2>
                <p>{t!(i18n, calendar_feed_help)}</p>
                {match (fresh, since) {
                    (Some(FreshFeed(url)), _) => view! {
                        <div role="status" class="notice">
                            <p>{t!(i18n, calendar_feed_fresh)}</p>
                            <label for="kalenderadress">{t!(i18n, calendar_feed_address)}</label>
                            <input id="kalenderadress" readonly value=url class="wide" />
                            <p class="hint">{t!(i18n, calendar_feed_once)}</p>
                        </div>
                    }.into_any(),
                    (None, Some(since)) => view! {
                        <p>{t!(i18n, calendar_feed_active)}" " <Day day=since />"."</p>
                    }.into_any(),
                    (None, None) => view! {
                        <p>{if stopped { t!(i18n, calendar_feed_stopped).into_any() } else { t!(i18n, calendar_feed_none).into_any() }}</p>
                    }.into_any(),
                }}
                <form method="post" action="/installningar/kalender">
                    <button type="submit">
                        {if since.is_some() { t!(i18n, calendar_feed_renew).into_any() } else { t!(i18n, calendar_feed_new).into_any() }}
                    </button>
                </form>
                {since.is_some().then(|| view! {
                    <form method="post" action=StopFeed::url()>
                        <button type="submit" class="secondary">{t!(i18n, calendar_feed_stop)}</button>
                    </form>
                })}
            </section>
        }
    })
}
