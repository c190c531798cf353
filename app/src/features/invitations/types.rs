//! What invitation pages show.

use serde::{Deserialize, Serialize};

/// What became of one pasted address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InviteOutcome {
    Invited,
    /// A pending invitation existed: a new link was sent and the old one stopped working.
    Resent,
    AlreadyMember,
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteResult {
    pub email: String,
    pub outcome: InviteOutcome,
}

/// An invitation the process leader follows on the group page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingInvitation {
    pub id: String,
    pub email: String,
    pub expired: bool,
    /// The last day the link works (UTC).
    pub expires_on: crate::features::workshop::types::Date,
    pub send_count: i32,
    /// Invited to lead the group, not only to take part.
    pub as_leader: bool,
}

/// An invitation waiting for the signed-in person, offered on "Mina grupper".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyInvitation {
    pub id: String,
    pub group: String,
    pub organisation: String,
    pub invited_by: String,
    pub as_leader: bool,
    /// The last day it can be accepted (UTC).
    pub expires_on: crate::features::workshop::types::Date,
}

/// What the invited person sees when opening the link.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InvitationView {
    pub group: String,
    pub organisation: String,
    pub invited_by: String,
    pub email: String,
    pub expired: bool,
    /// Whether an account exists for the invited address: then the person signs in with a
    /// link of their own, and the link never signs anyone in.
    pub has_account: bool,
    /// The address of whoever is signed in in this browser, if anyone.
    pub signed_in_as: Option<String>,
}

/// What the invitation box comes back with: the addresses still to fix (those that could not
/// be used, or all of them when nothing was sent). Personal data, so it comes through a flash
/// scoped to the group, never the URL; the counts, which are not, stay in the query string.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InviteForm {
    pub addresses: String,
}

impl crate::flash_form::FlashForm for InviteForm {
    const FORM: &'static str = "invite";
}

/// The name a newcomer typed when accepting an invitation, sent back when it needs fixing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Joining {
    pub name: String,
}

impl crate::flash_form::FlashForm for crate::flash_form::Returned<Joining> {
    const FORM: &'static str = "join";
}
