//! Plain axum routes beside the Leptos pages: static assets, health checks, the language
//! switch, films, document downloads, calendar feeds and files, and the test-only routes.

pub mod assets;
pub mod calendar;
pub mod clock;
pub mod exports;
pub mod films;
pub mod health;
pub mod language;
