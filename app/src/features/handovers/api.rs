//! Server functions for hand-overs: submit (a unit's leader), answer and publish (the
//! huvudman's leader), the pages' data, and the mail settings. Forms are plain POSTs that return
//! to their page; a text that could not be taken comes back through a flash.

#[cfg(feature = "ssr")]
use super::types::{Handed, HandoverProblem, HandoverReturn, ResponseKind};
use super::types::{NoticeChoice, Overview, SideBySide, StepHandovers, SubmissionPage};
use crate::error::AppError;
use leptos::prelude::*;
use std::collections::HashMap;

/// The hand-overs of a group's step page; `None` for someone not signed in.
#[server(endpoint = "handovers/step")]
pub async fn get_step_handovers(id: String, number: u8) -> Result<Option<StepHandovers>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.handovers.step(&actor, group, number).await
    })
    .await
}

/// Sends a form back to its page with its problem and what was typed.
#[cfg(feature = "ssr")]
async fn returned(
    form: &str,
    scope: &str,
    body: String,
    problem: HandoverProblem,
    page: &str,
) -> Result<(), AppError> {
    let back = HandoverReturn {
        form: form.to_string(),
        body,
        problem,
    };
    crate::flash::put_for(&back, scope).await?;
    leptos_axum::redirect(page);
    Ok(())
}

/// A unit's process leader hands something up: the newest finalised artefact, or `body`.
/// `seen` is the newest version the page showed (0: none).
#[server(endpoint = "handovers/submit")]
pub async fn submit_handover(
    group_id: String,
    number: u8,
    handover: String,
    seen: i32,
    body: Option<String>,
) -> Result<(), AppError> {
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let result = crate::ports::services()?
        .handovers
        .submit(&actor, group, number, &handover, seen, body.clone())
        .await;
    let anchor = format!("overlamning-{handover}");
    match crate::error::with_status(result)? {
        Handed::Taken(version) => leptos_axum::redirect(&format!(
            "/grupper/{group}/steg/{number}?skickat={version}#{anchor}"
        )),
        Handed::Refused(problem) => {
            let page = format!("/grupper/{group}/steg/{number}#{anchor}");
            returned(
                &handover,
                &group.to_string(),
                body.unwrap_or_default(),
                problem,
                &page,
            )
            .await?
        }
    }
    Ok(())
}

/// One submitted version; `None` for someone not signed in.
#[server(endpoint = "handovers/submission")]
pub async fn get_submission(id: String) -> Result<Option<SubmissionPage>, AppError> {
    let id = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.handovers.submission(&actor, id).await
    })
    .await
}

/// The huvudman's process leader answers a submitted version: `kind` is `kommentar`,
/// `komplettera` or `kvittera`; `seen` is how many answers the page showed.
#[server(endpoint = "handovers/respond")]
pub async fn respond_submission(
    id: String,
    seen: i32,
    kind: String,
    body: Option<String>,
) -> Result<(), AppError> {
    let submission: crate::ports::SubmissionId = crate::ports::id(&id)?;
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let Some(kind) = ResponseKind::parse(&kind) else {
        crate::error::set_http_status(400);
        return Err(AppError::BadRequest(crate::error::UNREADABLE.into()));
    };
    let body = body.unwrap_or_default();
    let result = crate::ports::services()?
        .handovers
        .respond(&actor, submission, seen, kind, &body)
        .await;
    let page = format!("/overlamningar/{submission}");
    match crate::error::with_status(result)? {
        Handed::Taken(_) => leptos_axum::redirect(&format!("{page}?svarat=1#svar")),
        Handed::Refused(problem) => {
            returned(
                "svar",
                &submission.to_string(),
                body,
                problem,
                &format!("{page}#svara"),
            )
            .await?
        }
    }
    Ok(())
}

/// The huvudman's process leader publishes `body` under a hand-over down: to every unit
/// (`to=alla`) or to the ticked ones (`to=valda`, `units[g{id}]=on`: the form parser reads a
/// key that starts with a digit as a list index, so each id is prefixed); `seen` is how many
/// publications of it the page showed.
#[server(endpoint = "handovers/publish")]
#[allow(clippy::too_many_arguments)]
pub async fn publish_handover(
    group_id: String,
    number: u8,
    handover: String,
    seen: i32,
    body: Option<String>,
    to: Option<String>,
    units: Option<HashMap<String, String>>,
) -> Result<(), AppError> {
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let chosen = match to.as_deref() {
        Some("valda") => Some(
            units
                .unwrap_or_default()
                .keys()
                .map(|key| crate::ports::id(key.strip_prefix('g').unwrap_or(key)))
                .collect::<Result<Vec<crate::ports::GroupId>, AppError>>()?,
        ),
        _ => None,
    };
    let body = body.unwrap_or_default();
    let result = crate::ports::services()?
        .handovers
        .publish(&actor, group, number, &handover, seen, &body, chosen)
        .await;
    let anchor = format!("overlamning-{handover}");
    match crate::error::with_status(result)? {
        Handed::Taken(_) => leptos_axum::redirect(&format!(
            "/grupper/{group}/steg/{number}?publicerat={handover}#{anchor}"
        )),
        Handed::Refused(problem) => {
            let page = format!("/grupper/{group}/steg/{number}#{anchor}");
            returned(&handover, &group.to_string(), body, problem, &page).await?
        }
    }
    Ok(())
}

/// The huvudman's whole picture; `None` for someone not signed in.
#[server(endpoint = "handovers/overview")]
pub async fn get_overview(id: String) -> Result<Option<Overview>, AppError> {
    let organisation = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.handovers.overview(&actor, organisation).await
    })
    .await
}

/// One step's submissions across units; `None` for someone not signed in.
#[server(endpoint = "handovers/side-by-side")]
pub async fn get_side_by_side(id: String, number: u8) -> Result<Option<SideBySide>, AppError> {
    let organisation = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services
            .handovers
            .side_by_side(&actor, organisation, number)
            .await
    })
    .await
}

/// The signed-in person's choice of mail; `None` for someone not signed in.
#[server(endpoint = "notices/choice")]
pub async fn get_notice_choice() -> Result<Option<NoticeChoice>, AppError> {
    crate::ports::for_signed_in(
        |actor, services| async move { services.notices.choice(&actor).await },
    )
    .await
}

/// Changes the signed-in person's choice of mail (`varje`, `dagligen`, `aldrig`).
#[server(endpoint = "notices/choose")]
pub async fn choose_notices(choice: String) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let Some(choice) = NoticeChoice::parse(&choice) else {
        crate::error::set_http_status(400);
        return Err(AppError::BadRequest(crate::error::UNREADABLE.into()));
    };
    crate::error::with_status(
        crate::ports::services()?
            .notices
            .choose(&actor, choice)
            .await,
    )?;
    leptos_axum::redirect("/installningar?sparat=1");
    Ok(())
}

/// Spends an unsubscribe link from a mail; works without signing in.
#[server(endpoint = "notices/unsubscribe")]
pub async fn unsubscribe(token: String) -> Result<(), AppError> {
    let actor = crate::ports::actor();
    let done = crate::error::with_status(
        crate::ports::services()?
            .notices
            .unsubscribe(&actor, &token)
            .await,
    )?;
    // The token stays out of the address the browser goes on to.
    leptos_axum::redirect(if done {
        "/avregistrerad"
    } else {
        "/avregistrerad?fel=lanken"
    });
    Ok(())
}
