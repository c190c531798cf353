//! The step page: introduction, tasks, films and discussion questions of one step in one track.

use super::{
    api::get_step,
    types::{
        Direction, FieldKind, FieldView, Forum, HandoverView, MeetingView, StepView, TaskView,
        Track, Week,
    },
};
use crate::paths::{step_href, year_plan_href};
use crate::ui::head::PageTitle;
use crate::{
    error::AppError,
    i18n::*,
    ui::{
        date::long_date,
        film::FilmPlayer,
        timer::{DiscussionTimer, TimerLabels},
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// A track's name in the reader's language.
pub fn track_name(i18n: leptos_i18n::I18nContext<Locale>, track: Track) -> String {
    match track {
        Track::Huvudman => t_string!(i18n, track_huvudman).to_string(),
        Track::Enhet => t_string!(i18n, track_enhet).to_string(),
    }
}

/// "v. 38", or "v. 38 (nästa läsår)" after the summer.
pub fn week_label(i18n: leptos_i18n::I18nContext<Locale>, week: Week) -> String {
    if week.after_summer {
        t_string!(i18n, week_after_summer, week = week.number).to_string()
    } else {
        t_string!(i18n, week_short, week = week.number).to_string()
    }
}

/// Where a meeting happens, in words.
pub fn forum_name(i18n: leptos_i18n::I18nContext<Locale>, forum: Forum) -> String {
    match forum {
        Forum::Workshop => t_string!(i18n, forum_workshop),
        Forum::StaffMeeting => t_string!(i18n, forum_staff_meeting),
        Forum::TeamMeeting => t_string!(i18n, forum_team_meeting),
        Forum::PrincipalsMeeting => t_string!(i18n, forum_principals_meeting),
        Forum::Dialogue => t_string!(i18n, forum_dialogue),
        Forum::BoardMeeting => t_string!(i18n, forum_board_meeting),
    }
    .to_string()
}

#[component]
pub fn StepPage() -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let params = use_params_map();
    let track = params.with_untracked(|p| p.get("track").and_then(|t| Track::parse(&t)));
    let number = params.with_untracked(|p| p.get("number").and_then(|n| n.parse::<u8>().ok()));
    let step = async move {
        match (track, number) {
            (Some(track), Some(number)) => get_step(track, number, locale).await,
            _ => Err(AppError::NotFound),
        }
    };
    crate::ui::page::loaded(step, |step| view! { <StepContent step /> })
}

#[component]
fn StepContent(step: StepView) -> impl IntoView {
    let i18n = use_i18n();
    let track_label = track_name(i18n, step.track);
    let heading = t_string!(
        i18n,
        step_heading,
        number = step.number,
        title = step.title.clone()
    )
    .to_string();
    let other = Track::ALL
        .into_iter()
        .find(|t| *t != step.track)
        .unwrap_or(step.track);
    let other_label = t_string!(i18n, other_track, track = track_name(i18n, other)).to_string();
    let timer_labels = TimerLabels {
        title: t_string!(i18n, timer_title).to_string(),
        minutes: t_string!(i18n, timer_minutes).to_string(),
        start: t_string!(i18n, timer_start).to_string(),
        pause: t_string!(i18n, timer_pause).to_string(),
        reset: t_string!(i18n, timer_reset).to_string(),
        done: t_string!(i18n, timer_done).to_string(),
    };
    let has_films = !step.films.is_empty();
    let has_prompts = !step.prompts.is_empty();
    let has_tasks = !step.tasks.is_empty();
    let has_intro = !step.intro_html.is_empty();
    let meetings_line = match (step.meetings.first(), step.meetings.last()) {
        (Some(first), Some(last)) => crate::counted!(
            i18n,
            facts_meetings_value_1,
            facts_meetings_value_n,
            step.meetings.len(),
            minutes = step
                .meetings
                .iter()
                .map(|m| u32::from(m.minutes))
                .sum::<u32>(),
            from = week_label(i18n, first.week),
            to = week_label(i18n, last.week)
        ),
        _ => String::new(),
    };
    let has_meetings = !step.meetings.is_empty();
    let has_preschool = !step.preschool_html.is_empty();
    let (up, down): (Vec<HandoverView>, Vec<HandoverView>) = step
        .handovers
        .iter()
        .cloned()
        .partition(|h| h.direction == Direction::Up);
    view! {
        <PageTitle text=heading.clone() />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/">{t!(i18n, nav_home)}</a></li>
                <li>{track_label}</li>
                <li><a href=step_href(step.track, step.number) aria-current="page">
                    {t_string!(i18n, step_label, number = step.number).to_string()}
                </a></li>
            </ol>
        </nav>
        <article class="step">
            <header class="step-header">
                <h1>{heading}</h1>
                <p class="lead">{step.summary.clone()}</p>
            </header>
            {step.opens.map(|date| view! {
                <div class="notice">
                    <p><strong><time datetime=date.iso()>
                        {t_string!(i18n, step_opens, date = long_date(i18n, date)).to_string()}
                    </time></strong></p>
                    <p>{t!(i18n, step_opens_lead)}</p>
                </div>
            })}
            <section aria-labelledby="upplagg" class="facts">
                <h2 id="upplagg">{t!(i18n, facts_title)}</h2>
                <dl>
                    <dt>{t!(i18n, facts_meetings)}</dt>
                    <dd>
                        {meetings_line}
                        " "
                        <a href=year_plan_href(step.track)>{t!(i18n, facts_year_plan_link)}</a>
                    </dd>
                    <dt>{t!(i18n, facts_participants)}</dt>
                    <dd>{step.participants.clone()}</dd>
                    <dt>{t!(i18n, facts_prepare)}</dt>
                    <dd>
                        <ul>
                            {step.prepare.iter().map(|item| view! { <li>{item.clone()}</li> }).collect_view()}
                        </ul>
                    </dd>
                </dl>
            </section>
            <Show when=move || has_preschool>
                <aside aria-labelledby="forskolan" class="preschool">
                    <h2 id="forskolan">{t!(i18n, preschool_title)}</h2>
                    // Trusted: rendered from editor-owned Markdown with raw HTML dropped.
                    <div class="prose" inner_html=step.preschool_html.clone()></div>
                </aside>
            </Show>
            <Show when=move || has_intro>
                <section aria-labelledby="om-steget" class="prose">
                    <h2 id="om-steget">{t!(i18n, intro_title)}</h2>
                    // Trusted: rendered from editor-owned Markdown with raw HTML dropped.
                    <div inner_html=step.intro_html.clone()></div>
                </section>
            </Show>
            <Show when=move || has_meetings>
                <section aria-labelledby="traffar">
                    <h2 id="traffar">{t!(i18n, meetings_title)}</h2>
                    <MeetingList meetings=step.meetings.clone() />
                </section>
            </Show>
            <Show when=move || has_tasks>
                <section aria-labelledby="uppgifter">
                    <h2 id="uppgifter">{t!(i18n, tasks_title)}</h2>
                    <ol class="tasks">
                        {step.tasks.iter().cloned().map(|task| view! { <Task task /> }).collect_view()}
                    </ol>
                </section>
            </Show>
            <Show when=move || has_films>
                <section aria-labelledby="filmer">
                    <h2 id="filmer">{t!(i18n, films_title)}</h2>
                    <div class="films">
                        {step.films.iter().cloned().map(|film| view! { <FilmPlayer film /> }).collect_view()}
                    </div>
                </section>
            </Show>
            <Show when=move || has_prompts>
                <section aria-labelledby="diskussion">
                    <h2 id="diskussion">{t!(i18n, prompts_title)}</h2>
                    <p>{t!(i18n, prompts_lead)}</p>
                    <ol class="prompts">
                        {step.prompts.iter().map(|p| view! {
                            <li id=format!("fraga-{}", p.id)>{p.text.clone()}</li>
                        }).collect_view()}
                    </ol>
                    <DiscussionTimer labels=timer_labels.clone() />
                </section>
            </Show>
            <section aria-labelledby="resultat" class="result">
                <h2 id="resultat">{t!(i18n, result_title)}</h2>
                <p>
                    <strong>{t!(i18n, artefact_label)}</strong>
                    " "
                    {step.artefact.title.clone()}
                </p>
                <p>{step.artefact.description.clone()}</p>
                <h3>{t!(i18n, handover_up)}</h3>
                <Handovers items=up />
                <h3>{t!(i18n, handover_down)}</h3>
                <Handovers items=down />
            </section>
        </article>
        <nav class="step-nav" aria-label=t_string!(i18n, step_nav).to_string()>
            {step.previous.map(|n| view! {
                <a rel="prev" href=step_href(step.track, n)>
                    {t_string!(i18n, previous_step, number = n).to_string()}
                </a>
            })}
            {step.next.map(|n| view! {
                <a rel="next" href=step_href(step.track, n)>
                    {t_string!(i18n, next_step, number = n).to_string()}
                </a>
            })}
            <a href=step_href(other, step.number)>{other_label}</a>
        </nav>
    }
}

/// A step's meetings in order, each with its agenda: on the step page, and folded away on a
/// group's own step page.
#[component]
pub fn MeetingList(meetings: Vec<MeetingView>) -> impl IntoView {
    view! {
        <ol class="meetings">
            {meetings.into_iter().enumerate().map(|(i, meeting)| view! {
                <Meeting meeting number=i + 1 />
            }).collect_view()}
        </ol>
    }
}

/// One meeting: when, where, who does what, and its agenda minute by minute.
#[component]
fn Meeting(meeting: MeetingView, number: usize) -> impl IntoView {
    let i18n = use_i18n();
    let heading = t_string!(
        i18n,
        meeting_heading,
        number = number,
        title = meeting.title.clone()
    )
    .to_string();
    let meta = t_string!(
        i18n,
        meeting_meta,
        week = week_label(i18n, meeting.week),
        minutes = meeting.minutes,
        forum = forum_name(i18n, meeting.forum)
    )
    .to_string();
    let caption = t_string!(i18n, agenda_caption, minutes = meeting.minutes).to_string();
    // Each point's clock time from the meeting's start, so whoever chairs can keep to it.
    let mut start = 0u16;
    let rows: Vec<_> = meeting
        .agenda
        .iter()
        .map(|item| {
            let from = start;
            start += item.minutes;
            (from, start, item.clone())
        })
        .collect();
    view! {
        <li class="meeting" id=format!("traff-{number}")>
            <h3>{heading}</h3>
            <p class="meeting-meta">{meta}</p>
            <dl class="roles">
                <dt>{t!(i18n, meeting_who)}</dt>
                <dd>{meeting.who.clone()}</dd>
                <dt>{t!(i18n, meeting_lead)}</dt>
                <dd>{meeting.lead.clone()}</dd>
                <dt>{t!(i18n, meeting_notes)}</dt>
                <dd>{meeting.notes.clone()}</dd>
                <dt>{t!(i18n, meeting_writes)}</dt>
                <dd>{meeting.writes.clone()}</dd>
            </dl>
            <table class="agenda">
                <caption>{caption}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, agenda_time)}</th>
                    <th scope="col">{t!(i18n, agenda_what)}</th>
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|(from, to, item)| view! {
                        <tr>
                            <td class="agenda-time">
                                {t_string!(i18n, agenda_span, from = from, to = to).to_string()}
                            </td>
                            <td>
                                {item.text}
                                {item.task.map(|task| view! {
                                    " "
                                    <span class="agenda-task">
                                        {t!(i18n, agenda_task)}
                                        " "
                                        <a href=format!("#uppgift-{}", task.id)>{task.title}</a>
                                    </span>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {meeting.larger_staff.map(|text| view! {
                <p class="larger-staff">
                    <strong>{t!(i18n, meeting_larger_staff)}</strong>
                    " "
                    {text}
                </p>
            })}
        </li>
    }
}

#[component]
fn Task(task: TaskView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="task" id=format!("uppgift-{}", task.id)>
            <h3>{task.title.clone()}</h3>
            // Trusted: rendered from editor-owned Markdown with raw HTML dropped.
            <div class="prose" inner_html=task.body_html.clone()></div>
            <p class="produce">
                <strong>{t!(i18n, task_produce)}</strong>
                " "
                {task.produce.clone()}
            </p>
            <h4>{t!(i18n, task_fields)}</h4>
            <ul class="fields">
                {task.fields.into_iter().map(|field| view! { <Field field /> }).collect_view()}
            </ul>
        </li>
    }
}

/// One answer field, described: the form to fill it in comes with the group's workspace.
#[component]
fn Field(field: FieldView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = match &field.kind {
        FieldKind::ShortText => t_string!(i18n, field_short_text).to_string(),
        FieldKind::LongText => t_string!(i18n, field_long_text).to_string(),
        FieldKind::List => t_string!(i18n, field_list).to_string(),
        FieldKind::Rating { scale } => {
            t_string!(i18n, field_rating, scale = scale.join(" – ")).to_string()
        }
        FieldKind::Choice { options, multiple } => {
            let options = options
                .iter()
                .map(|o| o.label.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            if *multiple {
                t_string!(i18n, field_choice_many, options = options).to_string()
            } else {
                t_string!(i18n, field_choice_one, options = options).to_string()
            }
        }
    };
    view! {
        <li>
            <span class="field-label">{field.label}</span>
            <span class="field-kind">{kind}</span>
            {field.help.map(|help| view! { <span class="field-help">{help}</span> })}
        </li>
    }
}

#[component]
fn Handovers(items: Vec<HandoverView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="handovers">
            {items.into_iter().map(|h| view! {
                <li id=format!("overlamning-{}", h.id)>
                    <strong>{h.title}</strong>
                    " "
                    <span class="handover-week">
                        {t_string!(i18n, handover_week, week = week_label(i18n, h.week)).to_string()}
                    </span>
                    <p>{h.description}</p>
                </li>
            }).collect_view()}
        </ul>
    }
}
