//! Logging: `tracing` with `RUST_LOG`-style filtering, human-readable or JSON.

use crate::config::LogFormat;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

/// Installs the global subscriber once; later calls (tests) are ignored.
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,tower_http=info"));
    let registry = tracing_subscriber::registry().with(filter);
    let _ = match format {
        LogFormat::Pretty => registry.with(fmt::layer().compact()).try_init(),
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true))
            .try_init(),
    };
}

/// When a browser drops a page load half-way (a tap on another link, a closed tab), Leptos
/// disposes of the page's reactive owner while parts of the page still render as tasks of their
/// own. Those parts then panic: a component asking for the language finds "I18n context is
/// missing", and leptos_i18n's language-cookie effect reads a value that "has already been
/// disposed" (the same class as leptos-rs/leptos#4829). Nothing is lost, since nobody waits for
/// that response, but each printed a panic report with a backtrace, several per abandoned load.
/// This hook logs those as one debug line; every other panic keeps the default report. A page
/// that really rendered without its language would fail every test that loads it, so hiding the
/// report hides no bug. Installed once per process.
pub fn quiet_abandoned_page_loads() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| payload.downcast_ref::<&str>().copied())
                .unwrap_or_default();
            let at = info
                .location()
                .map(|at| format!("{}:{}", at.file(), at.line()))
                .unwrap_or_default();
            let owner_gone = message == "I18n context is missing"
                || (at.contains("reactive_graph") && message.contains("has already been disposed"));
            if owner_gone {
                tracing::debug!(%at, "a page load was abandoned while it rendered");
                return;
            }
            default(info);
        }));
    });
}
