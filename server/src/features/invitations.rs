//! Invitations by e-mail: sending, reminding, resending, revoking and accepting them.

mod mail;
mod reminders;
mod service;

pub use reminders::remind_due;
pub use service::{InvitationService, split_addresses};
