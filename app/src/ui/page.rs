//! The scaffolding every page that loads data shares: loading text, the error page with its
//! status, and loading exactly once per request.

use crate::{error::AppError, features::system::ErrorPage, i18n::*};
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
