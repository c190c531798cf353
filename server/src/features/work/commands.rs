//! The step commands: opening a step (with the members' mail), marking it done or open
//! again, notes and summaries under the prompts, agreeing answers, and finalising the step's
//! artefact. Each runs in one write transaction and reads only through it.

use super::{
    document::{answers_of, answers_to, body, snapshot, versions},
    mail::step_opened,
    pages::prompt_key,
};
use crate::{
    audit::{self, Event},
    context::{Context, Seen, field_key, task_progress},
    db::{Writer, kept, replacing},
    entities::{
        answers, artefact_versions, enums::StepStatus, groups, memberships, prelude::*,
        prompt_notes, prompt_summaries, step_states, users,
    },
    error::{Result, ServerError},
};
use app::{
    error::Invalid,
    features::{
        work::types::{MAX_NOTE, Noted, Progress},
        workshop::types::{StepView, Track},
    },
    i18n::Locale,
    ports::{Actor, GroupId, Workshop as _},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};
use uuid::Uuid;

/// Changes the group's work; holds no pool, so every read goes through the transaction.
pub(super) struct WorkCommands {
    pub(super) writer: Writer,
    pub(super) ctx: Context,
    /// The site's address, for links in mail.
    pub(super) base_url: String,
}

impl WorkCommands {
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
        let txn = self.writer.begin().await?;
        let (seen, me) = if summary {
            self.ctx.leader(&txn, actor, group).await?
        } else {
            self.ctx.member(&txn, actor, group).await?
        };
        let seen = &seen;
        let track: Track = seen.group.track.into();
        let known = self
            .ctx
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
        let now = self.ctx.clock.now();
        let cycle = self.ctx.current_cycle(&txn, seen).await?;
        let states = self.ctx.states(&txn, seen.group.id, Some(cycle.id)).await?;
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
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        let step = self.ctx.step_view(seen.track(), number, actor)?;
        if step.opens.is_some() {
            return Err(Invalid::StepNotOpen.into());
        }
        let now = self.ctx.clock.now();
        let cycle = self.ctx.current_cycle(&txn, &seen).await?;
        let states = self.ctx.states(&txn, seen.group.id, Some(cycle.id)).await?;
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
            self.ctx
                .content
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
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        let track = seen.track();
        let year = self.ctx.year(&txn, &seen).await?;
        if year.closed {
            return Err(Invalid::YearClosed.into());
        }
        // A later year leaves out the tasks the content skips then.
        let later = year.previous.is_some();
        let cycle = year.cycle.ok_or(Invalid::StepNotOpen)?;
        if !confirmed {
            let (agreed, written) = self
                .ctx
                .marks(&txn, seen.group.id, cycle.id, Some(number))
                .await?;
            let open_tasks = self
                .ctx
                .content
                .tasks(track, number)
                .iter()
                .filter(|t| !(later && t.skip_in_later_years))
                .filter(|t| task_progress(track, number, t, &agreed, &written) != Progress::Agreed)
                .count();
            if open_tasks > 0 {
                return Err(Invalid::TasksNotAgreed.into());
            }
        }
        self.set_state(
            txn,
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
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        let cycle = self
            .ctx
            .working_cycle(&txn, &seen)
            .await?
            .ok_or(Invalid::StepNotOpen)?;
        self.set_state(
            txn,
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
        txn: DatabaseTransaction,
        actor: &Actor,
        seen: &Seen,
        cycle: Uuid,
        number: u8,
        from: StepStatus,
        to: StepStatus,
        me: Uuid,
    ) -> Result<()> {
        let now = self.ctx.clock.now();
        let done_at = (to == StepStatus::Done).then_some(now);
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

    /// A process leader marks the group's answer to a field (`task/field`) agreed, or not; or,
    /// given a task's id alone, the answers to all its fields at once. A whole task is agreed
    /// only when every field has a group answer (`Invalid::AnswersMissing` otherwise, and
    /// nothing changes): "agreed" on a task means the same on every page.
    pub async fn agree(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        field: &str,
        agreed: bool,
    ) -> Result<()> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        let track = seen.track();
        let keys: Vec<String> = if field.contains('/') {
            vec![self.known_field(track, number, field)?]
        } else {
            let task = self
                .ctx
                .content
                .tasks(track, number)
                .iter()
                .find(|t| t.id == field)
                .ok_or(ServerError::NotFound)?;
            task.fields
                .iter()
                .map(|f| field_key(track, number, &task.id, &f.id))
                .collect()
        };
        let cycle = self
            .ctx
            .working_cycle(&txn, &seen)
            .await?
            .ok_or(ServerError::NotFound)?;
        let state = self.ctx.states(&txn, seen.group.id, Some(cycle.id)).await?;
        if state.get(&number) != Some(&StepStatus::Open) {
            return Err(Invalid::StepNotOpen.into());
        }
        let mut update = Answer::update_many()
            .col_expr(answers::Column::Agreed, Expr::value(agreed))
            .filter(answers::Column::GroupId.eq(seen.group.id))
            .filter(answers::Column::CycleId.eq(cycle.id))
            .filter(answers::Column::Field.is_in(keys.clone()));
        // A whole task is agreed on what the group wrote: an empty answer is no answer.
        if agreed && keys.len() > 1 {
            update = update.filter(answers::Column::Body.ne(""));
        }
        let changed = update.exec(&txn).await?;
        if changed.rows_affected == 0 && keys.len() == 1 {
            return Err(ServerError::NotFound);
        }
        // Dropping the transaction undoes the marks already set.
        if agreed && changed.rows_affected < keys.len() as u64 {
            return Err(Invalid::AnswersMissing.into());
        }
        let action = match (agreed, keys.len() == 1) {
            (true, true) => "answer_agreed",
            (false, true) => "answer_unagreed",
            (true, false) => "task_agreed",
            (false, false) => "task_unagreed",
        };
        let subject = if keys.len() == 1 {
            keys[0].clone()
        } else {
            format!("{number}/{field}")
        };
        audit::record(
            &txn,
            Event::ok(action, me, &subject, &actor.client),
            self.ctx.clock.now(),
        )
        .await?;
        Ok(txn.commit().await?)
    }

    /// Finalises the step's artefact as the next version, from `seen`, the newest version the
    /// leader's page showed (0: none). Returns the version that now holds the answers: a
    /// double submit, or answers unchanged since the newest version, makes no new one.
    pub async fn finalise(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        seen_version: i32,
    ) -> Result<i32> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        let track = seen.track();
        let step = self.ctx.step_view(track, number, actor)?;
        let cycle = self
            .ctx
            .opened_cycle(&txn, &seen, number)
            .await?
            .ok_or(Invalid::StepNotOpen)?;
        let shared = answers_to(&txn, seen.group.id, cycle.id, number).await?;
        let current = body(track, &step, &shared);
        let newest = versions(&txn, seen.group.id, cycle.id, number)
            .await?
            .first()
            .map_or(0, |r| r.0);
        if newest > 0
            && let Some((_, stored)) =
                snapshot(&txn, seen.group.id, cycle.id, number, newest).await?
            && answers_of(&stored) == answers_of(&current)
        {
            return Ok(newest);
        }
        // The page was older than the newest version (another tab, or another leader):
        // finalising is the leader's decision on what they saw, so it waits for them to look
        // again.
        if newest != seen_version {
            return Err(ServerError::Conflict);
        }
        let next = newest + 1;
        let frozen = serde_json::to_string(&current)
            .map_err(|e| ServerError::Other(anyhow::anyhow!("artefact snapshot: {e}")))?;
        let now = self.ctx.clock.now();
        // The key (group, cycle, step, version) lets only one of two parallel requests in.
        let inserted = ArtefactVersion::insert(artefact_versions::ActiveModel {
            group_id: Set(seen.group.id),
            cycle_id: Set(cycle.id),
            step: Set(i16::from(number)),
            version: Set(next),
            title: Set(step.artefact.title.clone()),
            snapshot: Set(frozen),
            finalised_by: Set(Some(me)),
            finalised_at: Set(now),
        })
        .on_conflict(kept([
            artefact_versions::Column::GroupId,
            artefact_versions::Column::CycleId,
            artefact_versions::Column::Step,
            artefact_versions::Column::Version,
        ]))
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            // A parallel request finalised version `next` first: the same answers are the same
            // version; different ones are a conflict the leader should see.
            let stored = snapshot(&txn, seen.group.id, cycle.id, number, next).await?;
            return match stored {
                Some((_, stored)) if answers_of(&stored) == answers_of(&current) => Ok(next),
                _ => Err(ServerError::Conflict),
            };
        }
        let subject = format!("{}/{number}/v{next}", seen.group.id);
        audit::record(
            &txn,
            Event::ok("artefact_finalised", me, &subject, &actor.client),
            now,
        )
        .await?;
        txn.commit().await?;
        Ok(next)
    }
}
