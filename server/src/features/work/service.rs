//! The group's work on the steps. Members write their own text per field and save the group's
//! shared answer with the version they started from: a save from an older version is a
//! conflict (compare-and-swap on the version), never an overwrite. Only members see the text;
//! the organisation's owners and platform administrators see step states and progress. Every
//! page reads a fixed number of queries, whatever the number of members and answers.

use super::mail::step_opened;
use crate::{
    access,
    audit::{self, Event},
    clock::Clock,
    db::begin_write,
    entities::{
        answer_versions, answers, contributions, cycles,
        enums::{MembershipRole, StepStatus},
        groups, memberships, organisations,
        prelude::*,
        prompt_notes, prompt_summaries, step_states, users,
    },
    error::{Result, ServerError},
    features::workshop::ContentStore,
};
use app::{
    error::Invalid,
    features::{
        groups::types::GroupSummary,
        work::types::{
            AnswerProblem, AnswerVersion as SavedVersion, Contribution as OthersText, FieldWork,
            FinalisedDocument, GroupProgress, GroupStep, MAX_ANSWER, MAX_NOTE, MemberTasks, MyText,
            Note, Noted, Progress, PromptWork, RetiredAnswer, Saved, SharedAnswer, StepDocument,
            StepProgress, StepState as Stage, TaskAnswers, TaskWork,
        },
        workshop::types::{FieldKind, FieldView, StepView, TaskView, Track},
    },
    i18n::Locale,
    ports::{Actor, GroupId, Workshop},
};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, OnConflict},
};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};
use uuid::Uuid;

pub struct WorkService {
    pub(super) db: DatabaseConnection,
    pub(crate) content: Arc<ContentStore>,
    pub(super) clock: Clock,
    /// The site's address, for links in mail.
    base_url: String,
}

/// The school year a day belongs to, as cycles are named: from July, `2026/27`.
pub(crate) fn school_year(now: DateTime<Utc>) -> String {
    let start = if now.month() >= 7 {
        now.year()
    } else {
        now.year() - 1
    };
    format!("{start}/{:02}", (start + 1) % 100)
}

/// A field's stable id, as `content/ids.toml` records it and answers are stored under.
pub(crate) fn field_key(track: Track, step: u8, task: &str, field: &str) -> String {
    format!("{step}/{}/field/{task}/{field}", track.slug())
}

/// How far a task has come, from the fields agreed and the fields anyone has written in.
pub(crate) fn task_progress(
    track: Track,
    step: u8,
    task: &TaskView,
    agreed: &HashSet<String>,
    written: &HashSet<String>,
) -> Progress {
    let keys: Vec<String> = task
        .fields
        .iter()
        .map(|f| field_key(track, step, &task.id, &f.id))
        .collect();
    if !keys.is_empty() && keys.iter().all(|k| agreed.contains(k)) {
        Progress::Agreed
    } else if keys
        .iter()
        .any(|k| written.contains(k) || agreed.contains(k))
    {
        Progress::InProgress
    } else {
        Progress::NotStarted
    }
}

/// How far a task has come, from the work a member's page shows: the same rule as
/// `task_progress`, read from the answers and texts already loaded.
fn progress_from(task: &TaskWork) -> Progress {
    let agreed = |f: &FieldWork| f.shared.as_ref().is_some_and(|s| s.agreed);
    let written = |f: &FieldWork| {
        agreed(f)
            || f.shared.as_ref().is_some_and(|s| !s.body.is_empty())
            || f.mine.as_ref().is_some_and(|m| !m.body.is_empty())
            || !f.others.is_empty()
    };
    if !task.fields.is_empty() && task.fields.iter().all(agreed) {
        Progress::Agreed
    } else if task.fields.iter().any(written) {
        Progress::InProgress
    } else {
        Progress::NotStarted
    }
}

/// `value` as it is stored for `field`, or why it cannot be.
fn checked(field: &FieldView, value: &str) -> std::result::Result<String, AnswerProblem> {
    let value = value.replace("\r\n", "\n");
    if value.chars().count() > MAX_ANSWER {
        return Err(AnswerProblem::TooLong);
    }
    match &field.kind {
        FieldKind::ShortText | FieldKind::LongText | FieldKind::List => Ok(value),
        FieldKind::Rating { scale } => {
            let value = value.trim();
            match value.parse::<usize>() {
                _ if value.is_empty() => Ok(String::new()),
                Ok(n) if (1..=scale.len()).contains(&n) => Ok(n.to_string()),
                _ => Err(AnswerProblem::NotOnScale),
            }
        }
        FieldKind::Choice { options, multiple } => {
            let chosen: Vec<&str> = value
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect();
            let known = chosen.iter().all(|c| options.iter().any(|o| o.id == *c));
            if !known || (!multiple && chosen.len() > 1) {
                return Err(AnswerProblem::NotAnOption);
            }
            // In the content's order, each once.
            Ok(options
                .iter()
                .filter(|o| chosen.contains(&o.id.as_str()))
                .map(|o| o.id.as_str())
                .collect::<Vec<_>>()
                .join("\n"))
        }
    }
}

/// What a member's step page shows of the group's work.
struct MemberWork {
    tasks: Vec<TaskWork>,
    contributors: Vec<MemberTasks>,
    prompts: Vec<PromptWork>,
    retired: Vec<RetiredAnswer>,
}

/// The group as the person looking may see it, and their role in it (`None`: an owner or a
/// platform administrator who is not a member).
pub(crate) struct Seen {
    pub(crate) group: groups::Model,
    pub(crate) organisation: organisations::Model,
    pub(crate) role: Option<MembershipRole>,
}

impl WorkService {
    pub fn new(
        db: DatabaseConnection,
        content: Arc<ContentStore>,
        clock: Clock,
        base_url: String,
    ) -> Self {
        Self {
            db,
            content,
            clock,
            base_url,
        }
    }

    /// The step's content in the reader's language; `NotFound` for a step that does not exist.
    pub(crate) fn step_view(&self, track: Track, number: u8, actor: &Actor) -> Result<StepView> {
        self.content
            .step(track, number, actor.locale)
            .ok_or(ServerError::NotFound)
    }

    /// Two queries: the group with its organisation, if the actor may see it, and their role.
    pub(crate) async fn seen(&self, actor: &Actor, GroupId(id): GroupId) -> Result<Seen> {
        let me = actor.user_id()?.0;
        let mut query = Group::find_by_id(id).find_also_related(Organisation);
        if !actor.is_admin() {
            query = query.filter(access::sees(me));
        }
        let (group, organisation) = query
            .one(&self.db)
            .await?
            .and_then(|(group, organisation)| Some((group, organisation?)))
            .ok_or(ServerError::NotFound)?;
        let role = Membership::find_by_id((id, me))
            .one(&self.db)
            .await?
            .map(|m| m.role);
        Ok(Seen {
            group,
            organisation,
            role,
        })
    }

    /// The group for someone who works in it; anyone else gets `NotFound`.
    pub(crate) async fn member(&self, actor: &Actor, group: GroupId) -> Result<(Seen, Uuid)> {
        let seen = self.seen(actor, group).await?;
        if seen.role.is_none() {
            return Err(ServerError::NotFound);
        }
        Ok((seen, actor.user_id()?.0))
    }

    /// The group for one of its process leaders; anyone else gets `NotFound`, as for every
    /// leader's action.
    pub(crate) async fn leader(&self, actor: &Actor, group: GroupId) -> Result<(Seen, Uuid)> {
        let (seen, me) = self.member(actor, group).await?;
        if seen.role != Some(MembershipRole::Processledare) {
            return Err(ServerError::NotFound);
        }
        Ok((seen, me))
    }

    /// The organisation's current cycle, if it has one yet.
    pub(crate) async fn cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        organisation: Uuid,
    ) -> Result<Option<cycles::Model>> {
        Ok(Cycle::find()
            .filter(cycles::Column::OrganisationId.eq(organisation))
            .order_by_desc(cycles::Column::CreatedAt)
            .order_by_desc(cycles::Column::Id)
            .one(db)
            .await?)
    }

    /// The organisation's current cycle, started (for this school year) if it has none.
    async fn current_cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        organisation: Uuid,
    ) -> Result<cycles::Model> {
        if let Some(cycle) = self.cycle(db, organisation).await? {
            return Ok(cycle);
        }
        let now = self.clock.now();
        let row = cycles::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(organisation),
            label: Set(school_year(now)),
            created_at: Set(now),
        };
        // Two first writes at once: one inserts, the other finds it.
        Cycle::insert(row)
            .on_conflict(kept([
                cycles::Column::OrganisationId,
                cycles::Column::Label,
            ]))
            .exec_without_returning(db)
            .await?;
        self.cycle(db, organisation)
            .await?
            .ok_or(ServerError::NotFound)
    }

    /// The steps the group has opened in `cycle`, by number.
    pub(crate) async fn states<C: ConnectionTrait>(
        &self,
        db: &C,
        group: Uuid,
        cycle: Option<Uuid>,
    ) -> Result<HashMap<u8, StepStatus>> {
        let Some(cycle) = cycle else {
            return Ok(HashMap::new());
        };
        Ok(StepState::find()
            .filter(step_states::Column::GroupId.eq(group))
            .filter(step_states::Column::CycleId.eq(cycle))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|s| Some((u8::try_from(s.step).ok()?, s.state)))
            .collect())
    }

    /// The fields agreed, and the fields anyone has written in, in `cycle` (all steps, or one).
    async fn marks(
        &self,
        group: Uuid,
        cycle: Uuid,
        step: Option<u8>,
    ) -> Result<(HashSet<String>, HashSet<String>)> {
        let mut shared = Answer::find()
            .select_only()
            .columns([answers::Column::Field, answers::Column::Body])
            .column(answers::Column::Agreed)
            .filter(answers::Column::GroupId.eq(group))
            .filter(answers::Column::CycleId.eq(cycle));
        let mut own = Contribution::find()
            .select_only()
            .column(contributions::Column::Field)
            .distinct()
            .filter(contributions::Column::GroupId.eq(group))
            .filter(contributions::Column::CycleId.eq(cycle))
            .filter(contributions::Column::Body.ne(""));
        if let Some(step) = step {
            shared = shared.filter(answers::Column::Step.eq(i16::from(step)));
            own = own.filter(contributions::Column::Step.eq(i16::from(step)));
        }
        let mut agreed = HashSet::new();
        let mut written: HashSet<String> = own
            .into_tuple::<String>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        for (field, body, is_agreed) in shared
            .into_tuple::<(String, String, bool)>()
            .all(&self.db)
            .await?
        {
            if is_agreed {
                agreed.insert(field.clone());
            }
            if !body.is_empty() {
                written.insert(field);
            }
        }
        Ok((agreed, written))
    }

    /// The group's steps with their states and progress, for the group home: four queries.
    pub(crate) async fn progress_of(
        &self,
        group: &groups::Model,
        locale: Locale,
    ) -> Result<GroupProgress> {
        let track: Track = group.track.into();
        let cycle = self.cycle(&self.db, group.organisation_id).await?;
        let states = self
            .states(&self.db, group.id, cycle.as_ref().map(|c| c.id))
            .await?;
        let (agreed, written) = match &cycle {
            Some(cycle) => self.marks(group.id, cycle.id, None).await?,
            None => Default::default(),
        };
        // The steps' titles from the overview: building every step's page (films, captions,
        // transcripts) only for its title would cost each render of the group home.
        let summaries = self
            .content
            .overview(locale)
            .into_iter()
            .find(|t| t.track == track)
            .map(|t| t.steps)
            .unwrap_or_default();
        let steps = summaries
            .into_iter()
            .map(|step| {
                let number = step.number;
                let progress: Vec<Progress> = self
                    .content
                    .tasks(track, number)
                    .iter()
                    .map(|task| task_progress(track, number, task, &agreed, &written))
                    .collect();
                let count = |p: Progress| progress.iter().filter(|x| **x == p).count() as u16;
                StepProgress {
                    number,
                    title: step.title,
                    state: state_of(states.get(&number)),
                    tasks: progress.len() as u16,
                    agreed: count(Progress::Agreed),
                    in_progress: count(Progress::InProgress),
                }
            })
            .collect();
        Ok(GroupProgress {
            cycle: cycle
                .map(|c| c.label)
                .unwrap_or_else(|| school_year(self.clock.now())),
            steps,
        })
    }

    /// The group's step page: a fixed number of queries whatever the number of members,
    /// answers and notes (the group, the role, the cycle, the states; for a member the
    /// answers, their history, the texts, the names, the notes and the summaries).
    pub async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> Result<GroupStep> {
        let seen = self.seen(actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.step_view(track, number, actor)?;
        let cycle = self.cycle(&self.db, seen.organisation.id).await?;
        let states = self
            .states(&self.db, seen.group.id, cycle.as_ref().map(|c| c.id))
            .await?;
        let state = state_of(states.get(&number));
        let previous_opened = number <= 1 || states.contains_key(&(number - 1));
        let leads = seen.role == Some(MembershipRole::Processledare);
        let (work, contributors, prompts, retired) = match (&seen.role, &cycle) {
            (Some(_), Some(cycle)) => {
                let loaded = self.work(actor, &seen, cycle.id, track, &step).await?;
                (
                    Some(loaded.tasks),
                    leads.then_some(loaded.contributors),
                    Some(loaded.prompts),
                    loaded.retired,
                )
            }
            (Some(_), None) => (
                Some(empty_work(&step)),
                leads.then(Vec::new),
                Some(empty_prompts(&step)),
                Vec::new(),
            ),
            (None, _) => (None, None, None, Vec::new()),
        };
        // A member's page has loaded every answer and text already; progress comes from them.
        // Someone who only sees progress gets it from two narrow queries instead.
        let progress = match (&work, &cycle) {
            (Some(work), _) => work.iter().map(progress_from).collect(),
            (None, Some(cycle)) => {
                let (agreed, written) = self.marks(seen.group.id, cycle.id, Some(number)).await?;
                step.tasks
                    .iter()
                    .map(|task| task_progress(track, number, task, &agreed, &written))
                    .collect()
            }
            (None, None) => vec![Progress::NotStarted; step.tasks.len()],
        };
        Ok(GroupStep {
            group: GroupSummary {
                id: seen.group.id.to_string(),
                name: seen.group.name.clone(),
                track,
                organisation_id: seen.organisation.id.to_string(),
                organisation: seen.organisation.name.clone(),
                role: seen.role.map(Into::into),
            },
            cycle: cycle
                .map(|c| c.label)
                .unwrap_or_else(|| school_year(self.clock.now())),
            can_open: leads && state == Stage::NotOpened && step.opens.is_none() && previous_opened,
            state,
            leads,
            me: actor.user_id()?.0.to_string(),
            progress,
            work,
            contributors,
            prompts,
            retired,
            step,
        })
    }

    /// Each task's fields with the group's answer and its history, the reader's own text and
    /// the others'; who has written in which task; the prompts' notes and summaries. Seven
    /// queries.
    async fn work(
        &self,
        actor: &Actor,
        seen: &Seen,
        cycle: Uuid,
        track: Track,
        step: &StepView,
    ) -> Result<MemberWork> {
        let me = actor.user_id()?.0;
        let group = seen.group.id;
        let number = i16::from(step.number);
        let shared: HashMap<String, answers::Model> = Answer::find()
            .filter(answers::Column::GroupId.eq(group))
            .filter(answers::Column::CycleId.eq(cycle))
            .filter(answers::Column::Step.eq(number))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.field.clone(), a))
            .collect();
        let texts = Contribution::find()
            .filter(contributions::Column::GroupId.eq(group))
            .filter(contributions::Column::CycleId.eq(cycle))
            .filter(contributions::Column::Step.eq(number))
            .all(&self.db)
            .await?;
        let mut history: HashMap<String, Vec<answer_versions::Model>> = HashMap::new();
        for saved in AnswerVersion::find()
            .filter(answer_versions::Column::GroupId.eq(group))
            .filter(answer_versions::Column::CycleId.eq(cycle))
            .filter(answer_versions::Column::Field.starts_with(format!(
                "{}/{}/field/",
                step.number,
                track.slug()
            )))
            .order_by_desc(answer_versions::Column::Version)
            .all(&self.db)
            .await?
        {
            history.entry(saved.field.clone()).or_default().push(saved);
        }
        let names: HashMap<Uuid, String> = Membership::find()
            .filter(memberships::Column::GroupId.eq(group))
            .find_also_related(User)
            .all(&self.db)
            .await?
            .into_iter()
            .filter_map(|(_, user)| user.map(|u| (u.id, u.display_name)))
            .collect();
        // Someone who has left the group keeps their text in it, under a plain label.
        let name = |id: Option<Uuid>| {
            id.and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "–".to_string())
        };
        let mut by_field: HashMap<&str, Vec<&contributions::Model>> = HashMap::new();
        for text in &texts {
            by_field.entry(text.field.as_str()).or_default().push(text);
        }
        let mut contributors: Vec<MemberTasks> = names
            .iter()
            .map(|(id, name)| MemberTasks {
                name: name.clone(),
                tasks: step
                    .tasks
                    .iter()
                    .map(|task| {
                        task.fields.iter().any(|f| {
                            let key = field_key(track, step.number, &task.id, &f.id);
                            by_field.get(key.as_str()).is_some_and(|texts| {
                                texts.iter().any(|t| t.user_id == *id && !t.body.is_empty())
                            })
                        })
                    })
                    .collect(),
            })
            .collect();
        contributors.sort_by_cached_key(|m| crate::text::sort_key(&m.name));
        let tasks = step
            .tasks
            .iter()
            .map(|task| TaskWork {
                task: task.id.clone(),
                fields: task
                    .fields
                    .iter()
                    .map(|field| {
                        let key = field_key(track, step.number, &task.id, &field.id);
                        let texts = by_field.get(key.as_str()).cloned().unwrap_or_default();
                        let mut others: Vec<OthersText> = texts
                            .iter()
                            .filter(|t| t.user_id != me && !t.body.is_empty())
                            .map(|t| OthersText {
                                name: name(Some(t.user_id)),
                                body: t.body.clone(),
                            })
                            .collect();
                        others.sort_by_cached_key(|c| crate::text::sort_key(&c.name));
                        FieldWork {
                            field: field.id.clone(),
                            shared: shared.get(&key).map(|a| SharedAnswer {
                                body: a.body.clone(),
                                version: a.version,
                                agreed: a.agreed,
                                saved_by: name(a.saved_by),
                                saved_on: crate::db::date(a.saved_at),
                            }),
                            mine: texts.iter().find(|t| t.user_id == me).map(|t| MyText {
                                body: t.body.clone(),
                                base_version: t.base_version,
                            }),
                            others,
                            history: history
                                .get(&key)
                                .map(|saves| {
                                    saves
                                        .iter()
                                        .map(|v| SavedVersion {
                                            version: v.version,
                                            body: v.body.clone(),
                                            saved_by: name(v.saved_by),
                                            saved_on: crate::db::date(v.saved_at),
                                        })
                                        .collect()
                                })
                                .unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .collect();
        let mut notes: HashMap<String, Vec<Note>> = HashMap::new();
        for note in PromptNote::find()
            .filter(prompt_notes::Column::GroupId.eq(group))
            .filter(prompt_notes::Column::CycleId.eq(cycle))
            .filter(prompt_notes::Column::Step.eq(number))
            .order_by_asc(prompt_notes::Column::Id)
            .all(&self.db)
            .await?
        {
            notes.entry(note.prompt.clone()).or_default().push(Note {
                name: name(note.user_id),
                body: note.body,
                written_on: crate::db::date(note.created_at),
            });
        }
        let mut summaries: HashMap<String, String> = PromptSummary::find()
            .filter(prompt_summaries::Column::GroupId.eq(group))
            .filter(prompt_summaries::Column::CycleId.eq(cycle))
            .filter(prompt_summaries::Column::Step.eq(number))
            .all(&self.db)
            .await?
            .into_iter()
            .filter(|s| !s.body.is_empty())
            .map(|s| (s.prompt, s.body))
            .collect();
        let prompts = step
            .prompts
            .iter()
            .map(|p| {
                let key = prompt_key(track, step.number, &p.id);
                PromptWork {
                    prompt: p.id.clone(),
                    notes: notes.remove(&key).unwrap_or_default(),
                    summary: summaries.remove(&key),
                }
            })
            .collect();
        // Answers to fields the content no longer has (their ids retired) stay readable.
        let prefix = format!("{}/{}/field/", step.number, track.slug());
        let current: HashSet<String> = step
            .tasks
            .iter()
            .flat_map(|t| {
                t.fields
                    .iter()
                    .map(|f| field_key(track, step.number, &t.id, &f.id))
            })
            .collect();
        let mut retired: Vec<RetiredAnswer> = shared
            .values()
            .map(|a| a.field.as_str())
            .chain(
                texts
                    .iter()
                    .filter(|t| t.user_id == me)
                    .map(|t| t.field.as_str()),
            )
            .filter(|key| !current.contains(*key))
            .collect::<std::collections::BTreeSet<&str>>()
            .into_iter()
            .map(|key| RetiredAnswer {
                field: key.strip_prefix(&prefix).unwrap_or(key).to_string(),
                group: shared
                    .get(key)
                    .map(|a| a.body.clone())
                    .filter(|b| !b.is_empty()),
                mine: texts
                    .iter()
                    .find(|t| t.field == key && t.user_id == me)
                    .map(|t| t.body.clone())
                    .filter(|b| !b.is_empty()),
            })
            .filter(|r| r.group.is_some() || r.mine.is_some())
            .collect();
        retired.sort_by(|a, b| a.field.cmp(&b.field));
        Ok(MemberWork {
            tasks,
            contributors,
            prompts,
            retired,
        })
    }

    /// Adds a member's note under a prompt of an open step or, with `summary`, writes the
    /// process leader's summary of it ("det här tar vi med oss"; empty removes it).
    #[allow(clippy::too_many_arguments)]
    pub async fn note(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        prompt: &str,
        body: &str,
        summary: bool,
    ) -> Result<Noted> {
        let (seen, me) = if summary {
            self.leader(actor, group).await?
        } else {
            self.member(actor, group).await?
        };
        let seen = &seen;
        let track: Track = seen.group.track.into();
        let known = self
            .content
            .step(track, number, actor.locale)
            .is_some_and(|step| step.prompts.iter().any(|p| p.id == prompt));
        if !known {
            return Err(ServerError::NotFound);
        }
        let body = body.trim().replace("\r\n", "\n");
        if body.chars().count() > MAX_NOTE {
            return Ok(Noted::TooLong);
        }
        if body.is_empty() && !summary {
            return Ok(Noted::Empty);
        }
        let key = prompt_key(track, number, prompt);
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let cycle = self.current_cycle(&txn, seen.organisation.id).await?;
        let states = self.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if states.get(&number) != Some(&StepStatus::Open) {
            return Ok(Noted::Closed);
        }
        if summary {
            PromptSummary::insert(prompt_summaries::ActiveModel {
                group_id: Set(seen.group.id),
                cycle_id: Set(cycle.id),
                prompt: Set(key),
                step: Set(i16::from(number)),
                body: Set(body),
                saved_by: Set(Some(me)),
                saved_at: Set(now),
            })
            .on_conflict(replacing(
                [
                    prompt_summaries::Column::GroupId,
                    prompt_summaries::Column::CycleId,
                    prompt_summaries::Column::Prompt,
                ],
                [
                    prompt_summaries::Column::Body,
                    prompt_summaries::Column::SavedBy,
                    prompt_summaries::Column::SavedAt,
                ],
            ))
            .exec_without_returning(&txn)
            .await?;
        } else {
            PromptNote::insert(prompt_notes::ActiveModel {
                id: Set(Uuid::now_v7()),
                group_id: Set(seen.group.id),
                cycle_id: Set(cycle.id),
                step: Set(i16::from(number)),
                prompt: Set(key),
                user_id: Set(Some(me)),
                body: Set(body),
                created_at: Set(now),
            })
            .exec_without_returning(&txn)
            .await?;
        }
        txn.commit().await?;
        Ok(Noted::Done)
    }

    /// Opens a step for the group: a process leader, in order, once the content is released.
    /// With `notify`, the other members get a short mail (through the outbox, in the same
    /// transaction), except those who had such a mail in the last day.
    pub async fn open(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        notify: bool,
    ) -> Result<()> {
        let (seen, me) = self.leader(actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.step_view(track, number, actor)?;
        if step.opens.is_some() {
            return Err(Invalid::StepNotOpen.into());
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let cycle = self.current_cycle(&txn, seen.organisation.id).await?;
        let states = self.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if number > 1 && !states.contains_key(&(number - 1)) {
            return Err(Invalid::StepNotOpen.into());
        }
        // Opened twice at once (a double click): the second changes nothing, and mails nobody.
        let opened = StepState::insert(step_states::ActiveModel {
            group_id: Set(seen.group.id),
            cycle_id: Set(cycle.id),
            step: Set(i16::from(number)),
            state: Set(StepStatus::Open),
            opened_at: Set(now),
            opened_by: Set(Some(me)),
            done_at: Set(None),
        })
        .on_conflict(kept([
            step_states::Column::GroupId,
            step_states::Column::CycleId,
            step_states::Column::Step,
        ]))
        .exec_without_returning(&txn)
        .await?;
        // `groups.current_step`, which the platform overview shows, follows the steps opened.
        Group::update_many()
            .col_expr(groups::Column::CurrentStep, Expr::value(i16::from(number)))
            .filter(groups::Column::Id.eq(seen.group.id))
            .filter(groups::Column::CurrentStep.lt(i16::from(number)))
            .exec(&txn)
            .await?;
        let subject = format!("{}/{number}", seen.group.id);
        audit::record(
            &txn,
            Event::ok("step_opened", me, &subject, &actor.client),
            now,
        )
        .await?;
        if opened > 0 && notify {
            self.mail_opened(&txn, &seen, me, &step, now).await?;
        }
        Ok(txn.commit().await?)
    }

    /// Mails the group's other members that `step` is open, at most once a day each: claiming
    /// the day's mail and writing it happen in the opening's transaction.
    async fn mail_opened(
        &self,
        txn: &DatabaseTransaction,
        seen: &Seen,
        me: Uuid,
        step: &StepView,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let members: Vec<Uuid> = Membership::find()
            .select_only()
            .column(memberships::Column::UserId)
            .filter(memberships::Column::GroupId.eq(seen.group.id))
            .filter(memberships::Column::UserId.ne(me))
            .order_by_asc(memberships::Column::UserId)
            .into_tuple()
            .all(txn)
            .await?;
        if members.is_empty() {
            return Ok(());
        }
        let leader = User::find_by_id(me)
            .one(txn)
            .await?
            .map(|u| u.name_or_email())
            .unwrap_or_default();
        // Each member's mail for the day is claimed by one conditional update, one member at a
        // time in id order: two steps opening at once in groups that share members then take
        // the rows' locks in the same order (one `IN (…)` update could deadlock on PostgreSQL).
        let mut due = Vec::new();
        for member in members {
            due.extend(
                User::update_many()
                    .col_expr(users::Column::StepMailAt, Expr::value(Some(now)))
                    .filter(users::Column::Id.eq(member))
                    .filter(
                        Condition::any()
                            .add(users::Column::StepMailAt.is_null())
                            .add(users::Column::StepMailAt.lte(now - chrono::Duration::days(1))),
                    )
                    .exec_with_returning(txn)
                    .await?,
            );
        }
        let track: Track = seen.group.track.into();
        // The step's title in each language, built once: a step's whole view (films,
        // transcripts) is not rebuilt per member.
        let title = |locale| {
            self.content
                .step(track, step.number, locale)
                .map_or_else(|| step.title.clone(), |s| s.title)
        };
        let link = format!(
            "{}/grupper/{}/steg/{}",
            self.base_url, seen.group.id, step.number
        );
        let notice = step_opened(
            &leader,
            &seen.group.name,
            step.number,
            &title(Locale::sv),
            &title(Locale::en),
            link,
        );
        crate::features::notices::notify(txn, &self.base_url, &due, &notice, now).await?;
        Ok(())
    }

    /// Marks an open step done. With tasks not yet agreed it asks first (`TasksNotAgreed`),
    /// unless the leader has confirmed.
    pub async fn finish(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        confirmed: bool,
    ) -> Result<()> {
        let (seen, me) = self.leader(actor, group).await?;
        let track: Track = seen.group.track.into();
        let cycle = self
            .cycle(&self.db, seen.organisation.id)
            .await?
            .ok_or(Invalid::StepNotOpen)?;
        if !confirmed {
            let (agreed, written) = self.marks(seen.group.id, cycle.id, Some(number)).await?;
            let open_tasks = self
                .content
                .tasks(track, number)
                .iter()
                .filter(|t| task_progress(track, number, t, &agreed, &written) != Progress::Agreed)
                .count();
            if open_tasks > 0 {
                return Err(Invalid::TasksNotAgreed.into());
            }
        }
        self.set_state(
            actor,
            &seen,
            cycle.id,
            number,
            StepStatus::Open,
            StepStatus::Done,
            me,
        )
        .await
    }

    /// Moves a done step back to open.
    pub async fn reopen(&self, actor: &Actor, group: GroupId, number: u8) -> Result<()> {
        let (seen, me) = self.leader(actor, group).await?;
        let cycle = self
            .cycle(&self.db, seen.organisation.id)
            .await?
            .ok_or(Invalid::StepNotOpen)?;
        self.set_state(
            actor,
            &seen,
            cycle.id,
            number,
            StepStatus::Done,
            StepStatus::Open,
            me,
        )
        .await
    }

    /// Moves a step from `from` to `to` in one statement; a step not in `from` (a double
    /// click, or a step never opened) changes nothing and is not an error.
    #[allow(clippy::too_many_arguments)]
    async fn set_state(
        &self,
        actor: &Actor,
        seen: &Seen,
        cycle: Uuid,
        number: u8,
        from: StepStatus,
        to: StepStatus,
        me: Uuid,
    ) -> Result<()> {
        let now = self.clock.now();
        let done_at = (to == StepStatus::Done).then_some(now);
        let txn = begin_write(&self.db).await?;
        let changed = StepState::update_many()
            .col_expr(step_states::Column::State, Expr::value(to))
            .col_expr(step_states::Column::DoneAt, Expr::value(done_at))
            .filter(step_states::Column::GroupId.eq(seen.group.id))
            .filter(step_states::Column::CycleId.eq(cycle))
            .filter(step_states::Column::Step.eq(i16::from(number)))
            .filter(step_states::Column::State.eq(from))
            .exec(&txn)
            .await?;
        if changed.rows_affected > 0 {
            let action = if to == StepStatus::Done {
                "step_done"
            } else {
                "step_reopened"
            };
            let subject = format!("{}/{number}", seen.group.id);
            audit::record(&txn, Event::ok(action, me, &subject, &actor.client), now).await?;
        }
        Ok(txn.commit().await?)
    }

    /// Saves a task's values as the member's own texts and, when asked, as the group's answers.
    /// A group answer someone else saved since the version the member started from is a
    /// conflict: that field keeps the member's text as their own and the group's as it is.
    pub async fn save(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        answers_in: TaskAnswers,
    ) -> Result<Saved> {
        let (seen, me) = self.member(actor, group).await?;
        let track: Track = seen.group.track.into();
        let tasks = self.content.tasks(track, number);
        let task = tasks
            .iter()
            .find(|t| t.id == answers_in.task)
            .ok_or(ServerError::NotFound)?;
        let mut values = Vec::with_capacity(task.fields.len());
        for field in &task.fields {
            let typed = answers_in
                .values
                .get(&field.id)
                .map(String::as_str)
                .unwrap_or("");
            match checked(field, typed) {
                Ok(value) => values.push((field, value)),
                Err(problem) => {
                    return Ok(Saved::Refused {
                        field: field.id.clone(),
                        problem,
                    });
                }
            }
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let cycle = self.current_cycle(&txn, seen.organisation.id).await?;
        let state = self.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if state.get(&number) != Some(&StepStatus::Open) {
            return Ok(Saved::Closed);
        }
        // A field the member has no text of their own in, sent back unchanged from the group's
        // answer (or empty), is no contribution: the box showed the group's text. Without this
        // an autosave would copy every group answer of the task into the member's own texts.
        let keys: Vec<String> = values
            .iter()
            .map(|(field, _)| field_key(track, number, &task.id, &field.id))
            .collect();
        let unchanged: HashSet<String> = if answers_in.to_group {
            HashSet::new()
        } else {
            let shared: HashMap<String, String> = Answer::find()
                .select_only()
                .columns([answers::Column::Field, answers::Column::Body])
                .filter(answers::Column::GroupId.eq(seen.group.id))
                .filter(answers::Column::CycleId.eq(cycle.id))
                .filter(answers::Column::Field.is_in(keys.clone()))
                .into_tuple::<(String, String)>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            let own: HashSet<String> = Contribution::find()
                .select_only()
                .column(contributions::Column::Field)
                .filter(contributions::Column::GroupId.eq(seen.group.id))
                .filter(contributions::Column::CycleId.eq(cycle.id))
                .filter(contributions::Column::UserId.eq(me))
                .filter(contributions::Column::Field.is_in(keys.clone()))
                .into_tuple::<String>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            values
                .iter()
                .zip(&keys)
                .filter(|((_, value), key)| {
                    !own.contains(*key) && (value.is_empty() || shared.get(*key) == Some(value))
                })
                .map(|(_, key)| key.clone())
                .collect()
        };
        let mut conflicts = Vec::new();
        for (field, value) in values {
            let key = field_key(track, number, &task.id, &field.id);
            if unchanged.contains(&key) {
                continue;
            }
            let started_from = answers_in.base.get(&field.id).copied().unwrap_or(0);
            let mut based_on = started_from;
            if answers_in.to_group {
                match self
                    .save_shared(
                        &txn,
                        seen.group.id,
                        cycle.id,
                        number,
                        &key,
                        &value,
                        started_from,
                        me,
                        now,
                    )
                    .await?
                {
                    Some(version) => based_on = version,
                    None => conflicts.push(field.id.clone()),
                }
            }
            let own = contributions::ActiveModel {
                group_id: Set(seen.group.id),
                cycle_id: Set(cycle.id),
                field: Set(key),
                user_id: Set(me),
                step: Set(i16::from(number)),
                body: Set(value),
                base_version: Set(based_on),
                saved_at: Set(now),
            };
            Contribution::insert(own)
                .on_conflict(replacing(
                    [
                        contributions::Column::GroupId,
                        contributions::Column::CycleId,
                        contributions::Column::Field,
                        contributions::Column::UserId,
                    ],
                    [
                        contributions::Column::Body,
                        contributions::Column::BaseVersion,
                        contributions::Column::SavedAt,
                    ],
                ))
                .exec_without_returning(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(if conflicts.is_empty() {
            Saved::Done
        } else {
            Saved::Conflicts(conflicts)
        })
    }

    /// Makes `value` the group's answer if it is still at `started_from`: the new version, or
    /// `None` when someone saved in between. An unchanged text makes no new version.
    #[allow(clippy::too_many_arguments)]
    async fn save_shared<C: ConnectionTrait>(
        &self,
        db: &C,
        group: Uuid,
        cycle: Uuid,
        number: u8,
        key: &str,
        value: &str,
        started_from: i32,
        me: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<i32>> {
        let current = Answer::find_by_id((group, cycle, key.to_string()))
            .one(db)
            .await?;
        let version = current.as_ref().map_or(0, |a| a.version);
        if current.as_ref().is_some_and(|a| a.body == value) {
            return Ok(Some(version));
        }
        if version != started_from || (current.is_none() && value.is_empty()) {
            return Ok((version == started_from).then_some(version));
        }
        let next = version + 1;
        // Compare and swap on the version: of two saves from the same version, one changes the
        // row and the other finds it moved on (or, for a first answer, finds it there).
        let swapped = match current {
            Some(_) => {
                Answer::update_many()
                    .col_expr(answers::Column::Body, Expr::value(value))
                    .col_expr(answers::Column::Version, Expr::value(next))
                    .col_expr(answers::Column::Agreed, Expr::value(false))
                    .col_expr(answers::Column::SavedBy, Expr::value(Some(me)))
                    .col_expr(answers::Column::SavedAt, Expr::value(now))
                    .filter(answers::Column::GroupId.eq(group))
                    .filter(answers::Column::CycleId.eq(cycle))
                    .filter(answers::Column::Field.eq(key))
                    .filter(answers::Column::Version.eq(version))
                    .exec(db)
                    .await?
                    .rows_affected
            }
            None => {
                Answer::insert(answers::ActiveModel {
                    group_id: Set(group),
                    cycle_id: Set(cycle),
                    field: Set(key.to_string()),
                    step: Set(i16::from(number)),
                    body: Set(value.to_string()),
                    version: Set(next),
                    agreed: Set(false),
                    saved_by: Set(Some(me)),
                    saved_at: Set(now),
                })
                .on_conflict(kept([
                    answers::Column::GroupId,
                    answers::Column::CycleId,
                    answers::Column::Field,
                ]))
                .exec_without_returning(db)
                .await?
            }
        };
        if swapped == 0 {
            return Ok(None);
        }
        AnswerVersion::insert(answer_versions::ActiveModel {
            group_id: Set(group),
            cycle_id: Set(cycle),
            field: Set(key.to_string()),
            version: Set(next),
            body: Set(value.to_string()),
            saved_by: Set(Some(me)),
            saved_at: Set(now),
        })
        .exec_without_returning(db)
        .await?;
        Ok(Some(next))
    }

    /// Makes an earlier version of the group's answer to `field` (`task/field`) the current one,
    /// as a new version; from `current`, the version the person saw (someone saving in between
    /// is a conflict, as for any save).
    pub async fn restore(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        field: &str,
        version: i32,
        current: i32,
    ) -> Result<Saved> {
        let (seen, me) = self.member(actor, group).await?;
        let track: Track = seen.group.track.into();
        let key = self.known_field(track, number, field)?;
        let cycle = self
            .cycle(&self.db, seen.organisation.id)
            .await?
            .ok_or(ServerError::NotFound)?;
        let earlier = AnswerVersion::find_by_id((seen.group.id, cycle.id, key.clone(), version))
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        let txn = begin_write(&self.db).await?;
        let state = self.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if state.get(&number) != Some(&StepStatus::Open) {
            return Ok(Saved::Closed);
        }
        let now = self.clock.now();
        let saved = self
            .save_shared(
                &txn,
                seen.group.id,
                cycle.id,
                number,
                &key,
                &earlier.body,
                current,
                me,
                now,
            )
            .await?;
        txn.commit().await?;
        let field = field.split_once('/').map_or(field, |(_, f)| f).to_string();
        Ok(match saved {
            Some(_) => Saved::Done,
            None => Saved::Conflicts(vec![field]),
        })
    }

    /// The stable id of `field` (`task/field`) in this step, if the content has it.
    fn known_field(&self, track: Track, number: u8, field: &str) -> Result<String> {
        let (task, field) = field.split_once('/').ok_or(ServerError::NotFound)?;
        let known = self
            .content
            .tasks(track, number)
            .iter()
            .any(|t| t.id == task && t.fields.iter().any(|f| f.id == field));
        if !known {
            return Err(ServerError::NotFound);
        }
        Ok(field_key(track, number, task, field))
    }

    /// A process leader marks the group's answer to a field agreed, or not.
    pub async fn agree(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        field: &str,
        agreed: bool,
    ) -> Result<()> {
        let (seen, me) = self.leader(actor, group).await?;
        let track: Track = seen.group.track.into();
        let key = self.known_field(track, number, field)?;
        let cycle = self
            .cycle(&self.db, seen.organisation.id)
            .await?
            .ok_or(ServerError::NotFound)?;
        let txn = begin_write(&self.db).await?;
        let state = self.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if state.get(&number) != Some(&StepStatus::Open) {
            return Err(Invalid::StepNotOpen.into());
        }
        let changed = Answer::update_many()
            .col_expr(answers::Column::Agreed, Expr::value(agreed))
            .filter(answers::Column::GroupId.eq(seen.group.id))
            .filter(answers::Column::CycleId.eq(cycle.id))
            .filter(answers::Column::Field.eq(key.as_str()))
            .exec(&txn)
            .await?;
        if changed.rows_affected == 0 {
            return Err(ServerError::NotFound);
        }
        let action = if agreed {
            "answer_agreed"
        } else {
            "answer_unagreed"
        };
        audit::record(
            &txn,
            Event::ok(action, me, &key, &actor.client),
            self.clock.now(),
        )
        .await?;
        Ok(txn.commit().await?)
    }
}

pub(crate) fn state_of(status: Option<&StepStatus>) -> Stage {
    match status {
        None => Stage::NotOpened,
        Some(StepStatus::Open) => Stage::Open,
        Some(StepStatus::Done) => Stage::Done,
    }
}

/// `ON CONFLICT (key) DO NOTHING`: of two rows written at once with the same key, the first
/// is kept (a double click, a parallel request).
pub(crate) fn kept<C: sea_orm::sea_query::IntoIden>(
    key: impl IntoIterator<Item = C>,
) -> OnConflict {
    OnConflict::columns(key).do_nothing().to_owned()
}

/// `ON CONFLICT (key) DO UPDATE SET columns`: a row written again (one person's text, a
/// prompt's summary) replaces the values it had.
fn replacing<C: sea_orm::sea_query::IntoIden + Copy>(
    key: impl IntoIterator<Item = C>,
    columns: impl IntoIterator<Item = C>,
) -> OnConflict {
    OnConflict::columns(key).update_columns(columns).to_owned()
}

/// A prompt's stable id, as `content/ids.toml` records it and notes are stored under.
fn prompt_key(track: Track, step: u8, prompt: &str) -> String {
    format!("{step}/{}/prompt/{prompt}", track.slug())
}

/// The step's prompts with nothing written under them yet.
fn empty_prompts(step: &StepView) -> Vec<PromptWork> {
    step.prompts
        .iter()
        .map(|p| PromptWork {
            prompt: p.id.clone(),
            notes: Vec::new(),
            summary: None,
        })
        .collect()
}

/// Before the group's first opened step there is nothing written.
fn empty_work(step: &StepView) -> Vec<TaskWork> {
    step.tasks
        .iter()
        .map(|task| TaskWork {
            task: task.id.clone(),
            fields: task
                .fields
                .iter()
                .map(|f| FieldWork {
                    field: f.id.clone(),
                    shared: None,
                    mine: None,
                    others: Vec::new(),
                    history: Vec::new(),
                })
                .collect(),
        })
        .collect()
}

crate::port! {
    impl Work for WorkService {
        async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> GroupStep;
        async fn open(&self, actor: &Actor, group: GroupId, number: u8, notify: bool) -> ();
        async fn finish(&self, actor: &Actor, group: GroupId, number: u8, confirmed: bool) -> ();
        async fn reopen(&self, actor: &Actor, group: GroupId, number: u8) -> ();
        async fn save(&self, actor: &Actor, group: GroupId, number: u8, answers_in: TaskAnswers)
            -> Saved;
        async fn agree(&self, actor: &Actor, group: GroupId, number: u8, field: &str, agreed: bool)
            -> ();
        async fn note(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            prompt: &str,
            body: &str,
            summary: bool,
        ) -> Noted;
        async fn restore(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            field: &str,
            version: i32,
            current: i32,
        ) -> Saved;
        async fn document(&self, actor: &Actor, group: GroupId, number: u8) -> StepDocument;
        async fn finalised(&self, actor: &Actor, group: GroupId, number: u8, version: i32)
            -> FinalisedDocument;
        async fn finalise(&self, actor: &Actor, group: GroupId, number: u8, seen_version: i32)
            -> i32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_school_year_turns_in_july() {
        let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        assert_eq!(school_year(at("2026-11-29T12:00:00Z")), "2026/27");
        assert_eq!(school_year(at("2027-06-30T12:00:00Z")), "2026/27");
        assert_eq!(school_year(at("2027-07-01T00:00:00Z")), "2027/28");
        assert_eq!(school_year(at("2099-08-01T00:00:00Z")), "2099/00");
    }

    #[test]
    fn answers_are_checked_against_the_fields_kind() {
        let field = |kind| FieldView {
            id: "f".into(),
            label: "F".into(),
            help: None,
            kind,
        };
        let rating = field(FieldKind::Rating {
            scale: vec!["a".into(), "b".into(), "c".into()],
        });
        assert_eq!(checked(&rating, " 2 "), Ok("2".into()));
        assert_eq!(checked(&rating, ""), Ok(String::new()));
        assert_eq!(checked(&rating, "4"), Err(AnswerProblem::NotOnScale));
        assert_eq!(checked(&rating, "0"), Err(AnswerProblem::NotOnScale));
        let option = |id: &str| app::features::workshop::types::ChoiceOption {
            id: id.into(),
            label: id.into(),
        };
        let one = field(FieldKind::Choice {
            options: vec![option("x"), option("y")],
            multiple: false,
        });
        assert_eq!(checked(&one, "y"), Ok("y".into()));
        assert_eq!(checked(&one, "x\ny"), Err(AnswerProblem::NotAnOption));
        assert_eq!(checked(&one, "z"), Err(AnswerProblem::NotAnOption));
        let many = field(FieldKind::Choice {
            options: vec![option("x"), option("y")],
            multiple: true,
        });
        assert_eq!(checked(&many, "y\r\nx"), Ok("x\ny".into()));
        let text = field(FieldKind::LongText);
        assert_eq!(
            checked(&text, &"å".repeat(MAX_ANSWER)).map(|s| s.len()),
            Ok(MAX_ANSWER * 2)
        );
        assert_eq!(
            checked(&text, &"å".repeat(MAX_ANSWER + 1)),
            Err(AnswerProblem::TooLong)
        );
    }
}
