//! Server functions for invitations. Forms post here and are redirected to the page that
//! shows the outcome, so everything works without JavaScript.

use super::types::{InvitationView, MyInvitation, PendingInvitation};
use crate::{error::AppError, i18n::Locale};
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
    locale: Locale,
) -> Result<(), AppError> {
    use crate::features::groups::types::Role;
    let role = match role.as_deref() {
        Some("processledare") => Role::Processledare,
        _ => Role::Deltagare,
    };
    use crate::ports::{services, signed_in};
    let Some(user) = signed_in().await? else {
        leptos_axum::redirect("/logga-in");
        return Ok(());
    };
    let results = match services()?
        .invitations
        .invite(
            &user,
            &group_id,
            &addresses,
            role,
            locale,
            &crate::ports::client_ip(),
        )
        .await
    {
        Ok(results) => results,
        // A form gets the page back with the reason, and the addresses still in the box.
        Err(error @ (AppError::Validation(_) | AppError::RateLimited))
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
            crate::flash::put_for(&box_text, &group_id).await?;
            leptos_axum::redirect(&format!(
                "/grupper/{}?fel={reason}#bjud-in",
                encode(&group_id)
            ));
            return Ok(());
        }
        Err(error) => return crate::error::with_status(Err(error)),
    };
    show_invite_results(&group_id, &results).await
}

/// Sends the browser to the group page, which tells how each address went and keeps the
/// ones that need fixing in the box.
#[cfg(feature = "ssr")]
pub async fn show_invite_results(
    group_id: &str,
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
        crate::flash::put_for(&box_text, group_id).await?;
    }
    leptos_axum::redirect(&format!(
        "/grupper/{}?inbjudna={}&omskickade={}&redan={}&ogiltiga={}#bjud-in",
        encode(group_id),
        count(InviteOutcome::Invited),
        count(InviteOutcome::Resent),
        count(InviteOutcome::AlreadyMember),
        invalid.len()
    ));
    Ok(())
}

#[server(endpoint = "invitations/pending")]
pub async fn pending_invitations(group_id: String) -> Result<Vec<PendingInvitation>, AppError> {
    use crate::ports::{services, signed_in};
    let Some(user) = signed_in().await? else {
        return crate::error::with_status(Err(AppError::NotFound));
    };
    // Only the group's process leaders: the page asks only for them, anyone else gets 404.
    crate::error::with_status(services()?.invitations.pending(&user, &group_id).await)
}

#[server(endpoint = "invitations/resend")]
pub async fn resend_invitation(invitation_id: String, locale: Locale) -> Result<(), AppError> {
    use crate::ports::{services, signed_in};
    let Some(user) = signed_in().await? else {
        leptos_axum::redirect("/logga-in");
        return Ok(());
    };
    match services()?
        .invitations
        .resend(&user, &invitation_id, locale, &crate::ports::client_ip())
        .await
    {
        Ok(group) => {
            leptos_axum::redirect(&format!("/grupper/{group}?omskickad=1#inbjudningar"));
            Ok(())
        }
        Err(AppError::NotFound) if crate::ports::back_with_stale_notice("inbjudningar") => Ok(()),
        Err(AppError::RateLimited) if crate::ports::wants_html() => {
            leptos_axum::redirect(&format!(
                "{}?fel=kvot#bjud-in",
                crate::ports::referring_path().unwrap_or_else(|| "/mina-grupper".into())
            ));
            Ok(())
        }
        Err(error) => crate::error::with_status(Err(error)),
    }
}

#[server(endpoint = "invitations/revoke")]
pub async fn revoke_invitation(invitation_id: String) -> Result<(), AppError> {
    use crate::ports::{services, signed_in};
    let Some(user) = signed_in().await? else {
        leptos_axum::redirect("/logga-in");
        return Ok(());
    };
    match services()?
        .invitations
        .revoke(&user, &invitation_id, &crate::ports::client_ip())
        .await
    {
        Ok(group) => {
            leptos_axum::redirect(&format!("/grupper/{group}?aterkallad=1#inbjudningar"));
            Ok(())
        }
        Err(AppError::NotFound) if crate::ports::back_with_stale_notice("inbjudningar") => Ok(()),
        Err(error) => crate::error::with_status(Err(error)),
    }
}

#[server(endpoint = "invitations/view")]
pub async fn view_invitation(token: String) -> Result<InvitationView, AppError> {
    use crate::ports::{actor, services};
    crate::error::with_status(services()?.invitations.view(&token, &actor()).await)
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
    match services.invitations.accept(&token, &name, &actor).await {
        Ok((group, cookie)) => {
            if let Some(cookie) = cookie {
                set_cookie(&cookie);
            }
            leptos_axum::redirect(&format!("/grupper/{group}"));
            Ok(())
        }
        Err(AppError::Validation(_)) => {
            leptos_axum::redirect(&format!(
                "/inbjudan/{}?fel=namn&namn={}",
                encode(&token),
                encode(&name)
            ));
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
pub async fn my_invitations() -> Result<Vec<MyInvitation>, AppError> {
    use crate::ports::{services, signed_in};
    let Some(user) = signed_in().await? else {
        return Ok(Vec::new());
    };
    crate::error::with_status(services()?.invitations.mine(&user).await)
}

/// "Gå med": accepts an invitation to one's own address, signed in with one's own link.
#[server(endpoint = "invitations/join")]
pub async fn join_invitation(invitation_id: String) -> Result<(), AppError> {
    use crate::ports::{client_ip, services, signed_in};
    let Some(user) = signed_in().await? else {
        leptos_axum::redirect("/logga-in");
        return Ok(());
    };
    match services()?
        .invitations
        .join(&user, &invitation_id, &client_ip())
        .await
    {
        Ok(group) => {
            leptos_axum::redirect(&format!("/grupper/{group}"));
            Ok(())
        }
        Err(AppError::NotFound) if crate::ports::back_with_stale_notice("inbjudningar") => Ok(()),
        Err(error) => crate::error::with_status(Err(error)),
    }
}

/// From an expired link: asks the process leader for a new invitation.
#[server(endpoint = "invitations/ask-again")]
pub async fn ask_again(token: String, locale: Locale) -> Result<(), AppError> {
    crate::error::with_status(
        crate::ports::services()?
            .invitations
            .ask_again(&token, locale, &crate::ports::client_ip())
            .await,
    )?;
    leptos_axum::redirect(&format!("/inbjudan/{}?fragat=1", encode(&token)));
    Ok(())
}
