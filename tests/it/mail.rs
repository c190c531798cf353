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
