//! Health and readiness, as a load balancer sees them.

use integration_tests::spawn_app;

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
