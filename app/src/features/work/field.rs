//! A field's own page (`/grupper/{id}/steg/{n}/falt/{task}/{field}`): the other members' own
//! texts and every saved version of the group's answer, with restore while the step is open.
//! The step page links here with counts instead of carrying every member's text, so it stays
//! light on a phone with thirty members; this page works the same without JavaScript.

use super::{
    api::{RestoreAnswer, get_field},
    pages::shown,
    types::FieldPage,
};
use crate::{
    i18n::*,
    paths::{field_href, group_href, group_step_href},
    ui::{
        date::long_date,
        head::PageTitle,
        page::{SignInFirst, loaded},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

/// On the step page: how many others have written here and how many versions the group's
/// answer has, each a link to the field's page. Nothing when there is neither.
#[component]
pub fn FieldLinks(
    group_id: String,
    number: u8,
    task: String,
    field: String,
    others: u16,
    versions: u16,
) -> impl IntoView {
    let i18n = use_i18n();
    let href = field_href(&group_id, number, &task, &field);
    let mut parts = Vec::new();
    if others > 0 {
        parts.push(crate::counted!(i18n, work_others_1, work_others_n, others));
    }
    if versions > 1 {
        parts.push(crate::counted!(
            i18n,
            work_versions_1,
            work_versions_n,
            versions
        ));
    }
    (!parts.is_empty()).then(|| {
        view! { <p class="field-links"><a href=href>{parts.join(" · ")}</a></p> }
    })
}

/// My groups › the group › step N › this page: the trail of every page a group's step opens
/// onto (a field, a prompt, who has written where). `here` is this page's address and name.
#[component]
pub(super) fn StepCrumbs(
    group: crate::shared::GroupSummary,
    number: u8,
    step_href: String,
    here: (String, String),
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=group_href(&group.id)>{group.name.clone()}</a></li>
                <li><a href=step_href>{t_string!(i18n, step_label, number = number).to_string()}</a></li>
                <li><a href=here.0 aria-current="page">{here.1}</a></li>
            </ol>
        </nav>
    }
}

#[component]
pub fn FieldRoute() -> impl IntoView {
    let params = use_params_map();
    let (id, number, task, field) = params.with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u8>().ok()),
            p.get("task").unwrap_or_default(),
            p.get("field").unwrap_or_default(),
        )
    });
    let data = async move {
        let number = number.ok_or(crate::error::AppError::NotFound)?;
        get_field(id, number, task, field).await
    };
    loaded(data, |page| match page {
        Some(page) => view! { <FieldView page /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn FieldView(page: FieldPage) -> impl IntoView {
    let i18n = use_i18n();
    let FieldPage {
        group,
        cycle,
        number,
        step_title,
        task,
        task_title,
        field,
        open,
        shared,
        others,
        history,
    } = page;
    let step_href = format!("{}#uppgift-{task}", group_step_href(&group.id, number));
    let current = shared.as_ref().map_or(0, |s| s.version);
    let heading = field.label.clone();
    view! {
        <PageTitle text=format!("{heading} – {}", group.name) />
        <StepCrumbs group=group.clone() number step_href=step_href.clone()
            here=(field_href(&group.id, number, &task, &field.id), heading.clone()) />
        <h1>{heading.clone()}</h1>
        <p class="lead">
            {t_string!(i18n, field_page_lead, number = number, step = step_title, task = task_title.clone(), cycle = cycle).to_string()}
        </p>
        <section aria-labelledby="gruppens">
            <h2 id="gruppens">{t!(i18n, work_group_answer)}</h2>
            {match shared.clone() {
                Some(answer) => view! {
                    <p class="answer-text">{shown(&field, &answer.body)}</p>
                    <p class="muted">{t_string!(i18n, work_answer_meta, version = answer.version, name = answer.saved_by.clone(), date = long_date(i18n, answer.saved_on)).to_string()}</p>
                }.into_any(),
                None => view! { <p class="muted">{t!(i18n, work_no_answer)}</p> }.into_any(),
            }}
        </section>
        <section aria-labelledby="andras">
            <h2 id="andras">{crate::counted!(i18n, work_others_1, work_others_n, others.len())}</h2>
            {others.is_empty().then(|| view! { <p class="muted">{t!(i18n, field_no_others)}</p> })}
            <ul class="others">
                {others.into_iter().map(|c| view! {
                    <li><strong>{c.name}</strong>": "<span class="answer-text">{shown(&field, &c.body)}</span></li>
                }).collect_view()}
            </ul>
        </section>
        <section aria-labelledby="versioner">
            <h2 id="versioner">{crate::counted!(i18n, work_versions_1, work_versions_n, history.len())}</h2>
            <ol class="history">
                {history.into_iter().map(|saved| {
                    let meta = t_string!(i18n, work_answer_meta, version = saved.version, name = saved.saved_by.clone(), date = long_date(i18n, saved.saved_on)).to_string();
                    let label = t_string!(i18n, work_restore_label, version = saved.version, field = field.label.clone()).to_string();
                    let restorable = open && saved.version != current;
                    view! {
                        <li>
                            <p class="muted">{meta}</p>
                            <p class="answer-text">{shown(&field, &saved.body)}</p>
                            {restorable.then(|| view! {
                                <form method="post" action=RestoreAnswer::url()>
                                    <input type="hidden" name="group_id" value=group.id.clone() />
                                    <input type="hidden" name="number" value=number />
                                    <input type="hidden" name="field" value=format!("{task}/{}", field.id) />
                                    <input type="hidden" name="version" value=saved.version />
                                    <input type="hidden" name="current" value=current />
                                    <button type="submit" aria-label=label>{t!(i18n, work_restore)}</button>
                                </form>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
        <p><a href=step_href>{t_string!(i18n, field_back, number = number).to_string()}</a></p>
    }
}
