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
    error::Result,
};
use app::{
    features::{
        work::types::{
            AnswerVersion as SavedVersion, Contribution as OthersText, FieldWork, GroupStep,
            MemberTasks, MyText, Note, Progress, PromptWork, RetiredAnswer, SharedAnswer,
            StepState as Stage, TaskWork,
        },
        workshop::types::{StepView, Track},
    },
    ports::{Actor, GroupId},
};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
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

/// What a member's step page shows of the group's work.
struct MemberWork {
    tasks: Vec<TaskWork>,
    contributors: Vec<MemberTasks>,
    prompts: Vec<PromptWork>,
    retired: Vec<RetiredAnswer>,
}

impl WorkPages {
    /// The group's step page: a fixed number of queries whatever the number of members,
    /// answers and notes (the group, the role, the cycle, the states; for a member the
    /// answers, their history, the texts, the names, the notes and the summaries).
    pub async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> Result<GroupStep> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.ctx.step_view(track, number, actor)?;
        let cycle = self.ctx.cycle(&self.db, seen.organisation.id).await?;
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
