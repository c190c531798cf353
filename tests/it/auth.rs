//! Signing in with an e-mailed link, as a browser without JavaScript does it: plain form posts,
//! redirects, and a session cookie.

use integration_tests::{TestApp, spawn_app, spawn_app_with};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};

async fn db(app: &TestApp) -> DatabaseConnection {
    Database::connect(&app.database.url).await.unwrap()
}

async fn query_strings(db: &DatabaseConnection, sql: &str, column: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .iter()
        .map(|row| row.try_get::<String>("", column).unwrap())
        .collect()
}

pub fn location(response: &reqwest::Response) -> String {
    assert!(
        response.status().is_redirection(),
        "expected a redirect, got {}",
        response.status()
    );
    response.headers()["location"].to_str().unwrap().to_string()
}

/// Asks for a link and returns the link's path from the mail in the outbox.
pub async fn request_link(app: &TestApp, email: &str) -> String {
    let response = app
        .post_form("/api/auth/request", &[("email", email), ("locale", "sv")])
        .await;
    assert_eq!(location(&response), "/logga-in/skickat");
    let bodies = query_strings(
        &db(app).await,
        "SELECT text_body FROM outbox ORDER BY id",
        "text_body",
    )
    .await;
    let body = bodies.last().expect("a mail in the outbox");
    let start = body.find("/logga-in/").expect("a link in the mail");
    body[start..].split_whitespace().next().unwrap().to_string()
}

#[tokio::test]
async fn a_link_from_the_mail_signs_in_once() {
    let app = spawn_app().await;
    let link = request_link(&app, "  Anna.Berg@Skola.SE ").await;
    let token = link.trim_start_matches("/logga-in/");
    assert_eq!(token.len(), 43, "256-bit token");
    let hashes = query_strings(
        &db(&app).await,
        "SELECT token_hash FROM sign_in_tokens",
        "token_hash",
    )
    .await;
    assert_eq!(hashes.len(), 1);
    assert_ne!(hashes[0], token, "only a hash is stored");

    // Opening the link spends nothing: it shows a button.
    let (status, page) = app.page(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Logga in i Verkstad") && page.contains(r#"name="token""#));

    let response = app
        .post_form("/api/auth/confirm", &[("token", token)])
        .await;
    assert_eq!(location(&response), "/mina-grupper");
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(cookie.starts_with("verkstad-session="), "{cookie}");
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(part), "{cookie} lacks {part}");
    }
    let (_, home) = app.page("/mina-grupper").await;
    assert!(
        home.contains("Du är inloggad som anna.berg@skola.se."),
        "{home}"
    );

    // Single use.
    let again = app
        .post_form("/api/auth/confirm", &[("token", token)])
        .await;
    assert_eq!(location(&again), "/logga-in?fel=lanken");
    let (_, page) = app.page("/logga-in?fel=lanken").await;
    assert!(page.contains("Länken fungerar inte längre."));
}

#[tokio::test]
async fn a_link_works_for_15_minutes_and_not_a_second_longer() {
    let app = spawn_app().await;
    let late = request_link(&app, "anna@skola.se").await;
    app.clock
        .advance(chrono::Duration::minutes(15) + chrono::Duration::seconds(1));
    let response = app
        .post_form(
            "/api/auth/confirm",
            &[("token", late.trim_start_matches("/logga-in/"))],
        )
        .await;
    assert_eq!(location(&response), "/logga-in?fel=lanken");
    assert!(response.headers().get("set-cookie").is_none());

    let in_time = request_link(&app, "anna@skola.se").await;
    app.clock
        .advance(chrono::Duration::minutes(14) + chrono::Duration::seconds(59));
    let response = app
        .post_form(
            "/api/auth/confirm",
            &[("token", in_time.trim_start_matches("/logga-in/"))],
        )
        .await;
    assert_eq!(location(&response), "/mina-grupper");
}

#[tokio::test]
async fn a_malformed_address_is_explained_and_kept() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/api/auth/request",
            &[("email", "anna@skola"), ("locale", "sv")],
        )
        .await;
    let back = location(&response);
    assert_eq!(back, "/logga-in#epost", "the address stays out of the URL");
    let (status, page) = app.page(&back).await;
    assert_eq!(status, 200);
    assert!(page.contains("Det där går inte att använda som e-postadress."));
    assert!(
        page.contains(r#"value="anna@skola""#),
        "what was typed is kept"
    );
    assert!(page.contains(r#"aria-invalid="true""#));
    let mails = query_strings(
        &db(&app).await,
        "SELECT to_address FROM outbox",
        "to_address",
    )
    .await;
    assert!(mails.is_empty());
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_answer() {
    let app = spawn_app().await;
    let link = request_link(&app, "anna@skola.se").await;
    app.post_form(
        "/api/auth/confirm",
        &[("token", link.trim_start_matches("/logga-in/"))],
    )
    .await;
    let known = app
        .post_form(
            "/api/auth/request",
            &[("email", "anna@skola.se"), ("locale", "sv")],
        )
        .await;
    let unknown = app
        .post_form(
            "/api/auth/request",
            &[("email", "okand@skola.se"), ("locale", "sv")],
        )
        .await;
    assert_eq!(known.status(), unknown.status());
    assert_eq!(
        location(&known).replace("anna", "X"),
        location(&unknown).replace("okand", "X")
    );
}

#[tokio::test]
async fn signing_out_ends_the_session_and_idle_sessions_end_by_themselves() {
    let app = spawn_app().await;
    let link = request_link(&app, "anna@skola.se").await;
    let response = app
        .post_form(
            "/api/auth/confirm",
            &[("token", link.trim_start_matches("/logga-in/"))],
        )
        .await;
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    let session = cookie.split(';').next().unwrap().to_string();

    let fresh = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let with_cookie = |cookie: String| {
        let request = fresh.get(app.url("/mina-grupper")).header("cookie", cookie);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert!(
        with_cookie(session.clone())
            .await
            .contains("Du är inloggad som")
    );

    let out = app.post_form("/api/auth/sign-out", &[]).await;
    assert_eq!(location(&out), "/logga-in?utloggad=1");
    // Unsaved text autosave kept in this browser goes with the session.
    assert_eq!(out.headers()["clear-site-data"], "\"storage\"");
    assert!(
        out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
    // The old cookie is worthless now, even if a browser kept it.
    assert!(with_cookie(session).await.contains("Du behöver logga in"));

    // A second session, left idle for over an hour.
    let link = request_link(&app, "anna@skola.se").await;
    let response = app
        .post_form(
            "/api/auth/confirm",
            &[("token", link.trim_start_matches("/logga-in/"))],
        )
        .await;
    let session = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    app.clock.advance(chrono::Duration::minutes(59));
    assert!(
        with_cookie(session.clone())
            .await
            .contains("Du är inloggad som")
    );
    app.clock
        .advance(chrono::Duration::minutes(60) + chrono::Duration::seconds(1));
    assert!(with_cookie(session).await.contains("Du behöver logga in"));
}

/// Even a session in steady use ends 12 hours after signing in.
#[tokio::test]
async fn a_busy_session_still_ends_after_twelve_hours() {
    let app = spawn_app().await;
    let cookie = session(&app, "anna@skola.se").await;
    for _ in 0..14 {
        app.clock.advance(chrono::Duration::minutes(50));
        assert!(
            signed_in(&app, &cookie).await,
            "used within the hour, still valid"
        );
    }
    // 11 h 40 min have passed; one more request 20 min and 1 s later is past 12 hours.
    app.clock
        .advance(chrono::Duration::minutes(20) + chrono::Duration::seconds(1));
    assert!(!signed_in(&app, &cookie).await);
}

/// Signs in through a link and returns the session cookie (`name=value`).
pub async fn session(app: &TestApp, email: &str) -> String {
    let link = request_link(app, email).await;
    let response = app
        .post_form(
            "/api/auth/confirm",
            &[("token", link.trim_start_matches("/logga-in/"))],
        )
        .await;
    response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

async fn signed_in(app: &TestApp, cookie: &str) -> bool {
    let client = reqwest::Client::new();
    client
        .get(app.url("/mina-grupper"))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
        .contains("Du är inloggad som")
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_that_person() {
    let app = spawn_app().await;
    let laptop = session(&app, "anna@skola.se").await;
    let phone = session(&app, "anna@skola.se").await;
    let colleague = session(&app, "bo@skola.se").await;
    assert!(signed_in(&app, &laptop).await && signed_in(&app, &phone).await);

    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/api/auth/sign-out-everywhere"))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .header("cookie", &phone)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/logga-in?utloggad=alla");
    assert_eq!(response.headers()["clear-site-data"], "\"storage\"");
    assert!(
        !signed_in(&app, &laptop).await,
        "the other browser is signed out too"
    );
    assert!(!signed_in(&app, &phone).await);
    assert!(signed_in(&app, &colleague).await, "nobody else is affected");
}

#[tokio::test]
async fn asking_for_too_many_links_is_refused_kindly() {
    let app = spawn_app().await;
    for _ in 0..5 {
        request_link(&app, "anna@skola.se").await;
    }
    let response = app
        .post_form(
            "/api/auth/request",
            &[("email", "anna@skola.se"), ("locale", "sv")],
        )
        .await;
    let back = location(&response);
    assert_eq!(back, "/logga-in#epost");
    let (_, page) = app.page(&back).await;
    assert!(page.contains("Vänta en stund och försök igen."));
    let mails = query_strings(
        &db(&app).await,
        "SELECT to_address FROM outbox",
        "to_address",
    )
    .await;
    assert_eq!(mails.len(), 5, "no sixth mail");
}

#[tokio::test]
async fn every_step_of_signing_in_is_in_the_audit_log() {
    let app = spawn_app().await;
    let cookie = session(&app, "anna@skola.se").await;
    app.post_form("/api/auth/confirm", &[("token", "not-a-real-token")])
        .await;
    reqwest::Client::new()
        .post(app.url("/api/auth/sign-out"))
        .header("origin", &app.address)
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let events = query_strings(
        &db(&app).await,
        "SELECT action || ':' || outcome AS e FROM audit_events ORDER BY id",
        "e",
    )
    .await;
    assert_eq!(
        events,
        [
            "sign_in_link_requested:ok",
            "sign_in:ok",
            "sign_in:bad_link",
            "sign_out:ok"
        ]
    );
    let ips = query_strings(
        &db(&app).await,
        "SELECT client_ip FROM audit_events",
        "client_ip",
    )
    .await;
    assert!(ips.iter().all(|ip| ip == "127.0.0.1"), "{ips:?}");
}

#[tokio::test]
async fn the_link_page_keeps_its_address_out_of_referers() {
    let app = spawn_app().await;
    let link = request_link(&app, "anna@skola.se").await;
    let response = app.get(&link).await;
    assert_eq!(response.headers()["referrer-policy"], "no-referrer");
    let other = app.get("/logga-in").await;
    assert_eq!(
        other.headers()["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
}

/// A link request from `client`, as the trusted proxy in front of Verkstad forwards it.
async fn request_from(app: &TestApp, email: &str, client: &str) -> String {
    let response = app
        .client
        .post(app.url("/api/auth/request"))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .header("x-forwarded-for", client)
        .form(&[("email", email), ("locale", "sv")])
        .send()
        .await
        .unwrap();
    location(&response)
}

/// Hole 6: behind a reverse proxy every request comes from the proxy. The address it forwards
/// is the client, but only when the proxy is trusted; and flooding someone's address from
/// elsewhere does not stop them signing in from their own network.
#[tokio::test]
async fn limits_count_the_forwarded_client_and_spare_the_address_owner() {
    let app = spawn_app_with(|c| c.trusted_proxies = vec!["127.0.0.1".into()]).await;
    for _ in 0..5 {
        let sent = request_from(&app, "anna@skola.se", "203.0.113.66").await;
        assert!(sent.starts_with("/logga-in/skickat"), "{sent}");
    }
    let flooded = request_from(&app, "anna@skola.se", "203.0.113.66").await;
    assert_eq!(flooded, "/logga-in#epost", "refused");
    // Anna, from her school's network, still gets her link.
    let anna = request_from(&app, "anna@skola.se", "198.51.100.7").await;
    assert!(anna.starts_with("/logga-in/skickat"), "{anna}");

    // One client may ask 30 times an hour; everyone else behind the same proxy is not affected.
    for n in 0..30 {
        let sent = request_from(&app, &format!("p{n}@skola.se"), "192.0.2.10").await;
        assert!(sent.starts_with("/logga-in/skickat"), "request {n}: {sent}");
    }
    let limited = request_from(&app, "p99@skola.se", "192.0.2.10").await;
    assert_eq!(limited, "/logga-in#epost", "refused");
    let other = request_from(&app, "bo@skola.se", "192.0.2.11").await;
    assert!(other.starts_with("/logga-in/skickat"), "{other}");

    let ips = query_strings(
        &db(&app).await,
        "SELECT client_ip FROM audit_events WHERE subject = 'anna@skola.se' ORDER BY id",
        "client_ip",
    )
    .await;
    assert_eq!(ips.first().map(String::as_str), Some("203.0.113.66"));
    assert_eq!(ips.last().map(String::as_str), Some("198.51.100.7"));
}

/// Without trusted proxies, a client's own `X-Forwarded-For` is ignored: it cannot dodge a
/// limit by claiming another address.
#[tokio::test]
async fn a_forwarded_address_from_an_untrusted_peer_is_ignored() {
    let app = spawn_app().await;
    for n in 0..5 {
        let sent = request_from(&app, "anna@skola.se", &format!("203.0.113.{n}")).await;
        assert!(sent.starts_with("/logga-in/skickat"), "{sent}");
    }
    let refused = request_from(&app, "anna@skola.se", "203.0.113.99").await;
    assert_eq!(refused, "/logga-in#epost", "refused");
    let ips = query_strings(
        &db(&app).await,
        "SELECT client_ip FROM audit_events ORDER BY id",
        "client_ip",
    )
    .await;
    assert!(ips.iter().all(|ip| ip == "127.0.0.1"), "{ips:?}");
}

/// The limits hold under parallel requests: counted in the transaction that sends.
#[tokio::test]
async fn parallel_requests_cannot_slip_past_the_limit() {
    let app = spawn_app().await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let (client, url, origin) = (
            app.client.clone(),
            app.url("/api/auth/request"),
            app.address.clone(),
        );
        tasks.push(tokio::spawn(async move {
            client
                .post(url)
                .header("origin", origin)
                .header("accept", "text/html")
                .form(&[("email", "anna@skola.se"), ("locale", "sv")])
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }));
    }
    for task in tasks {
        let status = task.await.unwrap();
        assert!(status < 500, "every request is answered: {status}");
    }
    let mails = query_strings(
        &db(&app).await,
        "SELECT to_address FROM outbox",
        "to_address",
    )
    .await;
    assert_eq!(
        mails.len(),
        5,
        "exactly the limit, however the requests raced"
    );
}

/// Hole 5: an address with an invisible character, or a look-alike letter from another
/// alphabet, is not a new account that looks like someone else's. It is refused with a
/// clear message, and what was typed is kept.
#[tokio::test]
async fn look_alike_addresses_are_refused_and_kept() {
    let app = spawn_app().await;
    for typed in [
        "an\u{200B}na@skola.se",
        "\u{0430}nna@skola.se",
        "anna@sko\u{202E}la.se",
    ] {
        let response = app
            .post_form("/api/auth/request", &[("email", typed), ("locale", "sv")])
            .await;
        let back = location(&response);
        assert_eq!(back, "/logga-in#epost", "{typed:?}");
        let (status, page) = app.page(&back).await;
        assert_eq!(status, 200);
        assert!(page.contains("osynliga tecken"), "{page}");
        assert!(
            page.contains(&format!(r#"value="{typed}""#)),
            "kept: {typed:?}"
        );
    }
    let mails = query_strings(
        &db(&app).await,
        "SELECT to_address FROM outbox",
        "to_address",
    )
    .await;
    assert!(mails.is_empty(), "{mails:?}");
    // The same address typed in another Unicode form is the same account.
    let first = session(&app, "Åsa@skola.se").await;
    let second = session(&app, "A\u{030A}sa@skola.se").await;
    let users = query_strings(&db(&app).await, "SELECT email FROM users", "email").await;
    assert_eq!(users, ["åsa@skola.se"]);
    assert_ne!(first, second);
}

/// Percent-encodes `value` for a query string, as a browser would (the app's own encoder).
pub use app::features::auth::api::encode as encode_query;

/// From a browser whose own session has just lapsed (left idle), "sign out everywhere" still
/// ends the person's other sessions, which may be live on a device someone else holds.
#[tokio::test]
async fn signing_out_everywhere_from_a_lapsed_session_still_ends_the_others() {
    let app = spawn_app().await;
    let idle_tab = session(&app, "anna@skola.se").await;
    let shared_pc = session(&app, "anna@skola.se").await;
    app.clock.advance(chrono::Duration::minutes(59));
    assert!(signed_in(&app, &shared_pc).await, "kept alive");
    app.clock.advance(chrono::Duration::minutes(2));
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(app.url("/api/auth/sign-out-everywhere"))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .header("cookie", &idle_tab)
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/logga-in?utloggad=alla");
    assert!(
        !signed_in(&app, &shared_pc).await,
        "the session on the shared computer is ended too"
    );
}

/// The address someone types travels from the form to the page after it on the server, under
/// their own flash cookie: never in a URL (logs, history, Referer), never to another browser,
/// and only once.
#[tokio::test]
async fn the_address_never_travels_in_a_url() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/api/auth/request",
            &[("email", "anna@skola.se"), ("locale", "sv")],
        )
        .await;
    let sent = location(&response);
    assert_eq!(sent, "/logga-in/skickat");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("verkstad-flash="))
        .expect("a flash cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    // Another browser, without that cookie, sees no address.
    let (status, elsewhere) = crate::groups::Browser::anonymous(&app).page(&sent).await;
    assert_eq!(status, 200);
    assert!(!elsewhere.contains("anna@skola.se"));

    let (_, page) = app.page(&sent).await;
    assert!(
        page.contains("Om adressen anna@skola.se kan användas här"),
        "{page}"
    );
    let (_, again) = app.page(&sent).await;
    assert!(!again.contains("anna@skola.se"), "shown once");
    assert!(again.contains("Om adressen du skrev kan användas här"));

    // Nothing of it is left in the database once taken, and nothing holds the raw cookie.
    let left = query_strings(&db(&app).await, "SELECT key_hash FROM flashes", "key_hash").await;
    assert!(left.is_empty(), "{left:?}");
}

/// Mail goes out in the language the person reads the site in (their choice on the site, else
/// their browser's), found by the server, not sent along by the form.
#[tokio::test]
async fn the_sign_in_mail_is_in_the_readers_language() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (email, header, value) in [
        ("anna@skola.se", "cookie", "i18n_pref_locale=en"),
        ("bo@skola.se", "accept-language", "en-GB,en;q=0.8"),
        ("cia@skola.se", "accept-language", "sv-SE,en;q=0.5"),
    ] {
        let response = client
            .post(app.url("/api/auth/request"))
            .header("origin", &app.address)
            .header("accept", "text/html")
            .header(header, value)
            .form(&[("email", email)])
            .send()
            .await
            .unwrap();
        assert_eq!(location(&response), "/logga-in/skickat");
    }
    let subjects = query_strings(
        &db(&app).await,
        "SELECT subject FROM outbox ORDER BY id",
        "subject",
    )
    .await;
    assert_eq!(
        subjects,
        [
            "Your sign-in link for Verkstad",
            "Your sign-in link for Verkstad",
            "Din inloggningslänk till Verkstad"
        ]
    );

    // An account made by the link keeps the language it was made in, for mail sent later.
    let link = request_link(&app, "dan@skola.se").await;
    client
        .post(app.url("/api/auth/confirm"))
        .header("origin", &app.address)
        .header("accept", "text/html")
        .header("accept-language", "en-GB")
        .form(&[("token", link.trim_start_matches("/logga-in/"))])
        .send()
        .await
        .unwrap();
    let locales = query_strings(
        &db(&app).await,
        "SELECT locale FROM users WHERE email = 'dan@skola.se'",
        "locale",
    )
    .await;
    assert_eq!(locales, ["en"]);
}

/// A double click on "Skicka länk": both posts answer "check your e-mail", neither fails, and
/// the person can sign in with the link that arrives.
#[tokio::test]
async fn a_double_submitted_sign_in_request_still_signs_in() {
    let app = spawn_app().await;
    let post = || app.post_form("/api/auth/request", &[("email", "anna@skola.se")]);
    let (a, b) = tokio::join!(post(), post());
    assert_eq!(location(&a), "/logga-in/skickat");
    assert_eq!(location(&b), "/logga-in/skickat");
    let bodies = query_strings(
        &db(&app).await,
        "SELECT text_body FROM outbox ORDER BY id",
        "text_body",
    )
    .await;
    assert!((1..=2).contains(&bodies.len()), "{bodies:?}");
    let cookie = session(&app, "anna@skola.se").await;
    assert!(signed_in(&app, &cookie).await);
}

/// Over HTTPS the flash cookie (what a form leaves for the next page) is a `__Host-` cookie:
/// Secure, HttpOnly, for the whole site and this host only.
#[tokio::test]
async fn the_flash_cookie_is_secure_over_https() {
    let origin = "https://verkstad.example.se";
    let app = spawn_app_with(|c| c.public_url = Some(origin.into())).await;
    let response = app
        .client
        .post(app.url("/api/auth/request"))
        .header("origin", origin)
        .header("accept", "text/html")
        .form(&[("email", "inte en adress")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&response), "/logga-in#epost");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("__Host-verkstad-flash="), "{cookie}");
    for part in ["Path=/", "HttpOnly", "SameSite=Lax", "Secure"] {
        assert!(cookie.split("; ").any(|p| p == part), "{part} in {cookie}");
    }
    assert!(!cookie.contains("Domain="), "{cookie}");
}
