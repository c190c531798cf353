//! Plain axum routes beside the Leptos pages: health checks, the language switch and films.

pub mod films;
pub mod health;
pub mod language;
