//! Documents out (issue 25): a unit's kvalitetsrapport and the huvudman's compiled report as
//! PDF, Word and Markdown, read back with a reader's tools (`tests/tools/inspect_document.py`:
//! pypdf and python-docx), hostile answers kept as text in every format, and who may download
//! what.

use crate::groups::Browser;
use crate::handovers::{finalise_step_2, open, organisation, submit};
use integration_tests::{TestApp, spawn_app};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;

/// Markup of every format the text passes through, on a line of its own (so no line wraps it).
const HOSTILE: &str = "</w:t><script>alert(1)</script> #set [länk](x)";
const ANSWER: &str = "Vi följer upp läsförståelsen på Björkskolan.";

/// What the inspector reads in `bytes` (`kind`: pdf or docx).
fn inspect(kind: &str, bytes: &[u8]) -> Value {
    let dir = std::env::temp_dir().join(format!("verkstad-export-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("document.{kind}"));
    std::fs::write(&file, bytes).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/inspect_document.py");
    let output = std::process::Command::new("python3")
        .args([script, kind, file.to_str().unwrap()])
        .output()
        .expect("python3 runs (make test installs pypdf and python-docx)");
    std::fs::remove_dir_all(&dir).ok();
    assert!(
        output.status.success(),
        "the inspector failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

async fn download(who: &Browser<'_>, path: &str) -> (u16, String, Vec<u8>) {
    let response = who.get(path).await;
    let status = response.status().as_u16();
    let kind = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (status, kind, response.bytes().await.unwrap().to_vec())
}

async fn exports_logged(app: &TestApp) -> i64 {
    let db = Database::connect(&app.database.url).await.unwrap();
    db.query_one_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'export'",
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get("", "n")
    .unwrap()
}

/// Step 5 of `group` opened, its first rating answered for the group, and finalised.
async fn finalise_step_5(who: &Browser<'_>, group: &str) {
    for n in ["3", "4", "5"] {
        open(who, group, n).await;
    }
    let saved = crate::auth::location(
        &who.post(
            "/api/work/save",
            &[
                ("group_id", group),
                ("number", "5"),
                ("task", "hall-avstamningar"),
                (
                    "answers[exempel]",
                    "Läsloggarna visar att fler elever läser längre texter.",
                ),
                ("base[exempel]", "0"),
                ("to", "grupp"),
            ],
        )
        .await,
    );
    assert!(saved.contains("sparat="), "{saved}");
    let finalised = crate::auth::location(
        &who.post(
            "/api/work/finalise",
            &[("group_id", group), ("number", "5"), ("seen", "0")],
        )
        .await,
    );
    assert!(finalised.contains("version=1"), "{finalised}");
}

#[tokio::test]
async fn a_unit_downloads_its_kvalitetsrapport_as_pdf_word_and_markdown() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let text = format!("{ANSWER}\n{HOSTILE}");
    finalise_step_2(&org.rut, &org.bjork, &text, "2", true).await;
    let report = format!("/grupper/{}/kvalitetsrapport", org.bjork);

    // Before step 5 is finalised there is no report, and the step-5 page says so.
    let (status, _, body) = download(&org.rut, &format!("{report}/pdf")).await;
    assert_eq!(status, 409);
    assert!(String::from_utf8_lossy(&body).contains("steg 5"));
    finalise_step_5(&org.rut, &org.bjork).await;
    let (_, page) = org
        .rut
        .page(&format!("/grupper/{}/steg/5/dokument", org.bjork))
        .await;
    assert!(
        page.contains(&format!("{report}/pdf")),
        "the step-5 document links the report"
    );

    let (status, kind, pdf) = download(&org.rut, &format!("{report}/pdf")).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    let facts = inspect("pdf", &pdf);
    let text: Vec<String> = facts["text"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    let all = text.join("\n");
    assert!(
        all.contains(ANSWER),
        "the agreed answer, with å, ä, ö: {all}"
    );
    assert!(all.contains(HOSTILE), "markup stays text: {all}");
    assert!(all.contains("Läsloggarna visar"), "step 5's report");
    assert!(facts["pages"].as_u64().unwrap() > 2);
    assert!(text[1].contains("Sida 2 av"), "page numbers: {}", text[1]);
    assert_eq!(facts["lang"], "sv");
    assert!(
        facts["title"]
            .as_str()
            .unwrap()
            .starts_with("Kvalitetsrapport: Björkskolan")
    );
    assert_eq!(facts["marked"], true);
    assert_eq!(facts["struct_tree"], true);
    let tags = facts["tags"].to_string();
    for tag in ["/H1", "/H2", "/H3", "/P", "/Table", "/TH", "/TOC"] {
        assert!(tags.contains(tag), "{tag} in {tags}");
    }
    let bookmarks = facts["bookmarks"].to_string();
    for heading in [
        "Avsnitt 1",
        "Det här visar dokumentationen",
        "Bilaga 2: Nulägesbeskrivning",
    ] {
        assert!(bookmarks.contains(heading), "{heading} in {bookmarks}");
    }
    let fonts = facts["fonts"].as_object().unwrap();
    assert!(
        !fonts.is_empty() && fonts.values().all(|e| e == true),
        "{fonts:?}"
    );

    let (status, kind, docx) = download(&org.rut, &format!("{report}/docx")).await;
    assert_eq!(status, 200);
    assert!(kind.contains("wordprocessingml"), "{kind}");
    let word = inspect("docx", &docx);
    let paragraphs = word["paragraphs"].as_array().unwrap();
    let styled = |style: &str, starts: &str| {
        paragraphs
            .iter()
            .any(|p| p[0] == style && p[1].as_str().unwrap().starts_with(starts))
    };
    assert!(styled("Heading 1", "Avsnitt 1"), "{paragraphs:?}");
    assert!(styled("Heading 1", "Bilaga 2"), "{paragraphs:?}");
    assert!(styled("Heading 2", ""), "task headings");
    assert!(
        paragraphs
            .iter()
            .any(|p| p[1].as_str().unwrap().contains(HOSTILE)),
        "markup stays text in Word"
    );
    assert_eq!(word["lang"], "sv-SE");
    assert!(word["title"].as_str().unwrap().contains("Björkskolan"));
    assert!(
        !word["tables"].as_array().unwrap().is_empty(),
        "the guide is a table"
    );

    let (status, kind, markdown) = download(&org.rut, &format!("{report}/md")).await;
    assert_eq!(
        (status, kind.as_str()),
        (200, "text/markdown; charset=utf-8")
    );
    let markdown = String::from_utf8(markdown).unwrap();
    assert!(markdown.contains(ANSWER));
    assert!(
        markdown.contains(r"\<script\>alert(1)\</script\>"),
        "{markdown}"
    );
    assert!(!markdown.contains("<script>"));
    assert!(markdown.contains("\\[länk\\](x)"));

    assert_eq!(exports_logged(&app).await, 3, "one audit row per download");
}

#[tokio::test]
async fn only_members_download_and_the_huvudman_reads_only_what_was_submitted() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    finalise_step_2(&org.rut, &org.bjork, ANSWER, "2", true).await;
    finalise_step_5(&org.rut, &org.bjork).await;
    let report = format!("/grupper/{}/kvalitetsrapport/pdf", org.bjork);
    let compiled = format!("/organisationer/{}/helhet/rapport", org.organisation);

    // Another unit's leader, the huvudman's leader (an owner, not a member) and its participant:
    // none of them reads the unit's own report.
    for who in [&org.sam, &org.anna, &org.cia] {
        let (status, _, _) = download(who, &report).await;
        assert_eq!(status, 404, "{}", who.cookie);
    }
    // Someone signed out is sent to sign in; an unknown format is no page.
    let stranger = Browser::anonymous(&app);
    let response = stranger.get(&report).await;
    assert_eq!(response.status().as_u16(), 303);
    let (status, _, body) = download(
        &org.rut,
        &format!("/grupper/{}/kvalitetsrapport/exe", org.bjork),
    )
    .await;
    assert_eq!(status, 404);
    assert!(String::from_utf8_lossy(&body).contains("Dokumentet finns inte"));
    // A malformed id is no page either, with the same words.
    for path in [
        "/grupper/inte-ett-id/kvalitetsrapport/pdf",
        "/grupper/inte-ett-id/steg/1/dokument/1/ladda-ner/pdf",
        "/grupper/00000000-0000-0000-0000-000000000000/steg/x/dokument/-1/ladda-ner/pdf",
        "/organisationer/inte-ett-id/helhet/rapport/pdf",
    ] {
        let (status, _, body) = download(&org.rut, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(String::from_utf8_lossy(&body).contains("Dokumentet finns inte"));
    }

    // The compiled report holds the unit's work only once it was submitted.
    let (status, _, markdown) = download(&org.anna, &format!("{compiled}/md")).await;
    assert_eq!(status, 200);
    let markdown = String::from_utf8(markdown).unwrap();
    assert!(
        !markdown.contains(ANSWER),
        "unsubmitted work stays with the unit"
    );
    assert!(
        markdown.contains("Björkskolan"),
        "the matrix names the unit"
    );
    // The matrix says what the whole picture's cells say: a step not opened has nothing sent.
    assert!(markdown.contains("Inte öppnat · 0 av "), "{markdown}");
    assert!(
        !markdown.contains("Inte öppnat · Inte skickat"),
        "{markdown}"
    );
    let sent = submit(&org.rut, &org.bjork, "0").await;
    assert!(sent.contains("skickat="), "{sent}");
    for who in [&org.anna, &org.cia] {
        let (status, _, markdown) = download(who, &format!("{compiled}/md")).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(markdown).unwrap().contains(ANSWER));
    }
    let (status, _, pdf) = download(&org.anna, &format!("{compiled}/pdf")).await;
    assert_eq!(status, 200);
    let facts = inspect("pdf", &pdf);
    assert!(facts["text"].to_string().contains(ANSWER));
    assert!(
        facts["tags"].to_string().contains("/Figure"),
        "the ratings as a tagged chart"
    );
    let (status, _, docx) = download(&org.anna, &format!("{compiled}/docx")).await;
    assert_eq!(status, 200);
    let word = inspect("docx", &docx);
    let pictures = word["pictures"].as_array().unwrap();
    assert!(!pictures.is_empty(), "the ratings as pictures");
    for picture in pictures {
        assert!(
            picture[0].as_str().unwrap().starts_with("Stapeldiagram."),
            "{picture}"
        );
        assert_eq!(picture[1], "89504e47", "a PNG");
    }
    // A unit's leader does not oversee the organisation.
    let (status, _, _) = download(&org.rut, &format!("{compiled}/pdf")).await;
    assert_eq!(status, 404);
}

/// Five reports asked for at once all arrive (the writers wait their turn, none fails), and
/// `/healthz` answers meanwhile. How fast it answers is `make bench`'s to measure: it fails
/// when `/healthz` takes more than half a second while five large reports are made.
#[tokio::test]
async fn five_reports_at_once_all_arrive_and_healthz_answers() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    finalise_step_2(&org.rut, &org.bjork, ANSWER, "2", true).await;
    submit(&org.rut, &org.bjork, "0").await;
    let compiled = format!("/organisationer/{}/helhet/rapport/pdf", org.organisation);
    let reports = futures::future::join_all((0..5).map(|_| download(&org.anna, &compiled)));
    let health = async {
        let client = reqwest::Client::new();
        client
            .get(app.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let (reports, health) = tokio::join!(reports, health);
    assert_eq!(health, 200);
    assert!(reports.iter().all(|r| r.0 == 200));
}

/// Downloads are counted per person: the 121st within an hour is refused with a message, and
/// someone else still downloads.
#[tokio::test]
async fn downloads_are_limited_per_person() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let compiled = format!("/organisationer/{}/helhet/rapport/md", org.organisation);
    for n in 0..120 {
        let (status, _, _) = download(&org.anna, &compiled).await;
        assert_eq!(status, 200, "download {n}");
    }
    let (status, _, body) = download(&org.anna, &compiled).await;
    assert_eq!(status, 429);
    assert!(String::from_utf8_lossy(&body).contains("Vänta en stund"));
    let (status, _, _) = download(&org.cia, &compiled).await;
    assert_eq!(status, 200);
    assert_eq!(
        exports_logged(&app).await,
        121,
        "a refused download is not logged as made"
    );
}

/// Twenty downloads at once while another connection holds the database's write lock, on a
/// pool of three: each is a document once the lock is let go (the count and the audit row wait
/// for it), never a server error.
#[tokio::test]
async fn downloads_wait_for_a_held_lock_without_failing() {
    let app = integration_tests::spawn_app_with(|c| c.database_pool_size = 3).await;
    let org = organisation(&app).await;
    finalise_step_2(&org.rut, &org.bjork, ANSWER, "2", true).await;
    finalise_step_5(&org.rut, &org.bjork).await;
    let report = format!("/grupper/{}/kvalitetsrapport/pdf", org.bjork);
    let lock = crate::handovers::hold_write_lock(&app).await;
    let batch = futures::future::join_all((0..20).map(|_| download(&org.rut, &report))).await;
    lock.await.unwrap();
    for (status, kind, bytes) in batch {
        assert_eq!((status, kind.as_str()), (200, "application/pdf"));
        assert!(bytes.starts_with(b"%PDF-"));
    }
    assert_eq!(exports_logged(&app).await, 20);
}

/// A name with markup reaches a document's title in every format: the PDF's title, Word's
/// `core.xml` and first page, and the Markdown heading, each as text; the file's name is ASCII.
#[tokio::test]
async fn a_hostile_name_is_text_in_every_title() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let name = r#"</w:t></dc:title><script>x</script> "Skola" & <![CDATA[ # *"#;
    let renamed = org
        .anna
        .post(
            "/api/groups/update-unit",
            &[
                ("group_id", org.bjork.as_str()),
                ("unit[name]", name),
                ("unit[school_unit_code]", ""),
            ],
        )
        .await;
    assert!(renamed.status().is_redirection());
    finalise_step_2(&org.rut, &org.bjork, ANSWER, "2", true).await;
    finalise_step_5(&org.rut, &org.bjork).await;
    let report = format!("/grupper/{}/kvalitetsrapport", org.bjork);

    let response = org.rut.get(&format!("{report}/pdf")).await;
    let disposition = response.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        disposition.is_ascii() && disposition.ends_with(".pdf\""),
        "{disposition}"
    );
    let pdf = inspect("pdf", &response.bytes().await.unwrap());
    assert_eq!(pdf["title"], format!("Kvalitetsrapport: {name}"));
    let (_, _, docx) = download(&org.rut, &format!("{report}/docx")).await;
    let word = inspect("docx", &docx);
    assert_eq!(word["title"], format!("Kvalitetsrapport: {name}"));
    assert!(
        word["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p[0] == "Title" && p[1] == name)
    );
    let (_, _, markdown) = download(&org.rut, &format!("{report}/md")).await;
    let first = String::from_utf8(markdown)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert!(
        first.starts_with("# Kvalitetsrapport: \\</w:t\\>"),
        "{first}"
    );
    assert!(!first.contains("<script>"), "{first}");
}

/// The kvalitetsrapport makes as many queries with three finalised versions of a step as with
/// one: its reads are per group, not per version or step.
#[tokio::test]
async fn the_report_makes_as_many_queries_with_more_versions() {
    let app = integration_tests::spawn_app_with(|c| c.test_clock = true).await;
    let org = organisation(&app).await;
    finalise_step_2(&org.rut, &org.bjork, ANSWER, "2", true).await;
    finalise_step_5(&org.rut, &org.bjork).await;
    let report = format!("/grupper/{}/kvalitetsrapport/md", org.bjork);
    let one = crate::groups::queries_per_page(&app, &org.rut, &[&report]).await;
    for (n, text) in ["Version två", "Version tre"].iter().enumerate() {
        crate::handovers::write_step_2(&org.rut, &org.bjork, text, "3", true).await;
        let seen = (n + 1).to_string();
        let finalised =
            crate::auth::location(&crate::handovers::finalise(&org.rut, &org.bjork, &seen).await);
        assert!(
            finalised.contains(&format!("version={}", n + 2)),
            "{finalised}"
        );
    }
    let three = crate::groups::queries_per_page(&app, &org.rut, &[&report]).await;
    assert_eq!(one, three);
    assert!(one[0] <= 20, "{one:?}");
}
