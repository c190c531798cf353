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
    /// Something in a form needs fixing; the page says what, next to the field.
    #[error("Något av det du skrev behöver rättas.")]
    Invalid(Invalid),
    /// The request could not be read at all: it did not come from one of our forms. The
    /// message is for whoever wrote the script, in both languages.
    #[error("{0}")]
    BadRequest(String),
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
            // A closed year is a state, not something the form got wrong.
            AppError::Invalid(Invalid::YearClosed) => 409,
            AppError::Invalid(_) => 422,
            AppError::BadRequest(_) => 400,
            AppError::Conflict => 409,
            AppError::Internal { .. } => 500,
            AppError::RateLimited => 429,
            AppError::Unreachable => 503,
        }
    }
}

/// What was wrong with a form, typed so that pages choose their message (and mark the field)
/// without matching strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Invalid {
    /// The field is missing, too long or not in the shape it must have.
    Field(Field),
    /// More at once than one form may send (e.g. over 200 addresses).
    TooMany,
    /// The group's last process leader cannot leave it.
    LastLeader,
    /// The step is not open for work: not released, not opened yet, done, or the step before
    /// it has not been opened.
    StepNotOpen,
    /// Marking a step done while some of its tasks are not agreed: asked to confirm first.
    TasksNotAgreed,
    /// Agreeing a whole task while some of its fields have no group answer.
    AnswersMissing,
    /// A change in a year the group's leader has closed: it can be read, not changed.
    YearClosed,
    /// Closing a year before step 5 is done, without choosing to carry the rest on (or with
    /// no next year to carry it to yet).
    YearNotDone,
}

/// The fields forms can get wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Field {
    /// An e-mail address (signing in).
    Email,
    /// A person's own name (registering, accepting an invitation).
    YourName,
    /// The organisation's name.
    Organisation,
    /// Kommunal or enskild.
    Kind,
    /// A unit's name.
    UnitName,
    /// A unit's eight-digit code.
    SchoolUnitCode,
    /// The address of a unit's process leader.
    LeaderEmail,
    /// A meeting's day: a date in the cycle's school year.
    Day,
    /// A time of day, `HH:MM`.
    Time,
    /// A meeting's length in minutes.
    Length,
    /// A meeting's place or video link.
    Place,
    /// A weekday for the group's usual meetings.
    Weekday,
    /// The organisation's holiday weeks.
    Holidays,
}

impl From<Field> for AppError {
    fn from(field: Field) -> Self {
        AppError::Invalid(Invalid::Field(field))
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
                AppError::BadRequest(UNREADABLE.into())
            }
            _ => AppError::Internal {
                ref_id: "okänd".into(),
            },
        }
    }
}
