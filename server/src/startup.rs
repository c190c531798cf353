//! `Application`: builds everything from a `Config`, binds the listener (port 0 in tests) and
//! serves until told to stop, draining first.

use crate::{
    clock::Clock,
    config::Config,
    db,
    email::Mailer,
    features::workshop::{self as content, ContentStore},
    features::{auth::AuthService, groups::GroupService, invitations::InvitationService},
    jobs, middleware,
    routes::{assets, calendar, clock, exports, films, health, language},
    state::{AppState, Draining},
};
use anyhow::Context;
use app::{App, ports::Services, shell};
use axum::{
    Router,
    handler::Handler as _,
    routing::{get, post},
};
use leptos::{config::LeptosOptions, prelude::provide_context};
use leptos_axum::{LeptosRoutes, file_and_error_handler_with_context, generate_route_list};
use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};
use tokio::net::TcpListener;

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
}

impl Application {
    /// Loads content, connects and migrates the database, and binds the listener. Any failure
    /// stops here, before a single request is served.
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        crate::telemetry::quiet_abandoned_page_loads();
        let content = Arc::new(content::load(&config.content_dir).map_err(|e| {
            anyhow::anyhow!("{e}").context(format!(
                "content in {} is not valid",
                config.content_dir.display()
            ))
        })?);
        if !content.unrecorded_ids().is_empty() {
            tracing::warn!(
                count = content.unrecorded_ids().len(),
                "content has ids not yet recorded in ids.toml; run `verkstad content ids`"
            );
        }
        let mut db =
            db::connect_and_migrate(&config.database_url, config.database_pool_size).await?;
        let queries = db::QueryCount::attach(&mut db);
        let (mailer, mail_from) = Mailer::from_config(&config)?;
        let listener = TcpListener::bind(config.address)
            .await
            .with_context(|| format!("could not listen on {}", config.address))?;
        let address = listener.local_addr()?;

        // `make site` names the assets by their content's hash and lists the hashes here. Leptos
        // reads the list beside the binary unless the path is absolute, and reads it on each
        // render, so the islands built after `make run` started are picked up.
        let hash_file = std::path::absolute(config.site_root.join("hash.txt"))?;
        let leptos_options = LeptosOptions::builder()
            .hash_files(hash_file.exists())
            .hash_file(Arc::<str>::from(hash_file.to_string_lossy().as_ref()))
            .output_name(option_env!("LEPTOS_OUTPUT_NAME").unwrap_or("verkstad"))
            .site_root(config.site_root.to_string_lossy().to_string())
            .site_pkg_dir("pkg")
            .site_addr(address)
            .build();
        let clock = Clock::default();
        if config.test_clock {
            tracing::warn!(
                "test_clock is on: POST /_test/clock moves time; never use it in production"
            );
        }
        let auth = Arc::new(AuthService::new(
            db.clone(),
            clock.clone(),
            &config,
            address,
        ));
        let auth_base_url = auth.base_url().to_string();

        let invitations = Arc::new(InvitationService::new(
            db.clone(),
            auth.clone(),
            config.invitation_days,
            clock.clone(),
        ));
        // The group-and-step context every feature loads its group, cycle and steps with.
        let context = crate::context::Context::new(content.clone(), clock.clone());
        let work = Arc::new(crate::features::work::WorkService::new(
            db.clone(),
            context.clone(),
            auth_base_url.clone(),
        ));
        let handovers = Arc::new(crate::features::handovers::HandoverService::new(
            db.clone(),
            context.clone(),
            auth_base_url.clone(),
        ));
        let notices = Arc::new(crate::features::notices::NoticeService::new(
            db.clone(),
            clock.clone(),
        ));
        let calendar = Arc::new(crate::features::calendar::CalendarService::new(
            db.clone(),
            context.clone(),
            auth_base_url.clone(),
        ));
        let years = Arc::new(crate::features::years::YearService::new(
            db.clone(),
            context.clone(),
        ));
        let groups = Arc::new(GroupService::new(
            db.clone(),
            clock.clone(),
            invitations.clone(),
            context,
        ));
        let flash = Arc::new(crate::flash::FlashService::new(
            db.clone(),
            clock.clone(),
            auth_base_url.starts_with("https://"),
        ));
        let services = Services {
            flashes: flash.clone(),
            workshop: content.clone(),
            auth: auth.clone(),
            groups,
            invitations,
            work,
            handovers,
            notices,
            calendar: calendar.clone(),
            years,
        };
        let exports = Arc::new(crate::features::exports::ExportService::new(
            services.clone(),
            db.clone(),
            clock.clone(),
        ));
        let state = AppState {
            auth,
            flash,
            queries,
            leptos_options,
            db,
            services,
            exports,
            calendar,
            content,
            config: Arc::new(config),
            draining: Draining::default(),
            mailer,
            mail_from,
            base_url: auth_base_url,
            clock,
        };
        let router = router(state.clone());
        Ok(Self {
            listener,
            router,
            state,
        })
    }

    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn port(&self) -> u16 {
        self.address().port()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or Ctrl-C.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    /// Serves until `stop` completes. Then `/readyz` reports 503 for the configured drain time
    /// before the listener closes and in-flight requests finish.
    pub async fn run_until(
        self,
        stop: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let draining = self.state.draining.clone();
        let drain = Duration::from_secs(self.state.config.shutdown_drain_seconds);
        let (stop_jobs, jobs_stopped) = tokio::sync::watch::channel(false);
        let jobs = jobs::start(&self.state, &jobs_stopped);
        let shutdown = async move {
            stop.await;
            // Mail not yet sent stays in the outbox for the next start.
            let _ = stop_jobs.send(true);
            tracing::info!(drain_seconds = drain.as_secs(), "shutting down: draining");
            draining.start();
            tokio::time::sleep(drain).await;
        };
        axum::serve(
            self.listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        jobs.finished().await;
        Ok(())
    }
}

/// The whole HTTP surface: Leptos pages and server functions, plain routes, static files, and
/// the middleware around them.
/// What runs before every render and server function: services, and the request's CSP nonce.
pub(crate) fn page_context(services: Services) -> impl Fn() + Clone + Send + Sync + 'static {
    move || {
        provide_context(services.clone());
        let nonce = leptos::prelude::use_context::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<middleware::CspNonce>().cloned());
        if let Some(nonce) = nonce {
            provide_context(leptos::nonce::Nonce::from_value(nonce.0));
        }
    }
}

pub fn router(state: AppState) -> Router {
    let context = page_context(state.services.clone());
    let options = state.leptos_options.clone();
    let routes = generate_route_list(App);
    let mut app = Router::new();
    if state.config.test_clock {
        app = app
            .route("/_test/clock", post(clock::advance))
            .route("/_test/queries", get(clock::queries));
    }
    let resolver = middleware::ActorResolver {
        auth: state.auth.clone(),
        flash: state.flash.clone(),
    };
    // Pages and server functions: the only routes that need to know who is asking.
    let pages = Router::new()
        .leptos_routes_with_context(&state, routes, context.clone(), move || {
            shell(options.clone())
        })
        .route(exports::PATHS[0], get(exports::version))
        .route(exports::PATHS[1], get(exports::report))
        .route(exports::PATHS[2], get(exports::compiled))
        .route(exports::PATHS[3], get(exports::past_report))
        .route(calendar::PATHS[0], get(calendar::meeting))
        .route(calendar::NEW_FEED, post(calendar::new_feed))
        .route_layer(axum::middleware::from_fn_with_state(
            resolver.clone(),
            middleware::resolve_actor,
        ));
    let app = app
        .route("/healthz", get(health::live))
        .route("/readyz", get(health::ready))
        .route("/sprak", post(language::switch))
        .route("/filmer/{name}", get(films::serve))
        .route(calendar::FEED, get(calendar::feed))
        .merge(assets::router(&state.config.site_root))
        .merge(pages)
        // The not-found page shows the header too, so it knows who is asking as well.
        .fallback(
            file_and_error_handler_with_context::<AppState, _>(context, shell).layer(
                axum::middleware::from_fn_with_state(resolver, middleware::resolve_actor),
            ),
        )
        .with_state(state.clone());
    middleware::apply(app, &state.config)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Every server function (path and method) and every page path (parameters as `{name}`): the
/// surface the access-control sweep in the tests must cover, read from the registries the
/// router is built from, so a new endpoint cannot be forgotten.
pub fn surface() -> (Vec<(String, String)>, Vec<String>) {
    let functions = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_string(), method.to_string()))
        .collect();
    let pages = generate_route_list(App)
        .iter()
        .map(|route| route.path().to_string())
        .chain(exports::PATHS.iter().map(|p| p.to_string()))
        .chain(calendar::PATHS.iter().map(|p| p.to_string()))
        .collect();
    (functions, pages)
}

/// Loads and checks content without serving: `verkstad content check`.
pub fn check_content(config: &Config) -> Result<ContentStore, content::ContentError> {
    content::load(&config.content_dir)
}
