//! `/pkg`: the stylesheet and the islands' JS and wasm, served from memory with their
//! precompressed copies (brotli, gzip) ahead of the Leptos fallback. A name carrying its
//! content's hash (`verkstad.<hash>.css`, written by `make site`) never changes meaning, so it
//! is read from disk once, kept, and cached by browsers for a year; an unhashed name (the
//! files of a first `make run` before `hash.txt` names them) is read afresh each time and
//! revalidated. Reading through a file service cost a tenth of `/healthz`'s throughput. The
//! favicon is served here too (as `/favicon.svg`, and for browsers that ask on their own, as
//! `/favicon.ico`), so that no page's icon costs a session lookup in the Leptos fallback.

use axum::{
    Router,
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};
use std::{
    collections::HashMap,
    path::PathBuf,
    sync::{Arc, RwLock},
};

struct Asset {
    plain: Bytes,
    gzip: Option<Bytes>,
    brotli: Option<Bytes>,
    mime: &'static str,
    hashed: bool,
}

struct Assets {
    folder: PathBuf,
    /// The site's root, where the favicon is.
    root: PathBuf,
    /// Hashed files once read: they never change.
    kept: RwLock<HashMap<String, Arc<Asset>>>,
}

pub fn router<S: Clone + Send + Sync + 'static>(site_root: &std::path::Path) -> Router<S> {
    let assets = Arc::new(Assets {
        folder: site_root.join("pkg"),
        root: site_root.to_path_buf(),
        kept: RwLock::default(),
    });
    Router::new()
        .route("/pkg/{name}", get(serve))
        .route("/favicon.svg", get(favicon))
        .route("/favicon.ico", get(favicon))
        .with_state(assets)
}

/// The site's icon: small, and cached for a day (its name carries no hash).
async fn favicon(State(assets): State<Arc<Assets>>) -> Response {
    match tokio::fs::read(assets.root.join("favicon.svg")).await {
        Ok(icon) => (
            [
                (header::CONTENT_TYPE, "image/svg+xml"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            icon,
        )
            .into_response(),
        Err(_) => StatusCode::NOT_FOUND.into_response(),
    }
}

async fn serve(
    State(assets): State<Arc<Assets>>,
    Path(name): Path<String>,
    headers: HeaderMap,
) -> Response {
    let Some(asset) = assets.get(&name).await else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let accepts = |coding: &str| {
        headers
            .get(header::ACCEPT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|c| c.trim().starts_with(coding)))
    };
    let (body, encoding) = match (&asset.brotli, &asset.gzip) {
        (Some(br), _) if accepts("br") => (br.clone(), Some("br")),
        (_, Some(gz)) if accepts("gzip") => (gz.clone(), Some("gzip")),
        _ => (asset.plain.clone(), None),
    };
    let cache = if asset.hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(asset.mime)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            // The same address answers brotli, gzip or plain depending on the request.
            (header::VARY, HeaderValue::from_static("accept-encoding")),
        ],
        body,
    )
        .into_response();
    if let Some(encoding) = encoding {
        response
            .headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    response
}

impl Assets {
    async fn get(&self, name: &str) -> Option<Arc<Asset>> {
        // Only plain file names of our own: no paths, no hidden files, no compressed copies.
        let plain_name = !name.is_empty()
            && !name.starts_with('.')
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_');
        if !plain_name || name.ends_with(".gz") || name.ends_with(".br") {
            return None;
        }
        if let Some(asset) = self.kept.read().ok()?.get(name) {
            return Some(asset.clone());
        }
        let path = self.folder.join(name);
        let plain = tokio::fs::read(&path).await.ok()?;
        let copy = |suffix: &str| {
            let mut path = path.clone().into_os_string();
            path.push(suffix);
            async move { tokio::fs::read(path).await.ok().map(Bytes::from) }
        };
        let asset = Arc::new(Asset {
            plain: plain.into(),
            gzip: copy(".gz").await,
            brotli: copy(".br").await,
            mime: mime(name),
            hashed: is_hashed(name),
        });
        if asset.hashed
            && let Ok(mut kept) = self.kept.write()
        {
            kept.insert(name.to_string(), asset.clone());
        }
        Some(asset)
    }
}

fn mime(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("wasm") => "application/wasm",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}

/// Whether the file name is `<name>.<16 hex digits>.<extension>`.
fn is_hashed(name: &str) -> bool {
    let parts: Vec<&str> = name.split('.').collect();
    parts.len() == 3 && parts[1].len() == 16 && parts[1].bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    #[test]
    fn knows_a_hashed_name() {
        assert!(super::is_hashed("verkstad.0123456789abcdef.css"));
        assert!(!super::is_hashed("verkstad.css"));
        assert!(!super::is_hashed("verkstad.0123.css"));
    }
}
