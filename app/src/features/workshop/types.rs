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

/// A calendar date, as content gives it (`available_from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// `YYYY-MM-DD`, for `<time datetime>`.
    pub fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A step in the list on the start page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepSummary {
    pub number: u8,
    pub title: String,
    pub summary: String,
    /// Set while the step is not yet released: the day it opens.
    pub opens: Option<Date>,
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
    /// How many meetings (träffar) the step takes, and how long each is.
    pub meetings: u8,
    pub meeting_minutes: u16,
    pub participants: String,
    pub prepare: Vec<String>,
    /// Set while the step is not yet released; tasks, films and prompts are then left out.
    pub opens: Option<Date>,
    pub tasks: Vec<TaskView>,
    pub prompts: Vec<PromptView>,
    pub films: Vec<FilmView>,
    pub artefact: ArtefactView,
    pub handovers: Vec<HandoverView>,
    pub previous: Option<u8>,
    pub next: Option<u8>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskView {
    /// Stable: answers are stored against it.
    pub id: String,
    pub title: String,
    /// What the group hands in when the task is done.
    pub produce: String,
    pub body_html: String,
    pub fields: Vec<FieldView>,
}

/// One answer field of a task.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldView {
    pub id: String,
    pub label: String,
    pub help: Option<String>,
    pub kind: FieldKind,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FieldKind {
    ShortText,
    LongText,
    /// Several short items, one per line.
    List,
    /// A position on a scale; the labels run from lowest to highest.
    Rating {
        scale: Vec<String>,
    },
    Choice {
        options: Vec<ChoiceOption>,
        multiple: bool,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromptView {
    pub id: String,
    pub text: String,
}

/// What a step produces: the document the law's documentation duty is met with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArtefactView {
    pub id: String,
    pub title: String,
    pub description: String,
}

/// Which way something moves between the tracks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    /// From the units to the huvudman.
    Up,
    /// From the huvudman to the units.
    Down,
}

/// Something one track hands to the other in this step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverView {
    pub id: String,
    pub direction: Direction,
    pub kind: HandoverKind,
    pub title: String,
    pub description: String,
}

/// What a hand-over carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandoverKind {
    /// Up: the unit's finalised artefact of the step (`artefact = true`).
    Artefact,
    /// Up: a text the unit writes, e.g. a need for support.
    Text,
    /// Down: something the huvudman publishes to all units or chosen ones.
    Publication,
    /// Down: the huvudman's answers to each unit's submissions of the named hand-over up
    /// (`answers = "id"`).
    Answers(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FilmView {
    pub id: String,
    pub title: String,
    pub description: String,
    pub duration_seconds: u32,
    pub source: FilmSource,
    pub captions: Vec<CaptionTrack>,
    /// The manuscript, section by section, for those who read rather than watch.
    pub transcript: Vec<TranscriptPart>,
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

/// One section of a film's manuscript: the slide's heading and what is said under it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TranscriptPart {
    pub heading: String,
    pub text: String,
}
