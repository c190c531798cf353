//! Hand-overs between the huvudman and its units: submissions by version, the huvudman's answers,
//! publications to all or chosen units, the whole picture, and who sees what; and the notice
//! mail with its choices (each, daily digest, none) and unsubscribe links.

use crate::{
    auth::location,
    groups::{Browser, organisation_path, queries_per_page},
    invitations::join,
};
use integration_tests::{TestApp, spawn_app};
use sea_orm::{ConnectionTrait, Database, Statement};

/// An organisation with its huvudman group (Anna leads, Cia takes part) and two unit groups
/// (Rut leads Björkskolan, Sam leads Eksskolan), every group with steps 1 and 2 open.
pub struct Organisation<'a> {
    pub anna: Browser<'a>,
    pub cia: Browser<'a>,
    pub rut: Browser<'a>,
    pub sam: Browser<'a>,
    pub huvudman: String,
    pub organisation: String,
    pub bjork: String,
    pub eks: String,
}

async fn unit<'a>(
    app: &'a TestApp,
    anna: &Browser<'a>,
    organisation: &str,
    name: &str,
    leader: &str,
    leader_name: &str,
) -> (Browser<'a>, String) {
    let created = location(
        &anna
            .post(
                "/api/groups/create-unit",
                &[
                    ("organisation_id", organisation),
                    ("unit[name]", name),
                    ("unit[school_unit_code]", ""),
                    ("unit[leader_email]", leader),
                    ("locale", "sv"),
                ],
            )
            .await,
    );
    let id = created
        .split('?')
        .next()
        .unwrap()
        .trim_start_matches("/grupper/")
        .to_string();
    (join(app, leader, leader_name).await, id)
}

pub async fn open(who: &Browser<'_>, group: &str, number: &str) {
    let back = location(
        &who.post(
            "/api/work/step-state",
            &[("group_id", group), ("number", number), ("action", "open")],
        )
        .await,
    );
    assert!(!back.contains("fel="), "{back}");
}

pub async fn organisation(app: &TestApp) -> Organisation<'_> {
    let anna = Browser::sign_in(app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    let huvudman = group.trim_start_matches("/grupper/").to_string();
    let (_, page) = anna.page(&group).await;
    let organisation = organisation_path(&page)
        .trim_start_matches("/organisationer/")
        .to_string();
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", huvudman.as_str()),
            ("addresses", "cia@ekby.se"),
        ],
    )
    .await;
    let cia = join(app, "cia@ekby.se", "Cia Lärare").await;
    let (rut, bjork) = unit(
        app,
        &anna,
        &organisation,
        "Björkskolan",
        "rut@bjork.se",
        "Rut",
    )
    .await;
    let (sam, eks) = unit(app, &anna, &organisation, "Eksskolan", "sam@eks.se", "Sam").await;
    for (who, group) in [(&anna, &huvudman), (&rut, &bjork), (&sam, &eks)] {
        open(who, group, "1").await;
        open(who, group, "2").await;
    }
    Organisation {
        anna,
        cia,
        rut,
        sam,
        huvudman,
        organisation,
        bjork,
        eks,
    }
}

/// The unit writes step 2's first task (a list and a rating, agreed when `agreed`) as the
/// group's answer, and finalises the document.
pub async fn finalise_step_2(
    who: &Browser<'_>,
    group: &str,
    text: &str,
    rating: &str,
    agreed: bool,
) {
    write_step_2(who, group, text, rating, agreed).await;
    let finalised = location(&finalise(who, group, &document_seen(who, group).await).await);
    assert!(finalised.contains("?version="), "{finalised}");
}

/// The newest finalised version step 2's document page shows ("0" for none).
pub(crate) async fn document_seen(who: &Browser<'_>, group: &str) -> String {
    let (_, document) = who.page(&format!("/grupper/{group}/steg/2/dokument")).await;
    document
        .split(r#"name="seen" value=""#)
        .nth(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .unwrap_or_else(|| "0".to_string())
}

pub(crate) async fn finalise(who: &Browser<'_>, group: &str, seen: &str) -> reqwest::Response {
    who.post(
        "/api/work/finalise",
        &[("group_id", group), ("number", "2"), ("seen", seen)],
    )
    .await
}

/// The unit writes step 2's first task (a list and a rating, agreed when `agreed`) as the
/// group's answer.
pub(crate) async fn write_step_2(
    who: &Browser<'_>,
    group: &str,
    text: &str,
    rating: &str,
    agreed: bool,
) {
    let base = |field: &str| format!("base[{field}]");
    let (underlag, rating_base) = (base("underlag"), base("om-undervisningen"));
    // The versions the page shows: read them so a second save is not a conflict.
    let (_, page) = who.page(&format!("/grupper/{group}/steg/2")).await;
    let version = |field: &str| {
        let marker = format!(r#"name="base[{field}]" value=""#);
        page.find(&marker)
            .map(|i| {
                page[i + marker.len()..]
                    .split('"')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .unwrap_or_else(|| "0".to_string())
    };
    let (v1, v2) = (version("underlag"), version("om-undervisningen"));
    let saved = location(
        &who.post(
            "/api/work/save",
            &[
                ("group_id", group),
                ("number", "2"),
                ("task", "samla-underlag"),
                ("answers[underlag]", text),
                ("answers[om-undervisningen]", rating),
                (underlag.as_str(), v1.as_str()),
                (rating_base.as_str(), v2.as_str()),
                ("to", "grupp"),
            ],
        )
        .await,
    );
    assert!(saved.contains("sparat="), "{saved}");
    if agreed {
        who.post(
            "/api/work/agree",
            &[
                ("group_id", group),
                ("number", "2"),
                ("field", "samla-underlag/om-undervisningen"),
                ("agreed", "1"),
            ],
        )
        .await;
    }
}

/// Submits the step-2 artefact; returns where the form went.
pub async fn submit(who: &Browser<'_>, group: &str, seen: &str) -> String {
    location(
        &who.post(
            "/api/handovers/submit",
            &[
                ("group_id", group),
                ("number", "2"),
                ("handover", "enhetens-nulagesbeskrivning"),
                ("seen", seen),
            ],
        )
        .await,
    )
}

/// The ids of the versions a unit's step page links to, oldest first.
pub(crate) async fn submissions(who: &Browser<'_>, group: &str, step: u8) -> Vec<String> {
    let (_, page) = who.page(&format!("/grupper/{group}/steg/{step}")).await;
    let mut ids: Vec<String> = Vec::new();
    for part in page.split("/overlamningar/").skip(1) {
        let id = part.split('"').next().unwrap().to_string();
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids.reverse();
    ids
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = Database::connect(&app.database.url).await.unwrap();
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap()
}

/// Every mail to `to`, oldest first: (subject, text).
pub async fn mails_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    let db = Database::connect(&app.database.url).await.unwrap();
    db.query_all_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT subject, text_body FROM outbox WHERE to_address = $1 ORDER BY id",
        [to.into()],
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("", "subject").unwrap(),
            r.try_get("", "text_body").unwrap(),
        )
    })
    .collect()
}

pub(crate) async fn respond(
    who: &Browser<'_>,
    id: &str,
    seen: &str,
    kind: &str,
    body: &str,
) -> String {
    location(
        &who.post(
            "/api/handovers/respond",
            &[("id", id), ("seen", seen), ("kind", kind), ("body", body)],
        )
        .await,
    )
}

#[tokio::test]
async fn a_unit_submits_its_artefact_and_the_huvudman_answers_each_version() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    let step = format!("/grupper/{}/steg/2", o.bjork);

    // Before the document is finalised there is nothing to send.
    let back = submit(&o.rut, &o.bjork, "0").await;
    assert_eq!(
        back,
        format!("{step}#overlamning-enhetens-nulagesbeskrivning")
    );
    let (_, page) = o.rut.page(&back).await;
    assert!(page.contains("Fastställ dokumentet först"), "{page}");

    finalise_step_2(&o.rut, &o.bjork, "Enkäten från i våras", "3", true).await;
    let sent = submit(&o.rut, &o.bjork, "0").await;
    assert!(sent.contains("?skickat=1#"), "{sent}");
    // A double submit is the same version.
    assert!(submit(&o.rut, &o.bjork, "0").await.contains("?skickat=1#"));
    let ids = submissions(&o.rut, &o.bjork, 2).await;
    assert_eq!(ids.len(), 1, "one version, not two");
    let first = ids[0].clone();
    let (_, page) = o.rut.page(&sent).await;
    assert!(page.contains("Skickat. Huvudmannen har fått version 1."));
    assert!(page.contains("Version 1 av dokumentet är skickad."));

    // The huvudman group's members were told, each with an unsubscribe link.
    for to in ["anna@ekby.se", "cia@ekby.se"] {
        let mails = mails_to(&app, to).await;
        let (subject, text) = mails.last().unwrap();
        assert!(subject.contains("Nytt från Björkskolan"), "{subject}");
        assert!(text.contains(&format!("/overlamningar/{first}")), "{text}");
        assert!(text.contains("/avregistrera/"), "{text}");
    }
    assert!(
        mails_to(&app, "rut@bjork.se")
            .await
            .iter()
            .all(|(s, _)| !s.contains("Nytt från")),
        "the unit is not mailed its own submission"
    );

    // The huvudman's step page lists the units; the submission reads as it was sent.
    let (_, page) = o
        .anna
        .page(&format!("/grupper/{}/steg/2", o.huvudman))
        .await;
    assert!(page.contains("Från enheterna") && page.contains("Björkskolan"));
    assert!(page.contains(&format!("/overlamningar/{first}")));
    let submission = format!("/overlamningar/{first}");
    let (status, page) = o.cia.page(&submission).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Enkäten från i våras") && page.contains("En del"),
        "{page}"
    );
    assert!(!page.contains("Skicka svaret"), "only the leader answers");

    // The other unit, and a participant of the huvudman group, cannot answer or read it.
    assert_eq!(o.sam.page(&submission).await.0, 404);
    let response = o
        .cia
        .post(
            "/api/handovers/respond",
            &[
                ("id", &first),
                ("seen", "0"),
                ("kind", "kommentar"),
                ("body", "x"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
    let response = o
        .rut
        .post(
            "/api/handovers/respond",
            &[
                ("id", &first),
                ("seen", "0"),
                ("kind", "kvittera"),
                ("body", ""),
            ],
        )
        .await;
    assert_eq!(response.status(), 404, "a unit does not answer itself");

    // A comment needs words; what was typed for it is not lost.
    let back = respond(&o.anna, &first, "0", "komplettera", "  ").await;
    assert!(back.ends_with("#svara"), "{back}");
    let (_, page) = o.anna.page(&back).await;
    assert!(page.contains("Skriv något först."));
    let back = respond(&o.anna, &first, "0", "komplettera", "Vad säger eleverna?").await;
    assert!(back.contains("svarat=1"), "{back}");
    // A double submit is one answer.
    respond(&o.anna, &first, "0", "komplettera", "Vad säger eleverna?").await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM submission_responses").await,
        1
    );
    // An answer from a page that had not seen it is refused, with the text kept.
    let back = respond(&o.anna, &first, "0", "kommentar", "Bra början").await;
    let (_, page) = o.anna.page(&back).await;
    assert!(page.contains("Någon annan hann före") && page.contains("Bra början"));

    // The unit sees the answer in its step, and is told by mail.
    let (_, page) = o.rut.page(&step).await;
    assert!(page.contains("Ska kompletteras") && page.contains("Vad säger eleverna?"));
    let (subject, _) = mails_to(&app, "rut@bjork.se").await.pop().unwrap();
    assert!(subject.contains("ber er komplettera"), "{subject}");

    // A new version; the first stays readable and points to it; only the newest is answered.
    finalise_step_2(&o.rut, &o.bjork, "Enkäten och elevernas röster", "3", true).await;
    assert!(submit(&o.rut, &o.bjork, "1").await.contains("?skickat=2#"));
    let ids = submissions(&o.rut, &o.bjork, 2).await;
    assert_eq!(ids.len(), 2);
    let (_, page) = o.anna.page(&submission).await;
    assert!(page.contains("Enkäten från i våras") && page.contains("nyare version, version 2"));
    assert!(!page.contains("Skicka svaret"));
    let back = respond(&o.anna, &first, "1", "kvittera", "").await;
    let (_, page) = o.anna.page(&back).await;
    assert!(
        page.contains("Någon annan hann före"),
        "an old version is not answered"
    );
    let back = respond(&o.anna, &ids[1], "0", "kvittera", "").await;
    assert!(back.contains("svarat=1"));
    let (_, page) = o.rut.page(&step).await;
    assert!(page.contains("Kvitterat"), "{page}");

    // An answer is shown to the unit as text, never as markup.
    let hostile = "<img src=x onerror=alert(1)>";
    assert!(
        respond(&o.anna, &ids[1], "1", "kommentar", hostile)
            .await
            .contains("svarat=1")
    );
    for (who, page) in [
        (&o.rut, step.clone()),
        (&o.anna, format!("/overlamningar/{}", ids[1])),
    ] {
        let (_, body) = who.page(&page).await;
        assert!(
            !body.contains("<img src=x") && body.contains("&lt;img src=x"),
            "{page}"
        );
    }

    // Resending what was already sent changes nothing.
    let back = submit(&o.rut, &o.bjork, "2").await;
    let (_, page) = o.rut.page(&back).await;
    assert!(
        page.contains("Version 2 av dokumentet är skickad."),
        "{page}"
    );
    assert_eq!(submissions(&o.rut, &o.bjork, 2).await.len(), 2);
}

#[tokio::test]
async fn a_text_hand_over_is_kept_escaped_and_checked() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    open(&o.rut, &o.bjork, "3").await;
    let post = |body: String| {
        let rut = &o.rut;
        let group = o.bjork.clone();
        async move {
            location(
                &rut.post(
                    "/api/handovers/submit",
                    &[
                        ("group_id", group.as_str()),
                        ("number", "3"),
                        ("handover", "behov-av-stod"),
                        ("seen", "0"),
                        ("body", body.as_str()),
                    ],
                )
                .await,
            )
        }
    };
    let back = post("x".repeat(20_001)).await;
    let (_, page) = o.rut.page(&back).await;
    assert!(page.contains("Texten är för lång") && page.contains(&"x".repeat(20_001)));
    let hostile = "Stöd i </textarea><script>alert(1)</script> analys".to_string();
    assert!(post(hostile.clone()).await.contains("?skickat=1#"));
    let (_, page) = o.rut.page(&format!("/grupper/{}/steg/3", o.bjork)).await;
    assert!(!page.contains("<script>alert(1)"), "escaped in the form");
    assert!(page.contains("&lt;/textarea&gt;&lt;script&gt;"), "{page}");
    let id = submissions(&o.rut, &o.bjork, 3).await.pop().unwrap();
    let (status, page) = o.anna.page(&format!("/overlamningar/{id}")).await;
    assert_eq!(status, 200);
    assert!(!page.contains("<script>alert(1)") && page.contains("&lt;script&gt;"));
    // The same text again is nothing new.
    let rut = &o.rut;
    let back = location(
        &rut.post(
            "/api/handovers/submit",
            &[
                ("group_id", o.bjork.as_str()),
                ("number", "3"),
                ("handover", "behov-av-stod"),
                ("seen", "1"),
                ("body", hostile.as_str()),
            ],
        )
        .await,
    );
    let (_, page) = rut.page(&back).await;
    assert!(page.contains("Det här är redan skickat"));
    // A hand-over the step does not have, or a participant, gets 404.
    for (who, handover) in [
        (&o.rut, "ny-ram"),
        (&o.rut, "okand"),
        (&o.anna, "behov-av-stod"),
    ] {
        let response = who
            .post(
                "/api/handovers/submit",
                &[
                    ("group_id", o.bjork.as_str()),
                    ("number", "3"),
                    ("handover", handover),
                    ("seen", "0"),
                    ("body", "x"),
                ],
            )
            .await;
        assert_eq!(response.status(), 404, "{handover}");
    }
}

async fn publish(
    o: &Organisation<'_>,
    seen: &str,
    body: &str,
    units: &[&str],
) -> reqwest::Response {
    let mut form = vec![
        ("group_id", o.huvudman.as_str()),
        ("number", "2"),
        ("handover", "jamforelse-och-fragor"),
        ("seen", seen),
        ("body", body),
    ];
    let names: Vec<String> = units.iter().map(|u| format!("units[g{u}]")).collect();
    if units.is_empty() {
        form.push(("to", "alla"));
    } else {
        form.push(("to", "valda"));
        for name in &names {
            form.push((name.as_str(), "on"));
        }
    }
    o.anna.post("/api/handovers/publish", &form).await
}

#[tokio::test]
async fn the_huvudman_publishes_to_chosen_units_or_all() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    let bjork_step = format!("/grupper/{}/steg/2", o.bjork);
    let eks_step = format!("/grupper/{}/steg/2", o.eks);

    let back = location(&publish(&o, "0", "Björkskolan sticker ut i läsning.", &[&o.bjork]).await);
    assert!(back.contains("publicerat=jamforelse-och-fragor"), "{back}");
    // A double submit is one publication.
    publish(&o, "0", "Björkskolan sticker ut i läsning.", &[&o.bjork]).await;
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM publications").await,
        1
    );
    let (_, page) = o.rut.page(&bjork_step).await;
    assert!(page.contains("Från huvudmannen") && page.contains("Björkskolan sticker ut"));
    let (_, page) = o.sam.page(&eks_step).await;
    assert!(
        !page.contains("Björkskolan sticker ut"),
        "units see only what reached them"
    );
    let (subject, text) = mails_to(&app, "rut@bjork.se").await.pop().unwrap();
    assert!(subject.contains("Från huvudmannen"), "{subject}");
    assert!(text.contains("#fran-huvudmannen"));
    assert!(
        mails_to(&app, "sam@eks.se")
            .await
            .iter()
            .all(|(s, _)| !s.contains("Från huvudmannen"))
    );

    // To everyone; the huvudman's page says to whom each went.
    publish(&o, "1", "Frågor till alla enheter.", &[]).await;
    for (who, page) in [(&o.rut, &bjork_step), (&o.sam, &eks_step)] {
        let (_, body) = who.page(page).await;
        assert!(body.contains("Frågor till alla enheter."), "{body}");
    }
    let (_, page) = o
        .anna
        .page(&format!("/grupper/{}/steg/2", o.huvudman))
        .await;
    assert!(page.contains("till alla enheter") && page.contains("till Björkskolan"));

    // No unit chosen: asked again, with the text kept. A stale page: refused, text kept.
    let back = location(
        &o.anna
            .post(
                "/api/handovers/publish",
                &[
                    ("group_id", o.huvudman.as_str()),
                    ("number", "2"),
                    ("handover", "jamforelse-och-fragor"),
                    ("seen", "2"),
                    ("body", "Till ingen"),
                    ("to", "valda"),
                ],
            )
            .await,
    );
    let (_, page) = o.anna.page(&back).await;
    assert!(page.contains("Välj minst en enhet") && page.contains("Till ingen"));
    let back = location(&publish(&o, "0", "Gammal sida", &[]).await);
    let (_, page) = o.anna.page(&back).await;
    assert!(page.contains("Någon annan hann före") && page.contains("Gammal sida"));
    // What the huvudman writes reaches the units as text, never as markup.
    let hostile = "<img src=x onerror=alert(1)> </textarea>";
    assert!(location(&publish(&o, "2", hostile, &[]).await).contains("publicerat="));
    let (_, page) = o.sam.page(&eks_step).await;
    assert!(!page.contains("<img src=x") && page.contains("&lt;img src=x onerror=alert(1)&gt;"));

    // Another organisation's unit, a unit's leader, a participant: 404.
    let other = Browser::sign_in(&app, "olle@annan.se").await;
    let other_group = other.register("Annan kommun", true).await;
    let (_, page) = other.page(&other_group).await;
    let other_org = organisation_path(&page);
    let (_, org_page) = other.page(&other_org).await;
    let foreign = org_page
        .split("/grupper/")
        .filter_map(|s| s.split('"').next())
        .find(|id| *id != other_group.trim_start_matches("/grupper/") && id.len() == 36)
        .expect("the other organisation's unit")
        .to_string();
    assert_eq!(publish(&o, "2", "x", &[&foreign]).await.status(), 404);
    for who in [&o.cia, &o.rut] {
        let response = who
            .post(
                "/api/handovers/publish",
                &[
                    ("group_id", o.huvudman.as_str()),
                    ("number", "2"),
                    ("handover", "jamforelse-och-fragor"),
                    ("seen", "2"),
                    ("body", "x"),
                    ("to", "alla"),
                ],
            )
            .await;
        assert_eq!(response.status(), 404);
    }
    // An answer-kind hand-over is not published.
    let response = o
        .anna
        .post(
            "/api/handovers/publish",
            &[
                ("group_id", o.huvudman.as_str()),
                ("number", "4"),
                ("handover", "kommentarer-pa-planen"),
                ("seen", "0"),
                ("body", "x"),
                ("to", "alla"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_overview_reads_only_what_units_submitted_and_only_for_the_huvudman() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    // Björkskolan agrees on "Mycket" and submits; Eksskolan rates without agreeing, submits.
    finalise_step_2(&o.rut, &o.bjork, "Text B", "4", true).await;
    submit(&o.rut, &o.bjork, "0").await;
    finalise_step_2(&o.sam, &o.eks, "Text E", "2", false).await;
    submit(&o.sam, &o.eks, "0").await;
    let id = submissions(&o.sam, &o.eks, 2).await.pop().unwrap();
    respond(&o.anna, &id, "0", "kvittera", "").await;
    // After submitting, Björkskolan writes something new that is not sent.
    finalise_step_2(&o.rut, &o.bjork, "Osänt utkast", "1", true).await;

    let overview = format!("/organisationer/{}/helhet", o.organisation);
    let (status, page) = o.cia.page(&overview).await;
    assert_eq!(status, 200, "every member of the huvudman group sees it");
    assert!(page.contains("Björkskolan") && page.contains("Eksskolan"));
    assert!(page.contains("Kvitterat") && page.contains("Skickat"));
    assert!(page.contains(r#"role="img""#) && page.contains("framsteg-diagram-titel"));
    // The spread: one unit said "Mycket" (4), agreed; the other's rating was not agreed.
    assert!(page.contains("1 enhet<") && page.contains("Ingen överenskommen skattning"));
    assert!(!page.contains("1 enheter"), "one unit is one enhet");
    assert!(!page.contains("Osänt utkast"));

    let side = format!("/organisationer/{}/helhet/steg/2", o.organisation);
    let (status, page) = o.anna.page(&side).await;
    assert_eq!(status, 200);
    assert!(page.contains("Text B") && page.contains("Text E"));
    assert!(!page.contains("Osänt utkast"), "only what was submitted");

    // Units do not see the whole picture, nor another organisation's owner; anonymous: sign in.
    let olle = Browser::sign_in(&app, "olle@annan.se").await;
    olle.register("Annan kommun", false).await;
    for who in [&o.rut, &o.sam, &olle] {
        assert_eq!(who.page(&overview).await.0, 404);
        assert_eq!(who.page(&side).await.0, 404);
    }
    let ids = submissions(&o.rut, &o.bjork, 2).await;
    assert_eq!(
        olle.page(&format!("/overlamningar/{}", ids[0])).await.0,
        404
    );
    let (_, page) = Browser::anonymous(&app).page(&overview).await;
    assert!(page.contains("/logga-in"));
    // A step that does not exist.
    let response = o
        .anna
        .page(&format!("/organisationer/{}/helhet/steg/9", o.organisation))
        .await;
    assert_eq!(response.0, 404);
}

#[tokio::test]
async fn notices_come_each_time_as_a_daily_digest_or_not_at_all() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    // Cia wants a digest; Anna will unsubscribe from a mail.
    let saved = location(
        &o.cia
            .post("/api/notices/choose", &[("choice", "dagligen")])
            .await,
    );
    assert_eq!(saved, "/installningar?sparat=1");
    let (_, page) = o.cia.page("/installningar").await;
    assert!(page.contains(r#"value="dagligen" checked"#), "{page}");
    assert_eq!(
        o.cia
            .post("/api/notices/choose", &[("choice", "ibland")])
            .await
            .status(),
        400
    );

    finalise_step_2(&o.rut, &o.bjork, "Text", "3", true).await;
    submit(&o.rut, &o.bjork, "0").await;
    assert!(
        mails_to(&app, "cia@ekby.se")
            .await
            .iter()
            .all(|(s, _)| !s.contains("Nytt från"))
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM digest_lines").await,
        1
    );

    // The digest goes out once, at the first run after five in the morning (UTC).
    let db = Database::connect(&app.database.url).await.unwrap();
    let now = app.clock.now();
    let base = "https://verkstad.example";
    let before = now.date_naive().and_hms_opt(4, 0, 0).unwrap().and_utc();
    let next_morning = (now + chrono::Duration::days(1))
        .date_naive()
        .and_hms_opt(5, 30, 0)
        .unwrap()
        .and_utc();
    if before > now {
        assert_eq!(
            server::features::notices::send_digests(&db, base, before)
                .await
                .unwrap(),
            0
        );
    }
    assert_eq!(
        server::features::notices::send_digests(&db, base, next_morning)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        server::features::notices::send_digests(&db, base, next_morning)
            .await
            .unwrap(),
        0,
        "the lines are gone once sent"
    );
    let (subject, text) = mails_to(&app, "cia@ekby.se").await.pop().unwrap();
    assert!(
        subject.contains("Det här har hänt i Verkstad (1)"),
        "{subject}"
    );
    assert!(text.contains("Nytt från Björkskolan") && text.contains("/avregistrera/"));

    // Anna unsubscribes from her mail's link without signing in; the link works once.
    let (_, text) = mails_to(&app, "anna@ekby.se").await.pop().unwrap();
    let start = text.find("/avregistrera/").unwrap();
    let link = text[start..].split_whitespace().next().unwrap().to_string();
    let token = link.trim_start_matches("/avregistrera/").to_string();
    let stranger = Browser::anonymous(&app);
    let (status, page) = stranger.page(&link).await;
    assert_eq!(status, 200);
    assert!(page.contains("Sluta skicka mejl") && !page.contains("anna@ekby.se"));
    let done = location(
        &stranger
            .post("/api/notices/unsubscribe", &[("token", token.as_str())])
            .await,
    );
    assert_eq!(done, "/avregistrerad");
    let again = location(
        &stranger
            .post("/api/notices/unsubscribe", &[("token", token.as_str())])
            .await,
    );
    assert_eq!(again, "/avregistrerad?fel=lanken");
    let (_, page) = stranger.page(&again).await;
    assert!(page.contains("Länken fungerar inte"));
    // Spent: its row (stored under the token's hash) is gone.
    let spent = server::tokens::hash(&token);
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM unsubscribe_tokens WHERE token_hash = '{spent}'")
        )
        .await,
        0
    );
    let (_, page) = o.anna.page("/installningar").await;
    assert!(page.contains(r#"value="aldrig" checked"#), "{page}");

    // No more notices for Anna; the unsubscribe link is stored only as a hash.
    let before = mails_to(&app, "anna@ekby.se").await.len();
    finalise_step_2(&o.sam, &o.eks, "Text", "3", true).await;
    submit(&o.sam, &o.eks, "0").await;
    assert_eq!(mails_to(&app, "anna@ekby.se").await.len(), before);
    let tokens_in_clear = count(
        &app,
        &format!("SELECT COUNT(*) AS n FROM unsubscribe_tokens WHERE token_hash = '{token}'"),
    )
    .await;
    assert_eq!(tokens_in_clear, 0);
}

/// The huvudman's pages, a unit's step page and a submission's page make as many queries with
/// more units, versions, answers and publications as with few.
#[tokio::test]
async fn the_hand_over_pages_make_as_many_queries_with_more_units() {
    let app = integration_tests::spawn_app_with(|config| config.test_clock = true).await;
    let o = organisation(&app).await;
    finalise_step_2(&o.rut, &o.bjork, "Text", "3", true).await;
    submit(&o.rut, &o.bjork, "0").await;
    let first = submissions(&o.rut, &o.bjork, 2).await.remove(0);
    publish(&o, "0", "Till Björkskolan", &[&o.bjork]).await;
    let pages = [
        format!("/organisationer/{}/helhet", o.organisation),
        format!("/organisationer/{}/helhet/steg/2", o.organisation),
        format!("/grupper/{}/steg/2", o.huvudman),
        format!("/overlamningar/{first}"),
    ];
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let unit_page = format!("/grupper/{}/steg/2", o.bjork);
    let little = queries_per_page(&app, &o.anna, &pages).await;
    let little_unit = queries_per_page(&app, &o.rut, &[&unit_page]).await;

    // Three more units that submit, a second version with answers, and publications.
    for n in 0..3 {
        let (leader, group) = unit(
            &app,
            &o.anna,
            &o.organisation,
            &format!("Skola {n}"),
            &format!("ledare{n}@skola.se"),
            &format!("Ledare {n}"),
        )
        .await;
        open(&leader, &group, "1").await;
        open(&leader, &group, "2").await;
        finalise_step_2(&leader, &group, &format!("Skola {n} text"), "2", true).await;
        submit(&leader, &group, "0").await;
    }
    respond(&o.anna, &first, "0", "komplettera", "Mer").await;
    finalise_step_2(&o.rut, &o.bjork, "Mer text", "4", true).await;
    submit(&o.rut, &o.bjork, "1").await;
    for n in 1..4 {
        publish(&o, &n.to_string(), &format!("Publicering {n}"), &[]).await;
    }
    let much = queries_per_page(&app, &o.anna, &pages).await;
    let much_unit = queries_per_page(&app, &o.rut, &[&unit_page]).await;
    assert_eq!(little, much, "queries per page for {pages:?}");
    assert_eq!(little_unit, much_unit, "the unit's step page");
}

/// Two submits, two answers and two publications sent at the same moment (a double click on a
/// slow line, two tabs) make one row each.
#[tokio::test]
async fn parallel_requests_make_one_version_one_answer_one_publication() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    finalise_step_2(&o.rut, &o.bjork, "Text", "3", true).await;
    let (a, b) = tokio::join!(submit(&o.rut, &o.bjork, "0"), submit(&o.rut, &o.bjork, "0"));
    assert!(
        a.contains("skickat=1") && b.contains("skickat=1"),
        "{a} {b}"
    );
    let ids = submissions(&o.rut, &o.bjork, 2).await;
    assert_eq!(ids.len(), 1);
    let (a, b) = tokio::join!(
        respond(&o.anna, &ids[0], "0", "kommentar", "Tack"),
        respond(&o.anna, &ids[0], "0", "kommentar", "Tack")
    );
    assert!(a.contains("svarat=1") && b.contains("svarat=1"), "{a} {b}");
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM submission_responses").await,
        1
    );
    let (a, b) = tokio::join!(
        publish(&o, "0", "Ramen", &[]),
        publish(&o, "0", "Ramen", &[])
    );
    assert!(location(&a).contains("publicerat=") && location(&b).contains("publicerat="));
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM publications").await,
        1
    );
}

/// An unsubscribe link stops working after 90 days, and never signs anyone in.
#[tokio::test]
async fn an_old_unsubscribe_link_does_nothing() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    finalise_step_2(&o.rut, &o.bjork, "Text", "3", true).await;
    submit(&o.rut, &o.bjork, "0").await;
    let (_, text) = mails_to(&app, "anna@ekby.se").await.pop().unwrap();
    let start = text.find("/avregistrera/").unwrap();
    let token = text[start..]
        .split_whitespace()
        .next()
        .unwrap()
        .trim_start_matches("/avregistrera/")
        .to_string();
    app.clock.advance(chrono::Duration::days(91));
    let stranger = Browser::anonymous(&app);
    let response = stranger
        .post("/api/notices/unsubscribe", &[("token", token.as_str())])
        .await;
    assert!(
        response.headers().get("set-cookie").is_none(),
        "nobody is signed in"
    );
    assert_eq!(location(&response), "/avregistrerad?fel=lanken");
    let db = Database::connect(&app.database.url).await.unwrap();
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT notice_mail FROM users WHERE email = 'anna@ekby.se'",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<String>("", "notice_mail").unwrap(), "each");
}

/// In step 4 the huvudman's answers to a unit's plan are the hand-over down "Kommentarer från
/// huvudmannen": the unit reads them there, beside its plan's versions.
#[tokio::test]
async fn comments_on_a_plan_reach_the_unit_under_their_own_heading() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    open(&o.rut, &o.bjork, "3").await;
    open(&o.rut, &o.bjork, "4").await;
    let finalised = location(
        &o.rut
            .post(
                "/api/work/finalise",
                &[
                    ("group_id", o.bjork.as_str()),
                    ("number", "4"),
                    ("seen", "0"),
                ],
            )
            .await,
    );
    assert!(finalised.contains("?version=1"), "{finalised}");
    let sent = location(
        &o.rut
            .post(
                "/api/handovers/submit",
                &[
                    ("group_id", o.bjork.as_str()),
                    ("number", "4"),
                    ("handover", "enhetens-utvecklingsplan"),
                    ("seen", "0"),
                ],
            )
            .await,
    );
    assert!(sent.contains("skickat=1"), "{sent}");
    let step = format!("/grupper/{}/steg/4", o.bjork);
    let (_, page) = o.rut.page(&step).await;
    let plan = page.split("/overlamningar/").nth(1).unwrap()[..36].to_string();
    respond(&o.anna, &plan, "0", "kommentar", "Målen är tydliga.").await;
    let (_, page) = o.rut.page(&step).await;
    let comments = &page[page
        .find(r#"id="overlamning-kommentarer-pa-planen""#)
        .unwrap()..];
    assert!(comments.contains("Kommentarer från huvudmannen"));
    assert!(comments.contains("Svar på version 1") && comments.contains("Målen är tydliga."));
    // The huvudman's own step 4 says where such answers are written.
    let (_, page) = o
        .anna
        .page(&format!("/grupper/{}/steg/4", o.huvudman))
        .await;
    assert!(page.contains("Ni svarar varje enhet på sidan för det den har skickat."));
}

/// A name that tries to end the page title and send the reader elsewhere.
const TITLE_NAME: &str =
    r#"Enhet B </title><meta http-equiv="refresh" content="0;url=https://evil.example/">"#;

/// The text of the page's `<title>`, as the server wrote it.
fn title_of(body: &str) -> &str {
    let start = body.find("<title>").expect("a title") + "<title>".len();
    let end = body[start..].find("</title>").expect("the title's end");
    &body[start..start + end]
}

/// Issue 23, hole 1: a unit leader names the unit (and an organisation is registered) with a
/// name that ends the `<title>`; every page that puts a name in its title keeps it as text.
#[tokio::test]
async fn names_stay_inside_the_title_on_every_page() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    let renamed = location(
        &o.rut
            .post(
                "/api/groups/update-unit",
                &[
                    ("group_id", o.bjork.as_str()),
                    ("unit[name]", TITLE_NAME),
                    ("unit[school_unit_code]", ""),
                    ("unit[grundskola]", "on"),
                ],
            )
            .await,
    );
    assert!(renamed.ends_with("?sparad=1#uppgifter"), "{renamed}");
    // The organisation's name as it was registered (the form takes the same one-line names).
    let db = Database::connect(&app.database.url).await.unwrap();
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE organisations SET name = $1",
        [TITLE_NAME.into()],
    ))
    .await
    .unwrap();
    finalise_step_2(&o.rut, &o.bjork, "Enkäten", "3", true).await;
    submit(&o.rut, &o.bjork, "0").await;
    let submission = submissions(&o.rut, &o.bjork, 2).await[0].clone();

    let (bjork, org) = (&o.bjork, &o.organisation);
    let pages = [
        (&o.rut, format!("/grupper/{bjork}")),
        (&o.rut, format!("/grupper/{bjork}/steg/2")),
        (&o.rut, format!("/grupper/{bjork}/steg/2/dokument")),
        (&o.rut, format!("/grupper/{bjork}/steg/2/dokument/1")),
        (&o.anna, format!("/organisationer/{org}")),
        (&o.anna, format!("/organisationer/{org}/helhet")),
        (&o.anna, format!("/overlamningar/{submission}")),
        (
            &o.rut,
            format!("/grupper/{bjork}/steg/2/falt/samla-underlag/underlag"),
        ),
        (
            &o.rut,
            format!("/grupper/{bjork}/steg/2/fraga/barnens-bild"),
        ),
        (&o.rut, format!("/grupper/{bjork}/steg/2/bidrag")),
    ];
    for (who, path) in &pages {
        let (status, body) = who.page(path).await;
        assert_eq!(status, 200, "{path}");
        let title = title_of(&body);
        assert!(
            title.contains("Enhet B &lt;/title&gt;&lt;meta http-equiv="),
            "{path}: the name is in the title, escaped: {title}"
        );
        assert!(!title.contains('<'), "{path}: {title}");
        assert!(
            !body.contains("<meta http-equiv"),
            "{path} let the meta through"
        );
        assert_eq!(body.matches("<title>").count(), 1, "{path}");
    }
    // Lists name the units in their text, too: the next-move lines and "Att göra nu".
    for (who, path) in [
        (&o.rut, "/mina-grupper".to_string()),
        (&o.anna, format!("/organisationer/{org}")),
    ] {
        let (_, body) = who.page(&path).await;
        assert!(body.contains("Enhet B &lt;/title&gt;"), "{path}: {body}");
        assert!(
            !body.contains("<meta http-equiv"),
            "{path} let the meta through"
        );
    }
}

/// Issue 23, hole 4: the huvudman's publishing form is not offered before its step is open
/// (sending was refused, and opening the step then lost the text); the page says to open the
/// step first, and once it is open the form is there.
#[tokio::test]
async fn no_hand_over_form_asks_for_text_before_the_step_is_open() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    let step = format!("/grupper/{}/steg/3", o.huvudman);
    let (_, page) = o.anna.page(&step).await;
    assert!(
        !page.contains(r#"action="/api/handovers/publish""#),
        "{page}"
    );
    assert!(page.contains("Öppna steget först"), "{page}");
    open(&o.anna, &o.huvudman, "3").await;
    let (_, page) = o.anna.page(&step).await;
    assert!(
        page.contains(r#"action="/api/handovers/publish""#),
        "{page}"
    );
    assert!(!page.contains("Öppna steget först"));
    // The same on a unit's page for a text sent up (step 3's request for support).
    let unit_step = format!("/grupper/{}/steg/3", o.bjork);
    let (_, page) = o.rut.page(&unit_step).await;
    assert!(
        !page.contains(r#"action="/api/handovers/submit""#),
        "{page}"
    );
    assert!(page.contains("Öppna steget först"));
}

/// Twenty of each hand-over and step command sent at once, while another connection holds the
/// database's write lock for a second, on a pool of three connections: each is answered
/// without a server error once the lock is let go, and each intent is one row. A use case that
/// read through the pool while holding its own write transaction would wait for a connection
/// that the requests queued behind it hold.
#[tokio::test]
async fn writes_wait_for_a_held_lock_on_a_small_pool_without_failing() {
    let app = integration_tests::spawn_app_with(|c| c.database_pool_size = 3).await;
    let o = organisation(&app).await;
    finalise_step_2(&o.rut, &o.bjork, "Text", "3", true).await;
    write_step_2(&o.sam, &o.eks, "Eks text", "2", true).await;
    let ids_before = submissions(&o.rut, &o.bjork, 2).await.len();
    assert_eq!(ids_before, 0);

    async fn all_answered(batch: Vec<reqwest::Response>, what: &str) {
        for response in batch {
            let status = response.status();
            assert!(status.is_redirection(), "{what}: {status}");
            let back = location(&response);
            assert!(!back.contains("fel="), "{what}: {back}");
        }
    }

    let lock = hold_write_lock(&app).await;
    let form = [
        ("group_id", o.bjork.as_str()),
        ("number", "2"),
        ("handover", "enhetens-nulagesbeskrivning"),
        ("seen", "0"),
    ];
    let batch =
        futures::future::join_all((0..20).map(|_| o.rut.post("/api/handovers/submit", &form)))
            .await;
    lock.await.unwrap();
    all_answered(batch, "submit").await;
    let ids = submissions(&o.rut, &o.bjork, 2).await;
    assert_eq!(ids.len(), 1);

    let lock = hold_write_lock(&app).await;
    let form = [
        ("id", ids[0].as_str()),
        ("seen", "0"),
        ("kind", "kommentar"),
        ("body", "Tack"),
    ];
    let batch =
        futures::future::join_all((0..20).map(|_| o.anna.post("/api/handovers/respond", &form)))
            .await;
    lock.await.unwrap();
    all_answered(batch, "respond").await;

    let lock = hold_write_lock(&app).await;
    let batch = futures::future::join_all((0..20).map(|_| publish(&o, "0", "Ramen", &[]))).await;
    lock.await.unwrap();
    all_answered(batch, "publish").await;

    let lock = hold_write_lock(&app).await;
    let batch = futures::future::join_all((0..20).map(|_| finalise(&o.sam, &o.eks, "0"))).await;
    lock.await.unwrap();
    all_answered(batch, "finalise").await;

    let lock = hold_write_lock(&app).await;
    let batch = futures::future::join_all((0..20).map(|_| open_step(&o.sam, &o.eks, "3"))).await;
    lock.await.unwrap();
    all_answered(batch, "open").await;

    // Agreeing, twenty at once behind the lock: each waits, and the mark is set once.
    let agree = [
        ("group_id", o.eks.as_str()),
        ("number", "2"),
        ("field", "samla-underlag/underlag"),
        ("agreed", "1"),
    ];
    let lock = hold_write_lock(&app).await;
    let batch =
        futures::future::join_all((0..20).map(|_| o.sam.post("/api/work/agree", &agree))).await;
    lock.await.unwrap();
    all_answered(batch, "agree").await;

    for (table, n) in [
        ("submissions", 1),
        ("submission_responses", 1),
        ("publications", 1),
        ("artefact_versions", 2),
        ("step_states WHERE step = 3", 1),
        (
            "answers WHERE agreed AND field LIKE '2/enhet/field/samla-underlag/underlag'",
            1,
        ),
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        assert_eq!(count(&app, &sql).await, n, "{table}");
    }
}

async fn open_step(who: &Browser<'_>, group: &str, number: &str) -> reqwest::Response {
    who.post(
        "/api/work/step-state",
        &[("group_id", group), ("number", number), ("action", "open")],
    )
    .await
}

/// Takes the database's write lock from a connection of its own and lets it go after a
/// second: SQLite's `BEGIN IMMEDIATE` with a write; on PostgreSQL, the tables every command
/// here writes, locked against writes (reads still pass). Returns once the lock is held.
pub(crate) async fn hold_write_lock(app: &TestApp) -> tokio::task::JoinHandle<()> {
    let db = Database::connect(&app.database.url).await.unwrap();
    let (held, is_held) = tokio::sync::oneshot::channel();
    let postgres = app.database.is_postgres();
    let task = tokio::spawn(async move {
        use sea_orm::TransactionTrait as _;
        let txn = db
            .begin_with_options(sea_orm::TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
            .unwrap();
        let lock = if postgres {
            "LOCK TABLE submissions, submission_responses, publications, artefact_versions, \
             step_states, audit_events, outbox, rate_limits IN SHARE ROW EXCLUSIVE MODE"
        } else {
            "UPDATE organisations SET name = name WHERE 1 = 0"
        };
        txn.execute_unprepared(lock).await.unwrap();
        held.send(()).unwrap();
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
        txn.commit().await.unwrap();
    });
    is_held.await.unwrap();
    task
}
