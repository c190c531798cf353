//! Signing in with a link sent by e-mail (no passwords), and signing out.

pub mod api;
pub mod pages;
pub mod types;
