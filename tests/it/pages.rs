//! Pages as a reader without JavaScript gets them: complete HTML, in the chosen language.

use app::{features::workshop::types::Track, i18n::Locale, ports::Workshop};
use integration_tests::{repo_root, spawn_app};

fn content() -> server::features::workshop::ContentStore {
    server::features::workshop::load(&repo_root().join("content")).expect("valid content")
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
async fn every_step_page_shows_its_work_in_both_languages() {
    let app = spawn_app().await;
    let store = content();
    for track in Track::ALL {
        for number in 1..=5 {
            for (locale, lang, fields_heading, result_heading) in [
                (
                    Locale::sv,
                    "sv",
                    "Det här fyller ni i",
                    "Resultat och överlämning",
                ),
                (
                    Locale::en,
                    "en",
                    "What you fill in",
                    "Results and hand-over",
                ),
            ] {
                let step = store.step(track, number, locale).unwrap();
                let path = format!("/{}/steg/{number}", track.slug());
                let (status, html) = app.page_in(&path, lang).await;
                assert_eq!(status, 200, "{path} {lang}");
                assert!(html.contains(&html_escape(&step.title)), "{path} {lang}");
                assert!(html.contains(fields_heading) && html.contains(result_heading));
                assert!(html.contains(&html_escape(&step.artefact.title)));
                for task in &step.tasks {
                    assert!(html.contains(&format!(r#"id="uppgift-{}""#, task.id)));
                    for field in &task.fields {
                        assert!(
                            html.contains(&html_escape(&field.label)),
                            "{path} {lang}: field {}",
                            field.id
                        );
                    }
                }
                for prompt in &step.prompts {
                    assert!(html.contains(&format!(r#"id="fraga-{}""#, prompt.id)));
                    assert!(html.contains(&html_escape(&prompt.text)), "{}", prompt.text);
                }
                for handover in &step.handovers {
                    assert!(html.contains(&format!(r#"id="overlamning-{}""#, handover.id)));
                }
                for film in &step.films {
                    assert!(html.contains("<video"), "a local film is a video element");
                    assert!(html.contains(&format!(r#"src="/filmer/{}.sv.vtt""#, film.id)));
                    assert!(html.contains(&format!(r#"srclang="{lang}""#)));
                    assert!(
                        html.contains(&html_escape(&film.transcript[0].text)),
                        "transcript shown"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn a_step_not_yet_released_says_when_it_opens() {
    let content = integration_tests::scratch_content();
    for lang in ["sv", "en"] {
        let file = content.join(format!("steps/02-var-ar-vi/enhet.{lang}.md"));
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(
            &file,
            text.replacen("\nfilms = ", "\navailable_from = 2999-03-01\nfilms = ", 1),
        )
        .unwrap();
    }
    let dir = content.clone();
    let app = integration_tests::spawn_app_with(move |config| config.content_dir = dir).await;
    let (status, html) = app.page("/enhet/steg/2").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<time datetime="2999-03-01">Steget öppnar den 1 mars 2999."#),
        "{html}"
    );
    assert!(
        !html.contains(r#"id="uppgifter""#),
        "no tasks before it opens"
    );
    assert!(html.contains("Förbered"), "what to prepare is shown");
    let (_, home) = app.page("/").await;
    assert!(home.contains("Öppnar den 1 mars 2999"));
    let (_, english) = app.page_in("/enhet/steg/2", "en").await;
    assert!(english.contains("This step opens on 1 March 2999."));
    std::fs::remove_dir_all(content).unwrap();
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
    // As the islands' client code calls it: a form-encoded POST that wants data back, not HTML.
    let call = |form: &'static [(&'static str, &'static str)]| {
        app.client
            .post(app.url("/api/workshop/step"))
            .header("origin", &app.address)
            .form(form)
            .send()
    };
    let response = call(&[("track", "Huvudman"), ("number", "1"), ("locale", "sv")])
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let body: serde_json::Value = response.json().await.unwrap();
    let expected = content().step(Track::Huvudman, 1, Locale::sv).unwrap();
    assert_eq!(body["title"], expected.title);

    let response = call(&[("track", "Huvudman"), ("number", "9"), ("locale", "sv")])
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let body = response.text().await.unwrap();
    assert!(body.contains("NotFound"), "{body}");
}

/// A process leader books the year from one page: every meeting and hand-over by week, each
/// linked to its step, and each step page shows its meetings with timed agendas and roles.
#[tokio::test]
async fn each_track_has_a_year_plan_and_each_step_its_meetings_with_agendas() {
    use app::features::workshop::types::YearPlanItem;
    let app = spawn_app().await;
    let store = content();
    for track in Track::ALL {
        let plan = store.year_plan(track, Locale::sv);
        let (status, html) = app.page(&format!("/{}/arsplan", track.slug())).await;
        assert_eq!(status, 200);
        assert_eq!(html.matches("<h1").count(), 1);
        assert!(
            html.contains("Hösttermin") && html.contains("Vårtermin"),
            "{html}"
        );
        for entry in &plan.entries {
            let anchor = match &entry.what {
                YearPlanItem::Meeting { number, .. } => format!("#traff-{number}"),
                YearPlanItem::Handover { id, .. } => format!("#overlamning-{id}"),
            };
            let href = format!(r#"href="/{}/steg/{}{anchor}""#, track.slug(), entry.step);
            assert!(html.contains(&href), "the plan links {href}");
        }
        assert!(html.contains(&format!("v. {}", plan.entries[0].week.number)));
        // Weeks of the next school year say so, on a line of their own (narrow on a phone):
        // the huvudman's compiled report is written after the summer; a unit's year ends
        // before it.
        let next_year = plan.entries.iter().any(|e| e.week.after_summer);
        assert_eq!(next_year, track == Track::Huvudman, "{track:?}");
        assert_eq!(
            html.contains(r#"<span class="plan-next">nästa läsår"#),
            next_year
        );
        let (_, english) = app
            .page_in(&format!("/{}/arsplan", track.slug()), "en")
            .await;
        assert!(
            english.contains("Autumn term") && english.contains("week "),
            "{english}"
        );
    }
    let (_, home) = app.page("/").await;
    assert!(
        home.contains(r#"href="/enhet/arsplan""#) && home.contains(r#"href="/huvudman/arsplan""#)
    );

    let step = store.step(Track::Enhet, 3, Locale::sv).unwrap();
    let (_, html) = app.page("/enhet/steg/3").await;
    assert!(html.contains("Träffar och dagordningar") && html.contains("I förskolan"));
    for (i, meeting) in step.meetings.iter().enumerate() {
        assert!(html.contains(&format!(r#"id="traff-{}""#, i + 1)));
        assert!(html.contains(&format!("Dagordning, {} minuter", meeting.minutes)));
        // The last point ends exactly when the meeting does.
        let last = meeting.agenda.last().unwrap();
        let from = meeting.minutes - last.minutes;
        assert!(
            html.contains(&format!("{from}–{}", meeting.minutes)),
            "{html}"
        );
    }
    assert!(html.contains(r#"href="/enhet/arsplan""#));

    for path in ["/rektor/arsplan", "/arsplan"] {
        let (status, _) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
    }
}

/// A phone that taps another link while a page still loads drops the connection half-way. The
/// server shrugs that off: no panic report in its output, and the next page loads as usual.
#[tokio::test]
async fn a_page_load_the_browser_abandons_leaves_no_panic_report() {
    use tokio::io::AsyncWriteExt as _;
    let app = spawn_app().await;
    let (mut server, address, printed) = crate::start_server_process(&app.database.url, true).await;
    let host = address.trim_start_matches("http://").to_string();
    let paths = ["/", "/enhet/steg/3", "/huvudman/arsplan"].repeat(50);
    for (n, path) in paths.iter().enumerate() {
        let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
        let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        // Gone while the page renders: at different moments, as a real tap would.
        tokio::time::sleep(std::time::Duration::from_micros(500 * (n as u64 % 10))).await;
        drop(stream);
    }
    let page = reqwest::get(format!("{address}/enhet/steg/3"))
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("<h1"));
    // Abandoned loads finish on the server in their own time.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    server.start_kill().unwrap();
    server.wait().await.unwrap();
    let printed = printed.unwrap().await.unwrap();
    assert_eq!(printed.matches("panicked").count(), 0, "{printed}");
}

/// The page's `<head>` as leptos_meta's server rendering writes it for `view`.
async fn head_of(view: impl FnOnce() -> String) -> String {
    use futures::StreamExt as _;
    // Another test may have set it up already.
    let _ = any_spawner::Executor::init_tokio();
    let owner = leptos::prelude::Owner::new();
    owner.set();
    let (meta, output) = leptos_meta::ServerMetaContext::new();
    leptos::prelude::provide_context(meta);
    leptos_meta::provide_meta_context();
    let body = view();
    let page = format!("<html><head></head><body>{body}</body></html>");
    output
        .inject_meta_context(futures::stream::iter([page]))
        .await
        .collect::<String>()
        .await
}

const HOSTILE: &str =
    r#"A & B </title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#;

/// The upstream cause of issue 23's first hole, as a minimal reproduction: leptos_meta 0.8's
/// `<Title>` writes its text into `<title>` unescaped (`ServerMetaContextOutput::
/// inject_meta_context`), so the hostile name's `<meta>` lands in `<head>`. Worth reporting to
/// leptos-rs/leptos. When this starts failing, leptos_meta escapes on its own and
/// `ui::head::PageTitle` must stop escaping (or titles would show `&amp;`).
#[tokio::test]
async fn leptos_meta_writes_a_title_unescaped() {
    use leptos::prelude::*;
    let head = head_of(|| view! { <leptos_meta::Title text=HOSTILE /> }.to_html()).await;
    assert!(
        head.contains(r#"<meta http-equiv="refresh""#),
        "leptos_meta escapes titles now: drop the escaping in ui::head::PageTitle. {head}"
    );
}

/// `PageTitle` through the same rendering: the name escaped exactly once, so the browser shows
/// it as typed and nothing of it reaches `<head>` as markup.
#[tokio::test]
async fn page_title_escapes_a_name_exactly_once() {
    use leptos::prelude::*;
    let head = head_of(|| view! { <app::ui::head::PageTitle text=HOSTILE /> }.to_html()).await;
    assert!(
        head.contains(
            "<title>A &amp; B &lt;/title&gt;&lt;meta http-equiv=\"refresh\" \
             content=\"0;url=https://evil.example/\"&gt; – Verkstad</title>"
        ),
        "{head}"
    );
    assert!(!head.contains("<meta http-equiv"), "{head}");
}
