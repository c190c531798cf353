//! Storing and taking the flash a form leaves for the page it returns to (the protocol itself
//! is `crate::flash_form`). A server function `put`s a value of the form's own type; the page
//! `take`s it once while rendering. The value travels through the server (`ports::Flashes`),
//! never the URL, so addresses and long texts stay out of logs, history and Referer headers,
//! and it works for someone not signed in. Problems are typed per field, so pages match on
//! enums, not strings.

pub use crate::flash_form::{FlashForm, Returned};

/// Leaves `value` for the page the server function redirects to.
#[cfg(feature = "ssr")]
pub async fn put<T: FlashForm>(value: &T) -> Result<(), crate::error::AppError> {
    put_for(value, "").await
}

/// Like `put`, for one of several forms of a kind on different pages (`scope` is e.g. the
/// group's id): a flash left on one group's page is not shown on another's.
#[cfg(feature = "ssr")]
pub async fn put_for<T: FlashForm>(value: &T, scope: &str) -> Result<(), crate::error::AppError> {
    use crate::ports::{actor, services, set_cookie};
    let payload = serde_json::to_string(value).map_err(|error| {
        tracing::error!(%error, form = T::FORM, "a flash could not be written");
        crate::error::AppError::Internal {
            ref_id: "flash".into(),
        }
    })?;
    let form = key::<T>(scope);
    if let Some(cookie) = services()?.flashes.put(&actor(), &form, payload).await? {
        set_cookie(&cookie);
    }
    Ok(())
}

/// Returns a form to its page (`to`) with what was typed and what to fix: the flash under
/// `scope`, then the redirect.
#[cfg(feature = "ssr")]
pub async fn send_back<T>(
    typed: T,
    problem: crate::error::Invalid,
    scope: &str,
    to: &str,
) -> Result<(), crate::error::AppError>
where
    Returned<T>: FlashForm,
{
    put_for(&Returned { typed, problem }, scope).await?;
    leptos_axum::redirect(to);
    Ok(())
}

/// The value a form left for this page, once; `None` when there is none (or it cannot be
/// read, e.g. after a change of its type). In the browser there is never one: pages render
/// on the server.
pub async fn take<T: FlashForm>() -> Option<T> {
    take_for("").await
}

/// Like `take`, for the flash `put_for` left under `scope`.
pub async fn take_for<T: FlashForm>(_scope: &str) -> Option<T> {
    #[cfg(feature = "ssr")]
    {
        let services = crate::ports::services().ok()?;
        let payload = services
            .flashes
            .take(&crate::ports::actor(), &key::<T>(_scope))
            .await
            .ok()??;
        serde_json::from_str(&payload).ok()
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// The name a flash is stored under: the form's, and its scope if it has one.
#[cfg(feature = "ssr")]
fn key<T: FlashForm>(scope: &str) -> String {
    if scope.is_empty() {
        T::FORM.to_string()
    } else {
        format!("{}:{scope}", T::FORM)
    }
}
