//! The HTTP layers around every route, in one place. Order matters and is explained inline.

use crate::config::Config;
use axum::{
    Router,
    body::Body,
    extract::Request,
    http::{HeaderName, HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use rand::RngCore as _;
use std::{any::Any, sync::Arc, time::Duration};
use tower::ServiceBuilder;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::CompressionLayer,
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The per-request CSP nonce, shared with the renderer so hydration scripts carry it.
#[derive(Clone, Debug)]
pub struct CspNonce(pub Arc<str>);

pub fn apply(router: Router, config: &Config) -> Router {
    let trusted: Arc<[ipnet::IpNet]> = config.trusted_networks().into();
    let allowed_origin = config
        .public_url
        .as_ref()
        .map(|u| u.trim_end_matches('/').to_string());
    // HSTS only where the public address is https; on plain http browsers ignore it anyway.
    let hsts = allowed_origin
        .as_deref()
        .is_some_and(|origin| origin.starts_with("https://"))
        .then(|| {
            header_layer(
                header::STRICT_TRANSPORT_SECURITY,
                "max-age=31536000; includeSubDomains",
            )
        });
    router
        // Innermost first: these see the request last and the response first.
        .layer(middleware::from_fn(content_security_policy))
        .layer(middleware::from_fn(move |req, next| {
            client_ip(trusted.clone(), req, next)
        }))
        .layer(middleware::from_fn(move |req, next| {
            check_origin(allowed_origin.clone(), req, next)
        }))
        // Inside the body-wrapping layers below, where the response body is still axum's own.
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(config.request_timeout_seconds),
        ))
        .layer(
            ServiceBuilder::new()
                // A request id for every request, on the tracing span and echoed in the response.
                .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
                .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                    let id = req.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
                    // The route's template, never the path: paths carry sign-in and invitation
                    // tokens, and every line logged during the request would carry them too.
                    tracing::info_span!("request", method = %req.method(), route = %route(req), request_id = %id)
                }))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                // A panic becomes a plain 500 page; the detail goes to the log only.
                .layer(CatchPanicLayer::custom(panic_response))
                .layer(RequestBodyLimitLayer::new(config.body_limit_bytes))
                // Static files are served precompressed; this covers HTML and server functions.
                .layer(CompressionLayer::new())
                .option_layer(hsts)
                .layer(header_layer(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .layer(header_layer(header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
                .layer(header_layer(header::X_FRAME_OPTIONS, "DENY"))
                .layer(header_layer(
                    HeaderName::from_static("cross-origin-opener-policy"),
                    "same-origin",
                ))
                .layer(header_layer(
                    HeaderName::from_static("permissions-policy"),
                    "camera=(), microphone=(), geolocation=(), interest-cohort=()",
                )),
        )
}

/// The route a request matched, as its template (`/logga-in/{token}`): what logs may name.
fn route(req: &Request) -> &str {
    req.extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("(no route)", |path| path.as_str())
}

/// Puts the client's address on the request for server functions (audit log, rate limits):
/// the socket peer, or, when the peer is a trusted proxy, the address it forwarded.
async fn client_ip(trusted: Arc<[ipnet::IpNet]>, mut req: Request<Body>, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let ip = peer
        .map(|peer| {
            let forwarded = req
                .headers()
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect::<Vec<_>>()
                .join(",");
            client_address(peer, &forwarded, &trusted).to_string()
        })
        .unwrap_or_default();
    req.extensions_mut().insert(app::ports::ClientIp(ip));
    next.run(req).await
}

/// What `resolve_actor` reads the cookies with.
#[derive(Clone)]
pub struct ActorResolver {
    pub auth: Arc<crate::features::auth::AuthService>,
    pub flash: Arc<crate::flash::FlashService>,
}

/// Resolves the session cookie once per request into the `Actor` every page and server
/// function reads (`app::ports::actor()`), so nothing downstream parses cookies or asks the
/// database who is signed in again. Runs inside `client_ip`. Only pages and server functions
/// are wrapped: static files and probes never touch the session. If the database cannot say,
/// the request goes on as anonymous and the failure is logged: a page that needs the database
/// then fails on its own, with its own message.
pub async fn resolve_actor(
    axum::extract::State(resolver): axum::extract::State<ActorResolver>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let cookies = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join("; ");
    let client = req
        .extensions()
        .get::<app::ports::ClientIp>()
        .cloned()
        .unwrap_or_default();
    let actor = match resolver.auth.resolve(&cookies, client.clone()).await {
        Ok(actor) => actor,
        Err(error) => {
            tracing::error!(?error, "resolving the session failed");
            app::ports::Actor {
                client: client.clone(),
                unresolved: true,
                ..Default::default()
            }
        }
    };
    let locale = reader_locale(&cookies, req.headers());
    let flash = resolver.flash.key(&cookies, &actor);
    let nobody = actor.user.is_none() && actor.lapsed.is_none();
    req.extensions_mut().insert(app::ports::Actor {
        flash: flash.clone(),
        locale,
        ..actor
    });
    let mut response = next.run(req).await;
    // Flashes are bound to who made them (`FlashService::key`). Signing out (or switching
    // person for an invitation) takes the flash cookie with it, so nothing one person typed
    // waits in the browser for the next. Signing in hands what nobody made here (a save posted
    // after the session cookie was gone) to the one signing in; a lapsed session's text stays
    // its writer's, and comes back when they sign in again.
    let session = resolver.auth.cookie_name();
    match session_cookie_set(&response, session) {
        Some(token) if token.is_empty() => {
            if let Ok(clear) = HeaderValue::from_str(&resolver.flash.clear_cookie()) {
                response.headers_mut().append(header::SET_COOKIE, clear);
            }
        }
        Some(token) if nobody && flash.is_some() => {
            let signed_in = resolver
                .auth
                .resolve(&format!("{session}={token}"), client)
                .await;
            if let Ok(app::ports::Actor {
                user: Some(user), ..
            }) = signed_in
                && let Err(error) = resolver.flash.adopt(&cookies, &user.id).await
            {
                tracing::error!(?error, "handing the flashes to the one signing in failed");
            }
        }
        _ => {}
    }
    response
}

/// The value `response` sets the session cookie to: empty when it signs out, a token when it
/// signs in.
fn session_cookie_set(response: &Response, session_cookie: &str) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next()?.split_once('='))
        .find(|(name, _)| name.trim() == session_cookie)
        .map(|(_, value)| value.trim().to_string())
}

/// The language pages are shown in, as leptos_i18n picks it: the reader's choice (the cookie
/// `POST /sprak` sets), else the first language their browser asks for that we have, else
/// Swedish.
fn reader_locale(cookies: &str, headers: &axum::http::HeaderMap) -> app::i18n::Locale {
    use app::i18n::Locale;
    let known = |tag: &str| -> Option<Locale> {
        let primary = tag
            .trim()
            .split(['-', '_', ';'])
            .next()?
            .to_ascii_lowercase();
        primary.parse().ok()
    };
    let chosen = cookies
        .split(';')
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == crate::routes::language::COOKIE)
        .and_then(|(_, value)| known(value));
    let asked = || {
        let header = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
        let mut tags: Vec<(f32, &str)> = header
            .split(',')
            .map(|part| {
                let mut bits = part.split(';');
                let tag = bits.next().unwrap_or_default();
                let q = bits
                    .find_map(|b| b.trim().strip_prefix("q="))
                    .and_then(|q| q.parse().ok())
                    .unwrap_or(1.0);
                (q, tag)
            })
            .collect();
        // Highest preference first; a stable sort keeps the header's order among equals.
        tags.sort_by(|a, b| b.0.total_cmp(&a.0));
        tags.into_iter().find_map(|(_, tag)| known(tag))
    };
    chosen.or_else(asked).unwrap_or_default()
}

/// Walks `X-Forwarded-For` from the right, past the trusted proxies, to the first address no
/// proxy of ours vouches for. Anything a client wrote further left is its own claim and
/// ignored; from an untrusted peer the header is ignored altogether.
fn client_address(
    peer: std::net::IpAddr,
    forwarded: &str,
    trusted: &[ipnet::IpNet],
) -> std::net::IpAddr {
    let is_trusted = |ip: &std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
    let mut client = peer;
    if !is_trusted(&client) {
        return client;
    }
    for hop in forwarded.rsplit(',') {
        match hop.trim().parse::<std::net::IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

fn header_layer(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

fn panic_response(_: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Något gick fel hos oss. Försök igen om en stund.\nSomething went wrong on our side. Please try again later.\n",
    )
        .into_response()
}

/// A fresh nonce per request: 128 random bits, base64url.
fn new_nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The policy for a nonce. `wasm-unsafe-eval` is the narrow grant the islands' wasm needs.
pub fn csp_for(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}'; connect-src 'self'; img-src 'self' data:; \
         media-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

async fn content_security_policy(mut req: Request, next: Next) -> Response {
    let nonce = new_nonce();
    req.extensions_mut().insert(CspNonce(nonce.as_str().into()));
    let mut response = next.run(req).await;
    if let Ok(value) = HeaderValue::from_str(&csp_for(&nonce)) {
        response
            .headers_mut()
            .entry(header::CONTENT_SECURITY_POLICY)
            .or_insert(value);
    }
    response
}

/// Refuses state-changing requests that a browser says come from another site. Server
/// functions do no such check themselves, so this is what stops cross-site form posts.
async fn check_origin(allowed: Option<String>, req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if safe || is_same_origin(&req, allowed.as_deref()) {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), route = %route(&req), "cross-site request refused");
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "Begäran kom från en annan webbplats och stoppades.\nThe request came from another site and was refused.\n",
    )
        .into_response()
}

fn is_same_origin(req: &Request, allowed: Option<&str>) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        // `none` is a user-initiated navigation (typed address, bookmark).
        return site == "same-origin" || site == "none";
    }
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        // Browsers send Origin on every cross-site POST; a request without it is not a browser's.
        return true;
    };
    match allowed {
        Some(allowed) => origin == allowed,
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, rest)| rest == host)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(headers: &[(&str, &str)]) -> Request {
        let mut builder = Request::builder().method(Method::POST).uri("/sprak");
        for (k, v) in headers {
            builder = builder.header(*k, *v);
        }
        builder.body(Body::empty()).unwrap()
    }

    #[test]
    fn origin_rules() {
        let host = ("host", "127.0.0.1:3000");
        assert!(is_same_origin(
            &post(&[host, ("origin", "http://127.0.0.1:3000")]),
            None
        ));
        assert!(!is_same_origin(
            &post(&[host, ("origin", "https://evil.example")]),
            None
        ));
        assert!(!is_same_origin(
            &post(&[host, ("sec-fetch-site", "cross-site")]),
            None
        ));
        assert!(is_same_origin(
            &post(&[host, ("sec-fetch-site", "same-origin")]),
            None
        ));
        assert!(is_same_origin(
            &post(&[
                ("host", "internal:8080"),
                ("origin", "https://verkstad.example")
            ]),
            Some("https://verkstad.example")
        ));
    }

    #[test]
    fn mail_goes_out_in_the_language_the_reader_sees() {
        use app::i18n::Locale;
        let headers = |accept: &str| {
            let mut map = axum::http::HeaderMap::new();
            map.insert(header::ACCEPT_LANGUAGE, accept.parse().unwrap());
            map
        };
        let none = axum::http::HeaderMap::new();
        assert_eq!(reader_locale("", &none), Locale::sv);
        assert_eq!(reader_locale("", &headers("en-GB,en;q=0.9")), Locale::en);
        // The highest preference we have wins, whatever the order.
        assert_eq!(
            reader_locale("", &headers("de, en;q=0.5, sv;q=0.8")),
            Locale::sv
        );
        assert_eq!(reader_locale("", &headers("fi")), Locale::sv);
        // A choice made on the site beats the browser's.
        assert_eq!(
            reader_locale("a=b; i18n_pref_locale=en", &headers("sv")),
            Locale::en
        );
        assert_eq!(
            reader_locale("i18n_pref_locale=xx", &headers("en")),
            Locale::en
        );
    }

    #[test]
    fn the_forwarded_address_counts_only_from_trusted_proxies() {
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let trusted: Vec<ipnet::IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        // A trusted proxy vouches for the address it saw.
        assert_eq!(
            client_address(ip("10.0.0.5"), "203.0.113.7", &trusted),
            ip("203.0.113.7")
        );
        // A client's own claim further left is ignored; proxies in a chain are skipped.
        assert_eq!(
            client_address(ip("10.0.0.5"), "1.2.3.4, 203.0.113.7, 10.0.0.9", &trusted),
            ip("203.0.113.7")
        );
        // From anyone else the header means nothing.
        assert_eq!(
            client_address(ip("198.51.100.2"), "203.0.113.7", &trusted),
            ip("198.51.100.2")
        );
        assert_eq!(
            client_address(ip("10.0.0.5"), "not an address", &trusted),
            ip("10.0.0.5")
        );
        assert_eq!(client_address(ip("10.0.0.5"), "", &[]), ip("10.0.0.5"));
    }

    #[test]
    fn nonces_differ_and_are_long_enough() {
        let (a, b) = (new_nonce(), new_nonce());
        assert_ne!(a, b);
        assert!(a.len() >= 22);
        assert!(csp_for(&a).contains(&format!("'nonce-{a}'")));
    }
}
