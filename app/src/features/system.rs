//! Pages for when things go wrong: "not found" (status 404) and errors shown in the reader's
//! language, with a reference id rather than details.

use crate::ui::head::PageTitle;
use crate::{
    error::{AppError, set_http_status},
    i18n::*,
};
use leptos::prelude::*;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    set_http_status(404);
    view! {
        <PageTitle text=t_string!(i18n, not_found_title).to_string() />
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_text)}</p>
        <p><a href="/">{t!(i18n, not_found_home)}</a></p>
    }
}

/// A whole page for an error; "not found" gets its own page.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let message = match &error {
        AppError::NotFound => return view! { <NotFound /> }.into_any(),
        AppError::Internal { ref_id } => {
            t_string!(i18n, error_internal, ref_id = ref_id.clone()).to_string()
        }
        AppError::Forbidden => t_string!(i18n, error_forbidden).to_string(),
        AppError::Invalid(_) => t_string!(i18n, error_validation).to_string(),
        AppError::BadRequest(message) => message.clone(),
        AppError::Conflict => t_string!(i18n, error_conflict).to_string(),
        AppError::Unreachable => t_string!(i18n, error_unreachable).to_string(),
        AppError::RateLimited => t_string!(i18n, error_rate_limited).to_string(),
    };
    set_http_status(error.status());
    view! {
        <PageTitle text=t_string!(i18n, error_title).to_string() />
        <h1>{t!(i18n, error_title)}</h1>
        <p role="alert">{message}</p>
    }
    .into_any()
}
