//! `/filmer/{name}`: videos and caption files from `content/films`, with byte ranges so
//! players can seek. Only files the content names are served.

use crate::state::AppState;
use axum::{
    body::Body,
    extract::{Path, Request, State},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

pub async fn serve(
    State(state): State<AppState>,
    Path(name): Path<String>,
    req: Request<Body>,
) -> Response {
    let Some(path) = state.content.media_file(&name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match ServeFile::new(path).oneshot(req).await {
        Ok(response) => {
            let mut response = response.into_response();
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=3600"),
            );
            response
        }
        Err(error) => {
            tracing::error!(%error, file = %name, "could not serve a film file");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
