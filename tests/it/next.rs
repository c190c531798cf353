//! The pages lead: the group page's "Nästa steg" box and "Mina grupper" say each group's next
//! move, worded for the reader, and link to it; the huvudman's "Att göra nu" says what needs
//! it; after "komplettera" the unit is led back (reopen, change, finalise, send version 2) and
//! the huvudman reads what changed. A state has one name on every page.

use crate::{
    auth::location,
    groups::Browser,
    handovers::{
        document_seen, finalise, finalise_step_2, organisation, respond, submissions, submit,
        write_step_2,
    },
    invitations::join,
};
use integration_tests::spawn_app;

/// A page's text without its markup, entities decoded and whitespace collapsed: what a reader
/// sees.
pub fn text_of(html: &str) -> String {
    let out = crate::content::words_of(html)
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The group page's "Nästa steg" box: its text and where its link goes.
fn next_box(page: &str) -> (String, Option<String>) {
    let start = page
        .find(r#"aria-labelledby="nasta""#)
        .unwrap_or_else(|| panic!("no next box: {page}"));
    let section = &page[start..];
    let section = &section[section.find('>').unwrap() + 1..section.find("</section>").unwrap()];
    let href = section
        .split(r#"href=""#)
        .nth(1)
        .map(|s| s.split('"').next().unwrap().replace("&amp;", "&"));
    (text_of(section), href)
}

/// The line "Mina grupper" shows for one group.
fn my_line(page: &str, group: &str) -> String {
    let start = page
        .find(&format!(r#"<a href="/grupper/{group}">"#))
        .unwrap_or_else(|| panic!("{group} not listed: {page}"));
    let item = &page[start..];
    text_of(&item[..item.find("</li>").unwrap()])
}

/// "Att göra nu" on an organisation page or the whole picture.
fn inbox(page: &str) -> String {
    let start = page
        .find(r#"aria-labelledby="att-gora""#)
        .unwrap_or_else(|| panic!("no inbox: {page}"));
    let section = &page[start..];
    text_of(&section[section.find('>').unwrap() + 1..section.find("</section>").unwrap()])
}

async fn step_state(who: &Browser<'_>, group: &str, number: &str, action: &str) -> String {
    location(
        &who.post(
            "/api/work/step-state",
            &[
                ("group_id", group),
                ("number", number),
                ("action", action),
                ("confirm", "1"),
            ],
        )
        .await,
    )
}

#[tokio::test]
async fn the_group_page_says_the_next_move_to_the_leader_and_the_participant() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let home = anna.register("Ekby kommun", false).await;
    let group = home.trim_start_matches("/grupper/").to_string();
    anna.post(
        "/api/invitations/create",
        &[("group_id", group.as_str()), ("addresses", "bo@ekby.se")],
    )
    .await;
    let bo = join(&app, "bo@ekby.se", "Bo Lärare").await;

    // Nothing opened: the leader is told to open step 1 and what that means; Bo, who cannot,
    // that the leader has not yet.
    let (text, href) = next_box(&anna.page(&home).await.1);
    assert!(
        text.contains("Öppna steg 1.") && text.contains("kan medlemmarna skriva"),
        "{text}"
    );
    assert_eq!(href.unwrap(), format!("/grupper/{group}/steg/1#steget"));
    let (text, href) = next_box(&bo.page(&home).await.1);
    assert!(
        text.contains("Processledaren har inte öppnat steg 1 än."),
        "{text}"
    );
    assert_eq!(href.unwrap(), format!("/grupper/{group}/steg/1"));
    // "Mina grupper" says the same, in one line.
    let (_, mine) = bo.page("/mina-grupper").await;
    assert!(
        my_line(&mine, &group).contains("Processledaren har inte öppnat steg 1 än."),
        "{mine}"
    );

    // Open: how many tasks are agreed, and the way to them.
    step_state(&anna, &group, "1", "open").await;
    let (text, href) = next_box(&anna.page(&home).await.1);
    assert!(
        text.contains("Steg 1 är öppet: 0 av 5 uppgifter överenskomna."),
        "{text}"
    );
    assert_eq!(href.unwrap(), format!("/grupper/{group}/steg/1#uppgifter"));

    // Done: the document is next, for the leader to finalise.
    step_state(&anna, &group, "1", "done").await;
    let (text, href) = next_box(&anna.page(&home).await.1);
    assert!(
        text.contains("Steg 1 är klart. Fastställ dokumentet som version 1."),
        "{text}"
    );
    let document = href.unwrap();
    assert_eq!(document, format!("/grupper/{group}/steg/1/dokument"));
    let (text, _) = next_box(&bo.page(&home).await.1);
    assert!(
        text.contains("Processledaren fastställer dokumentet."),
        "{text}"
    );

    // Finalised: the huvudman's group sends its framework down to the units.
    let finalised = location(
        &anna
            .post(
                "/api/work/finalise",
                &[("group_id", group.as_str()), ("number", "1"), ("seen", "0")],
            )
            .await,
    );
    assert!(finalised.contains("version="), "{finalised}");
    let (text, href) = next_box(&anna.page(&home).await.1);
    assert!(
        text.contains(
            "Steg 1 är klart. Skicka det som ska ut: ”Ram, tidsplan och mallar till enheterna”."
        ),
        "{text}"
    );
    assert_eq!(
        href.unwrap(),
        format!("/grupper/{group}/steg/1#overlamning-ram-och-tidsplan")
    );
}

#[tokio::test]
async fn asked_to_complete_the_unit_is_led_back_and_the_huvudman_sees_what_changed() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    let bjork_home = format!("/grupper/{}", o.bjork);
    let org_page = format!("/organisationer/{}", o.organisation);
    let whole = format!("/organisationer/{}/helhet", o.organisation);

    // Björkskolan finalises and sends step 2; its leader is led there first by step 1 (open).
    finalise_step_2(&o.rut, &o.bjork, "Enkäten och elevsamtalen", "3", true).await;
    let (text, _) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(
        text.contains("Steg 1 är öppet: 0 av 5 uppgifter överenskomna."),
        "{text}"
    );
    submit(&o.rut, &o.bjork, "0").await;

    // The huvudman's "Att göra nu": a version waiting for an answer, with its link.
    let (_, page) = o.anna.page(&org_page).await;
    let waiting = inbox(&page);
    assert!(
        waiting.contains("1 inskickad version väntar på ert svar")
            && waiting.contains("Björkskolan: Nulägesbeskrivning, version 1 (steg 2)"),
        "{waiting}"
    );
    let id = submissions(&o.rut, &o.bjork, 2).await.pop().unwrap();
    assert!(page.contains(&format!("/overlamningar/{id}")), "{page}");
    assert_eq!(inbox(&o.cia.page(&whole).await.1), waiting);

    // Asked to complete: the unit's group page and "Mina grupper" say so, with the words.
    respond(&o.anna, &id, "0", "komplettera", "Vad säger eleverna?").await;
    let waiting = inbox(&o.anna.page(&org_page).await.1);
    assert!(
        waiting.contains("1 enhet ska komplettera och har inte skickat igen")
            && !waiting.contains("väntar på ert svar"),
        "{waiting}"
    );
    let (text, href) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(
        text.contains("Huvudmannen ber er komplettera ”Er nulägesbeskrivning” (version 1):")
            && text.contains("Vad säger eleverna?")
            && text.contains("Ändra svaren i steg 2. (nu)")
            && text.contains("Öppna steg 2 igen. (gjort)"),
        "{text}"
    );
    assert_eq!(
        href.unwrap(),
        format!("/grupper/{}/steg/2#uppgifter", o.bjork)
    );
    let (_, mine) = o.rut.page("/mina-grupper").await;
    assert!(
        my_line(&mine, &o.bjork).contains("Huvudmannen ber er komplettera"),
        "{mine}"
    );
    // The step list says the same state the whole picture does.
    let (_, home) = o.rut.page(&bjork_home).await;
    assert!(text_of(&home).contains("Ska kompletteras"), "{home}");

    // Done without changes: reopen first. Reopened: change. Changed: finalise. Then send.
    step_state(&o.rut, &o.bjork, "2", "done").await;
    let (text, href) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(text.contains("Öppna steg 2 igen. (nu)"), "{text}");
    assert_eq!(href.unwrap(), format!("/grupper/{}/steg/2#steget", o.bjork));
    step_state(&o.rut, &o.bjork, "2", "reopen").await;
    let (text, _) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(text.contains("Ändra svaren i steg 2. (nu)"), "{text}");
    write_step_2(
        &o.rut,
        &o.bjork,
        "Enkäten, elevsamtalen och elevrådet",
        "3",
        true,
    )
    .await;
    let (text, href) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(
        text.contains("Fastställ en ny version av dokumentet. (nu)"),
        "{text}"
    );
    assert_eq!(
        href.unwrap(),
        format!("/grupper/{}/steg/2/dokument", o.bjork)
    );
    let seen = document_seen(&o.rut, &o.bjork).await;
    finalise(&o.rut, &o.bjork, &seen).await;
    let (text, href) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(
        text.contains("Skicka version 2 till huvudmannen. (nu)"),
        "{text}"
    );
    assert_eq!(
        href.unwrap(),
        format!(
            "/grupper/{}/steg/2#overlamning-enhetens-nulagesbeskrivning",
            o.bjork
        )
    );
    submit(&o.rut, &o.bjork, "1").await;
    let (text, _) = next_box(&o.rut.page(&bjork_home).await.1);
    assert!(!text.contains("komplettera"), "{text}");

    // The huvudman sees version 2 arrive, and what changed since version 1.
    let waiting = inbox(&o.anna.page(&org_page).await.1);
    assert!(
        waiting.contains("Björkskolan: Nulägesbeskrivning, version 2 (steg 2)")
            && !waiting.contains("ska komplettera"),
        "{waiting}"
    );
    let second = submissions(&o.rut, &o.bjork, 2).await.pop().unwrap();
    let (_, page) = o.anna.page(&format!("/overlamningar/{second}")).await;
    let page = text_of(&page);
    assert!(
        page.contains("Det här har ändrats sedan version 1")
            && page.contains("Version 1 Enkäten och elevsamtalen")
            && page.contains("Version 2 Enkäten, elevsamtalen och elevrådet"),
        "{page}"
    );
}

/// The same states under the same names on the group page, the step page, the document, the
/// whole picture and "Mina grupper"; none of the words that meant something else before.
#[tokio::test]
async fn a_state_has_one_name_on_every_page() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    finalise_step_2(&o.rut, &o.bjork, "Enkäten", "3", true).await;
    submit(&o.rut, &o.bjork, "0").await;

    let (_, home) = o.rut.page(&format!("/grupper/{}", o.bjork)).await;
    let home = text_of(&home);
    let step_2 = &home[home.find("Steg 2: ").unwrap()..];
    let step_2 = &step_2[..step_2.find("Steg 3: ").unwrap()];
    assert!(
        step_2.contains("Öppet")
            && step_2.contains("Skickat")
            && step_2.contains("0 av 6 uppgifter överenskomna")
            && step_2.contains("Dokumentet fastställt, version 1"),
        "{step_2}"
    );
    let (_, step) = o.rut.page(&format!("/grupper/{}/steg/2", o.bjork)).await;
    let step = text_of(&step);
    assert!(
        step.contains("Öppet") && step.contains("Skickat") && step.contains("Skrivet"),
        "{step}"
    );
    let (_, document) = o
        .rut
        .page(&format!("/grupper/{}/steg/2/dokument", o.bjork))
        .await;
    let document = text_of(&document);
    assert!(document.contains("Inte överenskommet"), "{document}");
    let (_, whole) = o
        .anna
        .page(&format!("/organisationer/{}/helhet", o.organisation))
        .await;
    let whole = text_of(&whole);
    let bjork = &whole[whole.rfind("Björkskolan Öppet").unwrap()..];
    assert!(
        bjork.contains("Öppet Skickat 0 av 6 uppgifter överenskomna"),
        "{bjork}"
    );
    let eks = &whole[whole.rfind("Eksskolan Öppet").unwrap()..];
    assert!(eks.contains("Öppet Inte skickat"), "{eks}");
    assert!(
        whole.contains("Steg 2: 1 av 2 enheter har skickat."),
        "{whole}"
    );
    let (_, mine) = o.rut.page("/mina-grupper").await;
    for page in [&home, &step, &document, &whole, &text_of(&mine)] {
        for old in [
            "Inte påbörjat",
            "Arbetar",
            "uppgifter klara",
            "Ej överenskommet",
            "Pågår",
        ] {
            assert!(!page.contains(old), "{old} in {page}");
        }
    }
}

/// Agreeing a task marks every field's group answer at once, and only when every field has
/// one: a task is agreed or it is not, the same on every page.
#[tokio::test]
async fn a_whole_task_is_agreed_at_once_or_not_at_all() {
    let app = spawn_app().await;
    let o = organisation(&app).await;
    let agree = |agreed: bool| {
        let mut form = vec![
            ("group_id", o.bjork.clone()),
            ("number", "2".to_string()),
            ("field", "samla-underlag".to_string()),
        ];
        if agreed {
            form.push(("agreed", "1".to_string()));
        }
        let rut = &o.rut;
        async move {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            rut.post("/api/work/agree", &form).await
        }
    };
    write_step_2(&o.rut, &o.bjork, "Enkäten", "3", false).await;
    // Two of the task's four fields have a group answer: refused, nothing marked.
    let back = location(&agree(true).await);
    assert!(back.contains("?saknas=samla-underlag"), "{back}");
    let (_, page) = o.rut.page(&back).await;
    assert!(
        text_of(&page).contains("2 fält saknar gruppens svar."),
        "{page}"
    );
    assert!(!text_of(&page).contains("Ta bort markeringen för uppgiften"));
    // Every field answered: one press agrees the task.
    let (_, page) = o.rut.page(&format!("/grupper/{}/steg/2", o.bjork)).await;
    let version = |field: &str| {
        let marker = format!(r#"name="base[{field}]" value=""#);
        let i = page.find(&marker).unwrap() + marker.len();
        page[i..].split('"').next().unwrap().to_string()
    };
    let (v1, v2, v3, v4) = (
        version("underlag"),
        version("slag"),
        version("om-undervisningen"),
        version("klagomal"),
    );
    let saved = location(
        &o.rut
            .post(
                "/api/work/save",
                &[
                    ("group_id", o.bjork.as_str()),
                    ("number", "2"),
                    ("task", "samla-underlag"),
                    ("answers[underlag]", "Enkäten"),
                    ("choices[slag][resultat]", "on"),
                    ("answers[om-undervisningen]", "3"),
                    ("answers[klagomal]", "Få klagomål"),
                    ("base[underlag]", v1.as_str()),
                    ("base[slag]", v2.as_str()),
                    ("base[om-undervisningen]", v3.as_str()),
                    ("base[klagomal]", v4.as_str()),
                    ("to", "grupp"),
                ],
            )
            .await,
    );
    assert!(saved.contains("sparat="), "{saved}");
    let back = location(&agree(true).await);
    assert!(back.ends_with("#uppgift-samla-underlag"), "{back}");
    let (_, home) = o.rut.page(&format!("/grupper/{}", o.bjork)).await;
    assert!(
        text_of(&home).contains("1 av 6 uppgifter överenskomna"),
        "{home}"
    );
    // And back, at once.
    agree(false).await;
    let (_, home) = o.rut.page(&format!("/grupper/{}", o.bjork)).await;
    assert!(
        text_of(&home).contains("0 av 6 uppgifter överenskomna"),
        "{home}"
    );
    // A participant of another group cannot.
    let response = o
        .cia
        .post(
            "/api/work/agree",
            &[
                ("group_id", o.bjork.as_str()),
                ("number", "2"),
                ("field", "samla-underlag"),
                ("agreed", "1"),
            ],
        )
        .await;
    assert_eq!(response.status(), 404);
}
