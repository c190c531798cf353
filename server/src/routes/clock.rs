//! `POST /_test/clock`: moves the server's clock forward so browser tests can see links and
//! invitations expire. Mounted only when `test_clock` is on, which production refuses.

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
