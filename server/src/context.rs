//! The group-and-step context every feature starts from: who the actor is in a group (seen,
//! member, leader), the organisation's cycle, the steps' states and progress, the step's
//! content in the reader's language, and people's names. Every read takes the connection to
//! read through, so a write use case loads its context inside its own transaction.

use crate::{
    access,
    clock::Clock,
    db::kept,
    entities::{
        answers, contributions, cycles,
        enums::{GroupTrack, MembershipRole, StepStatus},
        group_years, groups, organisations,
        prelude::*,
        step_states, users,
    },
    error::{Result, ServerError},
    features::workshop::ContentStore,
};
use app::{
    error::Invalid,
    features::{
        groups::types::GroupSummary,
        work::types::{Progress, StepState as Stage},
        workshop::types::{StepView, TaskView, Track},
    },
    ports::{Actor, GroupId, Workshop as _},
};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};
use uuid::Uuid;

/// The group as the person looking may see it, and their role in it (`None`: an owner or a
/// platform administrator who is not a member).
pub(crate) struct Seen {
    pub(crate) group: groups::Model,
    pub(crate) organisation: organisations::Model,
    pub(crate) role: Option<MembershipRole>,
}

impl Seen {
    pub(crate) fn track(&self) -> Track {
        self.group.track.into()
    }

    pub(crate) fn leads(&self) -> bool {
        self.role == Some(MembershipRole::Processledare)
    }

    /// The group as pages name it, with the reader's role.
    pub(crate) fn summary(&self) -> GroupSummary {
        GroupSummary {
            id: self.group.id.to_string(),
            name: self.group.name.clone(),
            track: self.track(),
            organisation_id: self.organisation.id.to_string(),
            organisation: self.organisation.name.clone(),
            role: self.role.map(Into::into),
        }
    }
}

/// Where a group stands in its organisation's years.
#[derive(Clone, Debug, Default)]
pub(crate) struct Year {
    /// The cycle the group works in (or, once closed, last worked in); `None` before the
    /// organisation's first. A group the organisation has moved past is held in its own year
    /// until its leader closes it; every other group follows the newest cycle.
    pub(crate) cycle: Option<cycles::Model>,
    /// The group's leader has closed `cycle`: it is read-only.
    pub(crate) closed: bool,
    /// The newest cycle before `cycle` that the group closed: what step 1 carries over.
    pub(crate) previous: Option<cycles::Model>,
    /// A cycle the organisation has opened after `cycle`, the one the group moves on to.
    pub(crate) next: Option<cycles::Model>,
    /// The cycles the group has closed, newest first: its earlier years.
    pub(crate) closed_years: Vec<(cycles::Model, group_years::Model)>,
}

impl Year {
    /// From the organisation's cycles (newest first) and the group's rows about them.
    pub(crate) fn of(cycles: Vec<cycles::Model>, rows: &[group_years::Model]) -> Self {
        let row = |id: Uuid| rows.iter().find(|r| r.cycle_id == id);
        let held = cycles
            .iter()
            .position(|c| row(c.id).is_some_and(|r| r.closed_at.is_none()));
        let at = held.unwrap_or(0);
        let cycle = cycles.get(at).cloned();
        let closed = cycle
            .as_ref()
            .and_then(|c| row(c.id))
            .is_some_and(|r| r.closed_at.is_some());
        let next = at.checked_sub(1).and_then(|i| cycles.get(i)).cloned();
        let closed_years: Vec<(cycles::Model, group_years::Model)> = cycles
            .iter()
            .filter_map(|c| {
                let r = row(c.id).filter(|r| r.closed_at.is_some())?;
                Some((c.clone(), r.clone()))
            })
            .collect();
        let previous = cycles
            .iter()
            .skip(at + 1)
            .find(|c| row(c.id).is_some_and(|r| r.closed_at.is_some()))
            .cloned();
        Year {
            cycle,
            closed,
            previous,
            next,
            closed_years,
        }
    }
}

/// The loader: the content and the clock; the connection comes with each call.
#[derive(Clone)]
pub struct Context {
    pub(crate) content: Arc<ContentStore>,
    pub(crate) clock: Clock,
}

/// The school year a day belongs to, as cycles are named: from July, `2026/27`.
pub(crate) fn school_year(now: DateTime<Utc>) -> String {
    school_year_from(autumn_of(now))
}

/// The label of the school year whose autumn is in `start`.
pub(crate) fn school_year_from(start: i32) -> String {
    format!("{start}/{:02}", (start + 1) % 100)
}

/// The calendar year a cycle's label starts with (`2026/27` → 2026), if it does.
pub(crate) fn first_year_of(label: &str) -> Option<i32> {
    label.split('/').next()?.parse().ok()
}

/// The calendar year whose autumn starts the school year a day belongs to.
pub(crate) fn autumn_of(now: DateTime<Utc>) -> i32 {
    if now.month() >= 7 {
        now.year()
    } else {
        now.year() - 1
    }
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

/// A step's state as pages name it.
pub(crate) fn state_of(status: Option<&StepStatus>) -> Stage {
    match status {
        None => Stage::NotOpened,
        Some(StepStatus::Open) => Stage::Open,
        Some(StepStatus::Done) => Stage::Done,
    }
}

impl Context {
    pub fn new(content: Arc<ContentStore>, clock: Clock) -> Self {
        Self { content, clock }
    }

    /// The step's content in the reader's language; `NotFound` for a step that does not exist.
    pub(crate) fn step_view(&self, track: Track, number: u8, actor: &Actor) -> Result<StepView> {
        self.content
            .step(track, number, actor.locale)
            .ok_or(ServerError::NotFound)
    }

    /// The label of the cycle a page shows: the current one, or this school year's before the
    /// first.
    pub(crate) fn cycle_label(&self, cycle: Option<cycles::Model>) -> String {
        cycle
            .map(|c| c.label)
            .unwrap_or_else(|| school_year(self.clock.now()))
    }

    /// The cycle's label and the calendar year its autumn falls in (`2026/27` → 2026): what
    /// puts a content week on a real day. Labels are ours (`school_year`); one that does not
    /// start with a year counts as this school year.
    pub(crate) fn school_year_of(&self, cycle: Option<cycles::Model>) -> (String, i32) {
        let label = self.cycle_label(cycle);
        let first = first_year_of(&label).unwrap_or_else(|| autumn_of(self.clock.now()));
        (label, first)
    }

    /// Locks the group's row until the transaction ends (PostgreSQL; SQLite's write lock
    /// already serialises writers): two changes that read, then write what they read, wait
    /// for each other instead of both writing from the same old value.
    pub(crate) async fn lock_group<C: ConnectionTrait>(&self, db: &C, group: Uuid) -> Result<()> {
        Group::find_by_id(group)
            .lock_exclusive()
            .one(db)
            .await?
            .ok_or(ServerError::NotFound)?;
        Ok(())
    }

    /// Two queries: the group with its organisation, if the actor may see it, and their role.
    pub(crate) async fn seen<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        GroupId(id): GroupId,
    ) -> Result<Seen> {
        let me = actor.user_id()?.0;
        let mut query = Group::find_by_id(id).find_also_related(Organisation);
        if !actor.is_admin() {
            query = query.filter(access::sees(me));
        }
        let (group, organisation) = query
            .one(db)
            .await?
            .and_then(|(group, organisation)| Some((group, organisation?)))
            .ok_or(ServerError::NotFound)?;
        let role = Membership::find_by_id((id, me))
            .one(db)
            .await?
            .map(|m| m.role);
        Ok(Seen {
            group,
            organisation,
            role,
        })
    }

    /// The group for someone who works in it; anyone else gets `NotFound`.
    pub(crate) async fn member<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        group: GroupId,
    ) -> Result<(Seen, Uuid)> {
        let seen = self.seen(db, actor, group).await?;
        if seen.role.is_none() {
            return Err(ServerError::NotFound);
        }
        Ok((seen, actor.user_id()?.0))
    }

    /// The group for one of its process leaders; anyone else gets `NotFound`, as for every
    /// leader's action.
    pub(crate) async fn leader<C: ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        group: GroupId,
    ) -> Result<(Seen, Uuid)> {
        let (seen, me) = self.member(db, actor, group).await?;
        if !seen.leads() {
            return Err(ServerError::NotFound);
        }
        Ok((seen, me))
    }

    /// The organisation's newest cycle, if it has one yet: the year new work starts in.
    pub(crate) async fn newest_cycle<C: ConnectionTrait>(
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

    /// Where the group stands in its organisation's years (two queries: the organisation's
    /// cycles, one per school year, and the group's own rows about them).
    pub(crate) async fn year<C: ConnectionTrait>(&self, db: &C, seen: &Seen) -> Result<Year> {
        self.year_of(db, seen.group.id, seen.organisation.id).await
    }

    /// `year` for a group known by its ids.
    pub(crate) async fn year_of<C: ConnectionTrait>(
        &self,
        db: &C,
        group: Uuid,
        organisation: Uuid,
    ) -> Result<Year> {
        let cycles = Cycle::find()
            .filter(cycles::Column::OrganisationId.eq(organisation))
            .order_by_desc(cycles::Column::CreatedAt)
            .order_by_desc(cycles::Column::Id)
            .all(db)
            .await?;
        let rows = GroupYear::find()
            .filter(group_years::Column::GroupId.eq(group))
            .all(db)
            .await?;
        Ok(Year::of(cycles, &rows))
    }

    /// The year the huvudman's whole picture reads: the huvudman group's own (the year it is
    /// finishing, if it is held in it), or the organisation's newest without one.
    pub(crate) async fn huvudman_cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        organisation: Uuid,
        huvudman: Option<&groups::Model>,
    ) -> Result<Option<cycles::Model>> {
        match huvudman {
            Some(group) => Ok(self.year_of(db, group.id, organisation).await?.cycle),
            None => self.newest_cycle(db, organisation).await,
        }
    }

    /// Whether the huvudman group of `organisation` has closed `cycle`: its answers to what
    /// units sent in that year are then as closed as the rest of its year.
    pub(crate) async fn huvudman_closed<C: ConnectionTrait>(
        &self,
        db: &C,
        organisation: Uuid,
        cycle: Uuid,
    ) -> Result<bool> {
        let closed = GroupYear::find()
            .filter(group_years::Column::CycleId.eq(cycle))
            .filter(group_years::Column::ClosedAt.is_not_null())
            .filter(
                group_years::Column::GroupId.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(groups::Column::Id)
                        .from(groups::Entity)
                        .and_where(groups::Column::OrganisationId.eq(organisation))
                        .and_where(groups::Column::Track.eq(GroupTrack::Huvudman))
                        .to_owned(),
                ),
            )
            .one(db)
            .await?;
        Ok(closed.is_some())
    }

    /// `year` for many groups at once, by group id: two queries however many.
    pub(crate) async fn years_of<C: ConnectionTrait>(
        &self,
        db: &C,
        groups: &[groups::Model],
    ) -> Result<HashMap<Uuid, Year>> {
        if groups.is_empty() {
            return Ok(HashMap::new());
        }
        let organisations: HashSet<Uuid> = groups.iter().map(|g| g.organisation_id).collect();
        let mut cycles: HashMap<Uuid, Vec<cycles::Model>> = HashMap::new();
        for cycle in Cycle::find()
            .filter(cycles::Column::OrganisationId.is_in(organisations))
            .order_by_desc(cycles::Column::CreatedAt)
            .order_by_desc(cycles::Column::Id)
            .all(db)
            .await?
        {
            cycles.entry(cycle.organisation_id).or_default().push(cycle);
        }
        let mut rows: HashMap<Uuid, Vec<group_years::Model>> = HashMap::new();
        for row in GroupYear::find()
            .filter(group_years::Column::GroupId.is_in(groups.iter().map(|g| g.id)))
            .all(db)
            .await?
        {
            rows.entry(row.group_id).or_default().push(row);
        }
        Ok(groups
            .iter()
            .map(|g| {
                let year = Year::of(
                    cycles.get(&g.organisation_id).cloned().unwrap_or_default(),
                    rows.get(&g.id).map_or(&[][..], Vec::as_slice),
                );
                (g.id, year)
            })
            .collect())
    }

    /// The cycle the group works in (or, closed, last worked in), if the organisation has one.
    pub(crate) async fn cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        seen: &Seen,
    ) -> Result<Option<cycles::Model>> {
        Ok(self.year(db, seen).await?.cycle)
    }

    /// The group's cycle for a change: `YearClosed` once its leader has closed it.
    pub(crate) async fn working_cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        seen: &Seen,
    ) -> Result<Option<cycles::Model>> {
        let year = self.year(db, seen).await?;
        if year.closed {
            return Err(Invalid::YearClosed.into());
        }
        Ok(year.cycle)
    }

    /// The group's cycle for a change, started (for this school year) if the organisation has
    /// none; `YearClosed` once its leader has closed it.
    pub(crate) async fn current_cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        seen: &Seen,
    ) -> Result<cycles::Model> {
        if let Some(cycle) = self.working_cycle(db, seen).await? {
            return Ok(cycle);
        }
        let now = self.clock.now();
        let row = cycles::ActiveModel {
            id: Set(Uuid::now_v7()),
            organisation_id: Set(seen.organisation.id),
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
        self.newest_cycle(db, seen.organisation.id)
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

    /// The group's cycle, if it has opened step `number` in it (open or done): what a
    /// hand-over or a finalised document needs before anything can be sent. `YearClosed` once
    /// the year is closed.
    pub(crate) async fn opened_cycle<C: ConnectionTrait>(
        &self,
        db: &C,
        seen: &Seen,
        number: u8,
    ) -> Result<Option<cycles::Model>> {
        let Some(cycle) = self.working_cycle(db, seen).await? else {
            return Ok(None);
        };
        let states = self.states(db, seen.group.id, Some(cycle.id)).await?;
        Ok(states.contains_key(&number).then_some(cycle))
    }

    /// The group's cycle, if any, and whether step `number` is open in it (never in a closed
    /// year): what a page of one part of a step (a field, a prompt) needs to offer its forms.
    pub(crate) async fn step_open<C: ConnectionTrait>(
        &self,
        db: &C,
        seen: &Seen,
        number: u8,
    ) -> Result<(Option<cycles::Model>, bool)> {
        let year = self.year(db, seen).await?;
        let Some(cycle) = year.cycle else {
            return Ok((None, false));
        };
        if year.closed {
            return Ok((Some(cycle), false));
        }
        let states = self.states(db, seen.group.id, Some(cycle.id)).await?;
        let open = states.get(&number) == Some(&StepStatus::Open);
        Ok((Some(cycle), open))
    }

    /// The fields agreed, and the fields anyone has written in, in `cycle` (all steps, or one).
    pub(crate) async fn marks<C: ConnectionTrait>(
        &self,
        db: &C,
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
            .all(db)
            .await?
            .into_iter()
            .collect();
        for (field, body, is_agreed) in shared
            .into_tuple::<(String, String, bool)>()
            .all(db)
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

    /// The names of people by id (who finalised, submitted, answered, published); one query
    /// whatever their number. Someone whose account is gone is simply absent.
    pub(crate) async fn names<C: ConnectionTrait>(
        &self,
        db: &C,
        ids: impl IntoIterator<Item = Uuid>,
    ) -> Result<HashMap<Uuid, String>> {
        let ids: HashSet<Uuid> = ids.into_iter().collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(User::find()
            .filter(users::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name_or_email()))
            .collect())
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
}
