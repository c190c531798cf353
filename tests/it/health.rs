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
