//! E-mail: a `Mailer` with three transports (SMTP, `.eml` files, memory) and the outbox that
//! delivers every mail at least once, with retries, through whichever transport is configured.

pub mod mailer;
pub mod outbox;
pub mod templates;

pub use mailer::{Mailer, SendError};
pub use outbox::NewMail;
