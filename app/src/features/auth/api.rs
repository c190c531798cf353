//! Server functions for signing in and out. They work as plain form posts, so they need no
//! JavaScript: each one ends by redirecting to the page that shows the outcome.

use super::types::SignedInUser;
use crate::error::AppError;
use leptos::prelude::*;

/// Sends a sign-in link, then shows "check your e-mail". A malformed address returns to the
/// form with what was typed and a message. The address travels in a flash, never the URL.
#[server(endpoint = "auth/request")]
pub async fn request_sign_in(email: String) -> Result<(), AppError> {
    use super::types::{SignInForm, SignInProblem, SignInSent};
    use crate::ports::{actor, services};
    let typed = email.trim().to_string();
    let problem = match services()?.auth.request_sign_in(&actor(), &typed).await {
        Ok(()) => {
            crate::flash::put(&SignInSent { email: typed }).await?;
            leptos_axum::redirect("/logga-in/skickat");
            return Ok(());
        }
        Err(AppError::Invalid(_)) => SignInProblem::Address,
        Err(AppError::RateLimited) => SignInProblem::TooMany,
        Err(error) => return crate::error::with_status(Err(error)),
    };
    crate::flash::put(&SignInForm {
        email: typed,
        problem,
    })
    .await?;
    leptos_axum::redirect("/logga-in#epost");
    Ok(())
}

/// Spends the link's token and starts a session; a used or expired link says so.
#[server(endpoint = "auth/confirm")]
pub async fn confirm_sign_in(token: String) -> Result<(), AppError> {
    use crate::ports::{actor, services, set_cookie};
    match services()?.auth.confirm_sign_in(&actor(), &token).await {
        Ok(cookie) => {
            set_cookie(&cookie);
            leptos_axum::redirect("/mina-grupper");
            Ok(())
        }
        Err(AppError::NotFound) => {
            leptos_axum::redirect("/logga-in?fel=lanken");
            Ok(())
        }
        Err(error) => crate::error::with_status(Err(error)),
    }
}

#[server(endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::ports::{actor, services, set_cookie};
    let cookie = services()?.auth.sign_out(&actor()).await?;
    set_cookie(&cookie);
    crate::ports::clear_browser_storage();
    leptos_axum::redirect("/logga-in?utloggad=1");
    Ok(())
}

/// Ends every session of this person, for a lost or shared device.
#[server(endpoint = "auth/sign-out-everywhere")]
pub async fn sign_out_everywhere() -> Result<(), AppError> {
    use crate::ports::{actor, services, set_cookie};
    let cookie = services()?.auth.sign_out_everywhere(&actor()).await?;
    set_cookie(&cookie);
    crate::ports::clear_browser_storage();
    leptos_axum::redirect("/logga-in?utloggad=alla");
    Ok(())
}

/// Who is signed in, if anyone.
#[server(endpoint = "auth/me")]
pub async fn current_user() -> Result<Option<SignedInUser>, AppError> {
    Ok(crate::ports::actor().user)
}

/// Percent-encodes a query value.
#[cfg(feature = "ssr")]
pub fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
