//! The year in dates (issue 26): meetings on real days that the leader moves and cancels, the
//! feeds that carry them into people's calendars (read back with icalendar, as a calendar
//! program reads them), the holidays that defaults avoid and the plan warns about, and bad input.

use crate::auth::location;
use crate::groups::Browser;
use crate::handovers::organisation;
use integration_tests::{TestApp, spawn_app};
use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::Value;

/// What icalendar reads in a feed (`tests/tools/inspect_calendar.py`).
fn inspect(body: &str) -> Value {
    let file = std::env::temp_dir().join(format!("verkstad-{}.ics", uuid::Uuid::new_v4()));
    std::fs::write(&file, body).unwrap();
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/inspect_calendar.py");
    let output = std::process::Command::new("python3")
        .args([script, file.to_str().unwrap()])
        .output()
        .expect("python3 runs (make test installs icalendar)");
    std::fs::remove_file(&file).ok();
    assert!(
        output.status.success(),
        "the calendar reader failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The event whose UID ends with `tail` (`…-{step}-{number}@verkstad`).
fn event<'a>(feed: &'a Value, group: &str, tail: &str) -> &'a Value {
    feed["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            let uid = e["uid"].as_str().unwrap();
            uid.starts_with(group) && uid.ends_with(tail)
        })
        .unwrap_or_else(|| panic!("no event {tail} of {group} in {feed}"))
}

/// Makes a calendar address for `who` and returns the feed's path.
async fn new_feed(who: &Browser<'_>) -> String {
    let response = who.post("/installningar/kalender", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    let start = page
        .find("/kalender/")
        .expect("the new address on the page");
    let path = page[start..].split('"').next().unwrap().to_string();
    assert!(path.ends_with(".ics"), "{path}");
    path
}

async fn feed(app: &TestApp, path: &str) -> (u16, String) {
    let response = reqwest::get(app.url(path)).await.unwrap();
    let status = response.status().as_u16();
    if status == 200 {
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/calendar")
        );
    }
    (status, response.text().await.unwrap())
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

async fn move_meeting(
    who: &Browser<'_>,
    group: &str,
    step: &str,
    number: &str,
    day: &str,
    starts: &str,
    place: &str,
) -> String {
    location(
        &who.post(
            "/api/calendar/move",
            &[
                ("group_id", group),
                ("step", step),
                ("number", number),
                ("meeting[day]", day),
                ("meeting[starts]", starts),
                ("meeting[minutes]", "90"),
                ("meeting[place]", place),
            ],
        )
        .await,
    )
}

/// Sets the organisation's holidays with höstlov in `autumn` (the rest as usual).
async fn set_holidays(who: &Browser<'_>, organisation: &str, autumn: &str) -> reqwest::Response {
    who.post(
        "/api/calendar/set-holidays",
        &[
            ("organisation_id", organisation),
            ("weeks[autumn]", autumn),
            ("weeks[christmas_first]", "52"),
            ("weeks[christmas_last]", "1"),
            ("weeks[sports]", "8"),
            ("weeks[easter]", "after"),
            ("weeks[summer_first]", "27"),
            ("weeks[summer_last]", "31"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_moved_meeting_moves_in_every_members_feed_and_a_cancelled_one_is_cancelled() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let huvudman = org.huvudman.clone();

    // Cia, a member, subscribes; the address is shown once and stored only as its hash.
    let path = new_feed(&org.cia).await;
    let token = path
        .trim_start_matches("/kalender/")
        .trim_end_matches(".ics")
        .to_string();
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) AS n FROM calendar_feeds WHERE token_hash = '{token}'")
        )
        .await,
        0,
        "the token itself is never stored"
    );
    let (_, settings) = org.cia.page("/installningar").await;
    assert!(!settings.contains(&token), "shown once only");
    assert!(settings.contains("Du har en kalenderadress sedan"));

    let (status, body) = feed(&app, &path).await;
    assert_eq!(status, 200);
    let before = inspect(&body);
    // The huvudman's step 1, meeting 1: week 33 of 2026, a Tuesday at 15.00 in summer time.
    let first = event(&before, &huvudman, "-1-1@verkstad");
    assert_eq!(first["local"], "2026-08-11T15:00:00");
    assert_eq!(first["utc"], "2026-08-11T13:00");
    assert_eq!(first["sequence"], 0);
    // Deadlines are whole days.
    assert!(
        before["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["day"].is_string() && e["summary"].as_str().unwrap().contains("Sista dag"))
    );

    // Anna, the leader, moves step 2's first meeting past the October change and step 4's
    // past the March one, and cancels step 1's second.
    let back = move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        "2026-10-27",
        "15:00",
        "Aulan",
    )
    .await;
    assert!(back.ends_with("?sparad=1"), "{back}");
    move_meeting(&org.anna, &huvudman, "4", "1", "2027-04-06", "09:30", "").await;
    let cancelled = org
        .anna
        .post(
            "/api/calendar/cancel",
            &[
                ("group_id", huvudman.as_str()),
                ("step", "1"),
                ("number", "2"),
                ("cancel", "1"),
            ],
        )
        .await;
    assert!(location(&cancelled).ends_with("?sparad=1"));

    let (_, body) = feed(&app, &path).await;
    let after = inspect(&body);
    let moved = event(&after, &huvudman, "-2-1@verkstad");
    assert_eq!(moved["local"], "2026-10-27T15:00:00");
    assert_eq!(
        moved["utc"], "2026-10-27T14:00",
        "winter time after 25 October"
    );
    assert_eq!(moved["sequence"], 1);
    assert_eq!(moved["location"], "Aulan");
    let spring = event(&after, &huvudman, "-4-1@verkstad");
    assert_eq!(
        spring["utc"], "2027-04-06T07:30",
        "summer time after 28 March"
    );
    let gone = event(&after, &huvudman, "-1-2@verkstad");
    assert_eq!(gone["status"], "CANCELLED");
    assert_eq!(gone["sequence"], 1);
    // The same events, no more: a moved meeting is the same event.
    assert_eq!(
        before["events"].as_array().unwrap().len(),
        after["events"].as_array().unwrap().len()
    );

    // Moving it again raises the sequence again; the same values twice change nothing.
    move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        "2026-10-28",
        "15:00",
        "Aulan",
    )
    .await;
    move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        "2026-10-28",
        "15:00",
        "Aulan",
    )
    .await;
    let (_, body) = feed(&app, &path).await;
    assert_eq!(
        event(&inspect(&body), &huvudman, "-2-1@verkstad")["sequence"],
        2
    );

    // A member who is not the leader cannot move anything.
    let refused = org
        .cia
        .post(
            "/api/calendar/cancel",
            &[
                ("group_id", huvudman.as_str()),
                ("step", "1"),
                ("number", "1"),
                ("cancel", "1"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 404);

    // Renewed: the old address is gone. Stopped: the new one is gone too.
    let renewed = new_feed(&org.cia).await;
    assert_ne!(renewed, path);
    assert_eq!(feed(&app, &path).await.0, 404);
    assert_eq!(feed(&app, &renewed).await.0, 200);
    let stopped = org.cia.post("/api/calendar/stop-feed", &[]).await;
    assert!(location(&stopped).starts_with("/installningar"));
    assert_eq!(feed(&app, &renewed).await.0, 404);
    assert_eq!(feed(&app, "/kalender/inte-en-adress.ics").await.0, 404);

    // A single meeting as a file, for someone who may see the group; nobody else.
    let file = org
        .cia
        .get(&format!("/grupper/{huvudman}/kalender/2/1/ics"))
        .await;
    assert_eq!(file.status(), 200);
    let one = inspect(&file.text().await.unwrap());
    assert_eq!(one["events"].as_array().unwrap().len(), 1);
    assert_eq!(one["events"][0]["local"], "2026-10-28T15:00:00");
    let outsider = Browser::sign_in(&app, "eve@annan.se").await;
    let (status, _) = outsider
        .page(&format!("/grupper/{huvudman}/kalender/2/1/ics"))
        .await;
    assert_eq!(status, 404);

    // A new address only by a form from our own pages.
    let foreign = reqwest::Client::new()
        .post(app.url("/installningar/kalender"))
        .header("cookie", &org.rut.cookie)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(foreign.status(), 403);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM calendar_feeds").await,
        0
    );
}

#[tokio::test]
async fn defaults_avoid_holidays_and_the_plan_warns_of_a_clash() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let (bjork, huvudman) = (org.bjork.clone(), org.huvudman.clone());

    // The unit's step 5 meets in week 13; in 2027 Easter Monday is in week 13, so påsklov
    // is that week and the meeting falls on the Tuesday after.
    let (status, page) = org
        .rut
        .page(&format!("/grupper/{bjork}/kalender/5/1"))
        .await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"datetime="2027-04-06""#), "{page}");
    // The unit's calendar names the huvudman's meeting that reads its report.
    let (_, calendar) = org.rut.page(&format!("/grupper/{bjork}/kalender")).await;
    assert!(calendar.contains("Sista dag att lämna"));
    assert!(calendar.contains("Mottagaren läser den"));

    // Anna moves a meeting into höstlov (week 44): the plan says so.
    move_meeting(&org.anna, &huvudman, "2", "1", "2026-10-27", "15:00", "").await;
    let (_, meeting) = org
        .anna
        .page(&format!("/grupper/{huvudman}/kalender/2/1"))
        .await;
    assert!(meeting.contains("Infaller under höstlov"), "{meeting}");
    let (_, calendar) = org
        .anna
        .page(&format!("/grupper/{huvudman}/kalender"))
        .await;
    assert!(calendar.contains("Infaller under höstlov"));

    // A unit's leader may read the holidays but not set them.
    let refused = set_holidays(&org.rut, &org.organisation, "45").await;
    assert_eq!(refused.status(), 404);
    let (status, holidays) = org
        .rut
        .page(&format!("/organisationer/{}/lov", org.organisation))
        .await;
    assert_eq!(status, 200);
    assert!(!holidays.contains("Spara loven"));

    // This organisation's höstlov is in week 45: the clash is gone.
    let saved = set_holidays(&org.anna, &org.organisation, "45").await;
    assert!(location(&saved).ends_with("?sparad=1"));
    let (_, meeting) = org
        .anna
        .page(&format!("/grupper/{huvudman}/kalender/2/1"))
        .await;
    assert!(!meeting.contains("Infaller under höstlov"));
    // Weeks that do not fit together come back to the form with what to fix, never a 500.
    let bad = set_holidays(&org.anna, &org.organisation, "70").await;
    let holidays = format!("/organisationer/{}/lov", org.organisation);
    assert_eq!(location(&bad), holidays);
    let (_, page) = org.anna.page(&holidays).await;
    assert!(page.contains("Veckorna passar inte ihop"), "{page}");
    let (_, page) = org.anna.page(&holidays).await;
    assert!(!page.contains("Veckorna passar inte ihop"), "said once");
}

#[tokio::test]
async fn bad_input_comes_back_with_a_message_and_what_was_typed() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let huvudman = org.huvudman.clone();
    let meeting = format!("/grupper/{huvudman}/kalender/1/1");

    let back = move_meeting(
        &org.anna,
        &huvudman,
        "1",
        "1",
        "2019-01-01",
        "15:00",
        "Rum 12",
    )
    .await;
    assert_eq!(back, meeting);
    let (_, page) = org.anna.page(&meeting).await;
    assert!(page.contains("Välj en dag i det här läsåret"), "{page}");
    assert!(page.contains(r#"value="2019-01-01""#));
    assert!(page.contains(r#"value="Rum 12""#));

    move_meeting(
        &org.anna,
        &huvudman,
        "1",
        "1",
        "2026-08-12",
        "kvart i tre",
        "",
    )
    .await;
    let (_, page) = org.anna.page(&meeting).await;
    assert!(page.contains("Skriv tiden som timmar och minuter"));
    assert!(page.contains(r#"value="kvart i tre""#));

    // A place is text wherever it goes: the page, the feed.
    let hostile = r#"</textarea><script>alert(1)</script>;BEGIN:VEVENT"#;
    move_meeting(
        &org.anna,
        &huvudman,
        "1",
        "1",
        "2026-08-12",
        "15:00",
        hostile,
    )
    .await;
    let (_, page) = org.anna.page(&meeting).await;
    assert!(!page.contains("<script>alert(1)"));
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let path = new_feed(&org.anna).await;
    let (_, body) = feed(&app, &path).await;
    let read = inspect(&body);
    let placed = event(&read, &huvudman, "-1-1@verkstad");
    assert_eq!(placed["location"], hostile);
    // The place's text opens no event of its own: as many events begin as the reader found.
    assert_eq!(
        body.lines()
            .filter(|l| l.starts_with("BEGIN:VEVENT"))
            .count(),
        read["events"].as_array().unwrap().len()
    );

    // Nothing of it reached the database but the one saved meeting.
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM meeting_times").await,
        1
    );
    // Someone else's meeting, or one that does not exist, is no page.
    let (status, _) = org
        .anna
        .page(&format!("/grupper/{huvudman}/kalender/1/9"))
        .await;
    assert_eq!(status, 404);
}

/// Twenty leaders' posts at once while another write holds the database: every one is saved
/// (none fails, none is lost), and each raises the meeting's sequence, so calendars always get
/// the last one. Twenty new addresses at once leave one address.
#[tokio::test]
async fn twenty_moves_at_once_behind_a_held_lock_each_count() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let huvudman = org.huvudman.clone();
    let held = crate::handovers::hold_write_lock(&app).await;
    let days: Vec<String> = (1..=20).map(|d| format!("2026-09-{d:02}")).collect();
    let moves = days
        .iter()
        .map(|day| move_meeting(&org.anna, &huvudman, "2", "1", day, "15:00", "Aulan"));
    let feeds = (0..20).map(|_| org.cia.post("/installningar/kalender", &[]));
    let (moved, made) = futures::future::join(
        futures::future::join_all(moves),
        futures::future::join_all(feeds),
    )
    .await;
    held.await.unwrap();
    for back in moved {
        assert!(back.ends_with("?sparad=1"), "{back}");
    }
    for response in made {
        assert_eq!(response.status(), 200);
    }
    assert_eq!(
        count(
            &app,
            "SELECT CAST(MAX(sequence) AS BIGINT) AS n FROM meeting_times"
        )
        .await,
        20
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM calendar_feeds").await,
        1
    );
}

/// A group's name with markup is text in the page's title and in the feed's events.
#[tokio::test]
async fn a_hostile_group_name_is_text_in_the_title_and_the_feed() {
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let name = r#"</title><script>x</script> "Skola" & ;,\ BEGIN:VEVENT"#;
    let renamed = org
        .rut
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
    let (_, page) = org
        .rut
        .page(&format!("/grupper/{}/kalender", org.bjork))
        .await;
    let title = page
        .split("<title>")
        .nth(1)
        .unwrap()
        .split("</title>")
        .next()
        .unwrap();
    assert!(title.contains("&lt;/title&gt;&lt;script&gt;"), "{title}");
    assert!(!page.contains("<script>x</script>"));
    let path = new_feed(&org.rut).await;
    let (_, body) = feed(&app, &path).await;
    let read = inspect(&body);
    let first = event(&read, &org.bjork, "-1-1@verkstad");
    assert!(
        first["summary"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{name}: ")),
        "{first}"
    );
}

/// The calendar page, a meeting's page and the feed make as many queries with many changes as
/// with none.
#[tokio::test]
async fn the_calendar_makes_as_many_queries_with_more_changes() {
    let app = integration_tests::spawn_app_with(|c| c.test_clock = true).await;
    let org = organisation(&app).await;
    let (bjork, huvudman) = (org.bjork.clone(), org.huvudman.clone());
    let path = new_feed(&org.rut).await;
    let pages = [
        format!("/grupper/{bjork}/kalender"),
        format!("/grupper/{bjork}/kalender/2/1"),
    ];
    let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
    let feed_queries = || async {
        let count = || async { app.page("/_test/queries").await.1.parse::<u64>().unwrap() };
        let before = count().await;
        assert_eq!(feed(&app, &path).await.0, 200);
        count().await - before
    };
    let before = crate::groups::queries_per_page(&app, &org.rut, &pages).await;
    let feed_before = feed_queries().await;
    for (step, number, day) in [
        ("1", "1", "2026-08-20"),
        ("1", "2", "2026-08-27"),
        ("2", "1", "2026-09-22"),
        ("2", "2", "2026-10-06"),
        ("3", "1", "2026-11-10"),
    ] {
        move_meeting(&org.rut, &bjork, step, number, day, "13:00", "Biblioteket").await;
        move_meeting(
            &org.anna,
            &huvudman,
            step,
            number,
            day,
            "09:00",
            "Kommunhuset",
        )
        .await;
    }
    set_holidays(&org.anna, &org.organisation, "45").await;
    assert_eq!(
        crate::groups::queries_per_page(&app, &org.rut, &pages).await,
        before
    );
    assert_eq!(feed_queries().await, feed_before);
    assert!(
        before.iter().all(|&n| n <= 12) && feed_before <= 8,
        "{before:?} {feed_before}"
    );
}

/// The reminders of one meeting (`…/kalender/{step}/{number}`) that reached `to`: subjects.
async fn reminders_of(app: &TestApp, to: &str, meeting: &str) -> Vec<String> {
    crate::handovers::mails_to(app, to)
        .await
        .into_iter()
        .filter(|(_, text)| text.contains(meeting))
        .map(|(subject, _)| subject)
        .collect()
}

#[tokio::test]
async fn a_reminder_goes_once_and_once_more_after_a_move() {
    use chrono::{Datelike, Duration, Weekday};
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let huvudman = org.huvudman.clone();
    let db = Database::connect(&app.database.url).await.unwrap();
    let content = server::features::workshop::load(&integration_tests::repo_root().join("content"))
        .expect("the content loads");
    let ctx = server::context::Context::new(std::sync::Arc::new(content), app.clock.clone());
    let base = "https://verkstad.example";
    let run = |at: chrono::DateTime<chrono::Utc>| {
        let (db, ctx) = (db.clone(), ctx.clone());
        async move {
            server::features::calendar::reminders::send_due(&db, &ctx, base, at)
                .await
                .unwrap()
        }
    };
    let morning = |day: chrono::NaiveDate, minutes: i64| {
        day.and_hms_opt(5, 0, 0).unwrap().and_utc() + Duration::minutes(minutes)
    };

    // Step 2's first meeting on a Wednesday over a week ahead, at 15.00.
    let mut wednesday = app.clock.now().date_naive() + Duration::days(8);
    while wednesday.weekday() != Weekday::Wed {
        wednesday += Duration::days(1);
    }
    let back = move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        &wednesday.to_string(),
        "15:00",
        "Aulan",
    )
    .await;
    assert!(back.ends_with("?sparad=1"), "{back}");
    // Cia wants hers two working days before; Anna keeps the default, the day before.
    let chosen = org
        .cia
        .post("/api/calendar/reminders", &[("choice", "tva-dagar-fore")])
        .await;
    assert!(location(&chosen).ends_with("?paminnelser=1#paminnelser"));
    let (_, settings) = org.cia.page("/installningar").await;
    assert!(
        settings.contains(r#"value="tva-dagar-fore" checked"#),
        "the choice shows as made"
    );
    let bad = org
        .cia
        .post("/api/calendar/reminders", &[("choice", "<b>ofta</b>")])
        .await;
    assert_eq!(bad.status(), 400);

    let meeting = format!("/grupper/{huvudman}/kalender/2/1");
    let (monday, tuesday) = (wednesday - Duration::days(2), wednesday - Duration::days(1));
    // The Friday before: nobody yet.
    run(morning(wednesday - Duration::days(5), 30)).await;
    assert!(reminders_of(&app, "cia@ekby.se", &meeting).await.is_empty());
    // Monday morning: Cia, once, however often the job runs.
    run(morning(monday, 30)).await;
    run(morning(monday, 40)).await;
    let cia = reminders_of(&app, "cia@ekby.se", &meeting).await;
    assert_eq!(cia.len(), 1, "{cia:?}");
    assert!(cia[0].starts_with("Påminnelse: "), "{}", cia[0]);
    assert!(cia[0].contains("kl. 15:00"), "{}", cia[0]);
    assert!(
        reminders_of(&app, "anna@ekby.se", &meeting)
            .await
            .is_empty()
    );
    let (_, text) = crate::handovers::mails_to(&app, "cia@ekby.se")
        .await
        .into_iter()
        .find(|(_, text)| text.contains(&meeting))
        .unwrap();
    assert!(text.contains("Aulan"));
    assert!(
        text.contains("Förbered er genom att läsa uppgifterna"),
        "{text}"
    );
    // Tuesday: Anna.
    run(morning(tuesday, 30)).await;
    assert_eq!(reminders_of(&app, "anna@ekby.se", &meeting).await.len(), 1);

    // Anna moves it to Thursday: Cia hears at once (her day has come), Anna on Wednesday.
    move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        &(wednesday + Duration::days(1)).to_string(),
        "15:00",
        "Aulan",
    )
    .await;
    run(morning(tuesday, 60)).await;
    let cia = reminders_of(&app, "cia@ekby.se", &meeting).await;
    assert_eq!(cia.len(), 2, "{cia:?}");
    assert!(cia[1].starts_with("Ny tid: "), "{}", cia[1]);
    assert_eq!(reminders_of(&app, "anna@ekby.se", &meeting).await.len(), 1);
    run(morning(wednesday, 30)).await;
    run(morning(wednesday, 40)).await;
    assert_eq!(reminders_of(&app, "anna@ekby.se", &meeting).await.len(), 2);
    assert_eq!(
        reminders_of(&app, "cia@ekby.se", &meeting).await.len(),
        2,
        "once more, no more"
    );

    // Once it has begun, nothing more; and someone who wants no reminders gets none.
    org.anna
        .post("/api/calendar/reminders", &[("choice", "av")])
        .await;
    move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        &(wednesday + Duration::days(1)).to_string(),
        "16:00",
        "Aulan",
    )
    .await;
    run(morning(wednesday + Duration::days(1), 12 * 60)).await;
    assert_eq!(reminders_of(&app, "anna@ekby.se", &meeting).await.len(), 2);
}

/// Someone who reads the morning digest gets the reminder as a line in it, on the morning the
/// mail would have come: the line is written the day before.
#[tokio::test]
async fn a_digest_reader_finds_the_reminder_in_the_morning_digest() {
    use chrono::{Datelike, Duration, Weekday};
    let app = spawn_app().await;
    let org = organisation(&app).await;
    let huvudman = org.huvudman.clone();
    let db = Database::connect(&app.database.url).await.unwrap();
    let content = server::features::workshop::load(&integration_tests::repo_root().join("content"))
        .expect("the content loads");
    let ctx = server::context::Context::new(std::sync::Arc::new(content), app.clock.clone());
    let base = "https://verkstad.example";
    let mut wednesday = app.clock.now().date_naive() + Duration::days(8);
    while wednesday.weekday() != Weekday::Wed {
        wednesday += Duration::days(1);
    }
    move_meeting(
        &org.anna,
        &huvudman,
        "2",
        "1",
        &wednesday.to_string(),
        "15:00",
        "Aulan",
    )
    .await;
    let chosen = org
        .cia
        .post("/api/notices/choose", &[("choice", "dagligen")])
        .await;
    assert!(chosen.status().is_redirection(), "{}", chosen.status());
    let tuesday = wednesday - Duration::days(1);
    let at = |day: chrono::NaiveDate, hour: u32| day.and_hms_opt(hour, 30, 0).unwrap().and_utc();
    // The day before the reminder's morning, the line is written; no mail of its own.
    server::features::calendar::reminders::send_due(
        &db,
        &ctx,
        base,
        at(tuesday - Duration::days(1), 6),
    )
    .await
    .unwrap();
    let meeting = format!("/grupper/{huvudman}/kalender/2/1");
    assert!(reminders_of(&app, "cia@ekby.se", &meeting).await.is_empty());
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM digest_lines").await,
        1
    );
    // Tuesday morning's digest carries it, once.
    server::features::notices::send_digests(&db, base, at(tuesday, 5))
        .await
        .unwrap();
    server::features::calendar::reminders::send_due(&db, &ctx, base, at(tuesday, 6))
        .await
        .unwrap();
    let digests: Vec<String> = crate::handovers::mails_to(&app, "cia@ekby.se")
        .await
        .into_iter()
        .filter(|(_, text)| text.contains("Påminnelse: "))
        .map(|(_, text)| text)
        .collect();
    assert_eq!(digests.len(), 1, "{digests:?}");
    assert!(digests[0].contains(&meeting), "{}", digests[0]);
    assert_eq!(
        count(&app, "SELECT COUNT(*) AS n FROM digest_lines").await,
        0
    );
}
