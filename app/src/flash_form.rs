//! The typed protocol between a form and the page it returns to: "what happened, what was
//! wrong, what you typed". Each form's own type names its flash; problems are typed per field,
//! so pages match on enums, not strings. A leaf module: the features' DTOs implement
//! `FlashForm` without reaching the ports (`crate::flash` stores and takes them).

use serde::{Deserialize, Serialize, de::DeserializeOwned};

/// A form sent back to be fixed: what was typed, and what was wrong with it. A form's own
/// type `T` makes it a flash with `impl FlashForm for Returned<T>`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Returned<T> {
    pub typed: T,
    pub problem: crate::error::Invalid,
}

/// A form's flash: its type names the form.
pub trait FlashForm: Serialize + DeserializeOwned {
    /// The form's name in storage, unique among forms.
    const FORM: &'static str;
}
