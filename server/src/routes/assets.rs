//! `/pkg`: the stylesheet and the islands' JS and wasm, served straight from the site's `pkg`
//! folder with their precompressed copies (brotli, gzip), ahead of the Leptos fallback. A name
//! carrying its content's hash (`verkstad.<hash>.css`, written by `make site`) never changes
//! meaning, so browsers keep it a year without asking; an unhashed name (the files of a first
//! `make run` before `hash.txt` names them) is revalidated on every use.

use axum::{
    Router,
    extract::Request,
    http::{HeaderValue, header},
    middleware::{self, Next},
    response::Response,
};
use std::path::Path;
use tower_http::services::ServeDir;

pub fn router<S: Clone + Send + Sync + 'static>(site_root: &Path) -> Router<S> {
    let files = ServeDir::new(site_root.join("pkg"))
        .precompressed_br()
        .precompressed_gzip();
    Router::new()
        .nest_service("/pkg", files)
        .layer(middleware::from_fn(cache_headers))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_hashed(req.uri().path());
    let mut response = next.run(req).await;
    if response.status().is_success() || response.status().as_u16() == 304 {
        let headers = response.headers_mut();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(if hashed {
                "public, max-age=31536000, immutable"
            } else {
                "no-cache"
            }),
        );
        // The same address answers brotli, gzip or plain depending on the request.
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

/// Whether the file name is `<name>.<16 hex digits>.<extension>`.
fn is_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3 && parts[1].len() == 16 && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_a_hashed_name() {
        assert!(super::is_hashed("/pkg/verkstad.0123456789abcdef.css"));
        assert!(!super::is_hashed("/pkg/verkstad.css"));
        assert!(!super::is_hashed("/pkg/verkstad.0123.css"));
    }
}
