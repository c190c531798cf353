//! The step's artefact as a document (`/grupper/{id}/steg/{n}/dokument`): readable and
//! printable, built from the group's shared answers, with the versions the process leader has
//! finalised (`…/dokument/{version}`, shown exactly as stored).

use super::{
    api::{FinaliseArtefact, get_finalised, get_step_document},
    types::{DocumentBody, FinalisedDocument, StepDocument, StepState, VersionMeta},
};
use crate::features::workshop::types::Track;
use crate::paths::{
    document_href, group_step_href, report_download_href, version_download_href, version_href,
};
use crate::ui::download::DownloadLinks;
use crate::ui::head::PageTitle;
use crate::{
    features::groups::types::GroupSummary,
    i18n::*,
    ui::{
        date::long_date,
        page::{SignInFirst, loaded},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The group and step from the address; `None` for a step number that is not a number.
fn step_params() -> (String, Option<u8>) {
    use_params_map().with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u8>().ok()),
        )
    })
}

#[component]
pub fn StepDocumentPage() -> impl IntoView {
    let (id, number) = step_params();
    let data = async move {
        let number = number.ok_or(crate::error::AppError::NotFound)?;
        get_step_document(id, number).await
    };
    loaded(data, |document| match document {
        Some(document) => view! { <DocumentView document /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
pub fn FinalisedPage() -> impl IntoView {
    let (id, number) = step_params();
    let version =
        use_params_map().with_untracked(|p| p.get("version").and_then(|v| v.parse::<i32>().ok()));
    let data = async move {
        let (Some(number), Some(version)) = (number, version) else {
            return Err(crate::error::AppError::NotFound);
        };
        get_finalised(id, number, version).await
    };
    loaded(data, |document| match document {
        Some(document) => view! { <FinalisedView document /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

/// My groups › the group › step N › the document (› version N).
#[component]
fn Breadcrumbs(group: GroupSummary, number: u8, version: Option<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let document = document_href(&group.id, number);
    let current = version.is_none().then_some("page");
    view! {
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=format!("/grupper/{}", group.id)>{group.name.clone()}</a></li>
                <li><a href=group_step_href(&group.id, number)>
                    {t_string!(i18n, step_label, number = number).to_string()}
                </a></li>
                <li><a href=document.clone() aria-current=current>{t!(i18n, doc_label)}</a></li>
                {version.map(|v| view! {
                    <li><a href=version_href(&group.id, number, v) aria-current="page">
                        {format!("v{v}")}
                    </a></li>
                })}
            </ol>
        </nav>
    }
}

#[component]
fn DocumentView(document: StepDocument) -> impl IntoView {
    let i18n = use_i18n();
    let StepDocument {
        group,
        cycle,
        number,
        step_title: _,
        artefact,
        state,
        leads,
        current,
        versions,
        changed,
    } = document;
    let (stale, closed, finalised_now) = use_query_map().with_untracked(|q| {
        (
            q.get("fel").as_deref() == Some("inaktuell"),
            q.get("fel").as_deref() == Some("steget"),
            q.get("version").and_then(|v| v.parse::<i32>().ok()),
        )
    });
    let newest = versions.first().cloned();
    let newest_number = newest.as_ref().map_or(0, |v| v.version);
    let status = match &newest {
        None => view! { <p>{t!(i18n, doc_not_finalised)}</p> }.into_any(),
        Some(v) => view! {
            <p>{finalised_line(i18n, v)}</p>
            {changed.then(|| view! {
                <p class="notice">{t_string!(i18n, doc_changed, version = v.version).to_string()}</p>
            })}
        }
        .into_any(),
    };
    // A leader finalises what the group has: once the step has been opened, and when the
    // answers differ from the newest version (or there is none).
    let can_finalise = leads && state != StepState::NotOpened && (newest.is_none() || changed);
    let finalise = can_finalise.then(|| {
        view! {
            <form method="post" action=FinaliseArtefact::url() class="stack finalise">
                <input type="hidden" name="group_id" value=group.id.clone() />
                <input type="hidden" name="number" value=number />
                <input type="hidden" name="seen" value=newest_number />
                <p>{t!(i18n, doc_finalise_lead)}</p>
                <button type="submit">
                    {t_string!(i18n, doc_finalise, version = newest_number + 1).to_string()}
                </button>
            </form>
        }
    });
    let nothing_new = (leads && !can_finalise && newest.is_some()).then(|| {
        view! {
            <p class="muted">{t_string!(i18n, doc_nothing_new, version = newest_number).to_string()}</p>
        }
    });
    let group_id = group.id.clone();
    // Step 5 of a unit ends in the kvalitetsrapport: made from finalised versions only.
    let report = (number == 5 && group.track == Track::Enhet).then(|| {
        let ready = newest.is_some();
        view! {
            <section aria-labelledby="kvalitetsrapport" class="facts no-print">
                <h2 id="kvalitetsrapport">{t!(i18n, export_report_heading)}</h2>
                {if ready {
                    view! {
                        <p>{t_string!(i18n, export_report_ready, cycle = cycle.clone()).to_string()}</p>
                        <DownloadLinks
                            base=report_download_href(&group.id)
                            label=t_string!(i18n, export_report_heading).to_string()
                        />
                    }.into_any()
                } else {
                    view! { <p>{t!(i18n, export_report_waiting)}</p> }.into_any()
                }}
            </section>
        }
    });
    view! {
        <PageTitle text=format!("{} – {}", artefact.title, group.name) />
        <Breadcrumbs group=group.clone() number version=None />
        <article class="document">
            <header>
                <h1>{artefact.title.clone()}</h1>
                <p class="lead">{t_string!(i18n, doc_lead, group = group.name.clone(), cycle = cycle).to_string()}</p>
                <p>{artefact.description.clone()}</p>
            </header>
            <section aria-labelledby="versioner" class="facts no-print">
                <h2 id="versioner">{t!(i18n, doc_versions_heading)}</h2>
                {finalised_now.map(|v| view! {
                    <p class="notice" role="status">{t_string!(i18n, doc_finalised_now, version = v).to_string()}</p>
                })}
                {stale.then(|| view! { <p class="form-error" role="alert">{t!(i18n, doc_stale)}</p> })}
                {closed.then(|| view! { <p class="form-error" role="alert">{t!(i18n, doc_step_error)}</p> })}
                {status}
                {finalise}
                {nothing_new}
                {(!versions.is_empty()).then(|| view! {
                    <ol class="versions">
                        {versions.iter().map(|v| view! {
                            <li><a href=version_href(&group_id, number, v.version)>{version_line(i18n, v)}</a></li>
                        }).collect_view()}
                    </ol>
                })}
                <p class="muted">{t!(i18n, doc_print)}</p>
            </section>
            {report}
            <DocumentBodyView body=current />
        </article>
        <p class="no-print"><a href=group_step_href(&group.id, number)>
            {t_string!(i18n, step_label, number = number).to_string()}
        </a></p>
    }
}

#[component]
fn FinalisedView(document: FinalisedDocument) -> impl IntoView {
    let i18n = use_i18n();
    let FinalisedDocument {
        group,
        cycle,
        number,
        step_title: _,
        title,
        meta,
        body,
        newest,
    } = document;
    let heading = t_string!(
        i18n,
        doc_version_title,
        title = title.clone(),
        version = meta.version
    )
    .to_string();
    view! {
        <PageTitle text=format!("{} – {}", heading, group.name) />
        <Breadcrumbs group=group.clone() number version=Some(meta.version) />
        <article class="document">
            <header>
                <h1>{heading}</h1>
                <p class="lead">{t_string!(i18n, doc_lead, group = group.name.clone(), cycle = cycle).to_string()}</p>
                <p>{finalised_line(i18n, &meta)}</p>
                {(newest > meta.version).then(|| view! {
                    <p class="notice">
                        {t_string!(i18n, doc_newer, version = newest).to_string()}" "
                        <a href=version_href(&group.id, number, newest)>
                            {t_string!(i18n, doc_version_title, title = title.clone(), version = newest).to_string()}
                        </a>
                    </p>
                })}
            </header>
            <DownloadLinks
                base=version_download_href(&group.id, number, meta.version)
                label=t_string!(i18n, export_download_label).to_string()
            />
            <DocumentBodyView body />
        </article>
        <p class="no-print"><a href=document_href(&group.id, number)>{t!(i18n, doc_current_link)}</a></p>
    }
}

fn finalised_line(i18n: leptos_i18n::I18nContext<Locale>, v: &VersionMeta) -> String {
    t_string!(
        i18n,
        doc_finalised,
        version = v.version,
        date = long_date(i18n, v.finalised_on),
        name = v.finalised_by.clone()
    )
    .to_string()
}

fn version_line(i18n: leptos_i18n::I18nContext<Locale>, v: &VersionMeta) -> String {
    t_string!(
        i18n,
        doc_version_link,
        version = v.version,
        date = long_date(i18n, v.finalised_on),
        name = v.finalised_by.clone()
    )
    .to_string()
}

/// The tasks with their answers, as text; tasks the group has not agreed on are marked.
#[component]
pub fn DocumentBodyView(body: DocumentBody) -> impl IntoView {
    let i18n = use_i18n();
    body.tasks
        .into_iter()
        .map(|task| {
            let agreed = task.agreed();
            view! {
                <section class="document-task">
                    <h2>{task.title.clone()}</h2>
                    {(!agreed).then(|| view! { <p class="badge not-agreed">{t!(i18n, state_field_not_agreed)}</p> })}
                    {task.fields.into_iter().map(|field| view! {
                        <h3>{field.label}</h3>
                        {if field.text.is_empty() {
                            view! { <p class="muted">{t!(i18n, doc_no_answer)}</p> }.into_any()
                        } else {
                            view! { <p class="answer-text">{field.text}</p> }.into_any()
                        }}
                    }).collect_view()}
                </section>
            }
        })
        .collect_view()
}
