//! Server functions for organisations and groups: read the actor, call the `Groups` service
//! (which scopes every query to them), and answer forms with a redirect. A form with something
//! to fix goes back to its page with what was typed, through a flash (never the URL).

#[cfg(feature = "ssr")]
use super::types::UnitGroupForm;
use super::types::{GroupHome, OrganisationOverview, PlatformPage, UnitFields};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "groups/mine")]
pub async fn my_groups() -> Result<Option<Vec<crate::shared::GroupLine>>, AppError> {
    crate::ports::for_signed_in(
        |actor, services| async move { services.groups.my_groups(&actor).await },
    )
    .await
}

#[server(endpoint = "groups/get")]
pub async fn get_group(id: String) -> Result<Option<GroupHome>, AppError> {
    let id = crate::ports::id(&id)?;
    crate::ports::for_signed_in(
        |actor, services| async move { services.groups.group(&actor, id).await },
    )
    .await
}

#[server(endpoint = "groups/organisation")]
pub async fn get_organisation(id: String) -> Result<Option<OrganisationOverview>, AppError> {
    let id = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.groups.organisation(&actor, id).await
    })
    .await
}

/// The platform overview, for platform administrators; anyone else, signed in or not, gets
/// 404, so the page does not even admit to existing.
#[server(endpoint = "groups/platform")]
pub async fn platform_overview(page: Option<u32>) -> Result<PlatformPage, AppError> {
    let actor = crate::ports::actor();
    crate::error::with_status(
        crate::ports::services()?
            .groups
            .platform(&actor, page.unwrap_or(1))
            .await,
    )
}

/// The process leader's registration (anmälan). A mistake returns to the form with a message
/// and everything typed kept.
#[server(endpoint = "groups/register")]
pub async fn register(
    your_name: String,
    organisation: String,
    kind: Option<String>,
    also_unit: Option<String>,
) -> Result<(), AppError> {
    use super::types::Registration;
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let form = Registration {
        your_name,
        organisation,
        kind: kind.unwrap_or_default(),
        also_unit: also_unit.is_some(),
    };
    match crate::ports::services()?
        .groups
        .register(&actor, form.clone())
        .await
    {
        Ok(id) => leptos_axum::redirect(&format!("/grupper/{id}")),
        Err(AppError::Invalid(problem)) => {
            crate::flash::send_back(form, problem, "", "/anmalan#fel").await?;
        }
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// An owner adds a unit group (an enhet) to the organisation, led by the owner or by a
/// process leader invited by address, who then completes the unit's details.
#[server(endpoint = "groups/create-unit")]
pub async fn create_unit_group(organisation_id: String, unit: UnitFields) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let organisation = crate::ports::id(&organisation_id)?;
    let form = UnitGroupForm::from(unit);
    let created = crate::ports::services()?
        .groups
        .create_unit_group(&actor, organisation, form.clone())
        .await;
    match created {
        Ok((id, None)) => leptos_axum::redirect(&format!("/grupper/{id}")),
        Ok((id, Some(results))) => {
            crate::features::invitations::api::show_invite_results(id, &results).await?;
        }
        Err(AppError::Invalid(problem)) => {
            let scope = super::types::new_unit_scope(organisation);
            let back = format!("/organisationer/{organisation}#ny-enhet");
            crate::flash::send_back(form, problem, &scope, &back).await?;
        }
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// A unit's process leader (or an owner) corrects the unit's name, school forms and code.
#[server(endpoint = "groups/update-unit")]
pub async fn update_unit(group_id: String, unit: UnitFields) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group = crate::ports::id(&group_id)?;
    let form = UnitGroupForm {
        leader_email: String::new(),
        ..unit.into()
    };
    let saved = crate::ports::services()?
        .groups
        .update_unit(&actor, group, form.clone())
        .await;
    if let Err(AppError::Invalid(problem)) = saved {
        let back = format!("/grupper/{group}#uppgifter");
        return crate::flash::send_back(form, problem, &super::types::unit_scope(group), &back)
            .await;
    }
    crate::error::with_status(saved)?;
    leptos_axum::redirect(&format!("/grupper/{group}?sparad=1#uppgifter"));
    Ok(())
}

#[server(endpoint = "groups/remove-member")]
pub async fn remove_member(group_id: String, member_id: String) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let (group, member) = (crate::ports::id(&group_id)?, crate::ports::id(&member_id)?);
    match crate::ports::services()?
        .groups
        .remove_member(&actor, group, member)
        .await
    {
        Ok(()) => leptos_axum::redirect(&format!("/grupper/{group}?borttagen=1#medlemmar")),
        Err(AppError::NotFound) if crate::ports::back_with_stale_notice("medlemmar") => {}
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

#[server(endpoint = "groups/leave")]
pub async fn leave_group(group_id: String) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group = crate::ports::id(&group_id)?;
    match crate::ports::services()?.groups.leave(&actor, group).await {
        Ok(()) => leptos_axum::redirect("/mina-grupper"),
        Err(AppError::Invalid(_)) => {
            leptos_axum::redirect(&format!("/grupper/{group}?fel=sista#medlemmar"))
        }
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}
