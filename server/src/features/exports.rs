//! Documents that leave the app: a finalised step document (any version), a unit's
//! kvalitetsrapport and the huvudman's compiled report, as tagged PDF, Word and Markdown.
//! Built from the same read ports as the pages (so the same people see the same things),
//! written out off the async runtime, one audit row per download.

mod build;
mod chart;
mod docx;
mod fonts;
mod lines;
mod markdown;
mod model;
mod pdf;

use crate::{
    audit,
    clock::Clock,
    db::Writer,
    error::{Result, ServerError},
    limits,
};
use app::{
    i18n::td_string,
    ports::{Actor, CycleId, GroupId, OrganisationId, Services},
};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use tokio::sync::Semaphore;

/// The formats a document can be downloaded in; the address names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Docx,
    Markdown,
}

impl Format {
    pub fn from_slug(slug: &str) -> Option<Format> {
        match slug {
            "pdf" => Some(Format::Pdf),
            "docx" => Some(Format::Docx),
            "md" => Some(Format::Markdown),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Markdown => "md",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Markdown => "text/markdown; charset=utf-8",
        }
    }
}

/// Which document.
#[derive(Clone, Debug)]
pub enum What {
    Version {
        group: GroupId,
        number: u8,
        version: i32,
    },
    Report {
        group: GroupId,
        /// One of the group's closed years; `None`: the year it works in.
        year: Option<CycleId>,
    },
    Compiled {
        organisation: OrganisationId,
    },
}

/// A made document, ready to send.
pub struct File {
    /// ASCII: safe in a `Content-Disposition` header.
    pub name: String,
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

pub struct ExportService {
    services: Services,
    writer: Writer,
    clock: Clock,
    /// Documents being written at once: writing is CPU work, and the site must keep answering
    /// on a two-core server while reports are made.
    writers: Arc<Semaphore>,
}

impl ExportService {
    pub fn new(services: Services, db: DatabaseConnection, clock: Clock) -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            services,
            writer: Writer::new(db),
            clock,
            writers: Arc::new(Semaphore::new(cores.saturating_sub(1).max(1))),
        }
    }

    pub async fn make(&self, actor: &Actor, what: What, format: Format) -> Result<File> {
        let user = actor.user_id()?.0;
        // Counted before the work, so a refused download costs nothing.
        let txn = self.writer.begin().await?;
        let within = limits::hit(
            &txn,
            &limits::EXPORTS_PER_HOUR,
            &user.to_string(),
            1,
            self.clock.now(),
        )
        .await?;
        if !within {
            txn.rollback().await?;
            return Err(ServerError::RateLimited);
        }
        txn.commit().await?;
        let today = crate::db::date(self.clock.now());
        let (doc, subject) = match &what {
            What::Version {
                group,
                number,
                version,
            } => (
                build::version(&self.services, actor, *group, *number, *version, today).await?,
                format!("version:{}:{number}:{version}", group.0),
            ),
            What::Report { group, year } => (
                build::report(&self.services, actor, *group, *year, today).await?,
                match year {
                    Some(year) => format!("report:{}:{}", group.0, year.0),
                    None => format!("report:{}", group.0),
                },
            ),
            What::Compiled { organisation } => (
                build::compiled(&self.services, actor, *organisation, today).await?,
                format!("compiled:{}", organisation.0),
            ),
        };
        let locale = actor.locale;
        let created = self.clock.now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let permit = self
            .writers
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| ServerError::Other(e.into()))?;
        let name = format!("{}.{}", doc.file_stem, format.extension());
        let bytes = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            match format {
                Format::Markdown => Ok(markdown::write(&doc)),
                Format::Pdf => pdf::write(
                    &doc,
                    &pdf::Chrome {
                        contents: td_string!(locale, export_contents).to_string(),
                        page_of: td_string!(locale, export_page_of).to_string(),
                    },
                ),
                Format::Docx => docx::write(
                    &doc,
                    &docx::Chrome {
                        page: td_string!(locale, export_page).to_string(),
                        of: td_string!(locale, export_of).to_string(),
                    },
                    &created,
                ),
            }
        })
        .await
        .map_err(|e| ServerError::Other(e.into()))?
        .map_err(|e| ServerError::Other(anyhow::anyhow!("export {subject}: {e}")))?;
        let subject = format!("{subject}:{}", format.extension());
        let txn = self.writer.begin().await?;
        audit::record(
            &txn,
            audit::Event::ok("export", user, &subject, &actor.client),
            self.clock.now(),
        )
        .await?;
        txn.commit().await?;
        Ok(File {
            name,
            content_type: format.content_type(),
            bytes,
        })
    }
}
