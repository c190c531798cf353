//! Typed configuration: built-in defaults, then an optional `verkstad.toml`, then `VERKSTAD_*` variables.

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use std::{net::SocketAddr, path::PathBuf};

/// Everything an operator can set. Each key is documented in the README's configuration table.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the HTTP server listens. Port 0 picks a free port (tests).
    pub address: SocketAddr,
    /// `sqlite://path?mode=rwc` (default, embedded) or `postgres://…` for several instances.
    pub database_url: String,
    /// Connections in the pool; 0 picks the default (8 on SQLite, 16 on PostgreSQL).
    pub database_pool_size: u32,
    /// The folder with workshop content (steps and films).
    pub content_dir: PathBuf,
    /// The folder cargo-leptos built the site into (wasm, JS, CSS, public assets).
    pub site_root: PathBuf,
    /// The address users reach the site at, e.g. `https://verkstad.example.se`. Cross-site POSTs
    /// are refused by comparing the browser's `Origin` with this (or with `Host` when unset).
    pub public_url: Option<String>,
    /// `pretty` for people, `json` for log collectors.
    pub log_format: LogFormat,
    /// A request that takes longer is answered with 408.
    pub request_timeout_seconds: u64,
    /// Larger request bodies are answered with 413.
    pub body_limit_bytes: usize,
    /// On SIGTERM, `/readyz` answers 503 for this long before the listener closes, so load
    /// balancers stop sending new requests first.
    pub shutdown_drain_seconds: u64,
    /// The sender of every mail, e.g. `Verkstad <noreply@skola.se>`.
    pub mail_from: String,
    /// `file` (development: `.eml` files in `mail_dir`), `smtp`, or `memory` (tests).
    pub mail_transport: MailTransport,
    /// Where the `file` transport writes mails.
    pub mail_dir: PathBuf,
    pub smtp_host: String,
    pub smtp_port: u16,
    /// `starttls` (port 587), `tls` (port 465) or `none` (a relay on the same host only).
    pub smtp_tls: SmtpTls,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    /// How often the outbox worker looks for mail to send.
    pub outbox_poll_seconds: u64,
    /// How long an invitation link works.
    pub invitation_days: u32,
    /// Days after sending when an unanswered invitation is reminded once; 0 turns reminders off.
    pub invitation_reminder_days: u32,
    /// Addresses of the platform's administrators, who see every organisation (never answers).
    pub platform_admins: Vec<String>,
    /// Sign-in requests one client address may make per hour (a school behind one NAT address
    /// may need more; a shared test server does).
    pub sign_in_per_client_hour: i64,
    /// Reverse proxies (addresses or networks such as `10.0.0.0/8`) whose `X-Forwarded-For`
    /// names the client. Without them the socket peer is the client.
    pub trusted_proxies: Vec<String>,
    /// Days a sent or given-up mail's row is kept (its bodies, which hold links, are emptied
    /// as soon as it is sent or given up).
    pub outbox_retention_days: u32,
    /// Lets `POST /_test/clock` move the server's clock forward, for browser tests of expiry.
    /// Refused together with an `https://` `public_url`.
    pub test_clock: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MailTransport {
    Smtp,
    File,
    Memory,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpTls {
    None,
    Starttls,
    Tls,
}

/// A value that never shows in logs or debug output.
#[derive(Clone, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[hidden]")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            address: SocketAddr::from(([127, 0, 0, 1], 3000)),
            database_url: "sqlite://data/verkstad.db?mode=rwc".into(),
            database_pool_size: 0,
            content_dir: "content".into(),
            site_root: "target/site".into(),
            public_url: None,
            log_format: LogFormat::Pretty,
            request_timeout_seconds: 30,
            body_limit_bytes: 256 * 1024,
            shutdown_drain_seconds: 0,
            mail_from: "Verkstad <noreply@localhost>".into(),
            mail_transport: MailTransport::File,
            mail_dir: "data/mail".into(),
            smtp_host: "localhost".into(),
            smtp_port: 587,
            smtp_tls: SmtpTls::Starttls,
            smtp_username: None,
            smtp_password: None,
            outbox_poll_seconds: 5,
            invitation_days: 14,
            invitation_reminder_days: 5,
            platform_admins: Vec::new(),
            sign_in_per_client_hour: 30,
            trusted_proxies: Vec::new(),
            outbox_retention_days: 30,
            test_clock: false,
        }
    }
}

/// `10.0.0.0/8`, or a single address as a network of one.
fn parse_network(text: &str) -> Option<ipnet::IpNet> {
    let text = text.trim();
    text.parse::<ipnet::IpNet>().ok().or_else(|| {
        text.parse::<std::net::IpAddr>()
            .ok()
            .map(ipnet::IpNet::from)
    })
}

impl Config {
    /// The trusted proxies as networks (validated at start-up).
    pub fn trusted_networks(&self) -> Vec<ipnet::IpNet> {
        self.trusted_proxies
            .iter()
            .filter_map(|p| parse_network(p))
            .collect()
    }
}

/// A configuration that cannot be used, with the key and what was expected.
#[derive(Debug, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(String);

impl Config {
    /// Reads defaults → `verkstad.toml` (or the file named by `VERKSTAD_CONFIG`) → `VERKSTAD_*`.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("VERKSTAD_CONFIG").unwrap_or_else(|_| "verkstad.toml".into());
        Self::from_figment(
            Figment::from(Serialized::defaults(Config::default()))
                .merge(Toml::file(file))
                .merge(Env::prefixed("VERKSTAD_").ignore(&["config"])),
        )
    }

    fn from_figment(figment: Figment) -> Result<Self, ConfigError> {
        let config: Config = figment.extract().map_err(|errors| {
            // figment reports every problem with its key and source; show them all at once.
            ConfigError(
                errors
                    .into_iter()
                    .map(|e| e.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        config.validate()?;
        Ok(config)
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let url = &self.database_url;
        if !(url.starts_with("sqlite:")
            || url.starts_with("postgres://")
            || url.starts_with("postgresql://"))
        {
            return Err(ConfigError(format!(
                "database_url: expected a URL starting with sqlite: or postgres://, found {:?}",
                redact_url(url)
            )));
        }
        if let Some(public) = &self.public_url
            && !(public.starts_with("http://") || public.starts_with("https://"))
        {
            return Err(ConfigError(format!(
                "public_url: expected an http:// or https:// address, found {public:?}"
            )));
        }
        if self.body_limit_bytes < 1024 {
            return Err(ConfigError(
                "body_limit_bytes: expected at least 1024".into(),
            ));
        }
        if !(1..=100_000).contains(&self.sign_in_per_client_hour) {
            return Err(ConfigError(
                "sign_in_per_client_hour: expected 1 to 100000".into(),
            ));
        }
        if !(1..=30).contains(&self.invitation_days) {
            return Err(ConfigError("invitation_days: expected 1 to 30".into()));
        }
        if self.invitation_reminder_days >= self.invitation_days {
            return Err(ConfigError(format!(
                "invitation_reminder_days: expected fewer than invitation_days ({}), or 0 for no reminders",
                self.invitation_days
            )));
        }
        if let Some(bad) = self
            .trusted_proxies
            .iter()
            .find(|p| parse_network(p).is_none())
        {
            return Err(ConfigError(format!(
                "trusted_proxies: expected addresses or networks such as 10.0.0.1 or 10.0.0.0/8, found {bad:?}"
            )));
        }
        if !(1..=3650).contains(&self.outbox_retention_days) {
            return Err(ConfigError(
                "outbox_retention_days: expected 1 to 3650".into(),
            ));
        }
        if self.outbox_poll_seconds == 0 {
            return Err(ConfigError(
                "outbox_poll_seconds: expected at least 1".into(),
            ));
        }
        if self.mail_from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(ConfigError(format!(
                "mail_from: expected a mailbox such as \"Verkstad <noreply@skola.se>\", found {:?}",
                self.mail_from
            )));
        }
        if let Some(bad) = self
            .platform_admins
            .iter()
            .find(|a| crate::text::email(a).is_none())
        {
            return Err(ConfigError(format!(
                "platform_admins: expected e-mail addresses, found {bad:?}"
            )));
        }
        if self.test_clock
            && self
                .public_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://"))
        {
            return Err(ConfigError(
                "test_clock: only for tests, never with an https:// public_url".into(),
            ));
        }
        if self.request_timeout_seconds == 0 {
            return Err(ConfigError(
                "request_timeout_seconds: expected at least 1".into(),
            ));
        }
        Ok(())
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

/// Hides a password in a database URL before it reaches a log or an error message.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            format!("{}://***{}", &url[..scheme], &url[at..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use figment::providers::Serialized;

    fn with(key: &str, value: impl Serialize) -> Result<Config, ConfigError> {
        Config::from_figment(
            Figment::from(Serialized::defaults(Config::default()))
                .merge(Serialized::default(key, value)),
        )
    }

    #[test]
    fn a_bad_value_names_the_key_and_the_expectation() {
        let err = with("request_timeout_seconds", "soon")
            .unwrap_err()
            .to_string();
        assert!(err.contains("request_timeout_seconds"), "{err}");
        assert!(err.contains("expected"), "{err}");

        let err = with("database_url", "mysql://x").unwrap_err().to_string();
        assert!(
            err.contains("database_url") && err.contains("sqlite:"),
            "{err}"
        );

        let err = with("log_format", "xml").unwrap_err().to_string();
        assert!(err.contains("log_format"), "{err}");
    }

    #[test]
    fn mail_and_invitation_settings_are_checked() {
        let err = with("mail_from", "not a mailbox").unwrap_err().to_string();
        assert!(err.contains("mail_from"), "{err}");
        let err = with("smtp_tls", "maybe").unwrap_err().to_string();
        assert!(err.contains("smtp_tls"), "{err}");
        let err = with("invitation_days", 90).unwrap_err().to_string();
        assert!(
            err.contains("invitation_days") && err.contains("1 to 30"),
            "{err}"
        );
        let err = with("sign_in_per_client_hour", 0).unwrap_err().to_string();
        assert!(err.contains("sign_in_per_client_hour"), "{err}");
        let err = with("invitation_reminder_days", 20)
            .unwrap_err()
            .to_string();
        assert!(err.contains("invitation_reminder_days"), "{err}");
        assert!(
            with("invitation_reminder_days", 0).is_ok(),
            "0 turns reminders off"
        );
        let secret = with("smtp_password", "hemligt").unwrap();
        assert!(!format!("{secret:?}").contains("hemligt"));
    }

    #[test]
    fn admins_must_be_addresses_and_the_test_clock_stays_out_of_production() {
        let err = with("platform_admins", vec!["anna@ekby.se", "inte en adress"])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("platform_admins") && err.contains("inte en adress"),
            "{err}"
        );
        assert!(with("platform_admins", vec!["anna@ekby.se"]).is_ok());
        let production = Figment::from(Serialized::defaults(Config::default()))
            .merge(Serialized::default("test_clock", true))
            .merge(Serialized::default(
                "public_url",
                "https://verkstad.example.se",
            ));
        let err = Config::from_figment(production).unwrap_err().to_string();
        assert!(err.contains("test_clock"), "{err}");
        assert!(
            with("test_clock", true).is_ok(),
            "plain-http test servers may use it"
        );
    }

    #[test]
    // figment's Jail wants its own (large) error type back.
    #[allow(clippy::result_large_err)]
    fn admins_can_be_given_as_an_environment_variable() {
        figment::Jail::expect_with(|jail| {
            jail.set_env("VERKSTAD_PLATFORM_ADMINS", "[anna@ekby.se, bo@ekby.se]");
            let config = Config::from_figment(
                Figment::from(Serialized::defaults(Config::default()))
                    .merge(Env::prefixed("VERKSTAD_")),
            )
            .map_err(|e| e.to_string())?;
            assert_eq!(config.platform_admins, ["anna@ekby.se", "bo@ekby.se"]);
            Ok(())
        });
    }

    #[test]
    fn unknown_keys_are_refused() {
        let err = with("adress", "127.0.0.1:1").unwrap_err().to_string();
        assert!(err.contains("adress"), "{err}");
    }

    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            redact_url("postgres://u:secret@db/x"),
            "postgres://***@db/x"
        );
        let err = with("database_url", "mysql://u:secret@db/x")
            .unwrap_err()
            .to_string();
        assert!(!err.contains("secret"), "{err}");
    }
}
