//! Pages as a reader without JavaScript gets them: complete HTML, in the chosen language.

use app::{features::workshop::types::Track, i18n::Locale, ports::Workshop};
use integration_tests::{repo_root, spawn_app};

fn content() -> server::content::ContentStore {
    server::content::load(&repo_root().join("content")).expect("valid content")
}

#[tokio::test]
async fn the_start_page_lists_the_steps_of_both_tracks_in_swedish() {
    let app = spawn_app().await;
    let (status, html) = app.page("/").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="sv""#), "{html}");
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("Hoppa till innehållet"));
    for overview in content().overview(Locale::sv) {
        assert!(!overview.steps.is_empty());
        for step in overview.steps {
            let href = format!(r#"href="/{}/steg/{}""#, overview.track.slug(), step.number);
            assert!(html.contains(&href), "missing link {href}");
            assert!(html.contains(&step.title), "missing title {}", step.title);
        }
    }
}

#[tokio::test]
async fn a_step_page_shows_introduction_tasks_films_and_prompts() {
    let app = spawn_app().await;
    let store = content();
    for track in Track::ALL {
        let step = store.step(track, 1, Locale::sv).unwrap();
        let (status, html) = app.page(&format!("/{}/steg/1", track.slug())).await;
        assert_eq!(status, 200);
        assert!(html.contains(&format!("Steg 1: {}", step.title)));
        for task in &step.tasks {
            assert!(
                html.contains(&format!(r#"id="uppgift-{}""#, task.id)),
                "task {}",
                task.id
            );
        }
        for prompt in &step.prompts {
            assert!(html.contains(&html_escape(prompt)), "prompt {prompt}");
        }
        for film in &step.films {
            assert!(html.contains("<video"), "a local film is a video element");
            assert!(html.contains(&format!(r#"src="/filmer/{}.sv.vtt""#, film.id)));
            assert!(html.contains(r#"srclang="sv""#) && html.contains("default"));
            assert!(
                html.contains(&html_escape(&film.transcript[0])),
                "transcript shown"
            );
        }
    }
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[tokio::test]
async fn unknown_pages_and_steps_are_real_404s_in_the_readers_language() {
    let app = spawn_app().await;
    for path in [
        "/finns-inte",
        "/huvudman/steg/9",
        "/rektor/steg/1",
        "/enhet/steg/x",
    ] {
        let (status, html) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Sidan finns inte"), "{path}: {html}");
    }
}

#[tokio::test]
async fn switching_language_is_remembered_and_returns_to_the_same_page() {
    let app = spawn_app().await;
    let response = app
        .post_form("/sprak", &[("sprak", "en"), ("tillbaka", "/enhet/steg/1")])
        .await;
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/enhet/steg/1");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.contains("i18n_pref_locale=en") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let step = content().step(Track::Enhet, 1, Locale::en).unwrap();
    let (status, html) = app.page("/enhet/steg/1").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains(&format!("Step 1: {}", step.title)));
    assert!(html.contains("Discussion questions"));

    let response = app
        .post_form(
            "/sprak",
            &[("sprak", "sv"), ("tillbaka", "https://evil.example/")],
        )
        .await;
    assert_eq!(
        response.headers()["location"],
        "/",
        "only local paths are followed"
    );
    let (_, html) = app.page("/").await;
    assert!(html.contains(r#"<html lang="sv""#));
}

#[tokio::test]
async fn the_browser_language_is_used_until_the_reader_chooses() {
    let app = spawn_app().await;
    let lang_for = |accept: &'static str| {
        let request = app
            .client
            .get(app.url("/"))
            .header("accept-language", accept);
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert!(
        lang_for("en-GB,en;q=0.9")
            .await
            .contains(r#"<html lang="en""#)
    );
    assert!(
        lang_for("de").await.contains(r#"<html lang="sv""#),
        "Swedish is the default"
    );
}

#[tokio::test]
async fn server_functions_get_their_services_from_context() {
    let app = spawn_app().await;
    let response = app
        .post_form(
            "/api/workshop/step",
            &[("track", "Huvudman"), ("number", "1"), ("locale", "sv")],
        )
        .await;
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let expected = content().step(Track::Huvudman, 1, Locale::sv).unwrap();
    assert_eq!(body["title"], expected.title);

    let response = app
        .post_form(
            "/api/workshop/step",
            &[("track", "Huvudman"), ("number", "9"), ("locale", "sv")],
        )
        .await;
    assert_eq!(response.status(), 404);
    let body = response.text().await.unwrap();
    assert!(body.contains("NotFound"), "{body}");
}
