//! Registration, groups and organisations, and that nobody sees or changes what is not theirs.

use crate::auth::{location, session};
use integration_tests::{TestApp, spawn_app};

/// A browser of its own, signed in with `cookie`, that does not follow redirects and keeps
/// the cookies it is given (the flash cookie a form sets, like a real browser). A clone is the
/// same browser (it shares the cookie jar).
#[derive(Clone)]
pub struct Browser<'a> {
    pub app: &'a TestApp,
    pub cookie: String,
    client: reqwest::Client,
}

/// A client whose cookie jar starts with `cookies` (`name=value` each; empty ones skipped).
fn client_with(app: &TestApp, cookies: &[&str]) -> reqwest::Client {
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    for cookie in cookies.iter().filter(|c| !c.is_empty()) {
        jar.add_cookie_str(cookie, &app.address.parse().unwrap());
    }
    reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

impl<'a> Browser<'a> {
    /// A browser nobody has signed in with.
    pub fn anonymous(app: &'a TestApp) -> Self {
        Self::with_cookie(app, String::new())
    }

    /// A browser holding `cookie` (`name=value`).
    pub fn with_cookie(app: &'a TestApp, cookie: String) -> Self {
        Self {
            client: client_with(app, &[&cookie]),
            app,
            cookie,
        }
    }

    /// A browser holding several cookies (`name=value` each), e.g. a session and a flash.
    pub fn with_cookies(app: &'a TestApp, cookies: &[&str]) -> Self {
        Self {
            client: client_with(app, cookies),
            app,
            cookie: cookies.join("; "),
        }
    }

    pub async fn sign_in(app: &'a TestApp, email: &str) -> Self {
        Self::with_cookie(app, session(app, email).await)
    }

    /// A GET as it came back: status, headers and body (a download's bytes).
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.app.url(path)).send().await.unwrap()
    }

    pub async fn page(&self, path: &str) -> (u16, String) {
        let response = self.client.get(self.app.url(path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    /// A plain form post, as a browser without JavaScript sends it.
    fn form_post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::RequestBuilder {
        self.client
            .post(self.app.url(path))
            .header("origin", &self.app.address)
            .header("accept", "text/html")
            .form(form)
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.form_post(path, form).send().await.unwrap()
    }

    /// A post as the page's own script sends it (autosave): the same form fields, and it wants
    /// the outcome back as JSON instead of a page.
    pub async fn fetch(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(self.app.url(path))
            .header("origin", &self.app.address)
            .header("accept", "application/json")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// A form post from the page at `from`, which the browser names in `Referer`.
    pub async fn post_from(
        &self,
        from: &str,
        path: &str,
        form: &[(&str, &str)],
    ) -> reqwest::Response {
        self.form_post(path, form)
            .header("referer", self.app.url(from))
            .send()
            .await
            .unwrap()
    }

    /// Registers an organisation and returns the huvudman group's path.
    pub async fn register(&self, organisation: &str, also_unit: bool) -> String {
        let mut form = vec![
            ("your_name", "Anna Berg"),
            ("organisation", organisation),
            ("kind", "kommunal"),
        ];
        if also_unit {
            form.push(("also_unit", "on"));
        }
        location(&self.post("/api/groups/register", &form).await)
    }
}

pub fn organisation_path(group_page: &str) -> String {
    let start = group_page
        .find("/organisationer/")
        .expect("a link to the organisation");
    group_page[start..].split('"').next().unwrap().to_string()
}

#[tokio::test]
async fn a_process_leader_registers_and_lands_in_the_huvudman_group() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    assert!(group.starts_with("/grupper/"), "{group}");
    let (status, page) = anna.page(&group).await;
    assert_eq!(status, 200);
    assert!(page.contains("<h1>Ekby kommun"), "{page}");
    assert!(page.contains("Spår: Huvudman. Huvudman: Ekby kommun."));
    assert!(
        page.contains("Anna Berg")
            && page.contains("anna@ekby.se")
            && page.contains("processledare")
    );
    // The five steps, each the group's own page, with how far the group has come.
    assert!(
        page.contains(&format!(r#"href="{group}/steg/1""#))
            && page.contains("Steg 1: Gemensam grund")
            && page.contains("Inte öppnat"),
        "{page}"
    );
    let (_, mine) = anna.page("/mina-grupper").await;
    assert!(mine.contains(&format!(r#"href="{group}""#)));
}

#[tokio::test]
async fn a_small_school_is_both_huvudman_and_unit() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@lillskolan.se").await;
    anna.register("Lillskolan AB", true).await;
    let (_, mine) = anna.page("/mina-grupper").await;
    let list = &mine[mine.find(r#"class="group-list""#).unwrap()..];
    let list = &list[..list.find("</ul>").unwrap()];
    assert_eq!(list.matches("<li>").count(), 2, "{mine}");
    assert!(mine.contains("Huvudman") && mine.contains("Enhet"));
}

#[tokio::test]
async fn a_registration_with_a_mistake_returns_with_what_was_typed() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let response = anna
        .post(
            "/api/groups/register",
            &[
                ("your_name", "Anna Berg"),
                ("organisation", "   "),
                ("kind", "kommunal"),
            ],
        )
        .await;
    let back = location(&response);
    // What was typed comes back through a flash, never the URL.
    assert_eq!(back, "/anmalan#fel");
    let (_, page) = anna.page(&back).await;
    assert!(page.contains("Skriv huvudmannens namn"));
    assert!(page.contains(r#"value="Anna Berg""#));
    assert!(field_marked(&page, "organisation"), "{page}");
    // Once: a reload shows the empty form.
    let (_, again) = anna.page("/anmalan").await;
    assert!(!again.contains("Skriv huvudmannens namn"));
    let (_, mine) = anna.page("/mina-grupper").await;
    assert!(!mine.contains("/grupper/"), "nothing was created");
}

#[tokio::test]
async fn an_owner_adds_a_unit_group_with_a_checked_school_unit_code() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    let (_, page) = anna.page(&group).await;
    let organisation = organisation_path(&page);
    let id = organisation.trim_start_matches("/organisationer/");

    let bad = anna
        .post(
            "/api/groups/create-unit",
            &[
                ("organisation_id", id),
                ("unit[name]", "Björkskolan"),
                ("unit[school_unit_code]", "1234"),
                ("unit[grundskola]", "on"),
            ],
        )
        .await;
    let back = location(&bad);
    assert_eq!(back, format!("{organisation}#ny-enhet"));
    let (_, form) = anna.page(&back).await;
    assert!(form.contains("En skolenhetskod har åtta siffror."));
    assert!(form.contains(r#"value="Björkskolan""#));
    assert!(field_marked(&form, "enhet-kod"), "{form}");
    assert!(
        form.contains(r#"name="unit[grundskola]" value="on" checked"#),
        "the school form stays ticked: {form}"
    );

    let good = anna
        .post(
            "/api/groups/create-unit",
            &[
                ("organisation_id", id),
                ("unit[name]", "Björkskolan"),
                ("unit[school_unit_code]", "12345678"),
                ("unit[grundskola]", "on"),
                ("unit[fritidshem]", "on"),
            ],
        )
        .await;
    let unit = location(&good);
    let (_, page) = anna.page(&unit).await;
    assert!(
        page.contains("Spår: Enhet. Huvudman: Ekby kommun."),
        "{page}"
    );
    let page = page.replace("<!>", "");
    assert!(
        page.contains("Skolformer: Grundskola, Fritidshem."),
        "{page}"
    );
    assert!(page.contains("Skolenhetskod: 12345678."));
    let (_, overview) = anna.page(&organisation).await;
    assert!(
        overview.contains(&format!(r#"href="{unit}""#))
            && overview.contains(&format!(r#"href="{group}""#))
    );
}

/// The overview is a list of everything, so it comes in pages of 50, by name.
#[tokio::test]
async fn the_platform_overview_comes_in_pages() {
    let app = integration_tests::spawn_app_with(|config| {
        config.platform_admins = vec!["ada@verkstad.se".into()];
    })
    .await;
    let cia = Browser::sign_in(&app, "cia@annanstans.se").await;
    for n in 1..=51 {
        cia.register(&format!("Skola {n:02}"), false).await;
    }
    let ada = Browser::sign_in(&app, "ada@verkstad.se").await;
    let (status, first) = ada.page("/plattform").await;
    assert_eq!(status, 200);
    assert!(first.contains("51 organisationer i Verkstad."), "{first}");
    assert!(first.contains("Sida 1 av 2") && first.contains(r#"href="/plattform?sida=2""#));
    assert!(first.contains("Skola 50") && !first.contains("Skola 51"));
    let (status, second) = ada.page("/plattform?sida=2").await;
    assert_eq!(status, 200);
    assert!(second.contains("Skola 51") && !second.contains("Skola 50"));
    assert!(second.contains(r#"href="/plattform?sida=1""#) && !second.contains("sida=3"));
    // Past the end (or nonsense) shows the nearest page, not an error.
    let (status, last) = ada.page("/plattform?sida=99").await;
    assert_eq!(status, 200);
    assert!(last.contains("Skola 51"));
}

#[tokio::test]
async fn platform_admins_see_every_organisation_and_nobody_else_does() {
    let app = integration_tests::spawn_app_with(|config| {
        config.platform_admins = vec!["Ada@Verkstad.se".into()];
    })
    .await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", true).await;
    let id = group.trim_start_matches("/grupper/");
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", id),
            ("addresses", "bo@ekby.se"),
            ("locale", "sv"),
        ],
    )
    .await;
    let cia = Browser::sign_in(&app, "cia@annanstans.se").await;
    cia.register("Annanstans friskola", false).await;

    let ada = Browser::sign_in(&app, "ada@verkstad.se").await;
    let (_, mine) = ada.page("/mina-grupper").await;
    assert!(mine.contains(r#"href="/plattform""#));
    let (status, page) = ada.page("/plattform").await;
    assert_eq!(status, 200);
    assert!(page.contains("2 organisationer i Verkstad."), "{page}");
    assert!(page.contains("Ekby kommun") && page.contains("Annanstans friskola"));
    assert!(page.contains("Kommunal huvudman, anmäld den "));
    // Step, members, pending invitations; hydration markers aside.
    assert!(
        page.replace("<!>", "")
            .contains("<td>Huvudman</td><td>1</td><td>1</td><td>1</td>"),
        "step 1, one member and one pending invitation: {page}"
    );
    for person in ["anna@ekby.se", "bo@ekby.se", "Anna Berg"] {
        assert!(!page.contains(person), "{person} is shown to the admin");
    }

    let (status, page) = Browser::anonymous(&app).page("/plattform").await;
    assert_eq!(status, 404, "not even a sign-in prompt");
    assert!(!page.contains("Plattformens översikt"));
    for (outsider, elsewhere) in [(&anna, "Annanstans friskola"), (&cia, "Ekby kommun")] {
        let (_, mine) = outsider.page("/mina-grupper").await;
        assert!(!mine.contains("/plattform"));
        let (status, page) = outsider.page("/plattform").await;
        assert_eq!(status, 404);
        assert!(!page.contains(elsewhere));
        let api = outsider.post("/api/groups/platform", &[]).await;
        assert_eq!(api.status(), 404);
    }
}

/// An owner adds a unit for its process leader, who is invited, takes the group over and
/// completes the unit's details; mistakes are explained and what was typed stays.
#[tokio::test]
async fn an_owner_invites_a_unit_leader_who_takes_over_and_completes_the_unit() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    let (_, page) = anna.page(&group).await;
    let organisation = organisation_path(&page);
    let id = organisation.trim_start_matches("/organisationer/");
    let unit_form = |leader: &'static str| {
        [
            ("organisation_id", id),
            ("unit[name]", "Björkskolan"),
            ("unit[school_unit_code]", ""),
            ("unit[leader_email]", leader),
            ("locale", "sv"),
        ]
    };

    let typo = location(
        &anna
            .post("/api/groups/create-unit", &unit_form("rut@"))
            .await,
    );
    assert_eq!(
        typo,
        format!("{organisation}#ny-enhet"),
        "no address in the URL"
    );
    let (_, form) = anna.page(&typo).await;
    assert!(field_marked(&form, "enhet-ledare"), "{form}");
    assert!(form.contains("ser inte ut som en e-postadress"));
    assert!(form.contains(r#"value="rut@""#) && form.contains(r#"value="Björkskolan""#));

    let created = location(
        &anna
            .post("/api/groups/create-unit", &unit_form("rut@bjork.se"))
            .await,
    );
    assert!(created.contains("?inbjudna=1&"), "{created}");
    let unit = created.split('?').next().unwrap().to_string();
    let (_, page) = anna.page(&unit).await;
    assert!(
        page.contains("rut@bjork.se"),
        "the owner follows the invitation"
    );
    assert!(
        !page.contains("<td>Anna Berg"),
        "the owner does not lead this unit"
    );
    // Nobody has joined yet: said in words, with who is invited, not an empty table.
    let words = page.replace("<!>", "");
    assert!(
        words.contains("Ingen har gått med i gruppen än."),
        "{words}"
    );
    assert!(
        words.contains("Inbjudna som inte har svarat än: rut@bjork.se – som processledare."),
        "{words}"
    );
    assert!(!words.contains(r#"<table class="members">"#));
    assert!(page.contains("Fyll i vilka skolformer enheten har"));

    let rut = crate::invitations::join(&app, "rut@bjork.se", "Rut Rektor").await;
    let (_, page) = rut.page(&unit).await;
    assert!(page.contains("Bjud in kolleger") && page.contains("Enhetens uppgifter"));
    let unit_id = unit.trim_start_matches("/grupper/");
    let details = |code: &'static str| {
        [
            ("group_id", unit_id),
            ("unit[name]", "Björkskolan Norra"),
            ("unit[school_unit_code]", code),
            ("unit[grundskola]", "on"),
            ("unit[fritidshem]", "on"),
        ]
    };
    let wrong = location(&rut.post("/api/groups/update-unit", &details("123")).await);
    assert_eq!(wrong, format!("{unit}#uppgifter"));
    let (_, page) = rut.page(&wrong).await;
    assert!(page.contains("En skolenhetskod har åtta siffror."));
    assert!(page.contains(r#"value="Björkskolan Norra""#) && page.contains(r#"value="123""#));

    let saved = location(
        &rut.post("/api/groups/update-unit", &details("12345678"))
            .await,
    );
    assert!(saved.ends_with("?sparad=1#uppgifter"), "{saved}");
    let (_, page) = rut.page(&saved).await;
    let page = page.replace("<!>", "");
    assert!(page.contains("Enhetens uppgifter är sparade."));
    assert!(page.contains("<h1>Björkskolan Norra</h1>"), "{page}");
    assert!(
        page.contains("Skolformer: Grundskola, Fritidshem.")
            && page.contains("Skolenhetskod: 12345678.")
    );
    assert!(!page.contains("Fyll i vilka skolformer"));
    let (_, overview) = anna.page(&organisation).await;
    assert!(
        overview.contains("Björkskolan Norra"),
        "the owner sees the unit's new name"
    );
}

/// Hole 5: names are one line of visible text. A line break (which would split a mail's
/// header) or a direction-changing character is refused with a clear message, and what was
/// typed is kept in the form.
#[tokio::test]
async fn names_with_line_breaks_or_invisible_characters_are_refused_and_kept() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    for (name, organisation, field) in [
        ("Anna\r\nBcc: eve@evil.example", "Ekby kommun", "namn"),
        ("Anna Berg", "Ekby\u{202E}nummok", "organisation"),
        ("Anna\u{200B}Berg", "Ekby kommun", "namn"),
    ] {
        let response = anna
            .post(
                "/api/groups/register",
                &[
                    ("your_name", name),
                    ("organisation", organisation),
                    ("kind", "kommunal"),
                ],
            )
            .await;
        let back = location(&response);
        assert_eq!(back, "/anmalan#fel");
        let (status, page) = anna.page(&back).await;
        assert!(field_marked(&page, field), "{field}: {page}");
        assert_eq!(status, 200);
        assert!(
            page.contains("utan radbrytningar eller osynliga tecken"),
            "{page}"
        );
        let kept = if field == "namn" { name } else { organisation };
        // An attribute keeps a line break as a character reference or as itself.
        let shown = kept.replace("\r\n", "&#13;\n");
        assert!(
            page.contains(&format!(r#"value="{kept}""#))
                || page.contains(&format!(r#"value="{shown}""#))
                || page.contains(&format!(r#"value="{}""#, kept.replace("\r\n", "\n"))),
            "what was typed is kept: {kept:?}"
        );
    }
    let (_, mine) = anna.page("/mina-grupper").await;
    assert!(!mine.contains("/grupper/"), "nothing was created");
    // Spaces are tidied, not refused.
    let group = anna.register("  Ekby   kommun ", false).await;
    let (_, page) = anna.page(&group).await;
    let page = page.replace("<!>", "");
    assert!(page.contains("<h1>Ekby kommun</h1>"), "{page}");
}

/// How many statements the database ran for one request of each page, read from the server's
/// own count (`GET /_test/queries`, mounted with the test clock).
pub async fn queries_per_page(app: &TestApp, browser: &Browser<'_>, pages: &[&str]) -> Vec<u64> {
    let mut counts = Vec::new();
    for page in pages {
        let count = || async { app.page("/_test/queries").await.1.parse::<u64>().unwrap() };
        let before = count().await;
        let (status, _) = browser.page(page).await;
        assert_eq!(status, 200, "{page}");
        counts.push(count().await - before);
    }
    counts
}

/// A signed-in page makes as many queries with much data as with little: more units and
/// members in the person's own organisation, and other organisations beside it.
#[tokio::test]
async fn a_page_makes_as_many_queries_with_more_data() {
    let app = integration_tests::spawn_app_with(|config| config.test_clock = true).await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", true).await;
    let (_, page) = anna.page(&group).await;
    let organisation = organisation_path(&page);
    // With a cycle begun, so every read of the groups' standing runs.
    let group_id = group.trim_start_matches("/grupper/");
    anna.post(
        "/api/work/step-state",
        &[("group_id", group_id), ("number", "1"), ("action", "open")],
    )
    .await;
    // The content pages are read from memory: only the session is looked up.
    // A field's and a prompt's own pages too: their reads are by key, whatever the group holds.
    let field = format!("{group}/steg/1/falt/bestam-rytm/rytm");
    let prompt = format!("{group}/steg/1/fraga/vad-anvands");
    let pages = [
        "/mina-grupper",
        group.as_str(),
        organisation.as_str(),
        field.as_str(),
        prompt.as_str(),
        "/enhet/steg/3",
        "/enhet/arsplan",
    ];
    let little = queries_per_page(&app, &anna, &pages).await;

    let id = organisation.trim_start_matches("/organisationer/");
    for n in 0..4 {
        let name = format!("Skola {n}");
        anna.post(
            "/api/groups/create-unit",
            &[
                ("organisation_id", id),
                ("unit[name]", &name),
                ("unit[school_unit_code]", ""),
            ],
        )
        .await;
    }
    let addresses = "a@ekby.se b@ekby.se c@ekby.se";
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", group_id),
            ("addresses", addresses),
            ("locale", "sv"),
        ],
    )
    .await;
    for n in 0..3 {
        let other = Browser::sign_in(&app, &format!("x{n}@annanstans.se")).await;
        other.register(&format!("Annanstans {n}"), true).await;
    }
    let much = queries_per_page(&app, &anna, &pages).await;
    assert_eq!(little, much, "queries per page for {pages:?}");
    // The session, the page's own rows, and the groups' standing (a fixed set of reads:
    // cycles, states, answers, documents, submissions, answers to them, publications).
    assert!(
        much.iter().all(|&n| n <= 16),
        "a fixed handful of queries per page, not {much:?}"
    );
}

/// Creating a unit group and inviting its leader is one use case: when the invitation is
/// refused (the day's quota is spent), no unit group is left behind without a leader.
#[tokio::test]
async fn a_unit_group_is_not_left_half_made_when_its_leader_cannot_be_invited() {
    let app = spawn_app().await;
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    let (_, page) = anna.page(&group).await;
    let organisation = organisation_path(&page);
    let id = organisation.trim_start_matches("/organisationer/");
    let group_id = group.trim_start_matches("/grupper/");
    let staff: Vec<String> = (0..200).map(|n| format!("p{n}@ekby.se")).collect();
    let staff = staff.join(" ");
    let spent = anna
        .post(
            "/api/invitations/create",
            &[
                ("group_id", group_id),
                ("addresses", &staff),
                ("locale", "sv"),
            ],
        )
        .await;
    assert!(spent.status().is_redirection(), "{}", spent.status());

    let refused = anna
        .post(
            "/api/groups/create-unit",
            &[
                ("organisation_id", id),
                ("unit[name]", "Ekskolan"),
                ("unit[school_unit_code]", ""),
                ("unit[leader_email]", "rektor@ekby.se"),
            ],
        )
        .await;
    assert_eq!(refused.status(), 429);
    let (_, page) = anna.page(&organisation).await;
    assert!(
        !page.contains("Ekskolan"),
        "a unit without its leader was left: {page}"
    );
    let (_, mine) = anna.page("/mina-grupper").await;
    assert!(!mine.contains("Ekskolan"));
}

/// Whether the form field with this `id` is marked `aria-invalid`: the page says which field a
/// problem is about, not only that there is one.
pub fn field_marked(page: &str, id: &str) -> bool {
    let Some(start) = page.find(&format!(r#"id="{id}""#)) else {
        return false;
    };
    let tag_start = page[..start].rfind('<').unwrap_or(0);
    let tag_end = start + page[start..].find('>').unwrap_or(0);
    page[tag_start..tag_end].contains(r#"aria-invalid="true""#)
}
