//! What moves between a huvudman and its units, as the pages show it: submissions (up), the
//! huvudman's answers to them, publications (down), and the whole picture across units.

use crate::{
    features::{
        work::types::{DocumentBody, StepState},
        workshop::types::{Date, HandoverView},
    },
    shared::GroupSummary,
};
use serde::{Deserialize, Serialize};

/// The longest text a unit may hand up, an answer or a publication may hold (characters).
pub const MAX_HANDOVER_TEXT: usize = 20_000;

/// How the huvudman answered a submitted version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ResponseKind {
    /// A comment; the submission stands.
    Comment,
    /// A question back: the unit is asked to complete it and submit again.
    Complete,
    /// Read and acknowledged.
    Acknowledge,
}

impl ResponseKind {
    pub fn slug(self) -> &'static str {
        match self {
            ResponseKind::Comment => "kommentar",
            ResponseKind::Complete => "komplettera",
            ResponseKind::Acknowledge => "kvittera",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        [
            ResponseKind::Comment,
            ResponseKind::Complete,
            ResponseKind::Acknowledge,
        ]
        .into_iter()
        .find(|k| k.slug() == slug)
    }
}

pub use crate::shared::HandoverState;

/// What a unit handed up: a copy of a finalised artefact, or a text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SubmissionBody {
    Document(DocumentBody),
    Text(String),
}

/// One answer to a submitted version.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResponseView {
    pub kind: ResponseKind,
    pub body: String,
    pub by: String,
    pub on: Date,
}

/// One submitted version, without its body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionLine {
    /// The submission's id: its page is `/overlamningar/{id}`.
    pub id: String,
    pub version: i32,
    /// The finalised artefact version it is a copy of.
    pub artefact_version: Option<i32>,
    pub by: String,
    pub on: Date,
    pub responses: Vec<ResponseView>,
}

/// One hand-over up, from the unit's side: its versions (newest first) and what the leader may
/// submit now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitUp {
    pub handover: HandoverView,
    pub state: HandoverState,
    pub versions: Vec<VersionLine>,
    /// For an artefact hand-over: the newest finalised version of the step's artefact.
    pub finalised: Option<i32>,
    /// For a text hand-over: the newest text submitted, to start the next version from.
    pub last_text: Option<String>,
}

/// Something the huvudman published, as its readers see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PublicationView {
    pub id: String,
    pub title: String,
    pub body: String,
    pub by: String,
    pub on: Date,
    /// The units it went to; `None`: all units.
    pub to: Option<Vec<String>>,
}

/// A unit group, named.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRef {
    pub id: String,
    pub name: String,
}

/// One unit's standing with one hand-over up, on the huvudman's step page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitRow {
    pub unit: UnitRef,
    pub state: HandoverState,
    /// The newest version's id and number.
    pub newest: Option<(String, i32)>,
}

/// One hand-over up, from the huvudman's side: every unit's standing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HuvudmanUp {
    pub handover: HandoverView,
    pub units: Vec<UnitRow>,
}

/// One hand-over down that the huvudman publishes, with what it has published.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HuvudmanDown {
    pub handover: HandoverView,
    pub published: Vec<PublicationView>,
}

/// The hand-overs on a group's step page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum StepHandovers {
    /// A unit group's page: what it hands up, and what came down.
    Unit {
        group_id: String,
        number: u8,
        leads: bool,
        up: Vec<UnitUp>,
        /// Down hand-overs that answer one of the ups: the answers sit with the versions.
        answers: Vec<HandoverView>,
        received: Vec<(HandoverView, Vec<PublicationView>)>,
    },
    /// The huvudman group's page: the units' standing, and what it publishes.
    Huvudman {
        group_id: String,
        organisation_id: String,
        number: u8,
        leads: bool,
        up: Vec<HuvudmanUp>,
        down: Vec<HuvudmanDown>,
        /// Down hand-overs that are answers to each unit's submissions.
        answers: Vec<HandoverView>,
        units: Vec<UnitRef>,
    },
}

/// One submitted version's page, `/overlamningar/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SubmissionPage {
    pub id: String,
    /// The unit group; `role` is the reader's role in it (`None` on the huvudman's side).
    pub unit: GroupSummary,
    /// The huvudman group, if the reader is one of its members.
    pub huvudman_group: Option<UnitRef>,
    pub cycle: String,
    pub number: u8,
    pub step_title: String,
    pub title: String,
    pub description: String,
    pub version: VersionLine,
    pub body: SubmissionBody,
    /// Every version, newest first.
    pub versions: Vec<VersionLine>,
    /// Whether the reader may answer this version (the huvudman's process leader, newest only).
    pub can_respond: bool,
    /// How many answers the page shows: the next answer is number `responses + 1`.
    pub responses: i32,
    /// The version before this one, to compare with: its number and body.
    pub previous: Option<(i32, SubmissionBody)>,
}

/// One cell of the overview: a unit's step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitStep {
    pub step_state: StepState,
    /// The step's hand-overs up, taken together (`None`: it hands nothing up).
    pub sent: Option<HandoverState>,
    pub tasks: u16,
    pub agreed: u16,
    /// The newest submission in the step, which the cell links to.
    pub submission: Option<String>,
}

/// One unit's row in the overview.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitOverview {
    pub unit: UnitRef,
    pub steps: Vec<UnitStep>,
}

/// How the units rated themselves on one rating field, from their newest submissions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingSpread {
    pub number: u8,
    pub task: String,
    pub label: String,
    /// The scale's labels, lowest first.
    pub scale: Vec<String>,
    /// How many units chose each step of the scale.
    pub counts: Vec<u16>,
    /// Units that submitted without an agreed rating here.
    pub unrated: u16,
}

/// The huvudman's whole picture, `/organisationer/{id}/helhet`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Overview {
    pub organisation_id: String,
    pub organisation: String,
    pub huvudman_group: Option<UnitRef>,
    pub cycle: String,
    /// The unit track's steps: number and title.
    pub steps: Vec<(u8, String)>,
    pub units: Vec<UnitOverview>,
    pub ratings: Vec<RatingSpread>,
    /// What needs the huvudman now.
    pub inbox: crate::shared::Inbox,
}

/// One unit's newest submission of a hand-over, for reading side by side.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnitSubmission {
    pub unit: UnitRef,
    pub version: Option<VersionLine>,
    pub body: Option<SubmissionBody>,
}

/// One step's hand-overs up across units, `/organisationer/{id}/helhet/steg/{n}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SideBySide {
    pub organisation_id: String,
    pub organisation: String,
    pub cycle: String,
    pub number: u8,
    pub step_title: String,
    pub handovers: Vec<(HandoverView, Vec<UnitSubmission>)>,
}

/// Why a hand-over form was not taken; what was typed comes back with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum HandoverProblem {
    Empty,
    TooLong,
    /// An artefact hand-over before the artefact has been finalised.
    NotFinalised,
    /// Nothing new since the newest version submitted.
    Unchanged,
    /// Someone submitted, answered or published meanwhile: the page was old.
    Stale,
    /// The step has not been opened.
    StepNotOpen,
    /// "Chosen units" with none chosen.
    NoUnits,
}

/// How a hand-over form went (submitting, answering, publishing): taken, with the number that
/// now holds it (the version, the answer, the publication), or refused and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Handed {
    Taken(i32),
    Refused(HandoverProblem),
}

/// A hand-over form sent back to its page with its problem and the text typed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HandoverReturn {
    /// Which form: the hand-over's id, or `svar` for an answer.
    pub form: String,
    pub body: String,
    pub problem: HandoverProblem,
}

/// How a person wants mail about the work (submissions, answers, publications, opened steps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum NoticeChoice {
    Each,
    Daily,
    Off,
}

impl NoticeChoice {
    pub fn slug(self) -> &'static str {
        match self {
            NoticeChoice::Each => "varje",
            NoticeChoice::Daily => "dagligen",
            NoticeChoice::Off => "aldrig",
        }
    }

    pub fn parse(slug: &str) -> Option<Self> {
        [NoticeChoice::Each, NoticeChoice::Daily, NoticeChoice::Off]
            .into_iter()
            .find(|k| k.slug() == slug)
    }
}

impl crate::flash_form::FlashForm for HandoverReturn {
    const FORM: &'static str = "overlamning";
}
