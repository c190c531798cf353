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
