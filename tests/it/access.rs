//! The access-control sweep (quality.md S17, S18): every server function and every page that
//! takes an id, called by someone outside the organisation and by a participant where the
//! action is a process leader's, with the organisation's real ids. None may reveal or change
//! anything. The list of what to call is read from the server's own registries, so a new
//! endpoint without an entry here fails the test until someone decides how to check it.

use crate::{
    groups::{Browser, organisation_path},
    invitations::{invitation_id, join, link_to, member_id},
};
use integration_tests::{TestApp, spawn_app};
use sea_orm::{ConnectionTrait, Database, Statement};

/// How a server function is checked.
enum Check {
    /// Takes ids: each caller below gets 404, and nothing changes.
    Ids(&'static [&'static str]),
    /// Takes a secret token instead of an id: a guessed token opens nothing.
    Token,
    /// Acts only on the caller's own session or account, or on public content.
    OwnOrPublic,
}

/// Every server function, and how it is checked. Keyed by the endpoint after `/api/`.
const FUNCTIONS: &[(&str, Check)] = &[
    ("auth/request", Check::OwnOrPublic),
    ("auth/confirm", Check::Token),
    ("auth/sign-out", Check::OwnOrPublic),
    ("auth/sign-out-everywhere", Check::OwnOrPublic),
    ("auth/me", Check::OwnOrPublic),
    ("workshop/overview", Check::OwnOrPublic),
    ("workshop/step", Check::OwnOrPublic),
    ("workshop/year-plan", Check::OwnOrPublic),
    ("groups/mine", Check::OwnOrPublic),
    ("groups/register", Check::OwnOrPublic),
    ("groups/platform", Check::Ids(&[])),
    ("groups/get", Check::Ids(&["id=group", "locale=sv"])),
    ("groups/organisation", Check::Ids(&["id=organisation"])),
    (
        "groups/create-unit",
        Check::Ids(&[
            "organisation_id=organisation",
            "unit[name]=Inkräktarskolan",
            "unit[school_unit_code]=",
        ]),
    ),
    (
        "groups/update-unit",
        Check::Ids(&[
            "group_id=unit",
            "unit[name]=Inkräktarskolan",
            "unit[school_unit_code]=",
        ]),
    ),
    (
        "groups/remove-member",
        Check::Ids(&["group_id=group", "member_id=member"]),
    ),
    ("groups/leave", Check::Ids(&["group_id=unit"])),
    (
        "invitations/create",
        Check::Ids(&["group_id=group", "addresses=x@inkräktare.se", "locale=sv"]),
    ),
    ("invitations/pending", Check::Ids(&["group_id=group"])),
    (
        "invitations/resend",
        Check::Ids(&["invitation_id=invitation", "locale=sv"]),
    ),
    (
        "invitations/revoke",
        Check::Ids(&["invitation_id=invitation"]),
    ),
    ("invitations/mine", Check::OwnOrPublic),
    (
        "invitations/join",
        Check::Ids(&["invitation_id=invitation"]),
    ),
    ("invitations/view", Check::Token),
    ("invitations/accept", Check::Token),
    ("invitations/ask-again", Check::Token),
    ("work/step", Check::Ids(&["id=group", "number=1"])),
    (
        "work/prompt",
        Check::Ids(&["id=group", "number=1", "prompt=vad-anvands"]),
    ),
    (
        "work/field",
        Check::Ids(&["id=group", "number=1", "task=bestam-rytm", "field=rytm"]),
    ),
    (
        "work/step-state",
        Check::Ids(&["group_id=group", "number=1", "action=open"]),
    ),
    (
        "work/save",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "task=kartlagg-idag",
            "answers[anvands]=Inkräktarens text",
            "to=grupp",
        ]),
    ),
    (
        "work/note",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "prompt=vad-anvands",
            "body=Inkräktare",
        ]),
    ),
    (
        "work/summary",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "prompt=vad-anvands",
            "body=Inkräktare",
        ]),
    ),
    (
        "work/restore",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "field=kartlagg-idag/anvands",
            "version=1",
            "current=1",
        ]),
    ),
    (
        "work/agree",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "field=kartlagg-idag/anvands",
            "agreed=1",
        ]),
    ),
    (
        "work/draft",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "task=kartlagg-idag",
            "answers[anvands]=Inkräktarens utkast",
        ]),
    ),
    ("work/document", Check::Ids(&["id=group", "number=1"])),
    (
        "work/version",
        Check::Ids(&["id=group", "number=1", "version=1"]),
    ),
    (
        "work/finalise",
        Check::Ids(&["group_id=group", "number=1", "seen=0"]),
    ),
    ("handovers/step", Check::Ids(&["id=unit", "number=1"])),
    (
        "handovers/submit",
        Check::Ids(&[
            "group_id=unit",
            "number=1",
            "handover=enhetens-beskrivning",
            "seen=1",
        ]),
    ),
    ("handovers/submission", Check::Ids(&["id=submission"])),
    (
        "handovers/respond",
        Check::Ids(&[
            "id=submission",
            "seen=0",
            "kind=kommentar",
            "body=Inkräktare",
        ]),
    ),
    (
        "handovers/publish",
        Check::Ids(&[
            "group_id=group",
            "number=1",
            "handover=ram-och-tidsplan",
            "seen=1",
            "body=Inkräktare",
            "to=alla",
        ]),
    ),
    ("handovers/overview", Check::Ids(&["id=organisation"])),
    (
        "handovers/side-by-side",
        Check::Ids(&["id=organisation", "number=1"]),
    ),
    ("notices/choice", Check::OwnOrPublic),
    ("notices/choose", Check::OwnOrPublic),
    ("notices/unsubscribe", Check::Token),
    ("calendar/page", Check::Ids(&["id=group"])),
    (
        "calendar/meeting",
        Check::Ids(&["id=group", "step=1", "number=1"]),
    ),
    (
        "calendar/move",
        Check::Ids(&[
            "group_id=group",
            "step=1",
            "number=1",
            "meeting[day]=2026-09-01",
            "meeting[starts]=15:00",
            "meeting[minutes]=60",
            "meeting[place]=Inkräktare",
        ]),
    ),
    (
        "calendar/cancel",
        Check::Ids(&["group_id=group", "step=1", "number=1", "cancel=1"]),
    ),
    (
        "calendar/usual",
        Check::Ids(&[
            "group_id=group",
            "usual[weekday]=3",
            "usual[starts]=15:00",
            "usual[place]=Inkräktare",
        ]),
    ),
    ("calendar/holidays", Check::Ids(&["id=organisation"])),
    (
        "calendar/set-holidays",
        Check::Ids(&[
            "organisation_id=organisation",
            "weeks[autumn]=45",
            "weeks[christmas_first]=52",
            "weeks[christmas_last]=1",
            "weeks[sports]=8",
            "weeks[easter]=before",
            "weeks[summer_first]=27",
            "weeks[summer_last]=31",
        ]),
    ),
    ("calendar/feed", Check::OwnOrPublic),
    ("calendar/stop-feed", Check::OwnOrPublic),
    ("calendar/reminders", Check::OwnOrPublic),
    ("years/group", Check::Ids(&["id=group"])),
    ("years/close", Check::Ids(&["group_id=group", "move_on=1"])),
    ("years/organisation", Check::Ids(&["id=organisation"])),
    ("years/open", Check::Ids(&["organisation_id=organisation"])),
    // A group's id where the year's belongs: no year of anyone's.
    ("work/past-year", Check::Ids(&["id=group", "cycle=group"])),
];

/// How a page with a parameter is checked.
enum Page {
    /// Public content (the steps): nothing to check.
    Public,
    /// Filled with one of Anna's ids: 404 for anyone else.
    Id(&'static str),
    /// Filled with a guessed token: whatever it answers, it shows nothing of Anna's.
    Token,
}

/// Every page with a parameter, with `{name}` for each.
const PAGES: &[(&str, Page)] = &[
    ("/{track}/steg/{number}", Page::Public),
    ("/{track}/arsplan", Page::Public),
    ("/logga-in/{token}", Page::Token),
    ("/inbjudan/{token}", Page::Token),
    ("/grupper/{id}", Page::Id("group")),
    ("/grupper/{id}/steg/{number}", Page::Id("group")),
    ("/grupper/{id}/steg/{number}/dokument", Page::Id("group")),
    (
        "/grupper/{id}/steg/{number}/falt/{task}/{field}",
        Page::Id("group"),
    ),
    (
        "/grupper/{id}/steg/{number}/fraga/{prompt}",
        Page::Id("group"),
    ),
    ("/grupper/{id}/steg/{number}/bidrag", Page::Id("group")),
    (
        "/grupper/{id}/steg/{number}/dokument/{version}",
        Page::Id("group"),
    ),
    ("/organisationer/{id}", Page::Id("organisation")),
    ("/organisationer/{id}/helhet", Page::Id("organisation")),
    (
        "/organisationer/{id}/helhet/steg/{number}",
        Page::Id("organisation"),
    ),
    ("/overlamningar/{id}", Page::Id("submission")),
    (
        "/grupper/{id}/steg/{number}/dokument/{version}/ladda-ner/{format}",
        Page::Id("group"),
    ),
    ("/grupper/{id}/kvalitetsrapport/{format}", Page::Id("unit")),
    (
        "/organisationer/{id}/helhet/rapport/{format}",
        Page::Id("organisation"),
    ),
    ("/avregistrera/{token}", Page::Token),
    ("/grupper/{id}/kalender", Page::Id("group")),
    ("/grupper/{id}/kalender/{step}/{number}", Page::Id("group")),
    (
        "/grupper/{id}/kalender/{step}/{number}/ics",
        Page::Id("group"),
    ),
    ("/organisationer/{id}/lov", Page::Id("organisation")),
    ("/grupper/{id}/ar", Page::Id("group")),
    ("/grupper/{id}/arshjul", Page::Id("group")),
    ("/grupper/{id}/ar/{cycle}", Page::Id("group")),
    (
        "/grupper/{id}/ar/{cycle}/kvalitetsrapport/{format}",
        Page::Id("unit"),
    ),
    ("/organisationer/{id}/ar", Page::Id("organisation")),
];

/// Anna's organisation: every id the sweep uses, and the words that must not leak.
struct Fixture {
    ids: Vec<(&'static str, String)>,
    secrets: [&'static str; 5],
}

impl Fixture {
    fn id(&self, name: &str) -> &str {
        self.ids
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, id)| id.as_str())
            .unwrap_or_else(|| panic!("no id called {name}"))
    }

    /// `field=name` pairs with names replaced by the ids they stand for.
    fn form(&self, fields: &[&str]) -> Vec<(String, String)> {
        fields
            .iter()
            .map(|pair| {
                let (field, value) = pair.split_once('=').expect("field=value");
                let value = self
                    .ids
                    .iter()
                    .find(|(n, _)| *n == value)
                    .map_or(value.to_string(), |(_, id)| id.clone());
                (field.to_string(), value)
            })
            .collect()
    }
}

/// Everything a sweep could change, in a stable order.
async fn state(app: &TestApp) -> Vec<String> {
    use uuid::Uuid;
    let db = Database::connect(&app.database.url).await.unwrap();
    let rows = |sql: &'static str| {
        let db = &db;
        async move {
            db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
                .await
                .unwrap()
        }
    };
    let mut all = Vec::new();
    for row in rows("SELECT id, name FROM groups ORDER BY id").await {
        let (id, name): (Uuid, String) = (
            row.try_get("", "id").unwrap(),
            row.try_get("", "name").unwrap(),
        );
        all.push(format!("group {id} {name}"));
    }
    for row in
        rows("SELECT group_id, user_id, role FROM memberships ORDER BY group_id, user_id").await
    {
        let (group, user, role): (Uuid, Uuid, String) = (
            row.try_get("", "group_id").unwrap(),
            row.try_get("", "user_id").unwrap(),
            row.try_get("", "role").unwrap(),
        );
        all.push(format!("member {group} {user} {role}"));
    }
    for row in rows("SELECT id, status, token_hash, role FROM invitations ORDER BY id").await {
        let (id, status, token, role): (Uuid, String, String, String) = (
            row.try_get("", "id").unwrap(),
            row.try_get("", "status").unwrap(),
            row.try_get("", "token_hash").unwrap(),
            row.try_get("", "role").unwrap(),
        );
        all.push(format!("invitation {id} {status} {token} {role}"));
    }
    for row in rows("SELECT id, notice_mail FROM users ORDER BY id").await {
        let (id, choice): (Uuid, String) = (
            row.try_get("", "id").unwrap(),
            row.try_get("", "notice_mail").unwrap(),
        );
        all.push(format!("user {id} {choice}"));
    }
    for row in
        rows("SELECT organisation_id, user_id FROM organisation_owners ORDER BY user_id").await
    {
        let (organisation, user): (Uuid, Uuid) = (
            row.try_get("", "organisation_id").unwrap(),
            row.try_get("", "user_id").unwrap(),
        );
        all.push(format!("owner {organisation} {user}"));
    }
    for table in [
        "outbox",
        "cycles",
        "step_states",
        "answers",
        "answer_versions",
        "contributions",
        "prompt_notes",
        "prompt_summaries",
        "artefact_versions",
        "submissions",
        "submission_responses",
        "publications",
        "publication_recipients",
        "digest_lines",
        "unsubscribe_tokens",
        "meeting_times",
        "calendar_defaults",
        "school_holidays",
        "calendar_feeds",
    ] {
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap()
            .unwrap();
        all.push(format!("{table} {}", row.try_get::<i64>("", "n").unwrap()));
    }
    all
}

async fn anna_s_organisation(app: &TestApp) -> (Browser<'_>, Fixture) {
    let anna = Browser::sign_in(app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", true).await;
    let group_id = group.trim_start_matches("/grupper/").to_string();
    let (_, page) = anna.page(&group).await;
    let organisation_page = organisation_path(&page);
    let organisation = organisation_page
        .trim_start_matches("/organisationer/")
        .to_string();
    let (_, overview) = anna.page(&organisation_page).await;
    let unit = overview
        .match_indices("/grupper/")
        .map(|(at, _)| overview[at + 9..at + 45].to_string())
        .find(|id| *id != group_id)
        .expect("the unit group");
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", &group_id),
            ("addresses", "cia@ekby.se\nbo@ekby.se"),
            ("locale", "sv"),
        ],
    )
    .await;
    let _cia = join(app, "cia@ekby.se", "Cia Lärare").await;
    // Step 1 opened, its document finalised as version 1, and the step done: the versions and
    // documents the sweep asks for exist, and nothing a member posts is kept.
    for (action, extra) in [("open", None), ("done", Some(("confirm", "1")))] {
        let mut form = vec![
            ("group_id", group_id.as_str()),
            ("number", "1"),
            ("action", action),
        ];
        form.extend(extra);
        anna.post("/api/work/step-state", &form).await;
    }
    let finalised = anna
        .post(
            "/api/work/finalise",
            &[
                ("group_id", group_id.as_str()),
                ("number", "1"),
                ("seen", "0"),
            ],
        )
        .await;
    assert!(crate::auth::location(&finalised).contains("version=1"));
    // The unit (Anna leads it too) sends its step-1 artefact up, and the huvudman publishes
    // its frame to every unit: a real submission and publication to aim at.
    crate::handovers::open(&anna, &unit, "1").await;
    let finalised = anna
        .post(
            "/api/work/finalise",
            &[("group_id", unit.as_str()), ("number", "1"), ("seen", "0")],
        )
        .await;
    assert!(crate::auth::location(&finalised).contains("version=1"));
    let sent = anna
        .post(
            "/api/handovers/submit",
            &[
                ("group_id", unit.as_str()),
                ("number", "1"),
                ("handover", "enhetens-beskrivning"),
                ("seen", "0"),
            ],
        )
        .await;
    assert!(crate::auth::location(&sent).contains("skickat=1"));
    let (_, unit_page) = anna.page(&format!("/grupper/{unit}/steg/1")).await;
    let submission = unit_page
        .split("/overlamningar/")
        .nth(1)
        .expect("a link to the submission")[..36]
        .to_string();
    let published = anna
        .post(
            "/api/handovers/publish",
            &[
                ("group_id", group_id.as_str()),
                ("number", "1"),
                ("handover", "ram-och-tidsplan"),
                ("seen", "0"),
                ("body", "Ramen för läsåret"),
                ("to", "alla"),
            ],
        )
        .await;
    assert!(crate::auth::location(&published).contains("publicerat="));
    let (_, page) = anna.page(&group).await;
    let fixture = Fixture {
        ids: vec![
            ("group", group_id),
            ("unit", unit),
            ("organisation", organisation),
            ("member", member_id(&page, "Cia Lärare")),
            ("invitation", invitation_id(&page, "bo@ekby.se")),
            ("submission", submission),
            // A token nobody was given: 256 bits, base64url, like the real ones.
            ("token", "A".repeat(43)),
        ],
        secrets: [
            "Ekby kommun",
            "bo@ekby.se",
            "anna@ekby.se",
            "Cia Lärare",
            "Ramen för läsåret",
        ],
    };
    (anna, fixture)
}

#[tokio::test]
async fn nobody_reaches_what_is_not_theirs_through_any_function_or_page() {
    let app = spawn_app().await;
    let (_anna, fixture) = anna_s_organisation(&app).await;
    let eve = Browser::sign_in(&app, "eve@annanstans.se").await;
    eve.register("Annanstans kommun", false).await;
    // Cia is a participant in Anna's huvudman group: leader-only actions are closed to her too,
    // and she is no member of the unit group she might try to leave.
    let cia = Browser::sign_in(&app, "cia@ekby.se").await;
    let before = state(&app).await;

    let (functions, pages) = server::startup::surface();
    let mut checked = 0;
    for (path, method) in &functions {
        let endpoint = path.trim_start_matches("/api/");
        let check = FUNCTIONS
            .iter()
            .find(|(name, _)| *name == endpoint)
            .map(|(_, check)| check)
            .unwrap_or_else(|| {
                panic!("{method} {path} is not in the access sweep: add it to FUNCTIONS")
            });
        assert_eq!(method, "POST", "{path}: state-changing calls are POST only");
        match check {
            Check::Ids(fields) => {
                let form = fixture.form(fields);
                let form: Vec<(&str, &str)> =
                    form.iter().map(|(f, v)| (f.as_str(), v.as_str())).collect();
                // Cia may see her own group and write in it (the step is not open, so nothing is
                // kept); everything else here is closed to her.
                let callers: &[&Browser] = if matches!(
                    endpoint,
                    "groups/get"
                        | "work/step"
                        | "work/field"
                        | "work/prompt"
                        | "work/save"
                        | "work/note"
                        | "work/draft"
                        | "work/document"
                        | "work/version"
                        | "handovers/submission"
                        | "handovers/overview"
                        | "handovers/side-by-side"
                        | "calendar/page"
                        | "calendar/meeting"
                        | "calendar/holidays"
                        | "years/group"
                        | "years/organisation"
                ) {
                    &[&eve]
                } else {
                    &[&eve, &cia]
                };
                for caller in callers {
                    let response = caller.post(path, &form).await;
                    let status = response.status().as_u16();
                    let body = response.text().await.unwrap();
                    assert_eq!(status, 404, "{path} as {}: {body}", caller.cookie);
                    for secret in fixture.secrets {
                        assert!(!body.contains(secret), "{path} leaks {secret}");
                    }
                }
                checked += 1;
            }
            Check::Token => {
                let form = [
                    ("token", fixture.id("token")),
                    ("name", "Eve"),
                    ("locale", "sv"),
                ];
                let response = eve.post(path, &form).await;
                let status = response.status().as_u16();
                let location = response
                    .headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_string())
                    .unwrap_or_default();
                let body = response.text().await.unwrap();
                // Refused outright, or sent back to the page that says the link is gone.
                assert!(
                    status == 404
                        || location.starts_with("/logga-in?fel=")
                        || location == format!("/inbjudan/{}", fixture.id("token"))
                        || location == "/avregistrerad?fel=lanken",
                    "{path} with a guessed token: {status} {location} {body}"
                );
                for secret in fixture.secrets {
                    assert!(!body.contains(secret), "{path} leaks {secret}");
                }
                checked += 1;
            }
            Check::OwnOrPublic => {}
        }
    }

    for page in &pages {
        // `:name` or `{name}`, whichever the router writes.
        let pattern = page
            .split('/')
            .map(|part| match part.strip_prefix(':') {
                Some(name) => format!("{{{name}}}"),
                None => part.to_string(),
            })
            .collect::<Vec<_>>()
            .join("/");
        let Some((_, check)) = PAGES.iter().find(|(known, _)| *known == pattern) else {
            assert!(
                !pattern.contains('{'),
                "{page} takes a parameter and is not in the access sweep: add it to PAGES"
            );
            continue;
        };
        let (fill, must_be_404) = match check {
            Page::Public => continue,
            Page::Id(name) => (fixture.id(name), true),
            Page::Token => (fixture.id("token"), false),
        };
        // The first parameter is the id; a step or version number after it is 1.
        let path = pattern
            .split('/')
            .map(|part| match part {
                "{number}" | "{version}" | "{step}" => "1",
                // A real field of the huvudman's step 1: only the group id is wrong for Eve.
                "{task}" => "bestam-rytm",
                "{field}" => "rytm",
                "{prompt}" => "vad-anvands",
                "{format}" => "pdf",
                _ if part.starts_with('{') => fill,
                _ => part,
            })
            .collect::<Vec<_>>()
            .join("/");
        let (status, body) = eve.page(&path).await;
        if must_be_404 {
            assert_eq!(status, 404, "{path}");
        }
        for secret in fixture.secrets {
            assert!(!body.contains(secret), "{path} leaks {secret}");
        }
        checked += 1;
    }
    assert!(
        checked >= 14,
        "the sweep checked only {checked} functions and pages"
    );

    assert_eq!(before, state(&app).await, "something changed");
    // Cia's own session and Anna's invitation still work: the sweep changed nothing real.
    assert!(link_to(&app, "bo@ekby.se").await.starts_with("/inbjudan/"));
    let (status, _) = cia.page(&format!("/grupper/{}", fixture.id("group"))).await;
    assert_eq!(status, 200);
}

/// Hole 4: a broken request body sent to any registered server function gets a 4xx with a
/// message, never a 500: a missing field, broken percent-encoding, broken JSON, a value of the
/// wrong kind, bytes that are no text at all. Signed in and not.
#[tokio::test]
async fn broken_bodies_get_a_clear_4xx_from_every_function() {
    let app = spawn_app().await;
    let (_anna, _fixture) = anna_s_organisation(&app).await;
    let cia = Browser::sign_in(&app, "cia@ekby.se").await;
    let (functions, _) = server::startup::surface();
    let bodies: &[(&str, &[u8])] = &[
        ("application/x-www-form-urlencoded", b""),
        ("application/x-www-form-urlencoded", b"%zz=%&token=%E0%A4%A"),
        (
            "application/x-www-form-urlencoded",
            b"token=%FF%FE&email=%C3%28",
        ),
        (
            "application/x-www-form-urlencoded",
            b"locale=klingon&group_id=x&invitation_id=x&organisation_id=x&id=x&token=x",
        ),
        ("application/json", b"{\"token\": [broken"),
        ("text/plain", b"\x00\x01\xff binary"),
    ];
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for (path, _) in &functions {
        let endpoint = path.trim_start_matches("/api/");
        // Functions that cannot run without input: an empty body is simply a bad request.
        let needs_input = FUNCTIONS.iter().any(|(name, check)| {
            *name == endpoint
                && match check {
                    Check::Ids(fields) => !fields.is_empty(),
                    Check::Token => true,
                    Check::OwnOrPublic => false,
                }
        });
        for cookie in [cia.cookie.as_str(), ""] {
            for (n, (content_type, body)) in bodies.iter().enumerate() {
                let response = client
                    .post(app.url(path))
                    .header("origin", &app.address)
                    .header("cookie", cookie)
                    .header("content-type", *content_type)
                    .body(body.to_vec())
                    .send()
                    .await
                    .unwrap();
                let status = response.status().as_u16();
                let text = response.text().await.unwrap();
                assert!(
                    status < 500,
                    "{path} with body {n} ({content_type}): {status} {text}"
                );
                if n == 0 && needs_input {
                    assert_eq!(status, 400, "{path} with no body: {text}");
                    assert!(
                        text.contains("kunde inte läsas"),
                        "{path}: a message, not a bare status: {text}"
                    );
                }
            }
        }
    }
}
