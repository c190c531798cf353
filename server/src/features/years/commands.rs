//! Changes to the years: opening the organisation's next school year (the huvudman's leader or
//! an owner) and closing a group's own (its leader). Both lock the row they start from, so two
//! at once take turns, and a double submit changes nothing the second time.

use crate::{
    access, audit,
    context::{Context, autumn_of, first_year_of, school_year_from},
    db::{Writer, kept},
    entities::{answers, cycles, enums::StepStatus, group_years, groups, prelude::*, step_states},
    error::{Result, ServerError},
};
use app::{
    error::Invalid,
    ports::{Actor, GroupId, OrganisationId},
};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Query,
};
use std::collections::HashSet;
use uuid::Uuid;

#[derive(Clone)]
pub(super) struct YearCommands {
    pub(super) writer: Writer,
    pub(super) ctx: Context,
}

impl YearCommands {
    /// Opens the school year after the organisation's newest (or this school year, if the
    /// newest is older). Groups that have begun the newest year and not closed it are held in
    /// it to finish; every other group moves on with the organisation. Opening when the next
    /// year is already open changes nothing.
    pub async fn open_next(&self, actor: &Actor, organisation: OrganisationId) -> Result<()> {
        let me = actor.user_id()?.0;
        let txn = self.writer.begin().await?;
        let mut query = Organisation::find_by_id(organisation.0);
        if !actor.is_admin() {
            query = query.filter(access::plans_year_of(me));
        }
        let org = query
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let now = self.ctx.clock.now();
        let this_year = autumn_of(now);
        let newest = self.ctx.newest_cycle(&txn, org.id).await?;
        let newest_first = newest.as_ref().and_then(|c| first_year_of(&c.label));
        // One year ahead at most: next year's is already open.
        if newest_first.is_some_and(|first| first > this_year) {
            return Ok(());
        }
        let start = newest_first.map_or(this_year, |first| (first + 1).max(this_year));
        if let Some(newest) = &newest {
            // Groups that have begun the year and not closed it finish it first.
            let begun: HashSet<Uuid> = StepState::find()
                .select_only()
                .column(step_states::Column::GroupId)
                .distinct()
                .filter(step_states::Column::CycleId.eq(newest.id))
                .filter(
                    step_states::Column::GroupId.not_in_subquery(
                        Query::select()
                            .column(group_years::Column::GroupId)
                            .from(group_years::Entity)
                            .and_where(group_years::Column::CycleId.eq(newest.id))
                            .to_owned(),
                    ),
                )
                .filter(
                    step_states::Column::GroupId.in_subquery(
                        Query::select()
                            .column(groups::Column::Id)
                            .from(groups::Entity)
                            .and_where(groups::Column::OrganisationId.eq(org.id))
                            .to_owned(),
                    ),
                )
                .into_tuple::<Uuid>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            if !begun.is_empty() {
                GroupYear::insert_many(begun.into_iter().map(|group| group_years::ActiveModel {
                    group_id: Set(group),
                    cycle_id: Set(newest.id),
                    closed_at: Set(None),
                    closed_by: Set(None),
                    moved_on: Set(false),
                }))
                .on_conflict(kept([
                    group_years::Column::GroupId,
                    group_years::Column::CycleId,
                ]))
                .exec_without_returning(&txn)
                .await?;
            }
        }
        let label = school_year_from(start);
        Cycle::insert(cycles::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(org.id),
            label: Set(label.clone()),
            created_at: Set(now),
        })
        .on_conflict(kept([
            cycles::Column::OrganisationId,
            cycles::Column::Label,
        ]))
        .exec_without_returning(&txn)
        .await?;
        let subject = format!("{}/{label}", org.id);
        audit::record(
            &txn,
            audit::Event::ok("year_opened", me, &subject, &actor.client),
            now,
        )
        .await?;
        Ok(txn.commit().await?)
    }

    /// Closes the group's year. With step 5 done it simply closes; otherwise only with
    /// `move_on` and a next year to move to, where the answers of the steps not done are
    /// carried (a field the next year already has keeps its own). Closing a closed year again
    /// changes nothing.
    pub async fn close(&self, actor: &Actor, group: GroupId, move_on: bool) -> Result<()> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        self.ctx.lock_group(&txn, seen.group.id).await?;
        let year = self.ctx.year(&txn, &seen).await?;
        let Some(cycle) = year.cycle else {
            return Err(Invalid::YearNotDone.into());
        };
        if year.closed {
            return Ok(());
        }
        let states = self.ctx.states(&txn, seen.group.id, Some(cycle.id)).await?;
        let done = states.get(&5) == Some(&StepStatus::Done);
        if !done {
            let (true, Some(next)) = (move_on, year.next.as_ref()) else {
                return Err(Invalid::YearNotDone.into());
            };
            let unfinished: Vec<i16> = (1..=5u8)
                .filter(|n| states.get(n) != Some(&StepStatus::Done))
                .map(i16::from)
                .collect();
            let carried = Answer::find()
                .filter(answers::Column::GroupId.eq(seen.group.id))
                .filter(answers::Column::CycleId.eq(cycle.id))
                .filter(answers::Column::Step.is_in(unfinished))
                .filter(answers::Column::Body.ne(""))
                .all(&txn)
                .await?;
            if !carried.is_empty() {
                let now = self.ctx.clock.now();
                Answer::insert_many(carried.into_iter().map(|a| answers::ActiveModel {
                    group_id: Set(a.group_id),
                    cycle_id: Set(next.id),
                    field: Set(a.field),
                    step: Set(a.step),
                    body: Set(a.body),
                    version: Set(1),
                    // Agreed last year is not agreed this year: the group looks again.
                    agreed: Set(false),
                    saved_by: Set(a.saved_by),
                    saved_at: Set(now),
                }))
                .on_conflict(kept([
                    answers::Column::GroupId,
                    answers::Column::CycleId,
                    answers::Column::Field,
                ]))
                .exec_without_returning(&txn)
                .await?;
            }
        }
        let now = self.ctx.clock.now();
        GroupYear::insert(group_years::ActiveModel {
            group_id: Set(seen.group.id),
            cycle_id: Set(cycle.id),
            closed_at: Set(Some(now)),
            closed_by: Set(Some(me)),
            moved_on: Set(!done),
        })
        .on_conflict(crate::db::replacing(
            [group_years::Column::GroupId, group_years::Column::CycleId],
            [
                group_years::Column::ClosedAt,
                group_years::Column::ClosedBy,
                group_years::Column::MovedOn,
            ],
        ))
        .exec_without_returning(&txn)
        .await?;
        let subject = format!("{}/{}", seen.group.id, cycle.label);
        audit::record(
            &txn,
            audit::Event::ok("year_closed", me, &subject, &actor.client),
            now,
        )
        .await?;
        Ok(txn.commit().await?)
    }
}
