//! What the pages know about the person signed in.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignedInUser {
    /// The user's id (a UUID), as text.
    pub id: String,
    pub email: String,
    pub display_name: String,
    /// A platform administrator (from configuration): sees the platform overview.
    #[serde(default)]
    pub is_admin: bool,
}

/// What the sign-in form comes back with when it could not send a link: the address as it
/// was typed, and what was wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInForm {
    pub email: String,
    pub problem: SignInProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInProblem {
    /// Not an address a link can be sent to.
    Address,
    /// Too many links asked for, for this address or from this network.
    TooMany,
}

impl crate::flash_form::FlashForm for SignInForm {
    const FORM: &'static str = "sign_in";
}

/// "Check your e-mail": the address the link went to, if it can be used here.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SignInSent {
    pub email: String,
}

impl crate::flash_form::FlashForm for SignInSent {
    const FORM: &'static str = "sign_in_sent";
}
