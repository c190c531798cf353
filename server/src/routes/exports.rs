//! Downloads of documents: `…/ladda-ner/{format}` after a finalised version, a unit group's
//! kvalitetsrapport and the huvudman's compiled report. Plain GET routes (a download changes
//! nothing but the audit log), behind the same actor resolution as the pages.

use crate::{
    error::ServerError,
    features::exports::{File, Format, What},
    state::AppState,
};
use app::{
    error::AppError,
    i18n::td_string,
    ports::{Actor, CycleId, GroupId, OrganisationId},
};
use axum::{
    Extension,
    extract::{Path, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

/// The routes, as the access sweep reads them.
pub const PATHS: [&str; 4] = [
    "/grupper/{id}/steg/{number}/dokument/{version}/ladda-ner/{format}",
    "/grupper/{id}/kvalitetsrapport/{format}",
    "/organisationer/{id}/helhet/rapport/{format}",
    "/grupper/{id}/ar/{cycle}/kvalitetsrapport/{format}",
];

pub async fn version(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path((group, number, version, format)): Path<(String, String, String, String)>,
) -> Response {
    let what = (|| {
        Ok::<_, AppError>(What::Version {
            group: group.parse::<GroupId>()?,
            number: number.parse().map_err(|_| AppError::NotFound)?,
            version: version.parse().map_err(|_| AppError::NotFound)?,
        })
    })();
    download(&state, &actor, what, &format).await
}

pub async fn report(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path((group, format)): Path<(String, String)>,
) -> Response {
    let what = group
        .parse::<GroupId>()
        .map(|group| What::Report { group, year: None });
    download(&state, &actor, what, &format).await
}

/// The kvalitetsrapport of one of the group's closed years.
pub async fn past_report(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path((group, cycle, format)): Path<(String, String, String)>,
) -> Response {
    let what = group.parse::<GroupId>().and_then(|group| {
        Ok(What::Report {
            group,
            year: Some(cycle.parse::<CycleId>()?),
        })
    });
    download(&state, &actor, what, &format).await
}

pub async fn compiled(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path((organisation, format)): Path<(String, String)>,
) -> Response {
    let what = organisation
        .parse::<OrganisationId>()
        .map(|organisation| What::Compiled { organisation });
    download(&state, &actor, what, &format).await
}

async fn download(
    state: &AppState,
    actor: &Actor,
    what: Result<What, AppError>,
    format: &str,
) -> Response {
    let locale = actor.locale;
    if actor.user.is_none() {
        // Signed out (or the session ended): sign in, then follow the link again.
        return Redirect::to("/logga-in").into_response();
    }
    let (Ok(what), Some(format)) = (what, Format::from_slug(format)) else {
        return message(StatusCode::NOT_FOUND, td_string!(locale, export_not_found));
    };
    match state.exports.make(actor, what, format).await {
        Ok(File {
            name,
            content_type,
            bytes,
        }) => {
            let disposition = format!("attachment; filename=\"{name}\"");
            (
                [
                    (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                    (
                        header::CONTENT_DISPOSITION,
                        HeaderValue::from_str(&disposition)
                            .unwrap_or(HeaderValue::from_static("attachment")),
                    ),
                    // Someone's work: never kept by a shared cache or the browser's.
                    (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
                ],
                bytes,
            )
                .into_response()
        }
        Err(ServerError::NotFound | ServerError::Forbidden) => {
            message(StatusCode::NOT_FOUND, td_string!(locale, export_not_found))
        }
        Err(ServerError::RateLimited) => message(
            StatusCode::TOO_MANY_REQUESTS,
            td_string!(locale, error_rate_limited),
        ),
        Err(ServerError::Conflict) => message(
            StatusCode::CONFLICT,
            td_string!(locale, export_report_waiting),
        ),
        Err(error) => {
            tracing::error!(error = %error, "a document could not be made");
            message(
                StatusCode::INTERNAL_SERVER_ERROR,
                td_string!(locale, export_failed),
            )
        }
    }
}

/// A short page in the reader's language for a download that cannot be made.
fn message(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}
