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

/// A week of the school year, as Swedish schools plan by ISO week numbers ("v. 38").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Week {
    /// ISO week number: 32-52 in the autumn, 1-26 in the spring (July has no meetings).
    pub number: u8,
    /// In the first weeks of the next school year: where the huvudman's compiled report and the
    /// answers to the units' reports fall.
    pub after_summer: bool,
}

impl Week {
    /// The first week of a school year: staff come back in early August.
    pub const FIRST: u8 = 32;
    /// The last week of a school year's spring.
    pub const LAST: u8 = 26;

    /// Whether the week is in a school year at all (not in July, not a week 53).
    pub fn in_school_year(self) -> bool {
        (Self::FIRST..=52).contains(&self.number) || (1..=Self::LAST).contains(&self.number)
    }

    /// Sorts weeks in the order of the school year: August first, then spring, then the weeks
    /// after the summer.
    pub fn order(self) -> u16 {
        let within = if self.number >= Self::FIRST {
            u16::from(self.number - Self::FIRST)
        } else {
            u16::from(self.number) + (52 - u16::from(Self::FIRST))
        };
        within + if self.after_summer { 100 } else { 0 }
    }

    /// The term the week falls in, for grouping a year plan.
    pub fn term(self) -> Term {
        if self.after_summer {
            Term::AfterSummer
        } else if self.number >= Self::FIRST {
            Term::Autumn
        } else {
            Term::Spring
        }
    }
}

impl PartialOrd for Week {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Week {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.order().cmp(&other.order())
    }
}

/// The parts of a year plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Term {
    Autumn,
    Spring,
    AfterSummer,
}

/// Where a meeting happens: its own meeting, or a slot in a meeting the school already has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Forum {
    /// The step group's own meeting.
    Workshop,
    /// Part of an ordinary staff meeting (arbetsplatsträff), shared with other matters.
    StaffMeeting,
    /// Part of the teaching teams' ordinary meetings (arbetslagsträffar).
    TeamMeeting,
    /// Part of the huvudman's ordinary meeting with the principals (rektorsmöte).
    PrincipalsMeeting,
    /// A joint meeting of the huvudman and the units.
    Dialogue,
    /// Part of a meeting of the board or committee (nämnd, styrelse) that governs the huvudman.
    BoardMeeting,
}

impl Forum {
    pub const ALL: [Forum; 6] = [
        Forum::Workshop,
        Forum::StaffMeeting,
        Forum::TeamMeeting,
        Forum::PrincipalsMeeting,
        Forum::Dialogue,
        Forum::BoardMeeting,
    ];

    /// The word content files use.
    pub fn slug(self) -> &'static str {
        match self {
            Forum::Workshop => "workshop",
            Forum::StaffMeeting => "staff_meeting",
            Forum::TeamMeeting => "team_meeting",
            Forum::PrincipalsMeeting => "principals_meeting",
            Forum::Dialogue => "dialogue",
            Forum::BoardMeeting => "board_meeting",
        }
    }

    pub fn parse(slug: &str) -> Option<Forum> {
        Forum::ALL.into_iter().find(|f| f.slug() == slug)
    }
}

/// One meeting of a step, with its timed agenda and roles.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeetingView {
    pub title: String,
    pub week: Week,
    pub minutes: u16,
    pub forum: Forum,
    pub who: String,
    /// Who chairs, who takes notes, who writes the group's answer into Verkstad.
    pub lead: String,
    pub notes: String,
    pub writes: String,
    /// What to do when the whole staff is too many for one room.
    pub larger_staff: Option<String>,
    pub agenda: Vec<AgendaItem>,
}

/// One timed point of a meeting's agenda.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaItem {
    pub minutes: u16,
    pub text: String,
    /// The task this point works on, if any.
    pub task: Option<AgendaTask>,
}

/// A task named on an agenda: its id for the link, its title for the text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgendaTask {
    pub id: String,
    pub title: String,
}

/// A track's whole school year: every step's meetings and hand-overs, in week order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearPlanView {
    pub track: Track,
    pub entries: Vec<YearPlanEntry>,
}

/// One line of a year plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct YearPlanEntry {
    pub week: Week,
    pub step: u8,
    pub step_title: String,
    pub what: YearPlanItem,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum YearPlanItem {
    /// The step's n-th meeting (from 1).
    Meeting {
        number: u8,
        title: String,
        minutes: u16,
        forum: Forum,
    },
    Handover {
        id: String,
        title: String,
        direction: Direction,
    },
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
    /// The step's meetings (träffar), in the order of the school year.
    pub meetings: Vec<MeetingView>,
    pub participants: String,
    /// What is different in a förskola, rendered from Markdown like the introduction.
    pub preschool_html: String,
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
    /// A group's second year onwards leaves the task out: it was done the first year.
    pub skip_in_later_years: bool,
    /// Fields of the group's previous year this task shows (stable ids, e.g.
    /// `5/enhet/field/se-tillbaka/behalla`).
    pub from_last_year: Vec<String>,
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
    /// The week it is sent: the deadline both tracks plan by.
    pub week: Week,
    /// The fewest days its readers need between the deadline and the meeting that reads it.
    pub read_days: u16,
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
