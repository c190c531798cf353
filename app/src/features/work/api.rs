//! Server functions for the group's work on the steps. Every form is a plain POST that returns
//! to the group's step page; what was typed comes back through a flash when it needs fixing
//! or someone saved in between.

use super::types::GroupStep;
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

#[server(endpoint = "work/step")]
pub async fn get_group_step(id: String, number: u8) -> Result<Option<GroupStep>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.work.step(&actor, group, number).await
    })
    .await
}

/// A discussion prompt's page: the notes and the summary.
#[server(endpoint = "work/prompt")]
pub async fn get_prompt(
    id: String,
    number: u8,
    prompt: String,
) -> Result<Option<super::types::PromptPage>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.work.prompt(&actor, group, number, &prompt).await
    })
    .await
}

/// A field's page: the others' texts and the group answer's versions.
#[server(endpoint = "work/field")]
pub async fn get_field(
    id: String,
    number: u8,
    task: String,
    field: String,
) -> Result<Option<super::types::FieldPage>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services
            .work
            .field(&actor, group, number, &task, &field)
            .await
    })
    .await
}

/// The actor and the group a form is about, once someone is signed in; `None` (a redirect to
/// the sign-in page) otherwise. A malformed group id is 404.
#[cfg(feature = "ssr")]
fn signed_in_to(
    group_id: &str,
) -> Result<Option<(crate::ports::Actor, crate::ports::GroupId)>, AppError> {
    let group = crate::ports::id(group_id)?;
    Ok(crate::ports::signed_in_or_redirect().map(|actor| (actor, group)))
}

/// The group's step page, at `anchor`.
#[cfg(feature = "ssr")]
fn step_page(group: crate::ports::GroupId, number: u8, anchor: &str) -> String {
    format!("/grupper/{group}/steg/{number}#{anchor}")
}

/// What a process leader does to a step: open it (`notify`: mail the members), mark it done
/// (`confirm` after the warning about tasks not agreed), or reopen it.
#[server(endpoint = "work/step-state")]
pub async fn change_step(
    group_id: String,
    number: u8,
    action: String,
    confirm: Option<String>,
    notify: Option<String>,
) -> Result<(), AppError> {
    let Some((actor, group)) = signed_in_to(&group_id)? else {
        return Ok(());
    };
    let work = crate::ports::services()?.work;
    let result = match action.as_str() {
        "open" => work.open(&actor, group, number, notify.is_some()).await,
        "done" => work.finish(&actor, group, number, confirm.is_some()).await,
        "reopen" => work.reopen(&actor, group, number).await,
        _ => Err(AppError::BadRequest(crate::error::UNREADABLE.into())),
    };
    match result {
        Ok(()) => leptos_axum::redirect(&step_page(group, number, "steget")),
        Err(AppError::Invalid(crate::error::Invalid::TasksNotAgreed)) => {
            leptos_axum::redirect(&format!(
                "/grupper/{group}/steg/{number}?bekrafta=klart#steget"
            ));
        }
        Err(AppError::Invalid(_)) => {
            leptos_axum::redirect(&format!("/grupper/{group}/steg/{number}?fel=steget#steget"))
        }
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// Saves one task's fields: as the member's own text (`to=eget`), or also as the group's
/// answer (`to=grupp`). `answers[field]` holds text, a rating's step, or a single choice;
/// `choices[field][option]` the ticked options of a multiple choice; `base[field]` the version
/// of the group's answer the person started from.
#[server(endpoint = "work/save")]
pub async fn save_task(
    group_id: String,
    number: u8,
    task: String,
    answers: Option<HashMap<String, String>>,
    choices: Option<HashMap<String, HashMap<String, String>>>,
    base: Option<HashMap<String, i32>>,
    to: Option<String>,
) -> Result<(), AppError> {
    use super::types::{Saved, TaskAnswers, TaskReturn};
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    let mut values = form_values(answers, choices);
    let actor = crate::ports::actor();
    if actor.user.is_none() {
        // The session ended while the person was writing: the text waits in this browser for
        // them to sign in again and come back to the step, instead of being lost.
        let kept = TaskReturn {
            task,
            values,
            outcome: Saved::SignedOut,
        };
        crate::flash::put_for(&kept, &group.to_string()).await?;
        leptos_axum::redirect("/logga-in?text=kvar");
        return Ok(());
    }
    let work = crate::ports::services()?.work;
    let mut base = base.unwrap_or_default();
    // "Ta gruppens text": after a conflict, the person's own texts become the group's answers.
    if to.as_deref() == Some("deras") {
        let step = crate::error::with_status(work.step(&actor, group, number).await)?;
        let fields = step
            .work
            .into_iter()
            .flatten()
            .find(|t| t.task == task)
            .map(|t| t.fields)
            .unwrap_or_default();
        for field in fields {
            let (body, version) = field
                .shared
                .map_or((String::new(), 0), |s| (s.body, s.version));
            values.insert(field.field.clone(), body);
            base.insert(field.field, version);
        }
    }
    let form = TaskAnswers {
        task: task.clone(),
        values: values.clone(),
        base,
        to_group: to.as_deref() == Some("grupp"),
    };
    let saved = work.save(&actor, group, number, form).await;
    let anchor = format!("uppgift-{task}");
    let outcome = match saved {
        Ok(Saved::Done) => {
            leptos_axum::redirect(&format!(
                "/grupper/{group}/steg/{number}?sparat={task}#{anchor}"
            ));
            return Ok(());
        }
        Ok(outcome) => outcome,
        // A step that is not open is an outcome (`Saved::Closed`), not an error.
        Err(error) => return crate::error::with_status(Err(error)),
    };
    let back = TaskReturn {
        task,
        values,
        outcome,
    };
    crate::flash::put_for(&back, &group.to_string()).await?;
    leptos_axum::redirect(&step_page(group, number, &anchor));
    Ok(())
}

/// A process leader marks the group's answer to `field` (`task/field`) agreed, or takes the
/// mark back (`agreed` absent).
#[server(endpoint = "work/agree")]
pub async fn agree_answer(
    group_id: String,
    number: u8,
    field: String,
    agreed: Option<String>,
) -> Result<(), AppError> {
    let Some((actor, group)) = signed_in_to(&group_id)? else {
        return Ok(());
    };
    let result = crate::ports::services()?
        .work
        .agree(&actor, group, number, &field, agreed.is_some())
        .await;
    let task = field.split('/').next().unwrap_or_default();
    match result {
        Ok(()) => leptos_axum::redirect(&step_page(group, number, &format!("uppgift-{task}"))),
        Err(AppError::Invalid(crate::error::Invalid::AnswersMissing)) => leptos_axum::redirect(
            &format!("/grupper/{group}/steg/{number}?saknas={task}#uppgift-{task}"),
        ),
        Err(AppError::Invalid(_)) => {
            leptos_axum::redirect(&format!("/grupper/{group}/steg/{number}?fel=steget#steget"))
        }
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// Makes an earlier version of the group's answer to `field` (`task/field`) current again;
/// `current` is the version the page showed, so a save in between is a conflict.
#[server(endpoint = "work/restore")]
pub async fn restore_answer(
    group_id: String,
    number: u8,
    field: String,
    version: i32,
    current: i32,
) -> Result<(), AppError> {
    use super::types::{Saved, TaskReturn};
    let Some((actor, group)) = signed_in_to(&group_id)? else {
        return Ok(());
    };
    let restored = crate::ports::services()?
        .work
        .restore(&actor, group, number, &field, version, current)
        .await;
    let task = field.split('/').next().unwrap_or_default().to_string();
    let outcome = match crate::error::with_status(restored)? {
        Saved::Done => {
            leptos_axum::redirect(&format!(
                "/grupper/{group}/steg/{number}?sparat={task}#uppgift-{task}"
            ));
            return Ok(());
        }
        outcome => outcome,
    };
    let back = TaskReturn {
        task: task.clone(),
        values: HashMap::new(),
        outcome,
    };
    crate::flash::put_for(&back, &group.to_string()).await?;
    leptos_axum::redirect(&step_page(group, number, &format!("uppgift-{task}")));
    Ok(())
}

/// A member's note under a discussion prompt.
#[server(endpoint = "work/note")]
pub async fn add_note(
    group_id: String,
    number: u8,
    prompt: String,
    body: String,
) -> Result<(), AppError> {
    write_note(group_id, number, prompt, body, false).await
}

/// A process leader's summary of a discussion prompt ("det här tar vi med oss").
#[server(endpoint = "work/summary")]
pub async fn save_summary(
    group_id: String,
    number: u8,
    prompt: String,
    body: String,
) -> Result<(), AppError> {
    write_note(group_id, number, prompt, body, true).await
}

/// Adds a note or saves a summary, then returns to the prompt; what could not be kept comes
/// back in its box.
#[cfg(feature = "ssr")]
async fn write_note(
    group_id: String,
    number: u8,
    prompt: String,
    body: String,
    summary: bool,
) -> Result<(), AppError> {
    use super::types::{NoteReturn, Noted};
    let Some((actor, group)) = signed_in_to(&group_id)? else {
        return Ok(());
    };
    let work = crate::ports::services()?.work;
    let outcome = work
        .note(&actor, group, number, &prompt, &body, summary)
        .await;
    let outcome = crate::error::with_status(outcome)?;
    if outcome != Noted::Done {
        let back = NoteReturn {
            prompt: prompt.clone(),
            summary,
            body,
            outcome,
        };
        crate::flash::put_for(&back, &group.to_string()).await?;
    }
    // Back to the prompt's page, where the notes and the form are.
    leptos_axum::redirect(&format!(
        "{}#anteckningar",
        crate::paths::prompt_href(&group.to_string(), number, &prompt)
    ));
    Ok(())
}

/// The step's artefact as a document, for a member of the group.
#[server(endpoint = "work/past-year")]
pub async fn get_past_year(
    id: String,
    cycle: String,
) -> Result<Option<super::types::PastYear>, AppError> {
    let group = crate::ports::id(&id)?;
    let year = crate::ports::id(&cycle)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.work.past_year(&actor, group, year).await
    })
    .await
}

#[server(endpoint = "work/document")]
pub async fn get_step_document(
    id: String,
    number: u8,
) -> Result<Option<super::types::StepDocument>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.work.document(&actor, group, number).await
    })
    .await
}

/// One finalised version of the step's artefact, for a member of the group.
#[server(endpoint = "work/version")]
pub async fn get_finalised(
    id: String,
    number: u8,
    version: i32,
) -> Result<Option<super::types::FinalisedDocument>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services
            .work
            .finalised(&actor, group, number, version)
            .await
    })
    .await
}

/// A process leader finalises the step's artefact; `seen` is the newest version their page
/// showed (0: none), so a version finalised meanwhile in another tab is not passed over.
#[server(endpoint = "work/finalise")]
pub async fn finalise_artefact(group_id: String, number: u8, seen: i32) -> Result<(), AppError> {
    let Some((actor, group)) = signed_in_to(&group_id)? else {
        return Ok(());
    };
    let result = crate::ports::services()?
        .work
        .finalise(&actor, group, number, seen)
        .await;
    let page = crate::paths::document_href(&group.to_string(), number);
    match result {
        Ok(version) => leptos_axum::redirect(&format!("{page}?version={version}#versioner")),
        Err(AppError::Conflict) => {
            leptos_axum::redirect(&format!("{page}?fel=inaktuell#versioner"))
        }
        Err(AppError::Invalid(_)) => leptos_axum::redirect(&format!("{page}?fel=steget#versioner")),
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// Autosave: keeps a task's values as the member's own text (never the group's answer, so it
/// makes no history and no conflict) and answers with the outcome instead of a page. The
/// browser sends one at a time, some seconds after the last change.
#[server(endpoint = "work/draft")]
pub async fn save_draft(
    group_id: String,
    number: u8,
    task: String,
    answers: Option<HashMap<String, String>>,
    choices: Option<HashMap<String, HashMap<String, String>>>,
    base: Option<HashMap<String, i32>>,
) -> Result<super::types::Saved, AppError> {
    use super::types::{Saved, TaskAnswers};
    let group = crate::ports::id(&group_id)?;
    let actor = crate::ports::actor();
    if actor.user.is_none() {
        // The browser keeps the text and says so; nothing is redirected.
        return Ok(Saved::SignedOut);
    }
    let form = TaskAnswers {
        task,
        values: form_values(answers, choices),
        base: base.unwrap_or_default(),
        to_group: false,
    };
    crate::error::with_status(
        crate::ports::services()?
            .work
            .save(&actor, group, number, form)
            .await,
    )
}

/// One value per field: `answers[field]` as sent, and a multiple choice's ticked options
/// (`choices[field][option]`) as their ids, one per line.
#[cfg(feature = "ssr")]
fn form_values(
    answers: Option<HashMap<String, String>>,
    choices: Option<HashMap<String, HashMap<String, String>>>,
) -> HashMap<String, String> {
    let mut values = answers.unwrap_or_default();
    for (field, ticked) in choices.unwrap_or_default() {
        let mut options: Vec<String> = ticked.into_keys().collect();
        options.sort();
        values.insert(field, options.join("\n"));
    }
    values
}
