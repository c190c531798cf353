//! The test-only routes, mounted only when `test_clock` is on (which production refuses):
//! `POST /_test/clock` moves the server's clock forward so browser tests can see links and
//! invitations expire; `GET /_test/queries` says how many statements the database has run.

use crate::clock::Clock;
use axum::{Form, extract::State, http::StatusCode};
use serde::Deserialize;

#[derive(Deserialize)]
pub struct Advance {
    seconds: i64,
}

/// At most a year at a time, and never backwards: expiry rules assume time only grows.
pub async fn advance(State(clock): State<Clock>, Form(form): Form<Advance>) -> StatusCode {
    if !(1..=366 * 24 * 3600).contains(&form.seconds) {
        return StatusCode::UNPROCESSABLE_ENTITY;
    }
    clock.advance(chrono::Duration::seconds(form.seconds));
    tracing::warn!(seconds = form.seconds, "test clock moved forward");
    StatusCode::NO_CONTENT
}

/// The number of statements run so far, as plain text: read before and after a page.
pub async fn queries(State(count): State<crate::db::QueryCount>) -> String {
    count.get().to_string()
}
