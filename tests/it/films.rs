//! Films and captions are served with byte ranges, and nothing else from the content folder is.

use integration_tests::{scratch_content, spawn_app, spawn_app_with};
use std::fs;

#[tokio::test]
async fn a_local_film_can_be_sought_with_byte_ranges() {
    let app = spawn_app().await;
    let (_, html) = app.page("/huvudman/steg/1").await;
    let src = html
        .split(r#"<source src=""#)
        .nth(1)
        .expect("a local film")
        .split('"')
        .next()
        .unwrap()
        .to_string();

    let whole = app.get(&src).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["accept-ranges"], "bytes");
    let length: u64 = whole.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(length > 1000, "a real video, not a placeholder");

    let part = app
        .client
        .get(app.url(&src))
        .header("range", "bytes=100-199")
        .send()
        .await
        .unwrap();
    assert_eq!(part.status(), 206);
    assert_eq!(
        part.headers()["content-range"],
        format!("bytes 100-199/{length}").as_str()
    );
    assert_eq!(part.bytes().await.unwrap().len(), 100);
}

#[tokio::test]
async fn captions_are_webvtt_and_other_files_are_not_served() {
    let app = spawn_app().await;
    let (_, html) = app.page("/enhet/steg/1").await;
    let track = html
        .split(r#"<track kind="captions" src=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let response = app.get(&track).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/vtt")
    );
    assert!(response.text().await.unwrap().starts_with("WEBVTT"));

    let film_id = track
        .trim_start_matches("/filmer/")
        .split('.')
        .next()
        .unwrap()
        .to_string();
    for path in [
        format!("/filmer/{film_id}.toml"),
        "/filmer/..%2Fsteps".into(),
        "/filmer/README.md".into(),
    ] {
        assert_eq!(app.get(&path).await.status(), 404, "{path}");
    }
}

#[tokio::test]
async fn an_external_film_is_only_a_link_until_the_reader_follows_it() {
    let content = scratch_content();
    fs::write(
        content.join("films/samtal.toml"),
        "external_url = \"https://video.example.org/samtal\"\nduration_seconds = 125\n\n\
         [sv]\ntitle = \"Ett samtal\"\ndescription = \"Om samtal.\"\n\n\
         [en]\ntitle = \"A conversation\"\ndescription = \"On conversations.\"\n",
    )
    .unwrap();
    fs::write(
        content.join("films/samtal.sv.md"),
        "## Samtal\nVi pratar om samtal.\n",
    )
    .unwrap();
    let step_dir = content.join("steps/01-gemensam-grund");
    for file in fs::read_dir(&step_dir).unwrap() {
        let path = file.unwrap().path();
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replacen("films = [", "films = [\"samtal\", ", 1),
        )
        .unwrap();
    }
    let dir = content.clone();
    let app = spawn_app_with(move |config| config.content_dir = dir).await;
    let (status, html) = app.page("/huvudman/steg/1").await;
    assert_eq!(status, 200);
    assert!(html.contains("Ett samtal") && html.contains("Längd: 2 min 5 s"));
    assert!(
        html.contains(r#"href="https://video.example.org/samtal""#),
        "a link to the film"
    );
    assert!(html.contains("video.example.org). Den laddas först när du öppnar den."));
    // Nothing on the page loads from the other site by itself.
    for attribute in ["src=\"https://", "data=\"https://", "poster=\"https://"] {
        assert!(!html.contains(attribute), "{attribute} found");
    }
    fs::remove_dir_all(content).unwrap();
}
