//! Invitations: many addresses at once with a result per row, links that work once and can be
//! re-sent, revoked or expire, joining as a new or existing person, and nobody else's business.

use crate::{auth::location, groups::Browser};
use integration_tests::{TestApp, spawn_app};
use sea_orm::{ConnectionTrait, Database, Statement};

/// The invitation link in the newest mail to `to`.
pub async fn link_to(app: &TestApp, to: &str) -> String {
    let db = Database::connect(&app.database.url).await.unwrap();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT text_body FROM outbox WHERE to_address = $1 ORDER BY id",
            [to.into()],
        ))
        .await
        .unwrap();
    let body: String = rows
        .last()
        .expect("a mail")
        .try_get("", "text_body")
        .unwrap();
    let start = body.find("/inbjudan/").expect("a link");
    body[start..].split_whitespace().next().unwrap().to_string()
}

/// How many mails to `to` have `subject_part` in their subject.
async fn link_to_count(app: &TestApp, to: &str, subject_part: &str) -> usize {
    let db = Database::connect(&app.database.url).await.unwrap();
    db.query_all_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT subject FROM outbox WHERE to_address = $1",
        [to.into()],
    ))
    .await
    .unwrap()
    .iter()
    .filter(|r| {
        r.try_get::<String>("", "subject")
            .unwrap()
            .contains(subject_part)
    })
    .count()
}

/// The id in the resend and revoke forms next to `email` on the group page.
pub fn invitation_id(page: &str, email: &str) -> String {
    const FIELD: &str = r#"name="invitation_id" value=""#;
    let at = page.find(email).expect("the invitation is listed");
    let start = at + page[at..].find(FIELD).unwrap() + FIELD.len();
    let id = page[start..start + 36].to_string();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    id
}

/// Anna registers Ekby kommun and invites `addresses`; returns the group path and redirect.
async fn anna_invites<'a>(app: &'a TestApp, addresses: &str) -> (Browser<'a>, String, String) {
    let anna = Browser::sign_in(app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    let id = group.trim_start_matches("/grupper/").to_string();
    let response = anna
        .post(
            "/api/invitations/create",
            &[
                ("group_id", &id),
                ("addresses", addresses),
                ("locale", "sv"),
            ],
        )
        .await;
    let back = location(&response);
    (anna, group, back)
}

#[tokio::test]
async fn many_addresses_at_once_each_get_a_result() {
    let app = spawn_app().await;
    let (anna, group, back) = anna_invites(
        &app,
        "bo@ekby.se, cia@ekby.se\nfel@\nanna@ekby.se; BO@ekby.se",
    )
    .await;
    assert!(
        back.starts_with(&format!(
            "{group}?inbjudna=2&omskickade=0&redan=1&ogiltiga=1#"
        )),
        "{back}"
    );
    assert!(
        !back.contains("fel%40") && !back.contains('@'),
        "no address in the URL"
    );
    let (_, page) = anna.page(&back).await;
    assert!(
        page.contains("Inbjudna: 2. Skickade igen: 0. Redan med: 1."),
        "{page}"
    );
    assert!(
        page.contains(">fel@</textarea>"),
        "the address to fix stays in the box"
    );
    assert!(page.contains("bo@ekby.se") && page.contains("cia@ekby.se"));
    assert!(
        page.contains("väntar på svar, gäller till och med den "),
        "the last day in words, as readers write dates"
    );
    assert!(link_to(&app, "bo@ekby.se").await.starts_with("/inbjudan/"));

    // Inviting again re-sends: one pending row per address, and a new link.
    let first = link_to(&app, "bo@ekby.se").await;
    let id = group.trim_start_matches("/grupper/");
    let again = anna
        .post(
            "/api/invitations/create",
            &[
                ("group_id", id),
                ("addresses", "bo@ekby.se"),
                ("locale", "sv"),
            ],
        )
        .await;
    assert!(location(&again).contains("inbjudna=0&omskickade=1"));
    let (_, page) = anna.page(&group).await;
    assert!(page.contains("(skickad 2 gånger)"), "{page}");
    assert_ne!(first, link_to(&app, "bo@ekby.se").await);
    let (status, _) = Browser::anonymous(&app).page(&first).await;
    assert_eq!(status, 404, "the old link died");
}

#[tokio::test]
async fn a_new_person_joins_with_only_a_name_and_lands_in_the_group() {
    let app = spawn_app().await;
    let (_, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let link = link_to(&app, "bo@ekby.se").await;
    let token = link.trim_start_matches("/inbjudan/");
    let bo = Browser::anonymous(&app);
    let (status, page) = bo.page(&link).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Anna Berg har bjudit in dig till gruppen Ekby kommun hos Ekby kommun"),
        "{page}"
    );
    assert!(
        page.contains(r#"name="name""#),
        "a new person is asked for a name"
    );

    for bad in [" ", "Bo\r\nEk", "Bo \u{202E}kE"] {
        let refused = bo
            .post(
                "/api/invitations/accept",
                &[("token", token), ("name", bad)],
            )
            .await;
        let back = location(&refused);
        assert!(
            back.ends_with("#namn") && !back.contains('?'),
            "{bad:?}: {back}"
        );
        let (_, page) = bo.page(&back).await;
        assert!(page.contains("Skriv ditt namn"), "{page}");
        assert!(crate::groups::field_marked(&page, "namn"), "{page}");
    }

    let joined = bo
        .post(
            "/api/invitations/accept",
            &[("token", token), ("name", "Bo Ek")],
        )
        .await;
    assert_eq!(location(&joined), group);
    let cookie = joined.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let bo = Browser::with_cookie(&app, cookie);
    let (_, page) = bo.page(&group).await;
    assert!(page.contains("Bo Ek") && page.contains("deltagare") && page.contains("Anna Berg"));
    assert!(
        !page.contains("Bjud in kolleger"),
        "participants do not invite"
    );

    let (status, page) = Browser::anonymous(&app).page(&link).await;
    assert_eq!(status, 404);
    assert!(page.contains("Inbjudan gäller inte längre"));
}

#[tokio::test]
async fn revoked_and_expired_invitations_do_not_let_anyone_in() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "bo@ekby.se cia@ekby.se").await;
    let (_, page) = anna.page(&group).await;
    let invitation = invitation_id(&page, "bo@ekby.se");
    let invitation = invitation.as_str();
    let revoked = anna
        .post("/api/invitations/revoke", &[("invitation_id", invitation)])
        .await;
    assert!(location(&revoked).ends_with("?aterkallad=1#inbjudningar"));
    let link = link_to(&app, "bo@ekby.se").await;
    let attempt = Browser::anonymous(&app)
        .post(
            "/api/invitations/accept",
            &[
                ("token", link.trim_start_matches("/inbjudan/")),
                ("name", "Bo"),
            ],
        )
        .await;
    assert_eq!(
        location(&attempt),
        link,
        "back to the page saying it is gone"
    );
    assert_eq!(Browser::anonymous(&app).page(&link).await.0, 404);

    let link = link_to(&app, "cia@ekby.se").await;
    app.clock.advance(chrono::Duration::days(13));
    let (_, page) = Browser::anonymous(&app).page(&link).await;
    assert!(page.contains("Gå med i gruppen"), "still valid on day 13");
    app.clock
        .advance(chrono::Duration::days(1) + chrono::Duration::seconds(1));
    let (_, page) = Browser::anonymous(&app).page(&link).await;
    assert!(
        page.contains("Inbjudan har gått ut") && page.contains("Anna Berg kan skicka"),
        "{page}"
    );
    // Asking for a new one tells Anna, once.
    let cia_token = link.trim_start_matches("/inbjudan/");
    for _ in 0..2 {
        let asked = Browser::anonymous(&app)
            .post(
                "/api/invitations/ask-again",
                &[("token", cia_token), ("locale", "sv")],
            )
            .await;
        assert!(location(&asked).ends_with("?fragat=1"));
    }
    let (_, page) = Browser::anonymous(&app)
        .page(&format!("{link}?fragat=1"))
        .await;
    assert!(page.contains("Vi har meddelat Anna Berg"));
    assert_eq!(
        link_to_count(&app, "anna@ekby.se", "vill ha en ny inbjudan").await,
        1
    );
    let attempt = Browser::anonymous(&app)
        .post(
            "/api/invitations/accept",
            &[
                ("token", link.trim_start_matches("/inbjudan/")),
                ("name", "Cia"),
            ],
        )
        .await;
    assert_eq!(
        location(&attempt),
        link,
        "back to the page saying it has expired"
    );
    // Two weeks on, Anna signs in again and sees it expired.
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let (_, page) = anna.page(&group).await;
    assert!(page.contains("gick ut"), "the leader sees it expired");
}

#[tokio::test]
async fn signed_in_as_someone_else_is_warned_and_offered_to_switch() {
    let app = spawn_app().await;
    anna_invites(&app, "bo@ekby.se").await;
    let link = link_to(&app, "bo@ekby.se").await;
    let dan = Browser::sign_in(&app, "dan@annat.se").await;
    let (_, page) = dan.page(&link).await;
    assert!(
        page.contains("Inbjudan skickades till bo@ekby.se, men du är inloggad som dan@annat.se.")
    );
    let token = link.trim_start_matches("/inbjudan/");
    let join = dan
        .post(
            "/api/invitations/accept",
            &[("token", token), ("name", "Dan")],
        )
        .await;
    // Never joins as the wrong person: the form is sent back to the invitation's warning.
    assert_eq!(location(&join), link, "never joins as the wrong person");
    let (status, _) = dan.page("/mina-grupper").await;
    assert_eq!(status, 200);
    assert!(!dan.page("/mina-grupper").await.1.contains("Ekby kommun"));
    let switch = dan
        .post(
            "/api/invitations/accept",
            &[("token", token), ("switch", "1")],
        )
        .await;
    assert_eq!(location(&switch), link);
    assert!(
        switch.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );
}

#[tokio::test]
async fn only_the_process_leader_invites_resends_and_revokes() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let id = group.trim_start_matches("/grupper/");
    let (_, page) = anna.page(&group).await;
    let invitation = invitation_id(&page, "bo@ekby.se");
    // The id is real: the leader can resend with it.
    let resent = anna
        .post(
            "/api/invitations/resend",
            &[("invitation_id", invitation.as_str()), ("locale", "sv")],
        )
        .await;
    assert!(location(&resent).ends_with("?omskickad=1#inbjudningar"));

    let eve = Browser::sign_in(&app, "eve@annat.se").await;
    let invite = eve
        .post(
            "/api/invitations/create",
            &[
                ("group_id", id),
                ("addresses", "x@annat.se"),
                ("locale", "sv"),
            ],
        )
        .await;
    assert_eq!(invite.status(), 404);
    for path in ["/api/invitations/resend", "/api/invitations/revoke"] {
        let response = eve
            .post(
                path,
                &[("invitation_id", invitation.as_str()), ("locale", "sv")],
            )
            .await;
        assert_eq!(response.status(), 404, "{path}");
    }
    let (_, page) = anna.page(&group).await;
    assert!(page.contains("bo@ekby.se") && !page.contains("x@annat.se"));
}

/// Accepts the newest invitation to `email` as a new person named `name`.
pub async fn join<'a>(app: &'a TestApp, email: &str, name: &str) -> Browser<'a> {
    let link = link_to(app, email).await;
    let response = Browser::anonymous(app)
        .post(
            "/api/invitations/accept",
            &[
                ("token", link.trim_start_matches("/inbjudan/")),
                ("name", name),
            ],
        )
        .await;
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    Browser::with_cookie(app, cookie)
}

/// The id in the remove form on `name`'s row.
pub fn member_id(page: &str, name: &str) -> String {
    const FIELD: &str = r#"name="member_id" value=""#;
    let at = page
        .find(&format!("<td>{name}"))
        .expect("the member is listed");
    let start = at + page[at..].find(FIELD).unwrap() + FIELD.len();
    page[start..start + 36].to_string()
}

#[tokio::test]
async fn a_removed_member_loses_access_at_once_and_their_invitations_die() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "cia@ekby.se").await;
    let id = group.trim_start_matches("/grupper/");
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", id),
            ("addresses", "bo@ekby.se"),
            ("role", "processledare"),
            ("locale", "sv"),
        ],
    )
    .await;
    let bo = join(&app, "bo@ekby.se", "Bo Ek").await;
    let cia = join(&app, "cia@ekby.se", "Cia Al").await;
    let (_, page) = bo.page(&group).await;
    assert!(
        page.contains("Bjud in kolleger"),
        "Bo was invited as a process leader"
    );
    bo.post(
        "/api/invitations/create",
        &[
            ("group_id", id),
            ("addresses", "dan@ekby.se"),
            ("locale", "sv"),
        ],
    )
    .await;
    let dans_link = link_to(&app, "dan@ekby.se").await;

    // A participant cannot remove anyone.
    let (_, anna_page) = anna.page(&group).await;
    let bo_id = member_id(&anna_page, "Bo Ek");
    let refused = cia
        .post(
            "/api/groups/remove-member",
            &[("group_id", id), ("member_id", bo_id.as_str())],
        )
        .await;
    assert_eq!(refused.status(), 404);

    let removed = anna
        .post(
            "/api/groups/remove-member",
            &[("group_id", id), ("member_id", bo_id.as_str())],
        )
        .await;
    assert!(location(&removed).contains("borttagen=1"));
    let (status, _) = bo.page(&group).await;
    assert_eq!(status, 404, "Bo's next request is refused");
    let (status, _) = Browser::anonymous(&app).page(&dans_link).await;
    assert_eq!(status, 404, "the invitation Bo sent is revoked");

    // Cia leaves by herself; Anna, the last process leader, cannot.
    let left = cia.post("/api/groups/leave", &[("group_id", id)]).await;
    assert_eq!(location(&left), "/mina-grupper");
    assert_eq!(cia.page(&group).await.0, 404);
    let stays = anna.post("/api/groups/leave", &[("group_id", id)]).await;
    let back = location(&stays);
    assert!(back.contains("fel=sista"), "{back}");
    assert!(
        anna.page(&back)
            .await
            .1
            .contains("Gruppen behöver en processledare.")
    );
}

#[tokio::test]
async fn an_unanswered_invitation_is_reminded_once_with_a_working_link() {
    let app = spawn_app().await;
    let (_, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let first = link_to(&app, "bo@ekby.se").await;
    let db = Database::connect(&app.database.url).await.unwrap();
    let now = chrono::Utc::now();
    let base = app.address.clone();
    let remind = |at| server::features::invitations::remind_due(&db, &base, 5, at);
    assert_eq!(remind(now).await.unwrap(), 0, "not yet: sent today");
    let later = now + chrono::Duration::days(6);
    assert_eq!(remind(later).await.unwrap(), 1);
    assert_eq!(
        remind(later + chrono::Duration::days(1)).await.unwrap(),
        0,
        "only once"
    );
    assert_eq!(link_to_count(&app, "bo@ekby.se", "bjuder in dig").await, 2);

    let reminder = link_to(&app, "bo@ekby.se").await;
    assert_ne!(first, reminder);
    let joined = Browser::anonymous(&app)
        .post(
            "/api/invitations/accept",
            &[
                ("token", reminder.trim_start_matches("/inbjudan/")),
                ("name", "Bo Ek"),
            ],
        )
        .await;
    assert_eq!(location(&joined), group);
}

/// How many audit rows record `action`.
async fn audited(app: &TestApp, action: &str) -> i64 {
    let db = Database::connect(&app.database.url).await.unwrap();
    db.query_one_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT COUNT(*) AS n FROM audit_events WHERE action = $1",
        [action.into()],
    ))
    .await
    .unwrap()
    .unwrap()
    .try_get("", "n")
    .unwrap()
}

/// A whole staff list is fine; the 201st invitation in a day, or the 21st re-send in an
/// hour, is refused with a message, the addresses stay in the box, and the refusal is audited.
#[tokio::test]
async fn an_inviter_has_a_daily_quota_and_a_resend_quota() {
    let app = spawn_app().await;
    let staff: Vec<String> = (1..=200).map(|i| format!("larare{i}@ekby.se")).collect();
    let (anna, group, back) = anna_invites(&app, &staff.join("\n")).await;
    assert!(back.contains("inbjudna=200&"), "{back}");
    let id = group.trim_start_matches("/grupper/");

    let one_more = anna
        .post(
            "/api/invitations/create",
            &[
                ("group_id", id),
                ("addresses", "nummer201@ekby.se"),
                ("locale", "sv"),
            ],
        )
        .await;
    let back = location(&one_more);
    assert!(back.contains("fel=kvot"), "{back}");
    let (_, page) = anna.page(&back).await;
    assert!(
        page.contains("Du har skickat många inbjudningar på kort tid"),
        "{page}"
    );
    assert!(
        page.contains(">nummer201@ekby.se</textarea>"),
        "what was typed stays"
    );
    assert_eq!(link_to_count(&app, "nummer201@ekby.se", "").await, 0);
    assert_eq!(audited(&app, "invitation_quota_exceeded").await, 1);

    // A day later the quota is free again (Anna signs in anew: her session has ended).
    app.clock
        .advance(chrono::Duration::hours(24) + chrono::Duration::seconds(1));
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let next_day = anna
        .post(
            "/api/invitations/create",
            &[
                ("group_id", id),
                ("addresses", "nummer201@ekby.se"),
                ("locale", "sv"),
            ],
        )
        .await;
    assert!(location(&next_day).contains("inbjudna=1&"));

    let (_, page) = anna.page(&group).await;
    let invitation = invitation_id(&page, "nummer201@ekby.se");
    let form = [("invitation_id", invitation.as_str()), ("locale", "sv")];
    let resend = || anna.post_from(&group, "/api/invitations/resend", &form);
    for _ in 0..20 {
        assert!(location(&resend().await).contains("omskickad=1"));
    }
    let refused = location(&resend().await);
    assert!(
        refused.starts_with(&format!("{group}?fel=kvot")),
        "{refused}"
    );
    assert_eq!(audited(&app, "invitation_quota_exceeded").await, 2);
    assert_eq!(link_to_count(&app, "nummer201@ekby.se", "").await, 21);

    // A script (not a form) is told 429.
    let scripted = reqwest::Client::new()
        .post(app.url("/api/invitations/resend"))
        .header("origin", &app.address)
        .header("cookie", &anna.cookie)
        .form(&[("invitation_id", invitation.as_str()), ("locale", "sv")])
        .send()
        .await
        .unwrap();
    assert_eq!(scripted.status(), 429);
}

/// Where each group and invitation event came from is in the audit log (quality.md S24).
#[tokio::test]
async fn group_and_invitation_events_record_the_client_address() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let (_, page) = anna.page(&group).await;
    let invitation = invitation_id(&page, "bo@ekby.se");
    anna.post(
        "/api/invitations/revoke",
        &[("invitation_id", invitation.as_str())],
    )
    .await;
    let db = Database::connect(&app.database.url).await.unwrap();
    for action in [
        "organisation_registered",
        "invitation_sent",
        "invitation_revoked",
    ] {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                "SELECT client_ip FROM audit_events WHERE action = $1",
                [action.into()],
            ))
            .await
            .unwrap();
        assert_eq!(rows.len(), 1, "{action}");
        let ip: Option<String> = rows[0].try_get("", "client_ip").unwrap();
        assert_eq!(ip.as_deref(), Some("127.0.0.1"), "{action}");
    }
}

/// A button pressed on a page that has gone stale (the invitation already revoked, the member
/// already gone) brings the page back with a plain explanation, not a dead end.
#[tokio::test]
async fn a_stale_form_returns_to_the_page_with_an_explanation() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let (_, page) = anna.page(&group).await;
    let invitation = invitation_id(&page, "bo@ekby.se");
    let form = [("invitation_id", invitation.as_str()), ("locale", "sv")];
    let first = anna
        .post_from(&group, "/api/invitations/revoke", &form)
        .await;
    assert!(location(&first).ends_with("?aterkallad=1#inbjudningar"));
    for action in ["/api/invitations/revoke", "/api/invitations/resend"] {
        let again = location(&anna.post_from(&group, action, &form).await);
        assert_eq!(
            again,
            format!("{group}?fel=inaktuell#inbjudningar"),
            "{action}"
        );
    }
    let (_, page) = anna.page(&format!("{group}?fel=inaktuell")).await;
    assert!(
        page.contains("Det du ville ändra har redan ändrats"),
        "{page}"
    );
    // A script, or a post without a page behind it, still gets a plain 404.
    let bare = anna.post("/api/invitations/revoke", &form).await;
    assert_eq!(bare.status(), 404);
}

/// Hole 1: an invitation link never signs its holder in to an account that existed before it.
/// Invitations get forwarded and live for two weeks; the invited person signs in with a link
/// of their own and joins from "Mina grupper".
#[tokio::test]
async fn an_invitation_never_signs_anyone_in_to_an_existing_account() {
    let app = spawn_app().await;
    // Bo already has an account (he signed in once, then left the computer).
    Browser::sign_in(&app, "bo@ekby.se").await;
    let (_, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let link = link_to(&app, "bo@ekby.se").await;
    let token = link.trim_start_matches("/inbjudan/");

    // Whoever holds the forwarded link is told to sign in, and offered no way round it.
    let eve = Browser::anonymous(&app);
    let (status, page) = eve.page(&link).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Det finns redan ett konto för bo@ekby.se"),
        "{page}"
    );
    assert!(page.contains(r#"href="/logga-in""#));
    assert!(!page.contains("/api/invitations/accept"), "no accept form");
    for accept in [
        eve.post(
            "/api/invitations/accept",
            &[("token", token), ("name", "Eve")],
        )
        .await,
        reqwest::Client::new()
            .post(app.url("/api/invitations/accept"))
            .header("origin", &app.address)
            .form(&[("token", token), ("name", "Eve")])
            .send()
            .await
            .unwrap(),
    ] {
        assert!(
            accept.headers().get("set-cookie").is_none(),
            "no session for the link's holder"
        );
        let status = accept.status().as_u16();
        let to = accept
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(
            status == 403 || to == link,
            "back to the invitation page, or refused: {status} {to}"
        );
    }
    let (_, page) = eve.page(&group).await;
    assert!(
        page.contains("Du behöver logga in") && !page.contains("Anna Berg"),
        "the holder got nothing: {page}"
    );

    // Bo signs in with his own link: the invitation waits on "Mina grupper".
    let bo = Browser::sign_in(&app, "bo@ekby.se").await;
    let (_, mine) = bo.page("/mina-grupper").await;
    assert!(
        mine.contains("Anna Berg har bjudit in dig till gruppen Ekby kommun hos Ekby kommun."),
        "{mine}"
    );
    const FIELD: &str = r#"name="invitation_id" value=""#;
    let start = mine.find(FIELD).expect("a Gå med form") + FIELD.len();
    let invitation = &mine[start..start + 36];
    // Nobody else can use Bo's invitation by its id.
    let cia = Browser::sign_in(&app, "cia@ekby.se").await;
    let refused = cia
        .post("/api/invitations/join", &[("invitation_id", invitation)])
        .await;
    assert_eq!(refused.status(), 404);
    let joined = bo
        .post("/api/invitations/join", &[("invitation_id", invitation)])
        .await;
    assert_eq!(location(&joined), group);
    let (status, page) = bo.page(&group).await;
    assert_eq!(status, 200);
    assert!(page.contains("bo@ekby.se"));
    let (_, mine) = bo.page("/mina-grupper").await;
    assert!(!mine.contains("Gå med</button>"), "joined: nothing waits");
    // The link is spent, and pressing "Gå med" twice is harmless.
    let again = bo
        .post("/api/invitations/join", &[("invitation_id", invitation)])
        .await;
    assert_eq!(again.status(), 404);
    assert_eq!(Browser::anonymous(&app).page(&link).await.0, 404);
}

/// Hole 12: the automatic reminder sends a new link and keeps the first one working; an
/// expired first link offers "Be om en ny inbjudan" like the reminder's.
#[tokio::test]
async fn after_a_reminder_the_first_link_still_works() {
    let app = spawn_app().await;
    let (_, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let first = link_to(&app, "bo@ekby.se").await;
    let db = Database::connect(&app.database.url).await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::days(6);
    let base = app.address.clone();
    assert_eq!(
        server::features::invitations::remind_due(&db, &base, 5, later)
            .await
            .unwrap(),
        1
    );
    let reminder = link_to(&app, "bo@ekby.se").await;
    assert_ne!(first, reminder);
    let (status, page) = Browser::anonymous(&app).page(&first).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("Gå med i gruppen"), "{page}");

    // Expired, both links say so and offer to ask for a new invitation.
    app.clock.advance(chrono::Duration::days(15));
    for link in [&first, &reminder] {
        let (_, page) = Browser::anonymous(&app).page(link).await;
        assert!(
            page.contains("Inbjudan har gått ut") && page.contains("Be om en ny inbjudan"),
            "{link}: {page}"
        );
    }
    let asked = Browser::anonymous(&app)
        .post(
            "/api/invitations/ask-again",
            &[
                ("token", first.trim_start_matches("/inbjudan/")),
                ("locale", "sv"),
            ],
        )
        .await;
    assert!(location(&asked).ends_with("?fragat=1"));
    assert_eq!(
        link_to_count(&app, "anna@ekby.se", "vill ha en ny inbjudan").await,
        1
    );
    let _ = group;
}

/// Hole 7: inviting an address that is already pending sends it again, and counts against
/// the resend quota like the resend button.
#[tokio::test]
async fn re_inviting_a_pending_address_counts_as_a_resend() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let id = group.trim_start_matches("/grupper/");
    let form = [
        ("group_id", id),
        ("addresses", "bo@ekby.se"),
        ("locale", "sv"),
    ];
    for _ in 0..20 {
        let back = location(&anna.post("/api/invitations/create", &form).await);
        assert!(back.contains("omskickade=1"), "{back}");
    }
    let refused = location(&anna.post("/api/invitations/create", &form).await);
    assert!(refused.contains("fel=kvot"), "{refused}");
    assert_eq!(link_to_count(&app, "bo@ekby.se", "").await, 21);
    assert_eq!(audited(&app, "invitation_quota_exceeded").await, 1);
}

/// Hole 10: one pending invitation per group and address, held by the database even when
/// the same address is invited by parallel requests.
#[tokio::test]
async fn parallel_invitations_of_one_address_make_one_pending_invitation() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "cia@ekby.se").await;
    let id = group.trim_start_matches("/grupper/");
    let form = [
        ("group_id", id),
        ("addresses", "bo@ekby.se"),
        ("locale", "sv"),
    ];
    let (a, b, c, d) = tokio::join!(
        anna.post("/api/invitations/create", &form),
        anna.post("/api/invitations/create", &form),
        anna.post("/api/invitations/create", &form),
        anna.post("/api/invitations/create", &form)
    );
    for response in [a, b, c, d] {
        assert!(
            response.status().is_redirection(),
            "every parallel invite is answered: {}",
            response.status()
        );
    }
    let db = Database::connect(&app.database.url).await.unwrap();
    let pending: i64 = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM invitations WHERE email = $1 AND status = 'pending'",
            ["bo@ekby.se".into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    assert_eq!(pending, 1);
    // The database itself refuses a second pending row, whatever the code does.
    let duplicate = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "INSERT INTO invitations (id, group_id, email, invited_by, role, token_hash, status, \
             expires_at, last_sent_at, send_count, created_at) \
             SELECT $1, group_id, email, invited_by, role, 'x', 'pending', expires_at, last_sent_at, 1, created_at \
             FROM invitations WHERE email = $2",
            [uuid::Uuid::now_v7().into(), "bo@ekby.se".into()],
        ))
        .await;
    assert!(duplicate.is_err(), "a second pending row is refused");
}

/// A double-pressed "Gå med i gruppen" joins once and never answers 500.
#[tokio::test]
async fn a_double_submitted_accept_joins_once() {
    let app = spawn_app().await;
    let (anna, group, _) = anna_invites(&app, "bo@ekby.se").await;
    let link = link_to(&app, "bo@ekby.se").await;
    let token = link.trim_start_matches("/inbjudan/");
    let bo = Browser::anonymous(&app);
    let form = [("token", token), ("name", "Bo Ek")];
    let (a, b) = tokio::join!(
        bo.post("/api/invitations/accept", &form),
        bo.post("/api/invitations/accept", &form)
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.iter().all(|s| *s < 500), "{statuses:?}");
    assert_eq!(
        [&a, &b]
            .iter()
            .filter(|r| r.headers().get("set-cookie").is_some())
            .count(),
        1,
        "one of them joined"
    );
    let (_, page) = anna.page(&group).await;
    assert_eq!(page.matches("<td>Bo Ek").count(), 1);
}
