//! What every handler can reach: options, database, content, configuration, mail and services.

use crate::{clock::Clock, config::Config, email::Mailer, features::workshop::ContentStore};
use app::ports::Services;
use axum::extract::FromRef;
use leptos::config::LeptosOptions;
use lettre::message::Mailbox;
use sea_orm::DatabaseConnection;
use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

#[derive(Clone, FromRef)]
pub struct AppState {
    /// Sessions and sign-in; the middleware resolves each request's actor with it.
    pub auth: Arc<crate::features::auth::AuthService>,
    /// Flashes, whose cookie the middleware reads beside the session's.
    pub flash: Arc<crate::flash::FlashService>,
    /// Statements sent to the database so far, for `make bench` and the tests.
    pub queries: crate::db::QueryCount,
    /// Leptos' own settings (site root, output name), needed to render and serve assets.
    pub leptos_options: LeptosOptions,
    /// The one connection pool for the whole process.
    pub db: DatabaseConnection,
    /// Workshop content, validated at start-up.
    pub content: Arc<ContentStore>,
    pub config: Arc<Config>,
    /// The services server functions use, provided to them through context.
    pub services: Services,
    /// Documents out as PDF, Word and Markdown (the download routes).
    pub exports: Arc<crate::features::exports::ExportService>,
    /// The calendar feed and `.ics` files (plain routes).
    pub calendar: Arc<crate::features::calendar::CalendarService>,
    /// Set when shutdown begins, so `/readyz` turns away new traffic before the listener closes.
    pub draining: Draining,
    /// The transport the outbox worker delivers through.
    pub mailer: Mailer,
    /// The sender of every mail.
    pub mail_from: Mailbox,
    /// Where links in mails point, e.g. `https://verkstad.example.se`.
    pub base_url: String,
    /// The time every expiry is measured against; tests may move it forward.
    pub clock: Clock,
}

/// A flag shared by the shutdown signal and `/readyz`.
#[derive(Clone, Default)]
pub struct Draining(Arc<AtomicBool>);

impl Draining {
    pub fn start(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}
