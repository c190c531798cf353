//! Server functions for organisations and groups: check who is signed in, call the `Groups`
//! service (which scopes every query to them), and answer forms with a redirect.

// A plain form sends each school-form checkbox as a field of its own, and the server macro
// generates client code that clippy sees with all of them as arguments.
#![allow(clippy::too_many_arguments)]

use super::types::{GroupHome, GroupSummary, OrganisationOverview, PlatformPage};
use crate::{error::AppError, i18n::Locale};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
async fn user_or_sign_in() -> Result<Option<crate::features::auth::types::SignedInUser>, AppError> {
    let user = crate::ports::signed_in().await?;
    if user.is_none() {
        leptos_axum::redirect("/logga-in");
    }
    Ok(user)
}

#[server(endpoint = "groups/mine")]
pub async fn my_groups() -> Result<Option<Vec<GroupSummary>>, AppError> {
    match crate::ports::signed_in().await? {
        Some(user) => Ok(Some(
            crate::ports::services()?.groups.my_groups(&user).await?,
        )),
        None => Ok(None),
    }
}

#[server(endpoint = "groups/get")]
pub async fn get_group(id: String, locale: Locale) -> Result<Option<GroupHome>, AppError> {
    let Some(user) = crate::ports::signed_in().await? else {
        return Ok(None);
    };
    crate::error::with_status(
        crate::ports::services()?
            .groups
            .group(&user, &id, locale)
            .await,
    )
    .map(Some)
}

#[server(endpoint = "groups/organisation")]
pub async fn get_organisation(id: String) -> Result<Option<OrganisationOverview>, AppError> {
    let Some(user) = crate::ports::signed_in().await? else {
        return Ok(None);
    };
    crate::error::with_status(
        crate::ports::services()?
            .groups
            .organisation(&user, &id)
            .await,
    )
    .map(Some)
}

/// The platform overview, for platform administrators; anyone else, signed in or not, gets
/// 404, so the page does not even admit to existing.
#[server(endpoint = "groups/platform")]
pub async fn platform_overview(page: Option<u32>) -> Result<PlatformPage, AppError> {
    let Some(user) = crate::ports::signed_in().await? else {
        return crate::error::with_status(Err(AppError::NotFound));
    };
    crate::error::with_status(
        crate::ports::services()?
            .groups
            .platform(&user, page.unwrap_or(1), &crate::ports::client_ip())
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
    let Some(user) = user_or_sign_in().await? else {
        return Ok(());
    };
    let form = Registration {
        your_name: your_name.clone(),
        organisation: organisation.clone(),
        kind: kind.clone().unwrap_or_default(),
        also_unit: also_unit.is_some(),
    };
    match crate::ports::services()?
        .groups
        .register(&user, form, &crate::ports::client_ip())
        .await
    {
        Ok(id) => leptos_axum::redirect(&format!("/grupper/{id}")),
        Err(AppError::Validation(field)) => leptos_axum::redirect(&format!(
            "/anmalan?fel={field}&namn={}&organisation={}&typ={}{}",
            encode(&your_name),
            encode(&organisation),
            encode(&kind.unwrap_or_default()),
            if also_unit.is_some() { "&enhet=1" } else { "" }
        )),
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// The school-form checkboxes a plain form sends, as slugs.
#[cfg(feature = "ssr")]
fn unit_form(
    name: &str,
    school_unit_code: &str,
    boxes: [Option<String>; 5],
    leader_email: &str,
) -> super::types::UnitGroupForm {
    super::types::UnitGroupForm {
        name: name.to_string(),
        school_forms: super::types::SCHOOL_FORMS
            .iter()
            .zip(boxes)
            .filter(|(_, on)| on.is_some())
            .map(|(form, _)| form.to_string())
            .collect(),
        school_unit_code: school_unit_code.to_string(),
        leader_email: leader_email.to_string(),
    }
}

/// An owner adds a unit group (an enhet) to the organisation, led by the owner or by a
/// process leader invited by address, who then completes the unit's details.
#[server(endpoint = "groups/create-unit")]
pub async fn create_unit_group(
    organisation_id: String,
    name: String,
    school_unit_code: String,
    forskola: Option<String>,
    grundskola: Option<String>,
    gymnasieskola: Option<String>,
    fritidshem: Option<String>,
    anpassad_skola: Option<String>,
    leader_email: Option<String>,
    locale: Option<Locale>,
) -> Result<(), AppError> {
    let Some(user) = user_or_sign_in().await? else {
        return Ok(());
    };
    let leader_email = leader_email.unwrap_or_default();
    let boxes = [
        forskola,
        grundskola,
        gymnasieskola,
        fritidshem,
        anpassad_skola,
    ];
    let form = unit_form(&name, &school_unit_code, boxes, &leader_email);
    let school_forms = form.school_forms.clone();
    let back = format!("/organisationer/{}", encode(&organisation_id));
    let services = crate::ports::services()?;
    let client = crate::ports::client_ip();
    let locale = locale.unwrap_or_default();
    match services
        .groups
        .create_unit_group(&user, &organisation_id, form, locale, &client)
        .await
    {
        Ok((id, None)) => leptos_axum::redirect(&format!("/grupper/{id}")),
        Ok((id, Some(results))) => {
            crate::features::invitations::api::show_invite_results(&id, &results).await?;
        }
        Err(AppError::Validation(field)) => leptos_axum::redirect(&format!(
            "{back}?fel={field}&namn={}&kod={}&former={}&ledare={}#ny-enhet",
            encode(&name),
            encode(&school_unit_code),
            encode(&school_forms.join(",")),
            encode(&leader_email)
        )),
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

/// A unit's process leader (or an owner) corrects the unit's name, school forms and code.
#[server(endpoint = "groups/update-unit")]
pub async fn update_unit(
    group_id: String,
    name: String,
    school_unit_code: String,
    forskola: Option<String>,
    grundskola: Option<String>,
    gymnasieskola: Option<String>,
    fritidshem: Option<String>,
    anpassad_skola: Option<String>,
) -> Result<(), AppError> {
    let Some(user) = user_or_sign_in().await? else {
        return Ok(());
    };
    let boxes = [
        forskola,
        grundskola,
        gymnasieskola,
        fritidshem,
        anpassad_skola,
    ];
    let form = unit_form(&name, &school_unit_code, boxes, "");
    let school_forms = form.school_forms.clone();
    let back = format!("/grupper/{}", encode(&group_id));
    match crate::ports::services()?
        .groups
        .update_unit(&user, &group_id, form, &crate::ports::client_ip())
        .await
    {
        Ok(()) => leptos_axum::redirect(&format!("{back}?sparad=1#uppgifter")),
        Err(AppError::Validation(field)) => leptos_axum::redirect(&format!(
            "{back}?fel={field}&namn={}&kod={}&former={}#uppgifter",
            encode(&name),
            encode(&school_unit_code),
            encode(&school_forms.join(","))
        )),
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

#[cfg(feature = "ssr")]
use crate::features::auth::api::encode;

#[server(endpoint = "groups/remove-member")]
pub async fn remove_member(group_id: String, member_id: String) -> Result<(), AppError> {
    let Some(user) = user_or_sign_in().await? else {
        return Ok(());
    };
    match crate::ports::services()?
        .groups
        .remove_member(&user, &group_id, &member_id, &crate::ports::client_ip())
        .await
    {
        Ok(()) => leptos_axum::redirect(&format!(
            "/grupper/{}?borttagen=1#medlemmar",
            encode(&group_id)
        )),
        Err(AppError::NotFound) if crate::ports::back_with_stale_notice("medlemmar") => {}
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}

#[server(endpoint = "groups/leave")]
pub async fn leave_group(group_id: String) -> Result<(), AppError> {
    let Some(user) = user_or_sign_in().await? else {
        return Ok(());
    };
    match crate::ports::services()?
        .groups
        .leave(&user, &group_id, &crate::ports::client_ip())
        .await
    {
        Ok(()) => leptos_axum::redirect("/mina-grupper"),
        Err(AppError::Validation(_)) => leptos_axum::redirect(&format!(
            "/grupper/{}?fel=sista#medlemmar",
            encode(&group_id)
        )),
        Err(error) => return crate::error::with_status(Err(error)),
    }
    Ok(())
}
