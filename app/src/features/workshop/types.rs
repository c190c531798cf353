//! What the workshop pages receive: tracks, steps, tasks, prompts and films, ready to render.

use serde::{Deserialize, Serialize};

/// The two linked tracks of the workshop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Track {
    /// The organiser: a municipality or a school company.
    Huvudman,
    /// A school or preschool unit.
    Enhet,
}

impl Track {
    pub const ALL: [Track; 2] = [Track::Huvudman, Track::Enhet];

    /// The URL segment and file-name stem, the same in every language.
    pub fn slug(self) -> &'static str {
        match self {
            Track::Huvudman => "huvudman",
            Track::Enhet => "enhet",
        }
    }

    pub fn parse(slug: &str) -> Option<Track> {
        Track::ALL.into_iter().find(|t| t.slug() == slug)
    }
}

/// A step in the list on the start page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepSummary {
    pub number: u8,
    pub title: String,
    pub summary: String,
}

/// One track with its steps, in order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrackOverview {
    pub track: Track,
    pub steps: Vec<StepSummary>,
}

/// Everything a step page shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub track: Track,
    pub number: u8,
    pub title: String,
    pub summary: String,
    /// Introduction rendered from the editors' Markdown (no raw HTML passes through).
    pub intro_html: String,
    pub tasks: Vec<TaskView>,
    pub prompts: Vec<String>,
    pub films: Vec<FilmView>,
    pub previous: Option<u8>,
    pub next: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: String,
    pub title: String,
    pub body_html: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilmView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub duration_seconds: u32,
    pub source: FilmSource,
    pub captions: Vec<CaptionTrack>,
    /// The spoken text, paragraph by paragraph, for those who read rather than watch.
    pub transcript: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FilmSource {
    /// Served by Verkstad itself, with byte ranges so seeking works.
    Local { url: String, mime: String },
    /// Hosted elsewhere: only ever opened when the user asks, so no third party sees a page view.
    External { url: String, host: String },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CaptionTrack {
    /// BCP 47 tag of the captions, e.g. `sv`.
    pub lang: String,
    pub label: String,
    pub url: String,
    /// Whether the player turns this track on by default (the page's language).
    pub default: bool,
}
