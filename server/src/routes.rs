//! Plain axum routes beside the Leptos pages: health checks, the language switch films, and the
//! test clock.

pub mod clock;
pub mod films;
pub mod health;
pub mod language;
