//! The outbox and the mail transports: mail written with what caused it, delivered through a
//! real SMTP server, kept through an outage and never sent twice.

use chrono::{Duration, Utc};
use integration_tests::{SmtpSink, TestDatabase, spawn_app, test_config};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement, TransactionTrait};
use server::{
    config::{Config, MailTransport, SmtpTls},
    email::{
        Mailer, NewMail,
        outbox::{Delivery, deliver_due, enqueue},
    },
};

fn mail(to: &str, subject: &str) -> NewMail {
    NewMail {
        to: to.into(),
        subject: subject.into(),
        text: format!("{subject}\n\nHej!"),
        html: format!("<p>{subject}</p>"),
    }
}

fn smtp_config(database: &TestDatabase, port: u16) -> Config {
    Config {
        mail_transport: MailTransport::Smtp,
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        smtp_tls: SmtpTls::None,
        ..test_config(&database.url)
    }
}

/// A migrated database of the configured backend, via a real start-up.
async fn database() -> (integration_tests::TestApp, DatabaseConnection) {
    let app = spawn_app().await;
    let db = Database::connect(&app.database.url).await.unwrap();
    (app, db)
}

async fn statuses(db: &DatabaseConnection) -> Vec<String> {
    db.query_all_raw(Statement::from_string(
        db.get_database_backend(),
        "SELECT status FROM outbox ORDER BY id",
    ))
    .await
    .unwrap()
    .iter()
    .map(|row| row.try_get::<String>("", "status").unwrap())
    .collect()
}

#[tokio::test]
async fn mail_reaches_a_real_smtp_server_once() {
    let sink = SmtpSink::start().await;
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&smtp_config(&app.database, sink.port)).unwrap();
    let now = Utc::now();
    let id = enqueue(&db, mail("anna@example.se", "Välkommen till Verkstad"), now)
        .await
        .unwrap();

    let delivery = deliver_due(&db, &mailer, &from, now).await.unwrap();
    assert_eq!(
        delivery,
        Delivery {
            sent: 1,
            ..Delivery::default()
        }
    );
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains("anna@example.se"));
    assert!(
        messages[0].contains(&format!("<{id}@verkstad>")),
        "Message-ID from the outbox row"
    );
    // Sent mail is not sent again.
    let later = deliver_due(&db, &mailer, &from, now + Duration::hours(2))
        .await
        .unwrap();
    assert_eq!(later, Delivery::default());
    assert_eq!(sink.messages().len(), 1);
    assert_eq!(statuses(&db).await, ["sent"]);
}

#[tokio::test]
async fn mail_survives_an_smtp_outage_and_arrives_once_it_is_back() {
    let mut sink = SmtpSink::start().await;
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&smtp_config(&app.database, sink.port)).unwrap();
    let now = Utc::now();
    for n in 0..3 {
        enqueue(
            &db,
            mail(&format!("kollega{n}@example.se"), "Inbjudan"),
            now,
        )
        .await
        .unwrap();
    }

    sink.pause();
    let down = deliver_due(&db, &mailer, &from, now).await.unwrap();
    assert_eq!(
        down,
        Delivery {
            retrying: 3,
            ..Delivery::default()
        }
    );
    assert_eq!(statuses(&db).await, ["pending", "pending", "pending"]);

    sink.resume().await;
    // Backing off: nothing is tried again before 30 seconds have passed.
    let too_soon = deliver_due(&db, &mailer, &from, now + Duration::seconds(10))
        .await
        .unwrap();
    assert_eq!(too_soon, Delivery::default());
    let back = deliver_due(&db, &mailer, &from, now + Duration::seconds(31))
        .await
        .unwrap();
    assert_eq!(
        back,
        Delivery {
            sent: 3,
            ..Delivery::default()
        }
    );
    let again = deliver_due(&db, &mailer, &from, now + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(again, Delivery::default());
    let messages = sink.messages();
    assert_eq!(messages.len(), 3, "every mail once, none twice");
    for n in 0..3 {
        assert_eq!(
            messages
                .iter()
                .filter(|m| m.contains(&format!("kollega{n}@example.se")))
                .count(),
            1
        );
    }
}

#[tokio::test]
async fn mail_is_only_sent_if_what_caused_it_is_kept() {
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&test_config(&app.database.url)).unwrap();
    let now = Utc::now();
    let txn = db.begin().await.unwrap();
    enqueue(&txn, mail("borta@example.se", "Rullas tillbaka"), now)
        .await
        .unwrap();
    txn.rollback().await.unwrap();
    let txn = db.begin().await.unwrap();
    enqueue(&txn, mail("kvar@example.se", "Sparas"), now)
        .await
        .unwrap();
    txn.commit().await.unwrap();

    deliver_due(&db, &mailer, &from, now).await.unwrap();
    let sent: Vec<String> = mailer.sent().into_iter().map(|m| m.to).collect();
    assert_eq!(sent, ["kvar@example.se"]);
}

#[tokio::test]
async fn a_mail_that_can_never_be_delivered_is_marked_dead() {
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&test_config(&app.database.url)).unwrap();
    let now = Utc::now();
    enqueue(&db, mail("inte en adress", "Fel"), now)
        .await
        .unwrap();
    let delivery = deliver_due(&db, &mailer, &from, now).await.unwrap();
    assert_eq!(
        delivery,
        Delivery {
            dead: 1,
            ..Delivery::default()
        }
    );
    assert_eq!(statuses(&db).await, ["dead"]);
    assert!(mailer.sent().is_empty());
}

#[tokio::test]
async fn retries_stop_after_seventy_two_hours() {
    let mut sink = SmtpSink::start().await;
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&smtp_config(&app.database, sink.port)).unwrap();
    sink.pause();
    let start = Utc::now();
    enqueue(&db, mail("anna@example.se", "Hej"), start)
        .await
        .unwrap();
    let mut dead = 0;
    let mut at = start;
    while at < start + Duration::hours(80) {
        dead += deliver_due(&db, &mailer, &from, at).await.unwrap().dead;
        at += Duration::minutes(30);
    }
    assert_eq!(dead, 1);
    assert_eq!(statuses(&db).await, ["dead"]);
}

#[tokio::test]
async fn two_workers_never_send_the_same_mail() {
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&test_config(&app.database.url)).unwrap();
    let now = Utc::now();
    for n in 0..40 {
        enqueue(&db, mail(&format!("p{n}@example.se"), "Hej"), now)
            .await
            .unwrap();
    }
    let other = Database::connect(&app.database.url).await.unwrap();
    let (a, b) = tokio::join!(
        deliver_due(&db, &mailer, &from, now),
        deliver_due(&other, &mailer, &from, now)
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 40);
    let mut ids: Vec<String> = mailer.sent().into_iter().map(|m| m.message_id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 40, "no mail sent twice");
}

#[tokio::test]
async fn the_file_transport_writes_eml_files_for_development() {
    let database = TestDatabase::create().await;
    let dir = std::env::temp_dir().join(format!("verkstad-mail-{}", uuid::Uuid::new_v4().simple()));
    let config = Config {
        mail_transport: MailTransport::File,
        mail_dir: dir.clone(),
        ..test_config(&database.url)
    };
    let (mailer, from) = Mailer::from_config(&config).unwrap();
    let outgoing = server::email::mailer::OutgoingMail {
        message_id: "<1@verkstad>".into(),
        to: "anna@example.se".into(),
        subject: "Inbjudan".into(),
        text: "Hej".into(),
        html: "<p>Hej</p>".into(),
    };
    mailer.send(&from, &outgoing).await.unwrap();
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].extension().and_then(|e| e.to_str()), Some("eml"));
    assert!(
        std::fs::read_to_string(&files[0])
            .unwrap()
            .contains("anna@example.se")
    );
    std::fs::remove_dir_all(dir).unwrap();
}

/// Hole 2: once a mail is sent or given up, no working link is left in the database: the
/// bodies that held sign-in and invitation links are emptied. Finished rows are purged after
/// the retention period; mail still waiting is kept.
#[tokio::test]
async fn no_link_stays_in_the_database_once_a_mail_is_finished() {
    use crate::groups::Browser;
    let sink = SmtpSink::start().await;
    let (app, db) = database().await;
    let (mailer, from) = Mailer::from_config(&smtp_config(&app.database, sink.port)).unwrap();
    let anna = Browser::sign_in(&app, "anna@ekby.se").await;
    let group = anna.register("Ekby kommun", false).await;
    anna.post(
        "/api/invitations/create",
        &[
            ("group_id", group.trim_start_matches("/grupper/")),
            ("addresses", "bo@ekby.se"),
            ("locale", "sv"),
        ],
    )
    .await;
    app.post_form(
        "/api/auth/request",
        &[("email", "cia@ekby.se"), ("locale", "sv")],
    )
    .await;
    enqueue(
        &db,
        NewMail {
            to: "inte en adress".into(),
            subject: "Inbjudan".into(),
            text: "http://x/inbjudan/DEAD-LINK-TOKEN".into(),
            html: "<p>http://x/inbjudan/DEAD-LINK-TOKEN</p>".into(),
        },
        Utc::now(),
    )
    .await
    .unwrap();
    let delivery = deliver_due(&db, &mailer, &from, Utc::now()).await.unwrap();
    assert_eq!(delivery.dead, 1);
    assert!(delivery.sent >= 3, "{delivery:?}");

    // The links as the recipients got them.
    let mut tokens = vec!["DEAD-LINK-TOKEN".to_string()];
    for message in sink.messages() {
        for marker in ["/logga-in/", "/inbjudan/"] {
            if let Some(at) = message.find(marker) {
                let token: String = message[at + marker.len()..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                    .collect();
                assert_eq!(token.len(), 43, "{message}");
                tokens.push(token);
            }
        }
    }
    assert!(tokens.len() >= 4, "{tokens:?}");
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT status, to_address, subject, text_body, html_body, last_error FROM outbox",
        ))
        .await
        .unwrap();
    for row in &rows {
        let status: String = row.try_get("", "status").unwrap();
        assert!(status == "sent" || status == "dead", "{status}");
        let text = format!(
            "{} {} {} {} {:?}",
            row.try_get::<String>("", "to_address").unwrap(),
            row.try_get::<String>("", "subject").unwrap(),
            row.try_get::<String>("", "text_body").unwrap(),
            row.try_get::<String>("", "html_body").unwrap(),
            row.try_get::<Option<String>>("", "last_error").unwrap(),
        );
        for token in &tokens {
            assert!(
                !text.contains(token.as_str()),
                "a link is left at rest: {text}"
            );
        }
    }

    // Mail still waiting keeps its body; after the retention period finished mail is gone.
    enqueue(&db, mail("dan@ekby.se", "Väntar"), Utc::now())
        .await
        .unwrap();
    let purged = server::email::outbox::purge_finished(
        &db,
        Utc::now() + Duration::days(31),
        Duration::days(30),
    )
    .await
    .unwrap();
    assert_eq!(purged, u64::try_from(rows.len()).unwrap());
    assert_eq!(statuses(&db).await, ["pending"]);
}

/// Hole 8: a worker whose lease ran out (a stalled relay) cannot finish a mail another worker
/// has taken over: its late answer changes nothing.
#[tokio::test]
async fn a_worker_whose_lease_ran_out_cannot_finish_the_mail() {
    use server::email::{
        SendError,
        outbox::{LEASE, claim, finish},
    };
    let (_app, db) = database().await;
    let now = Utc::now();
    enqueue(&db, mail("anna@example.se", "Hej"), now)
        .await
        .unwrap();
    let first = claim(&db, now, LEASE).await.unwrap().expect("claimed");
    assert!(
        claim(&db, now + Duration::seconds(1), LEASE)
            .await
            .unwrap()
            .is_none(),
        "leased"
    );
    let later = now + LEASE + Duration::seconds(1);
    let second = claim(&db, later, LEASE)
        .await
        .unwrap()
        .expect("the lease ran out: another worker takes over");
    assert_eq!(first.id, second.id);
    let mut delivery = Delivery::default();
    assert!(
        finish(&db, &second, Ok(()), later, &mut delivery)
            .await
            .unwrap()
    );
    let late = finish(
        &db,
        &first,
        Err(SendError::Temporary("timed out".into())),
        later,
        &mut delivery,
    )
    .await
    .unwrap();
    assert!(!late, "the first worker no longer owns the mail");
    assert_eq!(statuses(&db).await, ["sent"]);
    assert_eq!(
        delivery,
        Delivery {
            sent: 1,
            ..Delivery::default()
        }
    );
}

/// Hole 8: a long pass takes the time afresh for each mail, so the leases it hands out late
/// in the pass are not over before they begin, and another worker never sends them again.
#[tokio::test]
async fn a_long_pass_never_hands_out_leases_that_are_already_over() {
    use server::email::outbox::deliver_due_with_lease;
    let (app, db) = database().await;
    let (_, from) = Mailer::from_config(&test_config(&app.database.url)).unwrap();
    let slow = Mailer::memory(std::time::Duration::from_secs(2));
    let quick = Mailer::memory(std::time::Duration::ZERO);
    let now = Utc::now();
    for n in 0..3 {
        enqueue(&db, mail(&format!("p{n}@example.se"), "Hej"), now)
            .await
            .unwrap();
    }
    let other = Database::connect(&app.database.url).await.unwrap();
    let lease = Duration::seconds(5);
    // 5.3 s in, the slow worker is sending its third mail, claimed at about 4 s: with one `now`
    // for the whole pass its lease would have ended at 5 s, and the other worker would take it.
    let (a, b) = tokio::join!(
        deliver_due_with_lease(&db, &slow, &from, now, lease),
        async {
            tokio::time::sleep(std::time::Duration::from_millis(5300)).await;
            deliver_due_with_lease(&other, &quick, &from, Utc::now(), lease).await
        }
    );
    assert_eq!(a.unwrap().sent, 3);
    assert_eq!(b.unwrap().sent, 0, "nothing was sent twice");
    assert!(quick.sent().is_empty());
}
