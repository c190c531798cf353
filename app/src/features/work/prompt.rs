//! A discussion prompt's own page (`/grupper/{id}/steg/{n}/fraga/{prompt}`): the group's notes
//! under it, oldest first, the process leader's summary, and while the step is open the forms
//! to add a note and to sum up. The step page shows each prompt with its summary and a count
//! linking here, so it stays light when thirty people have written.

use super::{
    api::{AddNote, SaveSummary, get_prompt},
    types::{NoteReturn, Noted, PromptPage},
};
use crate::{
    features::work::field::StepCrumbs,
    flash::take_for,
    i18n::*,
    paths::{group_step_href, prompt_href},
    ui::{
        date::long_date,
        form::TextArea,
        head::PageTitle,
        page::{SignInFirst, loaded},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::use_params_map;

#[component]
pub fn PromptRoute() -> impl IntoView {
    let params = use_params_map();
    let (id, number, prompt) = params.with_untracked(|p| {
        (
            p.get("id").unwrap_or_default(),
            p.get("number").and_then(|n| n.parse::<u8>().ok()),
            p.get("prompt").unwrap_or_default(),
        )
    });
    let data = async move {
        let number = number.ok_or(crate::error::AppError::NotFound)?;
        let page = get_prompt(id.clone(), number, prompt.clone()).await?;
        let note = take_for::<NoteReturn>(&id)
            .await
            .filter(|n| n.prompt == prompt);
        Ok(page.map(|page| (page, note)))
    };
    loaded(data, |page| match page {
        Some((page, note)) => view! { <PromptView page note /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn PromptView(page: PromptPage, note: Option<NoteReturn>) -> impl IntoView {
    let i18n = use_i18n();
    let PromptPage {
        group,
        cycle,
        number,
        step_title,
        prompt,
        open,
        leads,
        notes,
        summary,
    } = page;
    let message = note.as_ref().map(|n| match n.outcome {
        Noted::TooLong => t_string!(i18n, work_note_too_long).to_string(),
        Noted::Empty => t_string!(i18n, work_note_empty).to_string(),
        _ => t_string!(i18n, work_note_closed).to_string(),
    });
    let typed = |summary: bool| {
        note.as_ref()
            .filter(|n| n.summary == summary)
            .map(|n| n.body.clone())
    };
    let (typed_note, typed_summary) = (typed(false), typed(true));
    let prompt_id = prompt.id.clone();
    let group_id = group.id.clone();
    let form = move |summary: bool, value: String| {
        let (id, label, button, action) = if summary {
            (
                "sammanfattning",
                t_string!(i18n, work_summary_label).to_string(),
                t_string!(i18n, work_summary_save).to_string(),
                SaveSummary::url(),
            )
        } else {
            (
                "anteckning",
                t_string!(i18n, work_note_label).to_string(),
                t_string!(i18n, work_note_add).to_string(),
                AddNote::url(),
            )
        };
        view! {
            <form method="post" action=action class="stack note-form">
                <input type="hidden" name="group_id" value=group_id.clone() />
                <input type="hidden" name="number" value=number />
                <input type="hidden" name="prompt" value=prompt_id.clone() />
                <label for=id>{label}</label>
                <TextArea id=id.to_string() name="body" value=value rows=4 maxlength=4000 />
                <button type="submit">{button}</button>
            </form>
        }
    };
    let step_href = format!("{}#fraga-{}", group_step_href(&group.id, number), prompt.id);
    let heading = t_string!(i18n, prompt_page_title, number = number).to_string();
    view! {
        <PageTitle text=format!("{heading} – {}", group.name) />
        <StepCrumbs group=group.clone() number step_href=step_href.clone()
            here=(prompt_href(&group.id, number, &prompt.id), heading.clone()) />
        <h1>{heading.clone()}</h1>
        <p class="lead">{prompt.text.clone()}</p>
        <p class="muted">{t_string!(i18n, prompt_page_lead, number = number, step = step_title, cycle = cycle).to_string()}</p>
        {summary.clone().map(|summary| view! {
            <section aria-labelledby="sammanfattat" class="summary">
                <h2 id="sammanfattat">{t!(i18n, work_summary_heading)}</h2>
                <p class="answer-text">{summary}</p>
            </section>
        })}
        <section aria-labelledby="anteckningar">
            <h2 id="anteckningar">{crate::counted!(i18n, work_notes_1, work_notes_n, notes.len())}</h2>
            {notes.is_empty().then(|| view! { <p class="muted">{t!(i18n, prompt_no_notes)}</p> })}
            <ul class="notes">
                {notes.into_iter().map(|n| view! {
                    <li>
                        <span class="muted">{t_string!(i18n, work_note_meta, name = n.name, date = long_date(i18n, n.written_on)).to_string()}</span>
                        <p class="answer-text">{n.body}</p>
                    </li>
                }).collect_view()}
            </ul>
            {message.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            {open.then(|| form(false, typed_note.unwrap_or_default()))}
            {(leads && open).then(|| form(true, typed_summary.or(summary).unwrap_or_default()))}
        </section>
        <p><a href=step_href>{t_string!(i18n, field_back_step, number = number).to_string()}</a></p>
    }
}
