//! The calendar's plain routes: a person's feed behind its secret address (no sign-in; the
//! address is the key, and logs name only the route's template), one meeting as an `.ics` file,
//! and the form post that makes a new address and shows it once on the settings page.

use crate::{error::ServerError, state::AppState};
use app::{
    features::calendar::types::FreshFeed,
    i18n::td_string,
    ports::{Actor, GroupId},
};
use axum::{
    Extension,
    body::Body,
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};

/// The routes, as the access sweep reads them (the feed needs no sign-in and is not in it).
pub const PATHS: [&str; 1] = ["/grupper/{id}/kalender/{step}/{number}/ics"];
/// The feed: `/kalender/{token}.ics`.
pub const FEED: &str = "/kalender/{token}";
/// Where the settings page's form posts to make a new address.
pub const NEW_FEED: &str = "/installningar/kalender";

fn calendar_file(body: String, name: &str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/calendar; charset=utf-8"),
            ),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        body,
    )
        .into_response()
}

pub async fn feed(State(state): State<AppState>, Path(token): Path<String>) -> Response {
    let token = token.strip_suffix(".ics").unwrap_or(&token);
    match state.calendar.feed_ics(token).await {
        Ok(Some(body)) => calendar_file(body, "verkstad.ics"),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => {
            tracing::error!(error = %error, "a calendar feed could not be made");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

pub async fn meeting(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path((group, step, number)): Path<(String, String, String)>,
) -> Response {
    let locale = actor.locale;
    if actor.user.is_none() {
        return Redirect::to("/logga-in").into_response();
    }
    let not_found = || {
        (
            StatusCode::NOT_FOUND,
            td_string!(locale, calendar_not_found).to_string(),
        )
            .into_response()
    };
    let (Ok(group), Ok(step), Ok(number)) = (
        group.parse::<GroupId>(),
        step.parse::<u8>(),
        number.parse::<u8>(),
    ) else {
        return not_found();
    };
    match state
        .calendar
        .meeting_ics(&actor, group, step, number)
        .await
    {
        Ok(body) => calendar_file(body, &format!("steg-{step}-mote-{number}.ics")),
        Err(ServerError::NotFound | ServerError::Forbidden) => not_found(),
        Err(error) => {
            tracing::error!(error = %error, "a meeting's calendar file could not be made");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Makes a new calendar address and renders the settings page with it, once: the address is
/// in this response only (never in a redirect, a flash or the database).
pub async fn new_feed(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    mut request: Request,
) -> Response {
    if actor.user.is_none() {
        return Redirect::to("/logga-in").into_response();
    }
    let token = match state.calendar.new_feed(&actor).await {
        Ok(token) => token,
        Err(error) => {
            tracing::error!(error = %error, "a calendar address could not be made");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let url = format!("{}/kalender/{token}.ics", state.base_url);
    *request.uri_mut() = "/installningar".parse().unwrap_or_default();
    *request.method_mut() = axum::http::Method::GET;
    let context = crate::startup::page_context(state.services.clone());
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            context();
            leptos::prelude::provide_context(FreshFeed(url.clone()));
        },
        move || app::shell(options.clone()),
    );
    let mut response = render(request.map(Body::new)).await;
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}
