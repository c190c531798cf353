//! What the group's step page and the group home show of the group's work, and what its forms
//! send.

use crate::{
    features::workshop::types::{ArtefactView, Date, StepView},
    shared::GroupSummary,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use crate::shared::{Progress, StepState};

/// One step of the group, as the group home lists it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepProgress {
    pub number: u8,
    pub title: String,
    pub state: StepState,
    pub tasks: u16,
    pub agreed: u16,
    /// The newest finalised version of the step's document, if any.
    pub finalised: Option<i32>,
    /// Whether the group's answers changed after that version was finalised.
    pub changed: bool,
    /// A unit's hand-overs up in this step: the state of the least finished (`None`: the step
    /// hands nothing up, or the group is the huvudman's).
    pub sent: Option<crate::shared::HandoverState>,
}

/// The group's five steps in the current cycle, and the next thing to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupProgress {
    /// The school year, e.g. `2026/27`.
    pub cycle: String,
    pub steps: Vec<StepProgress>,
    /// What the group does next.
    pub next: crate::shared::NextMove,
}

/// The group's step page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupStep {
    pub group: GroupSummary,
    pub cycle: String,
    pub step: StepView,
    pub state: StepState,
    /// Whether the person looking is one of the group's process leaders.
    pub leads: bool,
    /// The id of the person looking: the browser keeps their unsaved text under it, so nobody
    /// else's ever appears in their form on a shared computer.
    pub me: String,
    /// Whether a process leader may open the step now: it is released, not open, and the step
    /// before it has been opened.
    pub can_open: bool,
    /// The group's leader has closed this school year: the page reads, nothing changes.
    pub closed: bool,
    /// The group's previous year's label, in a later year: tasks the content skips then are
    /// left out, and tasks show what the content carries from it.
    pub later_year: Option<String>,
    /// For members, in a later year: last year's answers the content's tasks show.
    pub carried: Vec<Carried>,
    /// Each task's progress, in the content's order (for everyone who may see the group).
    pub progress: Vec<Progress>,
    /// The work itself, per task in the content's order: for members only, never for an owner
    /// or administrator who is not in the group.
    pub work: Option<Vec<TaskWork>>,
    /// For process leaders: who has written their own text in which task, members by name and
    /// tasks in the content's order. It shows where people have contributed, without ranking.
    pub contributors: Option<Vec<MemberTasks>>,
    /// For members: each discussion prompt's notes and summary, in the content's order.
    pub prompts: Option<Vec<PromptWork>>,
    /// For members: answers to fields the content no longer has (their ids retired), so that
    /// nothing the group wrote becomes unreadable when the content changes.
    pub retired: Vec<RetiredAnswer>,
}

/// A field of the group's previous year, shown in a task of this one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Carried {
    /// The task (of this step) that shows it.
    pub task: String,
    /// The field's label where it was written, with its step.
    pub step: u8,
    pub label: String,
    /// What the group answered; empty when it left the field empty.
    pub text: String,
}

/// An answer stored against a field whose id has been retired from the content.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RetiredAnswer {
    /// The field's id within the step (`task/field`): its label went with the content.
    pub field: String,
    /// The group's answer, if it had one.
    pub group: Option<String>,
    /// The reader's own text, if they wrote one.
    pub mine: Option<String>,
}

/// A discussion prompt on the step page: how many notes it has (they are on the prompt's own
/// page, with the forms) and the leader's summary.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromptWork {
    pub prompt: String,
    pub notes: u16,
    pub summary: Option<String>,
}

/// A discussion prompt's own page (`/grupper/{id}/steg/{n}/fraga/{prompt}`): its notes, oldest
/// first, the leader's summary, and the forms while the step is open. Members only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PromptPage {
    pub group: GroupSummary,
    pub cycle: String,
    pub number: u8,
    pub step_title: String,
    pub prompt: crate::features::workshop::types::PromptView,
    pub open: bool,
    pub leads: bool,
    pub notes: Vec<Note>,
    pub summary: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Note {
    pub name: String,
    pub body: String,
    pub written_on: Date,
}

/// The longest note or summary, in characters.
pub const MAX_NOTE: usize = 4_000;

/// How adding a note or saving a summary went.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Noted {
    Done,
    /// A note with nothing in it.
    Empty,
    /// Longer than `MAX_NOTE` characters.
    TooLong,
    /// The step is not open for work.
    Closed,
}

/// A note or summary form sent back: what was typed, and why it was not kept.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoteReturn {
    pub prompt: String,
    /// The leader's summary form, not a note.
    pub summary: bool,
    pub body: String,
    pub outcome: Noted,
}

impl crate::flash_form::FlashForm for NoteReturn {
    const FORM: &'static str = "note";
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberTasks {
    pub name: String,
    /// One per task: whether the member has written in it.
    pub tasks: Vec<bool>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskWork {
    pub task: String,
    pub fields: Vec<FieldWork>,
}

/// One field of a task: the group's answer, the reader's own text and the others'.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldWork {
    /// The field's id within its task.
    pub field: String,
    pub shared: Option<SharedAnswer>,
    pub mine: Option<MyText>,
    /// How many other members have a text of their own here: the texts themselves are on the
    /// field's page, so the step page stays light with thirty members.
    pub others: u16,
    /// How many times the group's answer has been saved (its versions are on the field's page).
    pub versions: u16,
}

/// A field's page (`/grupper/{id}/steg/{n}/falt/{task}/{field}`): the others' own texts and
/// every saved version of the group's answer, for members.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldPage {
    pub group: GroupSummary,
    pub cycle: String,
    pub number: u8,
    pub step_title: String,
    pub task: String,
    pub task_title: String,
    pub field: crate::features::workshop::types::FieldView,
    /// Whether the step is open (earlier versions can be restored).
    pub open: bool,
    pub shared: Option<SharedAnswer>,
    /// The other members' own texts, by name.
    pub others: Vec<Contribution>,
    /// Every explicit save of the group's answer, newest first.
    pub history: Vec<AnswerVersion>,
}

/// One saved version of the group's answer to a field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AnswerVersion {
    pub version: i32,
    pub body: String,
    pub saved_by: String,
    pub saved_on: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedAnswer {
    /// Text; for a rating the step on the scale (from 1); for a choice the chosen options'
    /// ids, one per line.
    pub body: String,
    pub version: i32,
    pub agreed: bool,
    pub saved_by: String,
    pub saved_on: Date,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MyText {
    pub body: String,
    /// The version of the group's answer this text was last based on (0: none).
    pub base_version: i32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    pub name: String,
    pub body: String,
}

/// What a task's form sends: one value per field (by field id), and for each field the
/// version of the group's answer the person started from.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskAnswers {
    pub task: String,
    pub values: HashMap<String, String>,
    pub base: HashMap<String, i32>,
    /// Save to the group's answer ("Spara till gruppens svar"), not only as one's own text.
    pub to_group: bool,
}

/// How a save went. Someone else having saved the group's answer since the person started
/// is not an error: their text is kept as their own, and the page shows both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Saved {
    Done,
    /// Fields whose group answer changed since the version the person started from.
    Conflicts(Vec<String>),
    /// A value that cannot be kept as it is: the field, and why. Nothing was saved.
    Refused {
        field: String,
        problem: AnswerProblem,
    },
    /// The step is not open for work (not opened, or done): nothing was saved.
    Closed,
    /// The person's session had ended: nothing was saved, and the text waits in this browser
    /// (a flash) for them to sign in again and open the step.
    SignedOut,
}

/// Why an answer cannot be saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AnswerProblem {
    /// Longer than `MAX_ANSWER` characters.
    TooLong,
    /// Not a step on the field's scale.
    NotOnScale,
    /// Not one of the field's options (or several where only one may be chosen).
    NotAnOption,
}

/// The longest answer a field takes, in characters.
pub const MAX_ANSWER: usize = 20_000;

/// A task form sent back: what was typed, and what was wrong or who saved in between.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaskReturn {
    pub task: String,
    pub values: HashMap<String, String>,
    pub outcome: Saved,
}

impl crate::flash_form::FlashForm for TaskReturn {
    const FORM: &'static str = "task";
}

/// The step's artefact as a readable, printable document built from the group's answers, with
/// the versions the process leader has finalised. Members only.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepDocument {
    pub group: GroupSummary,
    pub cycle: String,
    pub number: u8,
    pub step_title: String,
    pub artefact: ArtefactView,
    pub state: StepState,
    /// Whether the person looking may finalise it.
    pub leads: bool,
    /// The document as the group's answers make it now.
    pub current: DocumentBody,
    /// The finalised versions, newest first.
    pub versions: Vec<VersionMeta>,
    /// Whether the answers differ from the newest finalised version ("ändrat sedan version N").
    pub changed: bool,
}

/// Each step's newest finalised version of a group's artefact in the current cycle: what the
/// kvalitetsrapport and the huvudman's compiled report are made from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinalisedSet {
    pub group: GroupSummary,
    /// Steps 1 to 5, in order.
    pub steps: Vec<StepFinalised>,
}

/// One of the group's closed years, read-only (`/grupper/{id}/ar/{cycle}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PastYear {
    /// The cycle's id, for the year's own links.
    pub id: String,
    pub label: String,
    pub closed_on: Option<crate::features::workshop::types::Date>,
    /// Closed before step 5 was done, with the rest carried on.
    pub moved_on: bool,
    /// Every step's newest finalised document in that year.
    pub documents: FinalisedSet,
    /// What the group sent in that year: each hand-over's newest version, in step order.
    pub sent: Vec<SentInYear>,
}

/// A hand-over the group sent in a closed year.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SentInYear {
    pub step: u8,
    pub title: String,
    pub version: i32,
    /// The submission's page, for a unit's hand-over up; `None` for what a huvudman published.
    pub submission: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepFinalised {
    pub number: u8,
    /// The step's artefact as the content names it now.
    pub artefact: String,
    /// Its newest finalised version, if there is one.
    pub document: Option<FinalisedDocument>,
}

/// A finalised version of the step's artefact, exactly as it was stored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FinalisedDocument {
    pub group: GroupSummary,
    pub cycle: String,
    pub number: u8,
    pub step_title: String,
    /// The artefact's title when it was finalised.
    pub title: String,
    pub meta: VersionMeta,
    pub body: DocumentBody,
    /// The newest finalised version, to say whether this one has been replaced.
    pub newest: i32,
}

/// Who finalised a version of the artefact, and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VersionMeta {
    pub version: i32,
    pub finalised_by: String,
    pub finalised_on: Date,
}

/// The artefact's content: each task with its fields. This is what a finalised version stores
/// (as JSON) and what hand-overs send, so it carries labels as well as values.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentBody {
    pub tasks: Vec<DocumentTask>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentTask {
    /// The task's id within its step.
    pub id: String,
    pub title: String,
    pub fields: Vec<DocumentField>,
}

impl DocumentTask {
    /// Whether the group has agreed on every field of the task.
    pub fn agreed(&self) -> bool {
        !self.fields.is_empty() && self.fields.iter().all(|f| f.agreed)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentField {
    /// The field's stable id, as `content/ids.toml` records it.
    pub key: String,
    pub label: String,
    /// The stored value: text, a rating's step (from 1), or the chosen options' ids by line.
    pub value: String,
    /// The value as a reader sees it: the rating's label, the options' labels by line.
    pub text: String,
    pub agreed: bool,
}
