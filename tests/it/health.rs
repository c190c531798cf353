//! Health and readiness, as a load balancer sees them.

use integration_tests::{spawn_app, spawn_app_with};
use std::time::Duration;

#[tokio::test]
async fn healthz_answers_without_touching_anything() {
    let app = spawn_app().await;
    let (status, body) = app.page("/healthz").await;
    assert_eq!(status, 200);
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn readyz_reports_database_and_content() {
    let app = spawn_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["database"], "ok");
    assert_eq!(body["content"], "ok");
    assert_eq!(body["accepting"], "ok");
}

#[tokio::test]
async fn shutdown_turns_readiness_off_before_the_listener_closes() {
    let mut app = spawn_app_with(|config| config.shutdown_drain_seconds = 2).await;
    assert_eq!(app.get("/readyz").await.status(), 200);
    app.begin_shutdown();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Draining: still answering, but telling load balancers to send no new traffic.
    let response = app.get("/readyz").await;
    assert_eq!(response.status(), 503);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["accepting"], "unavailable");
    assert_eq!(app.get("/healthz").await.status(), 200);
    // After the drain the listener closes.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let fresh = reqwest::Client::new();
    assert!(
        fresh.get(app.url("/healthz")).send().await.is_err(),
        "the server should have stopped"
    );
}

/// The stylesheet, JS and wasm: pages name them by their content's hash, and `/pkg` serves
/// those names precompressed from memory with a year of caching; nothing else is served there.
#[tokio::test]
async fn assets_are_served_by_content_hash_with_long_caching() {
    let app = spawn_app().await;
    let hashes =
        std::fs::read_to_string(integration_tests::repo_root().join("target/site/hash.txt"))
            .expect("make site writes target/site/hash.txt");
    let css = hashes
        .lines()
        .find_map(|line| line.strip_prefix("css: "))
        .map(|hash| format!("/pkg/verkstad.{hash}.css"))
        .expect("a css line");
    let (_, home) = app.page("/").await;
    assert!(
        home.contains(&format!(r#"href="{css}""#)),
        "the page names {css}"
    );

    let response = app
        .client
        .get(app.url(&css))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let headers = response.headers();
    assert_eq!(
        headers["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(headers["content-encoding"], "gzip");
    assert_eq!(headers["content-type"], "text/css; charset=utf-8");
    assert!(
        headers["vary"]
            .to_str()
            .unwrap()
            .contains("accept-encoding")
    );

    let plain = app.get("/pkg/verkstad.css").await;
    assert_eq!(plain.status(), 200);
    assert_eq!(
        plain.headers()["cache-control"],
        "no-cache",
        "unhashed: revalidated"
    );
    for path in [
        "/pkg/..%2Fhash.txt",
        "/pkg/.hidden",
        "/pkg/verkstad.css.gz",
        "/pkg/nothing.css",
    ] {
        assert_eq!(app.get(path).await.status(), 404, "{path}");
    }
}

/// The icon every page names (and browsers ask for on their own) is a file, not a page: no
/// session lookup, no database query.
#[tokio::test]
async fn the_favicon_costs_no_query() {
    let app = integration_tests::spawn_app_with(|config| config.test_clock = true).await;
    let count = || async { app.page("/_test/queries").await.1.parse::<u64>().unwrap() };
    let before = count().await;
    for path in ["/favicon.svg", "/favicon.ico"] {
        let response = app
            .client
            .get(app.url(path))
            .header("cookie", "verkstad-session=abc")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["content-type"], "image/svg+xml");
        assert!(response.text().await.unwrap().contains("<svg"));
    }
    assert_eq!(count().await, before, "no statement ran for the icon");
}
