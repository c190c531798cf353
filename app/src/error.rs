//! `AppError`: the one error users may see. Messages are plain Swedish with no internals; the
//! pages show each kind in the reader's language, and `Internal` carries only a reference id
//! that support can find in the server log.

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Sidan finns inte.")]
    NotFound,
    #[error("Du har inte behörighet till det här.")]
    Forbidden,
    #[error("Något av det du skrev behöver rättas: {0}")]
    Validation(String),
    #[error("Någon annan har ändrat samma sak. Jämför och välj vad som ska gälla.")]
    Conflict,
    #[error("Något gick fel hos oss. Referens: {ref_id}")]
    Internal { ref_id: String },
    #[error("Du har försökt många gånger på kort tid. Vänta en stund och försök igen.")]
    RateLimited,
    /// The request never reached the server or its answer could not be read.
    #[error("Kunde inte nå servern. Kontrollera uppkopplingen och försök igen.")]
    Unreachable,
}

impl AppError {
    /// The HTTP status this error is served with.
    pub fn status(&self) -> u16 {
        match self {
            AppError::NotFound => 404,
            AppError::Forbidden => 403,
            AppError::Validation(_) => 422,
            AppError::Conflict => 409,
            AppError::Internal { .. } => 500,
            AppError::RateLimited => 429,
            AppError::Unreachable => 503,
        }
    }
}

/// Sets the status of the response being rendered or answered; does nothing in the browser.
pub fn set_http_status(_code: u16) {
    #[cfg(feature = "ssr")]
    if let (Some(response), Ok(status)) = (
        leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
        http::StatusCode::from_u16(_code),
    ) {
        response.set_status(status);
    }
}

/// Gives a failed server function the HTTP status of its error (404, 403, …), not a bare 500.
pub fn with_status<T>(result: Result<T, AppError>) -> Result<T, AppError> {
    if let Err(error) = &result {
        set_http_status(error.status());
    }
    result
}

/// What a request that could not be read is told, in both languages: it never came from one
/// of our own forms, so there is no page of the reader's to show it on.
pub const UNREADABLE: &str =
    "Uppgifterna i begäran kunde inte läsas. / The request could not be read.";

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Response(_) => AppError::Unreachable,
            // Decoding problems mean the request was malformed: say so without echoing it, and
            // answer 400 (on the server, where the response is being built), never 500.
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::MissingArg(_) => {
                set_http_status(400);
                AppError::Validation(UNREADABLE.into())
            }
            _ => AppError::Internal {
                ref_id: "okänd".into(),
            },
        }
    }
}
