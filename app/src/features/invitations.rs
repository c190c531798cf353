//! Inviting colleagues to a group by e-mail, and accepting an invitation.

pub mod api;
pub mod pages;
pub mod types;
