//! `/healthz`: the process is alive. `/readyz`: it can serve (database answers, content loaded,
//! not shutting down).

use crate::state::AppState;
use app::ports::Workshop as _;
use axum::{Json, extract::State, http::StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

pub async fn live() -> &'static str {
    "ok"
}

pub async fn ready(State(state): State<AppState>) -> (StatusCode, Json<Value>) {
    let database = tokio::time::timeout(Duration::from_secs(1), crate::db::is_reachable(&state.db))
        .await
        .unwrap_or(false);
    let content = state.content.is_loaded();
    let draining = state.draining.is_draining();
    let status = if database && content && !draining {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let word = |ok: bool| if ok { "ok" } else { "unavailable" };
    (
        status,
        Json(json!({
            "database": word(database),
            "content": word(content),
            "accepting": word(!draining),
        })),
    )
}
