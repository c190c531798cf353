//! One of the group's closed years, read-only (`/grupper/{id}/ar/{cycle}`): every step's newest
//! finalised document, what the group sent or published, and the year's kvalitetsrapport.

use super::{
    api::get_past_year,
    types::{FinalisedDocument, PastYear},
};
use crate::{
    features::workshop::types::Track,
    i18n::*,
    paths::{group_href, past_year_href, years_href},
    ui::{
        date::long_date, download::DownloadLinks, head::PageTitle, page::SignInFirst, page::loaded,
    },
};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PastYearRoute() -> impl IntoView {
    let (id, cycle) = use_params_map().with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("cycle").unwrap_or_default(),
        )
    });
    loaded(get_past_year(id, cycle), |page| match page {
        Some(page) => view! { <PastYearView page /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn PastYearView(page: PastYear) -> impl IntoView {
    let i18n = use_i18n();
    let group = page.documents.group.clone();
    let title = t_string!(i18n, years_read_year, year = page.label.clone()).to_string();
    let closed = page
        .closed_on
        .map(|d| t_string!(i18n, years_closed_on, date = long_date(i18n, d)).to_string())
        .unwrap_or_default();
    let report_ready = group.track == Track::Enhet
        && page
            .documents
            .steps
            .iter()
            .any(|s| s.number == 5 && s.document.is_some());
    let report_base = format!("{}/kvalitetsrapport", past_year_href(&group.id, &page.id));
    view! {
        <PageTitle text=format!("{title} – {}", group.name) />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=group_href(&group.id)>{group.name.clone()}</a></li>
                <li><a href=years_href(&group.id)>{t!(i18n, years_title)}</a></li>
                <li><a href=past_year_href(&group.id, &page.id) aria-current="page">{title.clone()}</a></li>
            </ol>
        </nav>
        <h1>{title.clone()}</h1>
        <p class="lead">{t!(i18n, years_past_lead)}" "{closed}
            {page.moved_on.then(|| view! { " · "{t!(i18n, years_moved_on_note)} })}
        </p>
        {report_ready.then(|| view! {
            <DownloadLinks base=report_base label=t_string!(i18n, years_past_report).to_string() />
        })}
        <section aria-labelledby="skickat">
            <h2 id="skickat">{t!(i18n, years_past_sent)}</h2>
            {if page.sent.is_empty() {
                view! { <p>{t!(i18n, years_past_sent_none)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {page.sent.iter().map(|s| {
                            let text = t_string!(i18n, years_past_sent_item, step = s.step, title = s.title.clone(), version = s.version).to_string();
                            match &s.submission {
                                Some(id) => view! { <li><a href=format!("/overlamningar/{id}")>{text}</a></li> }.into_any(),
                                None => view! { <li>{text}</li> }.into_any(),
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <h2>{t!(i18n, years_past_documents)}</h2>
        {page.documents.steps.into_iter().map(|step| {
            let heading = t_string!(i18n, step_heading, number = step.number, title = step.artefact.clone()).to_string();
            view! {
                <section class="document">
                    <h3>{heading}</h3>
                    {match step.document {
                        Some(document) => view! { <PastDocument document /> }.into_any(),
                        None => view! { <p class="muted">{t!(i18n, years_past_no_document)}</p> }.into_any(),
                    }}
                </section>
            }
        }).collect_view()}
        <p><a href=years_href(&group.id)>{t!(i18n, years_link)}</a></p>
    }
}

/// A finalised document one heading level down from its own page.
#[component]
fn PastDocument(document: FinalisedDocument) -> impl IntoView {
    let i18n = use_i18n();
    let line = t_string!(
        i18n,
        doc_finalised,
        version = document.meta.version,
        date = long_date(i18n, document.meta.finalised_on),
        name = document.meta.finalised_by.clone()
    )
    .to_string();
    view! {
        <p class="muted">{line}</p>
        {document.body.tasks.into_iter().map(|task| view! {
            <h4>{task.title.clone()}</h4>
            <dl>
                {task.fields.into_iter().map(|field| view! {
                    <dt>{field.label}</dt>
                    <dd class="answer-text">{if field.text.is_empty() { "–".to_string() } else { field.text }}</dd>
                }).collect_view()}
            </dl>
        }).collect_view()}
    }
}
