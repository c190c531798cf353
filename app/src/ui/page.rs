//! The scaffolding pages share: loading exactly once per request with its loading text, the
//! error and "not found" pages with their status (in the reader's language, with a reference
//! id rather than details), and the note for someone who must sign in first.

use crate::{
    error::{AppError, set_http_status},
    i18n::*,
    ui::head::PageTitle,
};
use futures::FutureExt as _;
use leptos::prelude::*;
use std::sync::Arc;

/// Loads a page's data and renders it with `ready`; "Laddar …" meanwhile, and the error page
/// (which sets the response status) if loading fails. The loading future is shared: however
/// often the view around it re-renders, its queries run once. (Pages that awaited their server
/// functions inside the view sometimes ran them twice in one request.) Not a `OnceResource`:
/// under load, about one server render in a few hundred then never finished (the request ran
/// into its 30-second timeout), like leptos-rs/leptos#4851.
pub fn loaded<T, V>(
    load: impl Future<Output = Result<T, AppError>> + Send + 'static,
    ready: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let data = load.boxed().shared();
    let ready = Arc::new(ready);
    view! {
        <Suspense fallback=move || view! { <p>{t!(i18n, loading)}</p> }>
            {move || {
                let ready = ready.clone();
                let data = data.clone();
                Suspend::new(async move {
                    match data.await {
                        Ok(value) => ready(value).into_any(),
                        Err(error) => view! { <ErrorPage error /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Shown to someone who is not signed in.
#[component]
pub fn SignInFirst() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{t!(i18n, sign_in_needed_here)}</p>
        <p><a href="/logga-in">{t!(i18n, sign_in_title)}</a></p>
    }
}

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
        AppError::Invalid(crate::error::Invalid::YearClosed) => {
            t_string!(i18n, error_year_closed).to_string()
        }
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
