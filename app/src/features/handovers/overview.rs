//! The huvudman's whole picture (`/organisationer/{id}/helhet`): units × steps with each unit's
//! state and progress, charts of progress and of the units' ratings (each with its table), and
//! one step's submissions side by side (`…/helhet/steg/{n}`).

use super::{
    api::{get_overview, get_side_by_side},
    types::{Overview, SideBySide, SubmissionBody, UnitSubmission},
};
use crate::paths::{overview_href, side_by_side_href, submission_href};
use crate::states::HandoverBadge;
use crate::ui::download::DownloadLinks;
use crate::ui::head::PageTitle;
use crate::{
    features::handovers::inbox::InboxView,
    shared::{HandoverState, StepState},
    states::{StepBadge, tasks_agreed},
    ui::table::ScrollTable,
};
use crate::{
    features::{work::document::DocumentBodyView, workshop::types::HandoverView},
    i18n::*,
    ui::{
        chart::{Bar, BarChart, ChartKey},
        date::long_date,
        page::{SignInFirst, loaded},
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn OverviewRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    loaded(get_overview(id), |overview| match overview {
        Some(overview) => view! { <OverviewView overview /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
pub fn SideBySideRoute() -> impl IntoView {
    let (id, number) = use_params_map().with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u8>().ok()),
        )
    });
    let data = async move {
        let number = number.ok_or(crate::error::AppError::NotFound)?;
        get_side_by_side(id, number).await
    };
    loaded(data, |page| match page {
        Some(page) => view! { <SideBySideView page /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

/// My groups › the organisation › the whole picture (› step N).
#[component]
fn Breadcrumbs(
    organisation_id: String,
    organisation: String,
    step: Option<(u8, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = step.is_none().then_some("page");
    view! {
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=format!("/organisationer/{organisation_id}")>{organisation}</a></li>
                <li><a href=overview_href(&organisation_id) aria-current=current>{t!(i18n, ho_overview_title)}</a></li>
                {step.map(|(n, _)| view! {
                    <li><a href=side_by_side_href(&organisation_id, n) aria-current="page">
                        {t_string!(i18n, step_label, number = n).to_string()}
                    </a></li>
                })}
            </ol>
        </nav>
    }
}

#[component]
fn OverviewView(overview: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let Overview {
        organisation_id,
        organisation,
        huvudman_group,
        cycle,
        steps,
        units,
        ratings,
        inbox,
    } = overview;
    let heading = t_string!(
        i18n,
        ho_overview_heading,
        organisation = organisation.clone()
    )
    .to_string();
    let progress_bars: Vec<Bar> = units
        .iter()
        .map(|u| {
            let tasks: u16 = u.steps.iter().map(|s| s.tasks).sum();
            let agreed: u16 = u.steps.iter().map(|s| s.agreed).sum();
            Bar {
                label: u.unit.name.clone(),
                value: f64::from(agreed),
                text: tasks_agreed(i18n, agreed, tasks),
                fill: 0,
            }
        })
        .collect();
    let total_tasks: u16 = units
        .first()
        .map(|u| u.steps.iter().map(|s| s.tasks).sum())
        .unwrap_or_default();
    // One line per step some unit has opened: how many have sent, and how many are to complete.
    let summary = (!units.is_empty()).then(|| {
        let count = units.len();
        let lines: Vec<String> = steps
            .iter()
            .enumerate()
            .filter(|(i, _)| units.iter().any(|u| u.steps.get(*i).is_some_and(|s| s.step_state != StepState::NotOpened)))
            .map(|(i, (n, _))| {
                let cell = |u: &crate::features::handovers::types::UnitOverview| u.steps.get(i).and_then(|s| s.sent);
                let sent = units.iter().filter(|u| cell(u).is_some_and(|s| s != HandoverState::NotSent)).count();
                let to_complete = units.iter().filter(|u| cell(u) == Some(HandoverState::ToComplete)).count();
                let mut line = crate::counted!(i18n, ho_summary_sent_1, ho_summary_sent_n, count, number = *n, sent = sent);
                if to_complete > 0 {
                    line.push(' ');
                    line.push_str(&crate::counted!(i18n, ho_summary_to_complete_1, ho_summary_to_complete_n, to_complete));
                }
                line
            })
            .collect();
        view! {
            <section aria-labelledby="sammanfattning">
                <h2 id="sammanfattning">{t!(i18n, ho_summary_heading)}</h2>
                <p>{crate::counted!(i18n, ho_summary_units_1, ho_summary_units_n, count)}</p>
                {(!lines.is_empty()).then(|| view! { <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> })}
            </section>
        }
    });
    let matrix = if units.is_empty() {
        view! { <p>{t!(i18n, ho_no_units)}</p> }.into_any()
    } else {
        let (units, organisation_id) = (units.clone(), organisation_id.clone());
        view! {
            <ScrollTable label=t_string!(i18n, ho_matrix_heading).to_string()>
                <table class="matrix">
                    // Said above the region too: a caption as wide as the table would be cut
                    // off on a phone.
                    <caption class="visually-hidden">{t!(i18n, ho_matrix_caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, ho_unit)}</th>
                        {steps.iter().map(|(n, title)| view! {
                            <th scope="col">
                                <a href=side_by_side_href(&organisation_id, *n)>
                                    {t_string!(i18n, step_label, number = *n).to_string()}
                                </a>
                                <span class="muted small">" "{title.clone()}</span>
                            </th>
                        }).collect_view()}
                    </tr></thead>
                    <tbody>
                        {units.iter().map(|u| view! {
                            <tr>
                                <th scope="row">{u.unit.name.clone()}</th>
                                {u.steps.iter().map(|s| {
                                    let opened = s.step_state != StepState::NotOpened;
                                    let sent = s.sent.filter(|_| opened).map(|state| match s.submission.clone() {
                                        Some(id) => view! { <a href=submission_href(&id)><HandoverBadge state /></a> }.into_any(),
                                        None => view! { <HandoverBadge state /> }.into_any(),
                                    });
                                    view! {
                                        <td>
                                            <StepBadge state=s.step_state />
                                            {sent}
                                            <span class="small muted">" "{tasks_agreed(i18n, s.agreed, s.tasks)}</span>
                                        </td>
                                    }
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </ScrollTable>
        }
        .into_any()
    };
    let progress_table = view! {
        <table class="chart-table">
            <caption>{t!(i18n, ho_progress_table)}</caption>
            <thead><tr><th scope="col">{t!(i18n, ho_unit)}</th><th scope="col">{t!(i18n, ho_agreed_tasks)}</th></tr></thead>
            <tbody>
                {progress_bars.iter().map(|b| view! {
                    <tr><th scope="row">{b.label.clone()}</th><td>{b.text.clone()}</td></tr>
                }).collect_view()}
            </tbody>
        </table>
    };
    let (ratings, unrated): (Vec<_>, Vec<_>) = ratings
        .into_iter()
        .partition(|r| r.counts.iter().any(|c| *c > 0));
    // Charts without data are one line, not thirteen empty drawings.
    let unrated_line = (!unrated.is_empty()).then(|| {
        let line = if ratings.is_empty() {
            t_string!(i18n, ho_ratings_none_yet).to_string()
        } else {
            crate::counted!(i18n, ho_ratings_none_1, ho_ratings_none_n, unrated.len())
        };
        view! { <p class="muted">{line}</p> }
    });
    let rating_views = ratings
        .into_iter()
        .enumerate()
        .map(|(i, spread)| {
            let id = format!("skattning-{i}");
            let heading = format!("{} – {}", spread.task, spread.label);
            let given: u16 = spread.counts.iter().sum();
            let max = f64::from(spread.counts.iter().copied().max().unwrap_or(0).max(1));
            let bars: Vec<Bar> = spread
                .scale
                .iter()
                .zip(&spread.counts)
                .enumerate()
                .map(|(n, (label, count))| Bar {
                    label: label.clone(),
                    value: f64::from(*count),
                    text: crate::counted!(i18n, ho_units_count_1, ho_units_count_n, *count),
                    fill: n,
                })
                .collect();
            let key: Vec<(usize, String)> = spread
                .scale
                .iter()
                .enumerate()
                .map(|(n, l)| (n, l.clone()))
                .collect();
            let description = format!(
                "{} {} {}",
                t_string!(i18n, ho_rating_desc),
                crate::counted!(i18n, ho_rating_given_1, ho_rating_given_n, given),
                crate::counted!(i18n, ho_rating_unrated_1, ho_rating_unrated_n, spread.unrated),
            );
            view! {
                <section class="chart-block" aria-labelledby=format!("{id}-rubrik")>
                    <h3 id=format!("{id}-rubrik")>
                        {t_string!(i18n, step_label, number = spread.number).to_string()}": "{heading.clone()}
                    </h3>
                    <div class="chart-pair">
                        <BarChart id=id.clone() title=heading.clone() description=description.clone() bars=bars.clone() max />
                        <div>
                            <ChartKey id=id.clone() items=key />
                            <table class="chart-table">
                                <caption>{heading.clone()}</caption>
                                <thead><tr><th scope="col">{t!(i18n, ho_rating)}</th><th scope="col">{t!(i18n, ho_units)}</th></tr></thead>
                                <tbody>
                                    {bars.into_iter().map(|b| view! {
                                        <tr><th scope="row">{b.label}</th><td>{b.text}</td></tr>
                                    }).collect_view()}
                                    <tr><th scope="row">{t!(i18n, ho_unrated)}</th><td>{spread.unrated}</td></tr>
                                </tbody>
                            </table>
                        </div>
                    </div>
                    <p class="muted small">{description}</p>
                </section>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=heading.clone() />
        <Breadcrumbs organisation_id=organisation_id.clone() organisation=organisation.clone() step=None />
        <h1>{heading}</h1>
        <p class="lead">{t_string!(i18n, ho_overview_lead, cycle = cycle).to_string()}</p>
        {huvudman_group.map(|h| view! {
            <p><a href=format!("/grupper/{}", h.id)>{t_string!(i18n, ho_huvudman_group_link, name = h.name).to_string()}</a></p>
        })}
        <InboxView inbox />
        {summary}
        <section aria-labelledby="matris">
            <h2 id="matris">{t!(i18n, ho_matrix_heading)}</h2>
            <p class="muted">{t!(i18n, state_legend)}</p>
            <p aria-hidden="true">{t!(i18n, ho_matrix_caption)}</p>
            {matrix}
        </section>
        <section aria-labelledby="framsteg">
            <h2 id="framsteg">{t!(i18n, ho_progress_heading)}</h2>
            {(!units.is_empty()).then(|| view! {
                <div class="chart-pair">
                    <BarChart id="framsteg-diagram" title=t_string!(i18n, ho_progress_heading).to_string()
                        description=t_string!(i18n, ho_progress_desc, tasks = total_tasks).to_string()
                        bars=progress_bars.clone() max=f64::from(total_tasks.max(1)) />
                    {progress_table}
                </div>
            })}
        </section>
        <section aria-labelledby="skattningar">
            <h2 id="skattningar">{t!(i18n, ho_ratings_heading)}</h2>
            <p class="muted">{t!(i18n, ho_ratings_help)}</p>
            {rating_views}
            {unrated_line}
        </section>
        <section aria-labelledby="sammanstallning" class="no-print">
            <h2 id="sammanstallning">{t!(i18n, export_compiled_heading)}</h2>
            <p>{t!(i18n, export_compiled_intro)}</p>
            <DownloadLinks
                base=crate::paths::compiled_download_href(&organisation_id)
                label=t_string!(i18n, export_compiled_heading).to_string()
            />
        </section>
    }
}

#[component]
fn SideBySideView(page: SideBySide) -> impl IntoView {
    let i18n = use_i18n();
    let SideBySide {
        organisation_id,
        organisation,
        cycle,
        number,
        step_title,
        handovers,
    } = page;
    let heading = t_string!(
        i18n,
        ho_side_heading,
        number = number,
        title = step_title.clone()
    )
    .to_string();
    view! {
        <PageTitle text=heading.clone() />
        <Breadcrumbs organisation_id=organisation_id.clone() organisation=organisation.clone() step=Some((number, step_title)) />
        <h1>{heading}</h1>
        <p class="lead">{t_string!(i18n, ho_side_lead, organisation = organisation, cycle = cycle).to_string()}</p>
        {handovers.into_iter().map(|(h, rows)| view! { <HandoverSide handover=h rows /> }).collect_view()}
    }
}

/// One hand-over's submissions: a document's tasks one by one, each unit's answer beside the
/// others'; a text per unit.
#[component]
fn HandoverSide(handover: HandoverView, rows: Vec<UnitSubmission>) -> impl IntoView {
    let i18n = use_i18n();
    // The tasks in the order the first submitted document has them.
    let tasks: Vec<(String, String)> = rows
        .iter()
        .find_map(|r| match &r.body {
            Some(SubmissionBody::Document(d)) => Some(
                d.tasks
                    .iter()
                    .map(|t| (t.id.clone(), t.title.clone()))
                    .collect(),
            ),
            _ => None,
        })
        .unwrap_or_default();
    // Who sent which version, once per hand-over; the cards below name only the unit.
    let sent = view! {
        <ul class="sent-list">
            {rows.iter().map(|row| view! {
                <li>
                    {match &row.version {
                        Some(v) => view! {
                            <a href=submission_href(&v.id)>
                                {t_string!(i18n, ho_unit_version, unit = row.unit.name.clone(), version = v.version).to_string()}
                            </a>
                            " · "{long_date(i18n, v.on)}
                        }.into_any(),
                        None => view! {
                            {row.unit.name.clone()}": "<span class="muted">{t!(i18n, ho_not_sent)}</span>
                        }.into_any(),
                    }}
                </li>
            }).collect_view()}
        </ul>
    };
    let card_head = |row: &UnitSubmission, nested: bool| {
        let name = if nested {
            view! { <h4>{row.unit.name.clone()}</h4> }.into_any()
        } else {
            view! { <h3>{row.unit.name.clone()}</h3> }.into_any()
        };
        view! {
            {name}
            {row.version.is_none().then(|| view! { <p class="muted">{t!(i18n, ho_not_sent)}</p> })}
        }
    };
    let body = if tasks.is_empty() {
        view! {
            <div class="side-by-side">
                {rows.iter().map(|row| view! {
                    <div class="side-card">
                        {card_head(row, false)}
                        {match &row.body {
                            Some(SubmissionBody::Text(text)) => view! { <p class="answer-text">{text.clone()}</p> }.into_any(),
                            Some(SubmissionBody::Document(d)) => view! { <DocumentBodyView body=d.clone() /> }.into_any(),
                            None => ().into_any(),
                        }}
                    </div>
                }).collect_view()}
            </div>
        }
        .into_any()
    } else {
        tasks
            .into_iter()
            .map(|(task, title)| {
                view! {
                    <section class="side-task">
                        <h3>{title}</h3>
                        <div class="side-by-side">
                            {rows.iter().map(|row| {
                                let fields = match &row.body {
                                    Some(SubmissionBody::Document(d)) => d.tasks.iter().find(|t| t.id == task).map(|t| t.fields.clone()),
                                    _ => None,
                                };
                                view! {
                                    <div class="side-card">
                                        {card_head(row, true)}
                                        {fields.map(|fields| fields.into_iter().map(|f| view! {
                                            <p class="small muted">{f.label}</p>
                                            {if f.text.is_empty() {
                                                view! { <p class="muted">{t!(i18n, doc_no_answer)}</p> }.into_any()
                                            } else {
                                                view! { <p class="answer-text">{f.text}</p> }.into_any()
                                            }}
                                            {(!f.agreed && !f.value.is_empty()).then(|| view! { <p class="badge not-agreed">{t!(i18n, state_field_not_agreed)}</p> })}
                                        }).collect_view())}
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                    </section>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <section class="handover" aria-labelledby=format!("sida-{}", handover.id)>
            <h2 id=format!("sida-{}", handover.id)>{handover.title.clone()}</h2>
            <p class="muted">{handover.description.clone()}</p>
            {sent}
            {body}
        </section>
    }
}
