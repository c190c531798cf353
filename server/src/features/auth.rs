//! Signing in by e-mailed link, and the database sessions that follow.

mod mail;
mod service;

pub use service::AuthService;
pub(crate) use service::{create_user, start_session};
