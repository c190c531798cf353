//! The years' server functions: thin, as everywhere (read the actor, call the port, map
//! errors).

use super::types::{OrganisationYears, YearsPage};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "years/group")]
pub async fn get_group_years(id: String) -> Result<Option<YearsPage>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.years.group_years(&actor, group).await
    })
    .await
}

/// The leader closes the group's year; `move_on = "1"` carries what is not done to the next.
#[server(endpoint = "years/close")]
pub async fn close_year(group_id: String, move_on: Option<String>) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    let back = crate::paths::years_href(&group.to_string());
    let closed = crate::ports::services()?
        .years
        .close(&actor, group, move_on.as_deref() == Some("1"))
        .await;
    // Not done and not carried on: the page asks again, with the choice to carry it on.
    if let Err(AppError::Invalid(crate::error::Invalid::YearNotDone)) = closed {
        leptos_axum::redirect(&format!("{back}?fel=inte-klart#stang"));
        return Ok(());
    }
    crate::error::with_status(closed)?;
    leptos_axum::redirect(&format!("{back}?stangd=1"));
    Ok(())
}

#[server(endpoint = "years/organisation")]
pub async fn get_organisation_years(id: String) -> Result<Option<OrganisationYears>, AppError> {
    let organisation = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services
            .years
            .organisation_years(&actor, organisation)
            .await
    })
    .await
}

/// Owners and the huvudman's process leaders open the next school year.
#[server(endpoint = "years/open")]
pub async fn open_year(organisation_id: String) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let organisation: crate::ports::OrganisationId = crate::ports::id(&organisation_id)?;
    crate::error::with_status(
        crate::ports::services()?
            .years
            .open_next(&actor, organisation)
            .await,
    )?;
    let back = crate::paths::organisation_years_href(&organisation.to_string());
    leptos_axum::redirect(&format!("{back}?oppnat=1"));
    Ok(())
}
