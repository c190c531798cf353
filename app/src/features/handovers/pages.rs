//! Hand-overs on the group's step page ("Till huvudmannen" and "Från huvudmannen" for a unit,
//! "Från enheterna" and "Till enheterna" for the huvudman) and the page of one submitted
//! version (`/overlamningar/{id}`), where the huvudman answers it.

use super::compare::Compare;
use super::{
    api::{PublishHandover, RespondSubmission, SubmitHandover, get_submission},
    types::{
        HandoverProblem, HandoverReturn, HuvudmanDown, HuvudmanUp, PublicationView, ResponseKind,
        ResponseView, StepHandovers, SubmissionBody, SubmissionPage, UnitRef, UnitUp, VersionLine,
    },
};
use crate::paths::{
    document_href, group_step_href, overview_href, side_by_side_href, submission_href,
};
use crate::states::HandoverBadge;
use crate::ui::head::PageTitle;
use crate::ui::table::ScrollTable;
use crate::{
    features::{
        work::document::DocumentBodyView,
        workshop::types::{HandoverKind, HandoverView},
    },
    flash::take_for,
    i18n::*,
    ui::{
        date::long_date,
        form::TextArea,
        page::{SignInFirst, loaded},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

fn kind_name(i18n: leptos_i18n::I18nContext<Locale>, kind: ResponseKind) -> String {
    crate::states::response_kind_in(i18n.get_locale_untracked(), kind)
}

fn problem_text(i18n: leptos_i18n::I18nContext<Locale>, problem: HandoverProblem) -> String {
    match problem {
        HandoverProblem::Empty => t_string!(i18n, ho_problem_empty).to_string(),
        HandoverProblem::TooLong => t_string!(i18n, ho_problem_too_long).to_string(),
        HandoverProblem::NotFinalised => t_string!(i18n, ho_problem_not_finalised).to_string(),
        HandoverProblem::Unchanged => t_string!(i18n, ho_problem_unchanged).to_string(),
        HandoverProblem::Stale => t_string!(i18n, ho_problem_stale).to_string(),
        HandoverProblem::StepNotOpen => t_string!(i18n, ho_problem_step).to_string(),
        HandoverProblem::NoUnits => t_string!(i18n, ho_problem_no_units).to_string(),
    }
}

/// A form's text field (`body`), described by its error when it has one.
fn text_field(id: String, value: String, error: Option<String>) -> AnyView {
    match error {
        Some(error) => view! {
            <TextArea id name="body" value rows=6 maxlength=20000 described_by=error invalid=true />
        }
        .into_any(),
        None => view! { <TextArea id name="body" value rows=6 maxlength=20000 /> }.into_any(),
    }
}

/// The answers to one version, oldest first.
#[component]
fn Responses(responses: Vec<ResponseView>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="responses">
            {responses.into_iter().map(|r| {
                let meta = t_string!(i18n, ho_response_meta, name = r.by.clone(), date = long_date(i18n, r.on)).to_string();
                view! {
                    <li class="response">
                        <p><strong>{kind_name(i18n, r.kind)}</strong>" · "<span class="muted">{meta}</span></p>
                        {(!r.body.is_empty()).then(|| view! { <p class="answer-text">{r.body}</p> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

fn version_text(i18n: leptos_i18n::I18nContext<Locale>, v: &VersionLine) -> String {
    t_string!(
        i18n,
        ho_version_line,
        version = v.version,
        date = long_date(i18n, v.on),
        name = v.by.clone()
    )
    .to_string()
}

/// A publication as its readers see it.
#[component]
fn Publication(item: PublicationView) -> impl IntoView {
    let i18n = use_i18n();
    let meta = t_string!(
        i18n,
        ho_published_meta,
        date = long_date(i18n, item.on),
        name = item.by.clone()
    )
    .to_string();
    let to = match item.to {
        None => t_string!(i18n, ho_to_all).to_string(),
        Some(names) => t_string!(i18n, ho_to_some, units = names.join(", ")).to_string(),
    };
    view! {
        <article class="publication">
            <p class="muted">{meta}" · "{to}</p>
            <p class="answer-text">{item.body}</p>
        </article>
    }
}

/// The hand-overs on a group's step page, with what a returned form brought back.
#[component]
pub fn StepHandoversView(
    handovers: StepHandovers,
    returned: Option<HandoverReturn>,
    artefact_title: String,
    /// What comes in (shown before the tasks: its reader works from it), or what goes out
    /// (after them: it is what the work produces).
    incoming: bool,
    /// Whether the group has opened the step. Until then nothing can be sent, so no form asks
    /// for text that could not be kept: the page says to open the step first.
    opened: bool,
) -> impl IntoView {
    match handovers {
        StepHandovers::Unit {
            group_id,
            number,
            leads,
            up,
            answers,
            received,
        } => view! {
            <UnitSide group_id number leads up answers received returned artefact_title incoming opened />
        }
        .into_any(),
        StepHandovers::Huvudman {
            group_id,
            organisation_id,
            number,
            leads,
            up,
            down,
            answers,
            units,
        } => view! {
            <HuvudmanSide group_id organisation_id number leads up down answers units returned incoming opened />
        }
        .into_any(),
    }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn UnitSide(
    group_id: String,
    number: u8,
    leads: bool,
    up: Vec<UnitUp>,
    answers: Vec<HandoverView>,
    received: Vec<(HandoverView, Vec<PublicationView>)>,
    returned: Option<HandoverReturn>,
    artefact_title: String,
    incoming: bool,
    opened: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let submitted = use_query_map().with_untracked(|q| q.get("skickat"));
    // The huvudman's answers to an up hand-over, for the down hand-over that names it.
    let answers_view = answers
        .into_iter()
        .map(|h| {
            let HandoverKind::Answers(of) = &h.kind else {
                return ().into_any();
            };
            let answered: Vec<(i32, String, Vec<ResponseView>)> = up
                .iter()
                .filter(|u| &u.handover.id == of)
                .flat_map(|u| &u.versions)
                .filter(|v| !v.responses.is_empty())
                .map(|v| (v.version, v.id.clone(), v.responses.clone()))
                .collect();
            view! {
                <section class="handover" id=format!("overlamning-{}", h.id)>
                    <h3>{h.title.clone()}</h3>
                    <p class="muted">{h.description.clone()}</p>
                    {if answered.is_empty() {
                        view! { <p>{t!(i18n, ho_no_answers)}</p> }.into_any()
                    } else {
                        answered.into_iter().map(|(version, id, responses)| view! {
                            <p><a href=submission_href(&id)>{t_string!(i18n, ho_answers_to_version, version = version).to_string()}</a></p>
                            <Responses responses />
                        }).collect_view().into_any()
                    }}
                </section>
            }
            .into_any()
        })
        .collect_view();
    let received_view = received
        .into_iter()
        .map(|(h, items)| {
            view! {
                <section class="handover" id=format!("overlamning-{}", h.id)>
                    <h3>{h.title.clone()}</h3>
                    <p class="muted">{h.description.clone()}</p>
                    {if items.is_empty() {
                        view! { <p>{t!(i18n, ho_nothing_yet)}</p> }.into_any()
                    } else {
                        items.into_iter().map(|item| view! { <Publication item /> }).collect_view().into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    let up_view = up
        .into_iter()
        .map(|u| {
            let returned = returned.clone().filter(|r| r.form == u.handover.id);
            let just_sent = submitted.clone().filter(|_| returned.is_none());
            view! {
                <UnitUpView group_id=group_id.clone() number leads opened up=u returned just_sent
                    artefact_title=artefact_title.clone() />
            }
        })
        .collect_view();
    if incoming {
        view! {
            <section aria-labelledby="fran-huvudmannen" class="handovers">
                <h2 id="fran-huvudmannen">{t!(i18n, ho_from_huvudman)}</h2>
                {received_view}
                {answers_view}
            </section>
        }
        .into_any()
    } else {
        view! {
            <section aria-labelledby="till-huvudmannen" class="handovers">
                <h2 id="till-huvudmannen">{t!(i18n, ho_to_huvudman)}</h2>
                {up_view}
            </section>
        }
        .into_any()
    }
}

/// One hand-over up on the unit's page: its state, its versions with their answers, and the
/// leader's form to submit (again).
#[component]
fn UnitUpView(
    group_id: String,
    number: u8,
    leads: bool,
    opened: bool,
    up: UnitUp,
    returned: Option<HandoverReturn>,
    just_sent: Option<String>,
    artefact_title: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let UnitUp {
        handover,
        state,
        versions,
        finalised,
        last_text,
    } = up;
    let newest = versions.first().cloned();
    let seen = newest.as_ref().map_or(0, |v| v.version);
    let field_id = format!("text-{}", handover.id);
    let error_id = format!("fel-{}", handover.id);
    let problem = returned.as_ref().map(|r| r.problem);
    let form = (leads && opened).then(|| {
        let hidden = view! {
            <input type="hidden" name="group_id" value=group_id.clone() />
            <input type="hidden" name="number" value=number />
            <input type="hidden" name="handover" value=handover.id.clone() />
            <input type="hidden" name="seen" value=seen />
        };
        match handover.kind {
            HandoverKind::Artefact => match finalised {
                None => view! {
                    <p>
                        {t_string!(i18n, ho_finalise_first, title = artefact_title.clone()).to_string()}" "
                        <a href=document_href(&group_id, number)>{t!(i18n, ho_to_document)}</a>
                    </p>
                }
                .into_any(),
                Some(v) if newest.as_ref().and_then(|n| n.artefact_version) == Some(v) => view! {
                    <p class="muted">{t_string!(i18n, ho_already_sent, version = v).to_string()}</p>
                }
                .into_any(),
                Some(v) => view! {
                    <form method="post" action=SubmitHandover::url() class="stack">
                        {hidden}
                        <button type="submit">
                            {t_string!(i18n, ho_send_artefact, title = artefact_title.clone(), version = v).to_string()}
                        </button>
                    </form>
                }
                .into_any(),
            },
            _ => {
                let value = returned
                    .as_ref()
                    .map(|r| r.body.clone())
                    .or(last_text.clone())
                    .unwrap_or_default();
                let button = if newest.is_some() {
                    t_string!(i18n, ho_send_again).to_string()
                } else {
                    t_string!(i18n, ho_send).to_string()
                };
                view! {
                    <form method="post" action=SubmitHandover::url() class="stack">
                        {hidden}
                        <label for=field_id.clone()>{t_string!(i18n, ho_text_label, title = handover.title.clone()).to_string()}</label>
                        {text_field(field_id.clone(), value, problem.map(|_| error_id.clone()))}
                        <button type="submit">{button}</button>
                    </form>
                }
                .into_any()
            }
        }
    });
    view! {
        <section class="handover" id=format!("overlamning-{}", handover.id)>
            <h3>{handover.title.clone()}</h3>
            <p class="muted">{handover.description.clone()}</p>
            <p><HandoverBadge state /></p>
            {just_sent.map(|v| view! {
                <p class="notice" role="status">{t_string!(i18n, ho_sent_now, version = v).to_string()}</p>
            })}
            {problem.map(|p| view! {
                <p class="form-error" role="alert" id=error_id.clone()>{problem_text(i18n, p)}</p>
            })}
            {(!versions.is_empty()).then(|| view! {
                <ol class="versions" reversed>
                    {versions.into_iter().map(|v| {
                        let responses = v.responses.clone();
                        view! {
                            <li>
                                <a href=submission_href(&v.id)>{version_text(i18n, &v)}</a>
                                {(!responses.is_empty()).then(|| view! { <Responses responses /> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            })}
            {form}
            {(leads && !opened).then(|| view! { <OpenFirst /> })}
        </section>
    }
}

/// Instead of a hand-over's form while the step is not open: nothing sent could be kept yet.
#[component]
fn OpenFirst() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted"><a href="#steget">{t!(i18n, ho_open_first)}</a></p> }
}

#[component]
#[allow(clippy::too_many_arguments)]
fn HuvudmanSide(
    group_id: String,
    organisation_id: String,
    number: u8,
    leads: bool,
    up: Vec<HuvudmanUp>,
    down: Vec<HuvudmanDown>,
    answers: Vec<HandoverView>,
    units: Vec<UnitRef>,
    returned: Option<HandoverReturn>,
    incoming: bool,
    opened: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let published = use_query_map().with_untracked(|q| q.get("publicerat"));
    let up_view = up
        .into_iter()
        .map(|u| {
            let caption = t_string!(i18n, ho_units_caption, title = u.handover.title.clone()).to_string();
            view! {
                <section class="handover" id=format!("overlamning-{}", u.handover.id)>
                    <h3>{u.handover.title.clone()}</h3>
                    <p class="muted">{u.handover.description.clone()}</p>
                    {if u.units.is_empty() {
                        view! { <p>{t!(i18n, ho_no_units)}</p> }.into_any()
                    } else {
                        view! {
                            <ScrollTable label=caption.clone()>
                                <table>
                                    <caption class="visually-hidden">{caption}</caption>
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, ho_unit)}</th>
                                        <th scope="col">{t!(i18n, ho_state)}</th>
                                        <th scope="col">{t!(i18n, ho_newest)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {u.units.into_iter().map(|row| view! {
                                            <tr>
                                                <th scope="row">{row.unit.name}</th>
                                                <td><HandoverBadge state=row.state /></td>
                                                <td>{match row.newest {
                                                    Some((id, version)) => view! {
                                                        <a href=submission_href(&id)>{t_string!(i18n, ho_read_version, version = version).to_string()}</a>
                                                    }.into_any(),
                                                    None => view! { <span class="muted">"–"</span> }.into_any(),
                                                }}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </ScrollTable>
                        }.into_any()
                    }}
                </section>
            }
        })
        .collect_view();
    let down_view = down
        .into_iter()
        .map(|d| {
            let returned = returned.clone().filter(|r| r.form == d.handover.id);
            let just = published
                .as_deref()
                .is_some_and(|p| p == d.handover.id && returned.is_none());
            view! {
                <PublishView group_id=group_id.clone() number leads opened down=d units=units.clone() returned just />
            }
        })
        .collect_view();
    // Answers go out from each submission's page; here they are named, with the way there.
    let answers_view = answers
        .into_iter()
        .map(|h| {
            view! {
                <section class="handover" id=format!("overlamning-{}", h.id)>
                    <h3>{h.title.clone()}</h3>
                    <p class="muted">{h.description.clone()}</p>
                    <p>{t!(i18n, ho_answer_from_submission)}</p>
                </section>
            }
        })
        .collect_view();
    if incoming {
        view! {
            <section aria-labelledby="fran-enheterna" class="handovers">
                <h2 id="fran-enheterna">{t!(i18n, ho_from_units)}</h2>
                {up_view}
                <p>
                    <a href=side_by_side_href(&organisation_id, number)>{t!(i18n, ho_side_by_side_link)}</a>
                    " · "
                    <a href=overview_href(&organisation_id)>{t!(i18n, ho_overview_link)}</a>
                </p>
            </section>
        }
        .into_any()
    } else {
        view! {
            <section aria-labelledby="till-enheterna" class="handovers">
                <h2 id="till-enheterna">{t!(i18n, ho_to_units)}</h2>
                {down_view}
                {answers_view}
            </section>
        }
        .into_any()
    }
}

/// One hand-over down that the huvudman publishes: what it has published, and the leader's
/// form.
#[component]
fn PublishView(
    group_id: String,
    number: u8,
    leads: bool,
    opened: bool,
    down: HuvudmanDown,
    units: Vec<UnitRef>,
    returned: Option<HandoverReturn>,
    just: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let HuvudmanDown {
        handover,
        published,
    } = down;
    let field_id = format!("text-{}", handover.id);
    let error_id = format!("fel-{}", handover.id);
    let problem = returned.as_ref().map(|r| r.problem);
    let value = returned
        .as_ref()
        .map(|r| r.body.clone())
        .unwrap_or_default();
    let count = published.len();
    let form = (leads && opened && !units.is_empty()).then(|| {
        let all_id = format!("alla-{}", handover.id);
        let some_id = format!("valda-{}", handover.id);
        view! {
            <form method="post" action=PublishHandover::url() class="stack publish">
                <input type="hidden" name="group_id" value=group_id.clone() />
                <input type="hidden" name="number" value=number />
                <input type="hidden" name="handover" value=handover.id.clone() />
                <input type="hidden" name="seen" value=count />
                <label for=field_id.clone()>{t_string!(i18n, ho_publish_label, title = handover.title.clone()).to_string()}</label>
                {text_field(field_id.clone(), value, problem.map(|_| error_id.clone()))}
                <fieldset>
                    <legend>{t!(i18n, ho_publish_to)}</legend>
                    <label><input type="radio" id=all_id.clone() name="to" value="alla" checked />
                        " "{t!(i18n, ho_publish_all)}</label>
                    <label><input type="radio" id=some_id.clone() name="to" value="valda" />
                        " "{t!(i18n, ho_publish_some)}</label>
                    <ul class="unit-choices">
                        {units.into_iter().map(|u| {
                            let id = format!("enhet-{}-{}", handover.id, u.id);
                            view! {
                                <li><label><input type="checkbox" id=id.clone() name=format!("units[g{}]", u.id) value="on" />
                                    " "{u.name}</label></li>
                            }
                        }).collect_view()}
                    </ul>
                </fieldset>
                <button type="submit">{t!(i18n, ho_publish)}</button>
            </form>
        }
    });
    view! {
        <section class="handover" id=format!("overlamning-{}", handover.id)>
            <h3>{handover.title.clone()}</h3>
            <p class="muted">{handover.description.clone()}</p>
            {just.then(|| view! { <p class="notice" role="status">{t!(i18n, ho_published_now)}</p> })}
            {problem.map(|p| view! {
                <p class="form-error" role="alert" id=error_id.clone()>{problem_text(i18n, p)}</p>
            })}
            {if published.is_empty() {
                view! { <p>{t!(i18n, ho_nothing_published)}</p> }.into_any()
            } else {
                published.into_iter().map(|item| view! { <Publication item /> }).collect_view().into_any()
            }}
            {form}
            {(leads && !opened).then(|| view! { <OpenFirst /> })}
        </section>
    }
}

#[component]
pub fn SubmissionRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = async move {
        let page = get_submission(id.clone()).await?;
        let returned = take_for::<HandoverReturn>(&id).await;
        Ok(page.map(|page| (page, returned)))
    };
    loaded(data, |data| match data {
        Some((page, returned)) => view! { <SubmissionView page returned /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn SubmissionView(page: SubmissionPage, returned: Option<HandoverReturn>) -> impl IntoView {
    let i18n = use_i18n();
    let SubmissionPage {
        id,
        unit,
        huvudman_group,
        cycle,
        number,
        step_title,
        title,
        description,
        version,
        body,
        versions,
        can_respond,
        responses,
        previous,
    } = page;
    let answered = use_query_map().with_untracked(|q| q.get("svarat").is_some());
    let heading = t_string!(
        i18n,
        ho_submission_title,
        title = title.clone(),
        version = version.version
    )
    .to_string();
    // Members of the unit come from its step; the huvudman's side from its own step.
    let (home, home_name) = match (&unit.role, &huvudman_group) {
        (None, Some(h)) => (h.id.clone(), h.name.clone()),
        _ => (unit.id.clone(), unit.name.clone()),
    };
    let newest = versions.first().map_or(version.version, |v| v.version);
    let newest_id = versions.first().map(|v| v.id.clone());
    let problem = returned.as_ref().map(|r| r.problem);
    let typed = returned.map(|r| r.body).unwrap_or_default();
    let form = can_respond.then(|| {
        view! {
            <form method="post" action=RespondSubmission::url() class="stack" id="svara">
                <h3>{t!(i18n, ho_respond_heading)}</h3>
                <input type="hidden" name="id" value=id.clone() />
                <input type="hidden" name="seen" value=responses />
                <fieldset>
                    <legend>{t!(i18n, ho_respond_kind)}</legend>
                    <label><input type="radio" id="svar-kommentar" name="kind" value="kommentar" checked />
                        " "{t!(i18n, ho_kind_comment_choice)}</label>
                    <label><input type="radio" id="svar-komplettera" name="kind" value="komplettera" />
                        " "{t!(i18n, ho_kind_complete_choice)}</label>
                    <label><input type="radio" id="svar-kvittera" name="kind" value="kvittera" />
                        " "{t!(i18n, ho_kind_acknowledge_choice)}</label>
                </fieldset>
                <label for="svar-text">{t!(i18n, ho_respond_text)}</label>
                {text_field("svar-text".to_string(), typed, problem.map(|_| "svar-fel".to_string()))}
                <button type="submit">{t!(i18n, ho_respond_submit)}</button>
            </form>
        }
    });
    let compare = previous.map(|(number, before)| {
        view! { <Compare previous=number before after=body.clone() /> }
    });
    let body_view = match body {
        SubmissionBody::Document(document) => {
            view! { <DocumentBodyView body=document /> }.into_any()
        }
        SubmissionBody::Text(text) => view! { <p class="answer-text">{text}</p> }.into_any(),
    };
    let sent = t_string!(
        i18n,
        ho_sent_meta,
        date = long_date(i18n, version.on),
        name = version.by.clone()
    )
    .to_string();
    view! {
        <PageTitle text=format!("{} – {}", heading, unit.name) />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=format!("/grupper/{home}")>{home_name}</a></li>
                <li><a href=group_step_href(&home, number)>{t_string!(i18n, step_label, number = number).to_string()}</a></li>
                <li><a href=submission_href(&id) aria-current="page">{heading.clone()}</a></li>
            </ol>
        </nav>
        <article class="document">
            <header>
                <h1>{heading.clone()}</h1>
                <p class="lead">{t_string!(i18n, ho_submission_lead, unit = unit.name.clone(), cycle = cycle, number = number, step = step_title).to_string()}</p>
                <p>{description}</p>
                <p>{sent}
                    {version.artefact_version.map(|v| format!(" {}", t_string!(i18n, ho_copy_of, version = v)))}
                </p>
                {(newest > version.version).then(|| view! {
                    <p class="notice">
                        {t_string!(i18n, ho_newer_version, version = newest).to_string()}" "
                        <a href=submission_href(newest_id.as_deref().unwrap_or_default())>
                            {t_string!(i18n, ho_read_version, version = newest).to_string()}
                        </a>
                    </p>
                })}
            </header>
            {body_view}
        </article>
        {compare}
        <section aria-labelledby="svar" class="facts no-print">
            <h2 id="svar">{t!(i18n, ho_answers_heading)}</h2>
            {answered.then(|| view! { <p class="notice" role="status">{t!(i18n, ho_answered_now)}</p> })}
            {problem.map(|p| view! { <p class="form-error" role="alert" id="svar-fel">{problem_text(i18n, p)}</p> })}
            {if version.responses.is_empty() {
                view! { <p>{t!(i18n, ho_no_answers)}</p> }.into_any()
            } else {
                view! { <Responses responses=version.responses.clone() /> }.into_any()
            }}
            {form}
        </section>
        <section aria-labelledby="versioner" class="no-print">
            <h2 id="versioner">{t!(i18n, ho_versions_heading)}</h2>
            <ol class="versions" reversed>
                {versions.into_iter().map(|v| {
                    let current = (v.id == id).then_some("page");
                    view! { <li><a href=submission_href(&v.id) aria-current=current>{version_text(i18n, &v)}</a></li> }
                }).collect_view()}
            </ol>
        </section>
    }
}
