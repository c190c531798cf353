//! Migrations on the configured backend (SQLite by default, PostgreSQL with TEST_DATABASE_URL).

use integration_tests::{TestDatabase, spawn_app, test_config};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Database};
use server::startup::Application;

#[tokio::test]
async fn every_migration_runs_up_at_start_up() {
    let app = spawn_app().await;
    let db = Database::connect(&app.database.url).await.unwrap();
    let applied = Migrator::get_applied_migrations(&db).await.unwrap();
    assert_eq!(applied.len(), Migrator::migrations().len());
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty()
    );
    // The schema is really there: a row goes in and comes back.
    db.execute_unprepared(
        "INSERT INTO users (id, email, display_name, locale, created_at) \
         VALUES ('0193a0b4-0000-7000-8000-000000000001', 'anna@example.se', 'Anna', 'sv', CURRENT_TIMESTAMP)",
    )
    .await
    .unwrap();
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT email FROM users",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.try_get::<String>("", "email").unwrap(),
        "anna@example.se"
    );
}

#[tokio::test]
async fn a_failed_migration_stops_start_up_with_context() {
    let database = TestDatabase::create().await;
    {
        // A database that claims a migration this binary does not know cannot be trusted.
        let db = Database::connect(&database.url).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        db.execute_unprepared(
            "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29990101_000001_from_the_future', 0)",
        )
        .await
        .unwrap();
    }
    let result = Application::build(test_config(&database.url)).await;
    let error = format!("{:#}", result.err().expect("start-up must fail"));
    assert!(error.contains("migration"), "{error}");
}

#[tokio::test]
async fn an_unreachable_database_stops_start_up_without_leaking_the_password() {
    let mut config = test_config("postgres://verkstad:hemligt@127.0.0.1:1/none");
    config.database_url = "postgres://verkstad:hemligt@127.0.0.1:1/none".into();
    let error = format!(
        "{:#}",
        Application::build(config)
            .await
            .err()
            .expect("start-up must fail")
    );
    assert!(error.contains("could not connect"), "{error}");
    assert!(!error.contains("hemligt"), "{error}");
}

/// Hole 9: five instances starting together on an empty PostgreSQL database all become ready,
/// and each migration is applied exactly once (an advisory lock makes the others wait). A
/// SQLite database serves one instance only, so this is PostgreSQL's test.
#[tokio::test]
async fn five_instances_starting_at_once_migrate_once() {
    let database = TestDatabase::create().await;
    if !database.is_postgres() {
        eprintln!(
            "five_instances_starting_at_once_migrate_once: PostgreSQL only (SQLite is single-instance)"
        );
        return;
    }
    let start = || Application::build(test_config(&database.url));
    let (a, b, c, d, e) = tokio::join!(start(), start(), start(), start(), start());
    for app in [a, b, c, d, e] {
        app.expect("every instance starts");
    }
    let db = Database::connect(&database.url).await.unwrap();
    let rows = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM seaql_migrations",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        rows.try_get::<i64>("", "n").unwrap(),
        i64::try_from(Migrator::migrations().len()).unwrap()
    );
}
