//! The next year (issue 26): the huvudman opens it, each group's leader closes its own (step 5
//! done, or carrying the rest on), a closed year refuses every write and stays readable, and
//! the next year's step 1 shows what the last one learned.

use crate::auth::location;
use crate::groups::Browser;
use crate::handovers::{open, organisation};
use chrono::Datelike;
use integration_tests::TestApp;
use sea_orm::{ConnectionTrait, Database, Statement};

async fn count(app: &TestApp, sql: &str) -> i64 {
    let db = Database::connect(&app.database.url).await.unwrap();
    db.query_one_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap()
}

/// Counts rows of `table` (aliased `t`) of the group named `group` where `condition` holds.
/// Ids are compared through the groups table: SQLite keeps uuids as bytes.
fn in_group(table: &str, group: &str, condition: &str) -> String {
    format!(
        "SELECT COUNT(*) AS n FROM {table} t JOIN groups g ON g.id = t.group_id \
         WHERE g.name = '{group}' AND {condition}"
    )
}

/// This school year's label and the next one's, as the server names them.
fn labels(app: &TestApp) -> (String, String) {
    let now = app.clock.now();
    let first = if now.month() >= 7 {
        now.year()
    } else {
        now.year() - 1
    };
    let label = |y: i32| format!("{y}/{:02}", (y + 1) % 100);
    (label(first), label(first + 1))
}

async fn save(
    who: &Browser<'_>,
    group: &str,
    number: &str,
    task: &str,
    field: &str,
    text: &str,
) -> String {
    let answer = format!("answers[{field}]");
    let base = format!("base[{field}]");
    location(
        &who.post(
            "/api/work/save",
            &[
                ("group_id", group),
                ("number", number),
                ("task", task),
                (answer.as_str(), text),
                (base.as_str(), "0"),
                ("to", "grupp"),
            ],
        )
        .await,
    )
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

async fn close(who: &Browser<'_>, group: &str, move_on: bool) -> reqwest::Response {
    let mut form = vec![("group_id", group)];
    if move_on {
        form.push(("move_on", "1"));
    }
    who.post("/api/years/close", &form).await
}

/// The id of the earlier year linked from the group's years page.
async fn earlier_year(who: &Browser<'_>, group: &str) -> String {
    let (_, page) = who.page(&format!("/grupper/{group}/ar")).await;
    let marker = format!("/grupper/{group}/ar/");
    let start = page.find(&marker).expect("a link to the earlier year") + marker.len();
    page[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_closed_year_refuses_every_write_stays_readable_and_carries_into_the_next() {
    let app = integration_tests::spawn_app().await;
    let org = organisation(&app).await;
    let (this, next) = labels(&app);
    let (eks, bjork) = (org.eks.clone(), org.bjork.clone());

    // Sam's unit writes its year, with markup in a lesson, and finishes step 5.
    assert!(
        save(
            &org.sam,
            &eks,
            "2",
            "valj-fokusomraden",
            "fokusomraden",
            "Läsförståelse"
        )
        .await
        .contains("sparat=")
    );
    for n in ["3", "4", "5"] {
        open(&org.sam, &eks, n).await;
    }
    let lesson = "<script>alert(1)</script>Lärloggar varje vecka";
    assert!(
        save(&org.sam, &eks, "5", "se-tillbaka", "behalla", lesson)
            .await
            .contains("sparat=")
    );

    // Not done yet, and no next year to carry anything to: the page asks again.
    let refused = location(&close(&org.sam, &eks, true).await);
    assert!(refused.ends_with("?fel=inte-klart#stang"), "{refused}");
    // A member who does not lead cannot close anything.
    assert_eq!(close(&org.cia, &org.huvudman, false).await.status(), 404);

    step_state(&org.sam, &eks, "5", "done").await;
    let closed = location(&close(&org.sam, &eks, false).await);
    assert!(closed.ends_with("?stangd=1"), "{closed}");
    // A double submit changes nothing.
    close(&org.sam, &eks, false).await;
    assert_eq!(
        count(
            &app,
            &in_group("group_years", "Eksskolan", "t.closed_at IS NOT NULL")
        )
        .await,
        1
    );
    let (_, years) = org.sam.page(&format!("/grupper/{eks}/ar")).await;
    assert!(
        years.contains(&format!("Ni har stängt läsåret {this}")),
        "{years}"
    );

    // Every write of the closed year is refused, and nothing is stored.
    let answers_before = count(&app, &in_group("answers", "Eksskolan", "1 = 1")).await;
    let saved = save(
        &org.sam,
        &eks,
        "2",
        "valj-fokusomraden",
        "fokusomraden",
        "Något nytt",
    )
    .await;
    assert!(!saved.contains("sparat="), "{saved}");
    let reopened = step_state(&org.sam, &eks, "5", "reopen").await;
    assert!(reopened.contains("fel=steget"), "{reopened}");
    let draft = org
        .sam
        .post(
            "/api/work/draft",
            &[
                ("group_id", eks.as_str()),
                ("number", "2"),
                ("task", "valj-fokusomraden"),
                ("answers[fokusomraden]", "Utkast"),
            ],
        )
        .await;
    assert_ne!(draft.status(), 500);
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM contributions WHERE body = 'Utkast'"
        )
        .await,
        0
    );
    let moved = org
        .sam
        .post(
            "/api/calendar/move",
            &[
                ("group_id", eks.as_str()),
                ("step", "2"),
                ("number", "1"),
                ("meeting[day]", "2026-10-27"),
                ("meeting[starts]", "15:00"),
                ("meeting[minutes]", "90"),
                ("meeting[place]", ""),
            ],
        )
        .await;
    assert_eq!(moved.status(), 409);
    assert_eq!(
        count(&app, &in_group("answers", "Eksskolan", "1 = 1")).await,
        answers_before
    );
    assert_eq!(
        count(&app, &in_group("meeting_times", "Eksskolan", "1 = 1")).await,
        0
    );
    assert_eq!(
        count(
            &app,
            &in_group(
                "step_states",
                "Eksskolan",
                "t.step = 5 AND t.state = 'done'"
            )
        )
        .await,
        1,
        "step 5 stays done"
    );
    // ... and it stays readable, the markup as text.
    let (status, step2) = org.sam.page(&format!("/grupper/{eks}/steg/2")).await;
    assert_eq!(status, 200);
    assert!(step2.contains("Läsförståelse"));
    assert!(step2.contains("Läsåret är stängt"));
    // The refused text came back to its box once, with the reason; after that, no form.
    assert!(step2.contains("Något nytt"), "nothing typed is lost");
    assert!(step2.contains("sparades inte"));
    let (_, step2) = org.sam.page(&format!("/grupper/{eks}/steg/2")).await;
    assert!(
        !step2.contains("name=\"to\""),
        "no answer form in a closed year"
    );

    // The huvudman's leader opens the next year; twice is once.
    let (_, years_page) = org
        .anna
        .page(&format!("/organisationer/{}/ar", org.organisation))
        .await;
    assert!(years_page.contains(&format!("Öppna läsåret {next}")));
    for _ in 0..2 {
        let opened = location(
            &org.anna
                .post(
                    "/api/years/open",
                    &[("organisation_id", org.organisation.as_str())],
                )
                .await,
        );
        assert!(opened.ends_with("?oppnat=1"), "{opened}");
    }
    assert_eq!(count(&app, "SELECT COUNT(*) AS n FROM cycles").await, 2);
    // Only the huvudman's leaders and owners open years.
    assert_eq!(
        org.rut
            .post(
                "/api/years/open",
                &[("organisation_id", org.organisation.as_str())]
            )
            .await
            .status(),
        404
    );
    // Rut's unit has begun this year and not closed it: it finishes it first.
    let (_, years_page) = org
        .anna
        .page(&format!("/organisationer/{}/ar", org.organisation))
        .await;
    assert!(years_page.contains("Björkskolan"), "{years_page}");
    let (_, rut_years) = org.rut.page(&format!("/grupper/{bjork}/ar")).await;
    assert!(
        rut_years.contains(&format!("Gruppen avslutar läsåret {this}")),
        "{rut_years}"
    );

    // Sam's unit is in the next year now; its step 1 is lighter and shows last year.
    let (_, sam_years) = org.sam.page(&format!("/grupper/{eks}/ar")).await;
    assert!(
        sam_years.contains(&format!("Gruppen arbetar i läsåret {next}")),
        "{sam_years}"
    );
    assert!(
        !sam_years.contains("Stäng läsåret"),
        "nothing to close at the start of a year"
    );
    open(&org.sam, &eks, "1").await;
    let (_, step1) = org.sam.page(&format!("/grupper/{eks}/steg/1")).await;
    assert!(
        step1.contains(&format!("Från förra året ({this})")),
        "{step1}"
    );
    assert!(step1.contains("Läsförståelse"));
    assert!(step1.contains("&lt;script&gt;alert(1)&lt;/script&gt;Lärloggar varje vecka"));
    assert!(!step1.contains("<script>alert(1)"));
    assert!(step1.contains("Den här uppgiften gjorde ni förra året"));
    // The new year is open for work.
    assert!(
        save(
            &org.sam,
            &eks,
            "1",
            "skatta-er",
            "styrkor-och-utveckling",
            "Vi börjar om"
        )
        .await
        .contains("sparat=")
    );

    // The earlier year: one click from the group page, read-only, for members only.
    let (_, home) = org.sam.page(&format!("/grupper/{eks}")).await;
    assert!(home.contains(&format!("/grupper/{eks}/ar\"")));
    let year = earlier_year(&org.sam, &eks).await;
    let (status, past) = org.sam.page(&format!("/grupper/{eks}/ar/{year}")).await;
    assert_eq!(status, 200);
    assert!(past.contains(&format!("Läsåret {this}")));
    assert_eq!(
        org.rut.page(&format!("/grupper/{eks}/ar/{year}")).await.0,
        404
    );
    assert_eq!(
        org.sam
            .page(&format!("/grupper/{eks}/ar/{}", uuid::Uuid::now_v7()))
            .await
            .0,
        404
    );
    assert_eq!(
        org.sam
            .page(&format!("/grupper/{eks}/ar/inte-ett-id"))
            .await
            .0,
        404
    );

    // Rut closes without step 5 done: only by carrying the rest on, which brings her answers.
    assert!(
        save(
            &org.rut,
            &bjork,
            "2",
            "valj-fokusomraden",
            "fokusomraden",
            "Matematik"
        )
        .await
        .contains("sparat=")
    );
    assert!(location(&close(&org.rut, &bjork, false).await).contains("fel=inte-klart"));
    assert!(location(&close(&org.rut, &bjork, true).await).ends_with("?stangd=1"));
    assert_eq!(
        count(
            &app,
            &format!(
                "SELECT COUNT(*) AS n FROM answers a JOIN cycles c ON c.id = a.cycle_id \
             JOIN groups g ON g.id = a.group_id \
             WHERE g.name = 'Björkskolan' AND c.label = '{next}' AND a.body = 'Matematik'"
            )
        )
        .await,
        1,
        "the unfinished step's answer goes on to the next year"
    );
    let (_, rut_years) = org.rut.page(&format!("/grupper/{bjork}/ar")).await;
    assert!(
        rut_years.contains("det som inte var klart togs med till nästa år"),
        "{rut_years}"
    );
    for n in ["1", "2"] {
        open(&org.rut, &bjork, n).await;
    }
    let (_, rut_step2) = org.rut.page(&format!("/grupper/{bjork}/steg/2")).await;
    assert!(rut_step2.contains("Matematik"));

    // Every change is audited.
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'year_closed'"
        )
        .await,
        2
    );
    assert!(
        count(
            &app,
            "SELECT COUNT(*) AS n FROM audit_events WHERE action = 'year_opened'"
        )
        .await
            >= 1
    );
}
