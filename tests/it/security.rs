//! The security baseline every response carries, and the requests that are refused.

use integration_tests::{spawn_app, spawn_app_with};

#[tokio::test]
async fn pages_carry_security_headers_and_a_fresh_nonce() {
    let app = spawn_app().await;
    let mut nonces = Vec::new();
    for _ in 0..2 {
        let response = app.get("/huvudman/steg/1").await;
        let headers = response.headers().clone();
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert!(headers.contains_key("x-request-id"));
        let csp = headers["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(!csp.contains("unsafe-inline"), "{csp}");
        let nonce = csp
            .split("'nonce-")
            .nth(1)
            .unwrap()
            .split('\'')
            .next()
            .unwrap()
            .to_string();
        let html = response.text().await.unwrap();
        // Every script with content carries the nonce the header allows (empty ones never run).
        let scripts: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter(|s| !s.starts_with("></script>"))
            .collect();
        assert!(!scripts.is_empty(), "the hydration script is there");
        for script in scripts {
            let tag = script.split('>').next().unwrap();
            assert!(
                tag.contains(&format!(r#"nonce="{nonce}""#)),
                "script without the nonce: <script{tag}>"
            );
        }
        nonces.push(nonce);
    }
    assert_ne!(nonces[0], nonces[1], "a nonce is never reused");
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/sprak"))
        .header("origin", "https://evil.example")
        .form(&[("sprak", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get("set-cookie").is_none());

    let response = app
        .client
        .post(app.url("/api/workshop/step"))
        .header("sec-fetch-site", "cross-site")
        .form(&[("track", "Huvudman"), ("number", "1"), ("locale", "sv")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let big = "x".repeat(300 * 1024);
    let response = app
        .client
        .post(app.url("/sprak"))
        .header("origin", &app.address)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("sprak=en&tillbaka={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn an_unknown_language_gets_a_clear_answer() {
    let app = spawn_app().await;
    let response = app.post_form("/sprak", &[("sprak", "xx")]).await;
    assert_eq!(response.status(), 400);
    assert!(response.text().await.unwrap().contains("Okänt språk"));
}

#[tokio::test]
async fn hsts_is_sent_when_the_site_is_served_over_https() {
    let app = spawn_app().await;
    assert!(
        app.get("/")
            .await
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
    let app = spawn_app_with(|c| c.public_url = Some("https://verkstad.example.se".into())).await;
    let response = app.get("/").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    // Behind a proxy the public origin, not the internal Host, is what a POST must come from.
    let response = app
        .client
        .post(app.url("/sprak"))
        .header("origin", "https://verkstad.example.se")
        .form(&[("sprak", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
}

/// The browser journey moves time with `POST /_test/clock`; a normal server has no such door.
#[tokio::test]
async fn only_a_test_server_lets_anyone_move_its_clock() {
    let app = spawn_app().await;
    let before = app.clock.now();
    let response = app.post_form("/_test/clock", &[("seconds", "86400")]).await;
    assert_eq!(response.status(), 404);
    assert!(app.clock.now() - before < chrono::Duration::hours(1));

    let test_server = spawn_app_with(|config| config.test_clock = true).await;
    let before = test_server.clock.now();
    let response = test_server
        .post_form("/_test/clock", &[("seconds", "86400")])
        .await;
    assert_eq!(response.status(), 204);
    assert!(test_server.clock.now() - before >= chrono::Duration::days(1));
    let backwards = test_server
        .post_form("/_test/clock", &[("seconds", "-60")])
        .await;
    assert_eq!(backwards.status(), 422);
}

/// A handler that panics gives the plain two-language 500 with the request's id in a header,
/// and nothing of the panic itself (quality.md S26). The router here is the real middleware
/// stack around a route that panics, since the app has none.
#[tokio::test]
async fn a_panic_becomes_a_plain_500_without_details() {
    async fn boom() -> &'static str {
        panic!("secret detail 42")
    }
    let router = axum::Router::new().route("/boom", axum::routing::get(boom));
    let config = integration_tests::test_config("sqlite::memory:");
    let app = server::middleware::apply(router, &config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });
    let response = reqwest::get(format!("http://{address}/boom"))
        .await
        .unwrap();
    assert_eq!(response.status(), 500);
    assert!(
        response.headers().contains_key("x-request-id"),
        "a reference for support"
    );
    let body = response.text().await.unwrap();
    assert!(body.contains("Något gick fel hos oss"), "{body}");
    assert!(
        !body.contains("secret detail") && !body.contains("panicked"),
        "{body}"
    );
}

/// A client that starts a request and then stalls is answered 408 once
/// `request_timeout_seconds` has passed, instead of holding a connection for ever.
#[tokio::test]
async fn a_stalled_request_gets_408() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let app = spawn_app_with(|config| config.request_timeout_seconds = 1).await;
    let host = app.address.trim_start_matches("http://").to_string();
    let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
    let head = format!(
        "POST /sprak HTTP/1.1\r\nHost: {host}\r\nOrigin: http://{host}\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nsprak="
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 64];
    let read = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("an answer within 10 s")
        .unwrap();
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

/// What the server logged while the guard lives (this thread's tasks: the test server runs on
/// the test's own runtime).
#[derive(Clone, Default)]
struct LogCapture(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for LogCapture {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogCapture {
    type Writer = LogCapture;
    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

impl LogCapture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).to_string()
    }
}

/// Hole 11: a token in a URL never reaches the log. The request span names the route's
/// template, so any line logged during a request to a token URL, at any level, is clean.
#[tokio::test]
async fn tokens_in_urls_never_reach_the_log() {
    let logs = LogCapture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = spawn_app().await;
    let token = "TOKEN-Aq9ZvX3kLmN0pQ8rStUvWxYz123456789abcd";
    for path in [
        format!("/logga-in/{token}"),
        format!("/inbjudan/{token}"),
        format!("/inbjudan/{token}/mer"),
    ] {
        let _ = app.get(&path).await;
        // A cross-site post is refused with a warning: logged during the request.
        let _ = app
            .client
            .post(app.url(&path))
            .header("origin", "https://evil.example")
            .send()
            .await
            .unwrap();
    }
    let text = logs.text();
    assert!(
        text.contains("cross-site request refused"),
        "the warnings were captured: {text}"
    );
    assert!(
        text.contains("route=/logga-in/{token}"),
        "the span names the route: {text}"
    );
    assert!(!text.contains(token), "a token reached the log:\n{text}");
}

/// A calendar address is a token in a URL: making it, reading the feed, a refused cross-site
/// post to it and a meeting's `.ics` leave it out of every log line, at every level.
#[tokio::test]
async fn a_calendar_address_never_reaches_the_log() {
    let logs = LogCapture::default();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(logs.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let app = spawn_app().await;
    let anna = crate::groups::Browser::sign_in(&app, "anna@ekby.se").await;
    anna.register("Ekby kommun", false).await;
    let page = anna
        .post("/installningar/kalender", &[])
        .await
        .text()
        .await
        .unwrap();
    let start = page.find("/kalender/").expect("the new address");
    let path = page[start..].split('"').next().unwrap().to_string();
    let token = path
        .trim_start_matches("/kalender/")
        .trim_end_matches(".ics")
        .to_string();
    assert_eq!(token.len(), 43, "{path}");
    assert_eq!(app.get(&path).await.status(), 200);
    let _ = app
        .client
        .post(app.url(&path))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    let text = logs.text();
    assert!(
        text.contains("route="),
        "the request spans were captured: {text}"
    );
    assert!(
        !text.contains(&token),
        "the calendar token reached the log:\n{text}"
    );
}

/// A value that tries to close a field and add markup of its own.
const HOSTILE: &str = r#"</textarea></textarea><form action="https://evil.example/"><input name="pwn"></form><b id="pwn">x</b>"><script>alert(1)</script>"#;

/// Hole 3: every field that echoes what was typed keeps it inside the field: the invitation
/// textarea, the unit and registration forms, the sign-in pages, the invitation page.
#[tokio::test]
async fn echoed_values_stay_inside_their_fields() {
    use crate::{groups::Browser, invitations::link_to};
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", true).await;
    let (_, page) = anna.page(&group).await;
    let organisation = crate::groups::organisation_path(&page);
    let (_, overview) = anna.page(&organisation).await;
    let unit = overview
        .match_indices("/grupper/")
        .map(|(at, _)| overview[at..at + 45].to_string())
        .find(|path| *path != group)
        .expect("the unit group");
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", group.trim_start_matches("/grupper/")),
            ("addresses", "bo@ekby.se"),
            ("locale", "sv"),
        ],
    )
    .await;
    let invitation = link_to(&app, "bo@ekby.se").await;
    let h = crate::auth::encode_query(HOSTILE);
    let pages = [
        format!("{group}?inbjudna=0&omskickade=0&redan=0&ogiltiga={h}"),
        format!("{group}?fel=kvot&ogiltiga={h}"),
        format!("{unit}?fel=namn&namn={h}&kod={h}&former={h}"),
        format!("{organisation}?fel=namn&namn={h}&kod={h}&former={h}&ledare={h}"),
        format!("/anmalan?fel=namn&namn={h}&organisation={h}&typ={h}"),
        format!("/mina-grupper?fel={h}"),
    ];
    let public = [
        format!("/logga-in?fel={h}&utloggad={h}"),
        format!("/logga-in/skickat?epost={h}"),
        format!("{invitation}?fel=namn&namn={h}"),
        format!("/huvudman/steg/1?x={h}"),
    ];
    for (who, path) in pages
        .iter()
        .map(|p| (&anna, p))
        .chain(public.iter().map(|p| (&anna, p)))
    {
        let (status, body) = who.page(path).await;
        assert!(status < 500, "{path}: {status}");
        for injected in [
            r#"<form action="https://evil.example/""#,
            r#"<b id="pwn">"#,
            "<script>alert(1)",
            r#"<input name="pwn">"#,
        ] {
            assert!(!body.contains(injected), "{path} let {injected} through");
        }
    }
    // And the invitation box shows exactly what was typed (it comes back through a flash),
    // escaped.
    let typed = anna
        .post(
            "/api/invitations/create",
            &[
                ("group_id", group.trim_start_matches("/grupper/")),
                ("addresses", HOSTILE),
                ("locale", "sv"),
            ],
        )
        .await;
    let (_, body) = anna.page(&crate::auth::location(&typed)).await;
    // (The box keeps the parts that are not addresses, one per line, without the angle
    // brackets that may wrap an address.)
    assert!(
        body.contains(">/textarea&gt;&lt;/textarea&gt;&lt;form\n"),
        "{body}"
    );
    for injected in [
        r#"<form action="https://evil"#,
        r#"<b id="pwn">"#,
        "<script>alert(1)",
    ] {
        assert!(
            !body.contains(injected),
            "the invitation box let {injected} through"
        );
    }
    // What comes back through a flash (the sign-in form's address) is escaped the same way.
    let response = app
        .post_form("/api/auth/request", &[("email", HOSTILE), ("locale", "sv")])
        .await;
    let back = crate::auth::location(&response);
    let (status, body) = app.page(&back).await;
    assert_eq!(status, 200);
    assert!(body.contains(r#"value="&lt;/textarea&gt;"#), "{body}");
    for injected in [
        r#"<b id="pwn">"#,
        "<script>alert(1)",
        r#"<input name="pwn">"#,
    ] {
        assert!(!body.contains(injected), "the flash let {injected} through");
    }
    // Every form that comes back with what was typed: registration, a new unit (with its
    // leader's address), a unit's details, and a newcomer's name on the invitation page.
    let organisation_id = organisation.trim_start_matches("/organisationer/");
    let unit_id = unit.trim_start_matches("/grupper/");
    let token = invitation.trim_start_matches("/inbjudan/");
    // A line break makes the name one to fix (names are one line), so the page comes back.
    let broken_name = format!("{HOSTILE}\r\n");
    let forms: [(&str, Vec<(&str, &str)>); 4] = [
        (
            "/api/groups/register",
            vec![
                ("your_name", HOSTILE),
                ("organisation", HOSTILE),
                ("kind", HOSTILE),
            ],
        ),
        (
            "/api/groups/create-unit",
            vec![
                ("organisation_id", organisation_id),
                ("unit[name]", HOSTILE),
                ("unit[school_unit_code]", HOSTILE),
                ("unit[leader_email]", HOSTILE),
            ],
        ),
        (
            "/api/groups/update-unit",
            vec![
                ("group_id", unit_id),
                ("unit[name]", HOSTILE),
                ("unit[school_unit_code]", HOSTILE),
            ],
        ),
        (
            "/api/invitations/accept",
            vec![("token", token), ("name", broken_name.as_str())],
        ),
    ];
    for (endpoint, fields) in forms {
        // The invitation is for someone not signed in; the other forms are Anna's.
        let who = if endpoint.contains("accept") {
            Browser::anonymous(&app)
        } else {
            anna.clone()
        };
        let back = crate::auth::location(&who.post(endpoint, &fields).await);
        assert!(!back.contains("textarea"), "{endpoint}: {back}");
        let (status, body) = who.page(&back).await;
        assert_eq!(status, 200, "{endpoint} → {back}");
        assert!(
            body.contains(r#"value="&lt;/textarea&gt;"#),
            "{endpoint}: what was typed is kept: {body}"
        );
        for injected in [
            r#"<b id="pwn">"#,
            "<script>alert(1)",
            r#"<input name="pwn">"#,
        ] {
            assert!(
                !body.contains(injected),
                "{endpoint} let {injected} through"
            );
        }
    }
}
