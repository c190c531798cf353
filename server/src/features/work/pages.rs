//! The group's step page as a read model: the step's content, its state, and for a member the
//! group's work on it (answers with their history, own and others' texts, notes, summaries,
//! answers to retired fields). A fixed number of queries whatever the number of members,
//! answers and notes; nothing here writes.

use crate::{
    context::{Context, Seen, field_key, state_of, task_progress},
    entities::{
        answer_versions, answers, contributions, memberships, prelude::*, prompt_notes,
        prompt_summaries,
    },
    error::{Result, ServerError},
};
use app::{
    features::{
        work::types::{
            AnswerVersion as SavedVersion, Carried, Contribution as OthersText, FieldPage,
            FieldWork, GroupStep, MemberTasks, MyText, Note, Progress, PromptPage, PromptWork,
            RetiredAnswer, SharedAnswer, StepState as Stage, TaskWork,
        },
        workshop::types::{StepView, Track},
    },
    ports::{Actor, GroupId},
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Reads the step page through the pool.
pub(super) struct WorkPages {
    pub(super) db: DatabaseConnection,
    pub(super) ctx: Context,
}

/// How far a task has come, from the work a member's page shows: the same rule as
/// `task_progress`, read from the answers and texts already loaded.
fn progress_from(task: &TaskWork) -> Progress {
    let agreed = |f: &FieldWork| f.shared.as_ref().is_some_and(|s| s.agreed);
    let written = |f: &FieldWork| {
        agreed(f)
            || f.shared.as_ref().is_some_and(|s| !s.body.is_empty())
            || f.mine.as_ref().is_some_and(|m| !m.body.is_empty())
            || f.others > 0
    };
    if !task.fields.is_empty() && task.fields.iter().all(agreed) {
        Progress::Agreed
    } else if task.fields.iter().any(written) {
        Progress::InProgress
    } else {
        Progress::NotStarted
    }
}

/// What a member's step page shows of the group's work.
struct MemberWork {
    tasks: Vec<TaskWork>,
    contributors: Vec<MemberTasks>,
    prompts: Vec<PromptWork>,
    retired: Vec<RetiredAnswer>,
}

impl WorkPages {
    /// Last year's answers the step's tasks show (`from_last_year`): one query for all of
    /// them, labelled as the content names the fields now.
    async fn carried(
        &self,
        actor: &Actor,
        seen: &Seen,
        previous: Uuid,
        track: Track,
        step: &StepView,
    ) -> Result<Vec<Carried>> {
        let keys: Vec<&String> = step.tasks.iter().flat_map(|t| &t.from_last_year).collect();
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let bodies: HashMap<String, String> = Answer::find()
            .select_only()
            .columns([answers::Column::Field, answers::Column::Body])
            .filter(answers::Column::GroupId.eq(seen.group.id))
            .filter(answers::Column::CycleId.eq(previous))
            .filter(answers::Column::Field.is_in(keys.iter().map(|k| k.as_str())))
            .into_tuple::<(String, String)>()
            .all(&self.db)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::new();
        let mut views: HashMap<u8, StepView> = HashMap::new();
        for task in &step.tasks {
            for key in &task.from_last_year {
                // The content check has made sure every key names a field of the track.
                let parts: Vec<&str> = key.split('/').collect();
                let [number, _, _, task_id, field_id] = parts.as_slice() else {
                    continue;
                };
                let Some(number) = number.parse::<u8>().ok() else {
                    continue;
                };
                let view = match views.entry(number) {
                    std::collections::hash_map::Entry::Occupied(view) => view.into_mut(),
                    std::collections::hash_map::Entry::Vacant(slot) => {
                        slot.insert(self.ctx.step_view(track, number, actor)?)
                    }
                };
                let Some(field) = view
                    .tasks
                    .iter()
                    .find(|t| t.id == *task_id)
                    .and_then(|t| t.fields.iter().find(|f| f.id == *field_id))
                else {
                    continue;
                };
                out.push(Carried {
                    task: task.id.clone(),
                    step: number,
                    label: field.label.clone(),
                    text: bodies
                        .get(key)
                        .map(|body| super::document::readable(&field.kind, body))
                        .unwrap_or_default(),
                });
            }
        }
        Ok(out)
    }

    /// The group's step page: a fixed number of queries whatever the number of members,
    /// answers and notes (the group, the role, the cycle, the states; for a member the
    /// answers, their history, the texts, the names, the notes and the summaries).
    pub async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> Result<GroupStep> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.ctx.step_view(track, number, actor)?;
        let year = self.ctx.year(&self.db, &seen).await?;
        let carried = match (&seen.role, &year.previous) {
            (Some(_), Some(previous)) => {
                self.carried(actor, &seen, previous.id, track, &step)
                    .await?
            }
            _ => Vec::new(),
        };
        let later_year = year.previous.as_ref().map(|c| c.label.clone());
        let (cycle, closed) = (year.cycle, year.closed);
        let states = self
            .ctx
            .states(&self.db, seen.group.id, cycle.as_ref().map(|c| c.id))
            .await?;
        let state = state_of(states.get(&number));
        let previous_opened = number <= 1 || states.contains_key(&(number - 1));
        let leads = seen.leads();
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
                let (agreed, written) = self
                    .ctx
                    .marks(&self.db, seen.group.id, cycle.id, Some(number))
                    .await?;
                step.tasks
                    .iter()
                    .map(|task| task_progress(track, number, task, &agreed, &written))
                    .collect()
            }
            (None, None) => vec![Progress::NotStarted; step.tasks.len()],
        };
        Ok(GroupStep {
            group: seen.summary(),
            cycle: self.ctx.cycle_label(cycle),
            can_open: leads
                && !closed
                && state == Stage::NotOpened
                && step.opens.is_none()
                && previous_opened,
            closed,
            later_year,
            carried,
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

    /// A prompt's page: its notes (oldest first) and the leader's summary. Members only; five
    /// queries.
    pub async fn prompt(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        prompt: &str,
    ) -> Result<PromptPage> {
        let (seen, _) = self.ctx.member(&self.db, actor, group).await?;
        let track = seen.track();
        let step = self.ctx.step_view(track, number, actor)?;
        let view = step
            .prompts
            .iter()
            .find(|p| p.id == prompt)
            .cloned()
            .ok_or(ServerError::NotFound)?;
        let key = prompt_key(track, number, prompt);
        let (cycle, open) = self.ctx.step_open(&self.db, &seen, number).await?;
        let (notes, summary) = match &cycle {
            Some(cycle) => {
                let notes = PromptNote::find()
                    .filter(prompt_notes::Column::GroupId.eq(seen.group.id))
                    .filter(prompt_notes::Column::CycleId.eq(cycle.id))
                    .filter(prompt_notes::Column::Step.eq(i16::from(number)))
                    .filter(prompt_notes::Column::Prompt.eq(key.as_str()))
                    .order_by_asc(prompt_notes::Column::Id)
                    .all(&self.db)
                    .await?;
                let summary = PromptSummary::find()
                    .filter(prompt_summaries::Column::GroupId.eq(seen.group.id))
                    .filter(prompt_summaries::Column::CycleId.eq(cycle.id))
                    .filter(prompt_summaries::Column::Step.eq(i16::from(number)))
                    .filter(prompt_summaries::Column::Prompt.eq(key.as_str()))
                    .one(&self.db)
                    .await?
                    .map(|s| s.body)
                    .filter(|b| !b.is_empty());
                (notes, summary)
            }
            None => (Vec::new(), None),
        };
        let names = self
            .ctx
            .names(&self.db, notes.iter().filter_map(|n| n.user_id))
            .await?;
        Ok(PromptPage {
            leads: seen.leads(),
            group: seen.summary(),
            cycle: self.ctx.cycle_label(cycle),
            number,
            step_title: step.title.clone(),
            prompt: view,
            open,
            notes: notes
                .into_iter()
                .map(|n| Note {
                    name: n
                        .user_id
                        .and_then(|id| names.get(&id).cloned())
                        .unwrap_or_else(|| "–".to_string()),
                    body: n.body,
                    written_on: crate::db::date(n.created_at),
                })
                .collect(),
            summary,
        })
    }

    /// A field's page: the others' own texts and every saved version of the group's answer.
    /// Members only; five queries.
    pub async fn field(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        task: &str,
        field: &str,
    ) -> Result<FieldPage> {
        let (seen, me) = self.ctx.member(&self.db, actor, group).await?;
        let track = seen.track();
        let step = self.ctx.step_view(track, number, actor)?;
        let task_view = step
            .tasks
            .iter()
            .find(|t| t.id == task)
            .ok_or(ServerError::NotFound)?;
        let field_view = task_view
            .fields
            .iter()
            .find(|f| f.id == field)
            .ok_or(ServerError::NotFound)?;
        let key = field_key(track, number, task, field);
        let (cycle, open) = self.ctx.step_open(&self.db, &seen, number).await?;
        let (shared, texts, saves) = match &cycle {
            Some(cycle) => {
                let shared = Answer::find_by_id((seen.group.id, cycle.id, key.clone()))
                    .one(&self.db)
                    .await?;
                let texts = Contribution::find()
                    .filter(contributions::Column::GroupId.eq(seen.group.id))
                    .filter(contributions::Column::CycleId.eq(cycle.id))
                    .filter(contributions::Column::Field.eq(key.as_str()))
                    .filter(contributions::Column::UserId.ne(me))
                    .filter(contributions::Column::Body.ne(""))
                    .all(&self.db)
                    .await?;
                let saves = AnswerVersion::find()
                    .filter(answer_versions::Column::GroupId.eq(seen.group.id))
                    .filter(answer_versions::Column::CycleId.eq(cycle.id))
                    .filter(answer_versions::Column::Field.eq(key.as_str()))
                    .order_by_desc(answer_versions::Column::Version)
                    .all(&self.db)
                    .await?;
                (shared, texts, saves)
            }
            None => (None, Vec::new(), Vec::new()),
        };
        let names = self
            .ctx
            .names(
                &self.db,
                texts
                    .iter()
                    .map(|t| t.user_id)
                    .chain(saves.iter().filter_map(|v| v.saved_by))
                    .chain(shared.iter().filter_map(|a| a.saved_by)),
            )
            .await?;
        let name = |id: Option<Uuid>| {
            id.and_then(|id| names.get(&id).cloned())
                .unwrap_or_else(|| "–".to_string())
        };
        let mut others: Vec<OthersText> = texts
            .iter()
            .map(|t| OthersText {
                name: name(Some(t.user_id)),
                body: t.body.clone(),
            })
            .collect();
        others.sort_by_cached_key(|c| crate::text::sort_key(&c.name));
        Ok(FieldPage {
            group: seen.summary(),
            cycle: self.ctx.cycle_label(cycle),
            number,
            step_title: step.title.clone(),
            task: task.to_string(),
            task_title: task_view.title.clone(),
            field: field_view.clone(),
            open,
            shared: shared.as_ref().map(|a| shared_answer(a, &name)),
            others,
            history: saves
                .iter()
                .map(|v| SavedVersion {
                    version: v.version,
                    body: v.body.clone(),
                    saved_by: name(v.saved_by),
                    saved_on: crate::db::date(v.saved_at),
                })
                .collect(),
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
        // The reader's own texts whole; of the others' only who wrote where, never the
        // bodies (the field's page shows them): with thirty members that is most of the bytes.
        let mine: HashMap<String, contributions::Model> = Contribution::find()
            .filter(contributions::Column::GroupId.eq(group))
            .filter(contributions::Column::CycleId.eq(cycle))
            .filter(contributions::Column::Step.eq(number))
            .filter(contributions::Column::UserId.eq(me))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|t| (t.field.clone(), t))
            .collect();
        let written: Vec<(Uuid, String)> = Contribution::find()
            .select_only()
            .columns([contributions::Column::UserId, contributions::Column::Field])
            .filter(contributions::Column::GroupId.eq(group))
            .filter(contributions::Column::CycleId.eq(cycle))
            .filter(contributions::Column::Step.eq(number))
            .filter(contributions::Column::Body.ne(""))
            .into_tuple()
            .all(&self.db)
            .await?;
        let mut versions: HashMap<String, u16> = HashMap::new();
        for field in AnswerVersion::find()
            .select_only()
            .column(answer_versions::Column::Field)
            .filter(answer_versions::Column::GroupId.eq(group))
            .filter(answer_versions::Column::CycleId.eq(cycle))
            .filter(answer_versions::Column::Field.starts_with(format!(
                "{}/{}/field/",
                step.number,
                track.slug()
            )))
            .into_tuple::<String>()
            .all(&self.db)
            .await?
        {
            *versions.entry(field).or_default() += 1;
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
        let mut writers: HashMap<&str, HashSet<Uuid>> = HashMap::new();
        for (user, field) in &written {
            writers.entry(field.as_str()).or_default().insert(*user);
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
                            writers.get(key.as_str()).is_some_and(|w| w.contains(id))
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
                        let others = writers
                            .get(key.as_str())
                            .map_or(0, |w| w.iter().filter(|u| **u != me).count());
                        FieldWork {
                            field: field.id.clone(),
                            shared: shared.get(&key).map(|a| shared_answer(a, &name)),
                            mine: mine.get(&key).map(|t| MyText {
                                body: t.body.clone(),
                                base_version: t.base_version,
                            }),
                            others: u16::try_from(others).unwrap_or(u16::MAX),
                            versions: versions.get(&key).copied().unwrap_or_default(),
                        }
                    })
                    .collect(),
            })
            .collect();
        // How many notes each prompt has; the notes are on the prompt's own page.
        let mut notes: HashMap<String, u16> = HashMap::new();
        for prompt in PromptNote::find()
            .select_only()
            .column(prompt_notes::Column::Prompt)
            .filter(prompt_notes::Column::GroupId.eq(group))
            .filter(prompt_notes::Column::CycleId.eq(cycle))
            .filter(prompt_notes::Column::Step.eq(number))
            .into_tuple::<String>()
            .all(&self.db)
            .await?
        {
            *notes.entry(prompt).or_default() += 1;
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
            .chain(mine.keys().map(String::as_str))
            .filter(|key| !current.contains(*key))
            .collect::<std::collections::BTreeSet<&str>>()
            .into_iter()
            .map(|key| RetiredAnswer {
                field: key.strip_prefix(&prefix).unwrap_or(key).to_string(),
                group: shared
                    .get(key)
                    .map(|a| a.body.clone())
                    .filter(|b| !b.is_empty()),
                mine: mine
                    .get(key)
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
}

/// The group's answer as pages show it.
fn shared_answer(a: &answers::Model, name: &impl Fn(Option<Uuid>) -> String) -> SharedAnswer {
    SharedAnswer {
        body: a.body.clone(),
        version: a.version,
        agreed: a.agreed,
        saved_by: name(a.saved_by),
        saved_on: crate::db::date(a.saved_at),
    }
}

/// A prompt's stable id, as `content/ids.toml` records it and notes are stored under.
pub(super) fn prompt_key(track: Track, step: u8, prompt: &str) -> String {
    format!("{step}/{}/prompt/{prompt}", track.slug())
}

/// The step's prompts with nothing written under them yet.
fn empty_prompts(step: &StepView) -> Vec<PromptWork> {
    step.prompts
        .iter()
        .map(|p| PromptWork {
            prompt: p.id.clone(),
            notes: 0,
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
                    others: 0,
                    versions: 0,
                })
                .collect(),
        })
        .collect()
}
