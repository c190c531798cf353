//! The DTOs more than one feature shows: a group as pages name it, and the reader's role in it.
//! A leaf module (it uses only the content's `Track`), so features' DTOs can share these
//! without depending on each other.

use crate::features::workshop::types::Track;
use serde::{Deserialize, Serialize};

/// A person's role in a group.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    Processledare,
    Deltagare,
}

/// A group as pages name it, with the reader's role.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    pub id: String,
    pub name: String,
    pub track: Track,
    pub organisation_id: String,
    pub organisation: String,
    /// The signed-in person's role; `None` for an owner who is not a member.
    pub role: Option<Role>,
}

/// Where a group's step stands in the current cycle. The words for it (and every state below)
/// come from `crate::states`, so every page and document names a state the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepState {
    NotOpened,
    Open,
    Done,
}

/// How far a task (or a field) has come: nothing written yet, written, or agreed (every field
/// of the task has a group answer the process leader has marked agreed).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Progress {
    NotStarted,
    InProgress,
    Agreed,
}

/// Where one of a unit's hand-overs up stands, as both the unit and the huvudman see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum HandoverState {
    /// Nothing sent in this cycle.
    NotSent,
    /// Sent; the huvudman has not asked for anything more.
    Sent,
    /// The huvudman asked the unit to complete its newest version and send it again.
    ToComplete,
    /// The huvudman has read and acknowledged the newest version.
    Acknowledged,
}

/// The group's next move in the current cycle: the one line the group page and "Mina grupper"
/// lead with, worded for the person looking (a process leader acts; others see what is next).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum NextMove {
    /// The step is the next to open.
    Open { step: u8 },
    /// The step is open: how many of its tasks are agreed.
    Work { step: u8, agreed: u16, tasks: u16 },
    /// Every task of the open step is agreed: the leader marks it done.
    Finish { step: u8 },
    /// The step is done: the leader finalises its document as `version`.
    Finalise { step: u8, version: i32 },
    /// The document is finalised: the leader sends it (or a text) up to the huvudman.
    Send {
        step: u8,
        handover: String,
        title: String,
    },
    /// The huvudman's group publishes to its units.
    Publish {
        step: u8,
        handover: String,
        title: String,
    },
    /// The huvudman asked the unit to complete a submission.
    Complete(Completion),
    /// Every step is done, finalised and sent in this cycle.
    AllDone,
}

impl NextMove {
    /// The step the move is in, if any.
    pub fn step(&self) -> Option<u8> {
        match self {
            NextMove::Open { step }
            | NextMove::Work { step, .. }
            | NextMove::Finish { step }
            | NextMove::Finalise { step, .. }
            | NextMove::Send { step, .. }
            | NextMove::Publish { step, .. } => Some(*step),
            NextMove::Complete(c) => Some(c.step),
            NextMove::AllDone => None,
        }
    }
}

/// The huvudman's request to complete a submission, and where the unit is on the way back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Completion {
    pub step: u8,
    /// The hand-over's id in the content (the anchor of its form on the step page).
    pub handover: String,
    pub title: String,
    /// What the huvudman wrote.
    pub comment: String,
    /// The version it was asked about; the unit sends `version + 1`.
    pub version: i32,
    /// A text hand-over: no document to reopen or finalise, only a new text to send.
    pub text: bool,
    /// The stage the unit has reached.
    pub stage: CompletionStage,
}

/// The way back after "komplettera", in order: reopen the step, change the answers, finalise
/// the document's next version, send it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CompletionStage {
    Reopen,
    Change,
    Finalise,
    Send,
}

/// What needs the huvudman now: the units' newest submissions nobody has answered, units asked
/// to complete that have not sent again, and what the year plan puts in this month.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Inbox {
    pub to_answer: Vec<InboxItem>,
    pub to_complete: Vec<InboxItem>,
    /// The month the year plan's entries are for (1-12), and the entries.
    pub month: u8,
    pub due: Vec<crate::features::workshop::types::YearPlanEntry>,
}

/// One unit's newest submission of one hand-over.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InboxItem {
    pub unit: String,
    pub step: u8,
    pub title: String,
    pub version: i32,
    /// The submission's id: its page is `/overlamningar/{id}`.
    pub submission: String,
    pub on: crate::features::workshop::types::Date,
}

/// A group in a list ("Mina grupper", an organisation's page), with its next move.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupLine {
    pub group: GroupSummary,
    pub next: NextMove,
    pub cycle: String,
}
