//! Server functions for invitations. Forms post here and are redirected to the page that
//! shows the outcome, so everything works without JavaScript. Mail goes out in the language
//! of whoever acts (the actor's locale).

use super::types::{InvitationView, MyInvitation, PendingInvitation};
use crate::error::AppError;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::features::auth::api::encode;

/// Invites the pasted addresses; the group page then shows how each went, and keeps the
/// addresses that need fixing in the box.
#[server(endpoint = "invitations/create")]
pub async fn invite(
    group_id: String,
    addresses: String,
    role: Option<String>,
) -> Result<(), AppError> {
    use crate::features::groups::types::Role;
    let role = match role.as_deref() {
        Some("processledare") => Role::Processledare,
        _ => Role::Deltagare,
    };
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group = crate::ports::id(&group_id)?;
    let results = match crate::ports::services()?
        .invitations
        .invite(&actor, group, &addresses, role)
        .await
    {
        Ok(results) => results,
        // A form gets the page back with the reason, and the addresses still in the box.
        Err(error @ (AppError::Invalid(_) | AppError::RateLimited))
            if crate::ports::wants_html() =>
        {
            let reason = if error == AppError::RateLimited {
                "kvot"
            } else {
                "antal"
            };
            let box_text = super::types::InviteForm {
                addresses: addresses.trim().to_string(),
            };
            crate::flash::put_for(&box_text, &group.to_string()).await?;
            leptos_axum::redirect(&format!("/grupper/{group}?fel={reason}#bjud-in"));
            return Ok(());
        }
        Err(error) => return crate::error::with_status(Err(error)),
    };
    show_invite_results(group, &results).await
}

/// Sends the browser to the group page, which tells how each address went and keeps the
/// ones that need fixing in the box.
#[cfg(feature = "ssr")]
pub async fn show_invite_results(
    group: crate::ports::GroupId,
    results: &[super::types::InviteResult],
) -> Result<(), AppError> {
    use super::types::{InviteForm, InviteOutcome};
    let count = |o: InviteOutcome| results.iter().filter(|r| r.outcome == o).count();
    let invalid: Vec<&str> = results
        .iter()
        .filter(|r| r.outcome == InviteOutcome::Invalid)
        .map(|r| r.email.as_str())
        .collect();
    if !invalid.is_empty() {
        let box_text = InviteForm {
            addresses: invalid.join("\n"),
        };
        crate::flash::put_for(&box_text, &group.to_string()).await?;
    }
    leptos_axum::redirect(&format!(
        "/grupper/{group}?inbjudna={}&omskickade={}&redan={}&ogiltiga={}#bjud-in",
        count(InviteOutcome::Invited),
        count(InviteOutcome::Resent),
        count(InviteOutcome::AlreadyMember),
        invalid.len()
    ));
    Ok(())
}

#[server(endpoint = "invitations/pending")]
pub async fn pending_invitations(
    group_id: String,
) -> Result<Option<Vec<PendingInvitation>>, AppError> {
    let group = crate::ports::id(&group_id)?;
    // Only the group's process leaders: the page asks only for them, anyone else gets 404.
    crate::ports::for_signed_in(|actor, services| async move {
        services.invitations.pending(&actor, group).await
    })
    .await
}

#[server(endpoint = "invitations/resend")]
pub async fn resend_invitation(invitation_id: String) -> Result<(), AppError> {
    on_invitation(&invitation_id, Act::Resend).await
}

#[server(endpoint = "invitations/revoke")]
pub async fn revoke_invitation(invitation_id: String) -> Result<(), AppError> {
    on_invitation(&invitation_id, Act::Revoke).await
}

/// What a form does to one invitation.
#[cfg(feature = "ssr")]
enum Act {
    Resend,
    Revoke,
    Join,
}

/// Does `act` to the invitation, then goes on to its group's page, saying what happened. When
/// the invitation is gone (accepted, revoked, or never theirs) it goes back to the page the form
/// was on, saying so; past the hourly quota, back with that.
#[cfg(feature = "ssr")]
async fn on_invitation(invitation_id: &str, act: Act) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let invitation = crate::ports::id(invitation_id)?;
    let invitations = crate::ports::services()?.invitations;
    let (result, then) = match act {
        Act::Resend => (
            invitations.resend(&actor, invitation).await,
            "?omskickad=1#inbjudningar",
        ),
        Act::Revoke => (
            invitations.revoke(&actor, invitation).await,
            "?aterkallad=1#inbjudningar",
        ),
        Act::Join => (invitations.join(&actor, invitation).await, ""),
    };
    match result {
        Ok(group) => leptos_axum::redirect(&format!("/grupper/{group}{then}")),
        Err(AppError::NotFound) if crate::ports::back_with_stale_notice("inbjudningar") => {}
        Err(AppError::RateLimited) if crate::ports::wants_html() => {
            leptos_axum::redirect(&format!(
                "{}?fel=kvot#bjud-in",
                crate::ports::referring_path().unwrap_or_else(|| "/mina-grupper".into())
            ));
        }
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

#[server(endpoint = "invitations/view")]
pub async fn view_invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::ports::{actor, services};
    crate::error::with_status(services()?.invitations.view(&actor(), &token).await)
}

/// Joins the group. `switch` first signs out whoever is signed in, for a shared computer.
#[server(endpoint = "invitations/accept")]
pub async fn accept_invitation(
    token: String,
    name: Option<String>,
    switch: Option<String>,
) -> Result<(), AppError> {
    use crate::ports::{actor, services, set_cookie};
    let services = services()?;
    let actor = actor();
    if switch.is_some() {
        let cleared = services.auth.sign_out(&actor).await?;
        set_cookie(&cleared);
        leptos_axum::redirect(&format!("/inbjudan/{}", encode(&token)));
        return Ok(());
    }
    let name = name.unwrap_or_default();
    match services.invitations.accept(&actor, &token, &name).await {
        Ok((group, cookie)) => {
            if let Some(cookie) = cookie {
                set_cookie(&cookie);
            }
            leptos_axum::redirect(&format!("/grupper/{group}"));
            Ok(())
        }
        Err(AppError::Invalid(problem)) => {
            let typed = super::types::Joining { name };
            crate::flash::put(&crate::flash::Returned { typed, problem }).await?;
            leptos_axum::redirect(&format!("/inbjudan/{}#namn", encode(&token)));
            Ok(())
        }
        // The address has an account and nobody is signed in, or someone else is: the page
        // says what to do. Already used (a double click): the page says so.
        Err(AppError::Forbidden | AppError::NotFound) if crate::ports::wants_html() => {
            leptos_axum::redirect(&format!("/inbjudan/{}", encode(&token)));
            Ok(())
        }
        Err(error) => crate::error::with_status(Err(error)),
    }
}

/// Invitations waiting for the signed-in person ("Mina grupper" offers them).
#[server(endpoint = "invitations/mine")]
pub async fn my_invitations() -> Result<Option<Vec<MyInvitation>>, AppError> {
    crate::ports::for_signed_in(
        |actor, services| async move { services.invitations.mine(&actor).await },
    )
    .await
}

/// "Gå med": accepts an invitation to one's own address, signed in with one's own link.
#[server(endpoint = "invitations/join")]
pub async fn join_invitation(invitation_id: String) -> Result<(), AppError> {
    on_invitation(&invitation_id, Act::Join).await
}

/// From an expired link: asks the process leader for a new invitation.
#[server(endpoint = "invitations/ask-again")]
pub async fn ask_again(token: String) -> Result<(), AppError> {
    use crate::ports::{actor, services};
    crate::error::with_status(services()?.invitations.ask_again(&actor(), &token).await)?;
    leptos_axum::redirect(&format!("/inbjudan/{}?fragat=1", encode(&token)));
    Ok(())
}
