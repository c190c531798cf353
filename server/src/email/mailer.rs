//! The transports behind one `Mailer`: SMTP for real delivery, `.eml` files for development
//! (nothing leaves the machine), and memory for tests that read what was sent.

use crate::config::{Config, MailTransport, SmtpTls};
use lettre::{
    AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    message::{Mailbox, MultiPart},
    transport::smtp::authentication::Credentials,
};
use std::{
    path::PathBuf,
    sync::{Arc, Mutex},
};

/// One mail ready to send; `message_id` is derived from the outbox row, so a mail delivered
/// twice after a crash is recognisable as the same mail.
#[derive(Debug, Clone, PartialEq)]
pub struct OutgoingMail {
    pub message_id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why a mail was not sent: worth retrying, or never going to work.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("temporary: {0}")]
    Temporary(String),
    #[error("permanent: {0}")]
    Permanent(String),
}

#[derive(Clone)]
pub enum Mailer {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(AsyncFileTransport<Tokio1Executor>),
    /// Tests read `sent` to see exactly what went out.
    Memory {
        sent: Arc<Mutex<Vec<OutgoingMail>>>,
        /// How long each send takes: tests of slow relays and expiring leases.
        delay: std::time::Duration,
    },
}

impl Mailer {
    pub fn from_config(config: &Config) -> anyhow::Result<(Self, Mailbox)> {
        let from: Mailbox = config.mail_from.parse().map_err(|e| {
            anyhow::anyhow!(
                "invalid configuration: mail_from: expected a mailbox such as \"Verkstad <noreply@example.se>\" ({e})"
            )
        })?;
        let mailer = match config.mail_transport {
            MailTransport::Memory => Mailer::memory(std::time::Duration::ZERO),
            MailTransport::File => {
                let dir = PathBuf::from(&config.mail_dir);
                std::fs::create_dir_all(&dir).map_err(|e| {
                    anyhow::anyhow!("could not create the mail folder {}: {e}", dir.display())
                })?;
                Mailer::File(AsyncFileTransport::new(dir))
            }
            MailTransport::Smtp => {
                let host = config.smtp_host.as_str();
                let builder = match config.smtp_tls {
                    SmtpTls::None => AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host),
                    SmtpTls::Starttls => {
                        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(host)?
                    }
                    SmtpTls::Tls => AsyncSmtpTransport::<Tokio1Executor>::relay(host)?,
                };
                let mut builder = builder
                    .port(config.smtp_port)
                    .timeout(Some(std::time::Duration::from_secs(20)));
                if let (Some(user), Some(password)) = (&config.smtp_username, &config.smtp_password)
                {
                    builder =
                        builder.credentials(Credentials::new(user.clone(), password.0.clone()));
                }
                Mailer::Smtp(builder.build())
            }
        };
        Ok((mailer, from))
    }

    /// A mailer that keeps what it sends in memory, taking `delay` for each mail.
    pub fn memory(delay: std::time::Duration) -> Self {
        Mailer::Memory {
            sent: Arc::default(),
            delay,
        }
    }

    /// What a memory mailer has sent so far (empty for the other transports).
    pub fn sent(&self) -> Vec<OutgoingMail> {
        match self {
            Mailer::Memory { sent, .. } => sent.lock().map(|s| s.clone()).unwrap_or_default(),
            _ => Vec::new(),
        }
    }

    pub async fn send(&self, from: &Mailbox, mail: &OutgoingMail) -> Result<(), SendError> {
        let to: Mailbox = mail
            .to
            .parse()
            .map_err(|e| SendError::Permanent(format!("bad recipient: {e}")))?;
        let message = Message::builder()
            .message_id(Some(mail.message_id.clone()))
            .from(from.clone())
            .to(to)
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|e| SendError::Permanent(format!("cannot build the mail: {e}")))?;
        match self {
            Mailer::Smtp(transport) => transport.send(message).await.map(|_| ()).map_err(|e| {
                // 5xx replies will never succeed; anything else (4xx, no connection) may.
                if e.is_permanent() {
                    SendError::Permanent(e.to_string())
                } else {
                    SendError::Temporary(e.to_string())
                }
            }),
            Mailer::File(transport) => transport
                .send(message)
                .await
                .map(|_| ())
                .map_err(|e| SendError::Temporary(e.to_string())),
            Mailer::Memory { sent, delay } => {
                if !delay.is_zero() {
                    tokio::time::sleep(*delay).await;
                }
                sent.lock()
                    .map_err(|_| SendError::Temporary("memory mailer poisoned".into()))?
                    .push(mail.clone());
                Ok(())
            }
        }
    }
}
