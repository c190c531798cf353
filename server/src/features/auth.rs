//! Signing in by e-mailed link, and the database sessions that follow.

mod mail;
mod service;

pub use service::AuthService;
pub(crate) use service::start_session;
