//! The hand-over commands: a unit submits a version, the huvudman answers a version and
//! publishes down. Every write is keyed by the number the page showed (version, answer,
//! publication), so a double submit is one row and a page left open while someone else acted
//! is told so instead of overwriting. Each runs in one write transaction and reads only
//! through it.

use super::{
    mail,
    service::{checked_text, huvudman_group, members_of, read_body, units},
};
use crate::{
    access,
    audit::{self, Event},
    context::Context,
    db::{Writer, kept},
    entities::{
        artefact_versions, enums::GroupTrack, groups, memberships, prelude::*,
        publication_recipients, publications, submission_responses, submissions, users,
    },
    error::{Result, ServerError},
    features::notices::{Notice, notify},
};
use app::{
    error::Invalid,
    features::{
        handovers::types::{Handed, HandoverProblem, ResponseKind, SubmissionBody},
        workshop::types::{Direction, HandoverKind, HandoverView, StepView, Track},
    },
    ports::{Actor, GroupId, SubmissionId},
};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, sea_query::IntoIden,
};
use std::collections::HashSet;
use uuid::Uuid;

/// Changes hand-overs; holds no pool, so every read goes through the transaction.
pub(super) struct HandoverCommands {
    pub(super) writer: Writer,
    pub(super) ctx: Context,
    /// The site's address, for links in mail.
    pub(super) base_url: String,
}

/// The row stored under the number a request meant to write (`next`) decides how it went: the
/// same content is this request's own double submit (taken, as `next`), anything else (or
/// nothing) means the page was older than what is stored.
async fn settle<E: EntityTrait>(
    txn: &DatabaseTransaction,
    at_next: Select<E>,
    next: i32,
    same: impl Fn(&E::Model) -> bool,
) -> Result<Handed> {
    Ok(match at_next.one(txn).await? {
        Some(stored) if same(&stored) => Handed::Taken(next),
        _ => Handed::Refused(HandoverProblem::Stale),
    })
}

/// The numbered insert every hand-over write shares (the next version, answer or
/// publication): `row`, numbered `next`, one past what the page showed, goes in unless its
/// `key` is taken, which lets one of two parallel requests in. `None`: written, go on;
/// otherwise the row stored at that number settled it (`at_next`, `same`).
async fn insert_next<A, E>(
    txn: &DatabaseTransaction,
    row: A,
    key: impl IntoIterator<Item = E::Column>,
    (at_next, next): (Select<E>, i32),
    same: impl Fn(&E::Model) -> bool,
) -> Result<Option<Handed>>
where
    E: EntityTrait,
    E::Column: IntoIden,
    A: ActiveModelTrait<Entity = E> + Send,
{
    let inserted = E::insert(row)
        .on_conflict(kept(key))
        .exec_without_returning(txn)
        .await?;
    if inserted > 0 {
        return Ok(None);
    }
    Ok(Some(settle(txn, at_next, next, same).await?))
}

impl HandoverCommands {
    /// A hand-over up of the unit's step, by id; `NotFound` for any other.
    fn up_handover(step: &StepView, id: &str) -> Result<HandoverView> {
        step.handovers
            .iter()
            .find(|h| h.id == id && h.direction == Direction::Up)
            .cloned()
            .ok_or(ServerError::NotFound)
    }

    /// The unit's process leader submits a hand-over up as version `seen + 1` (`seen`: the newest
    /// version their page showed): the newest finalised artefact, or `text`. Returns the version
    /// that now holds it.
    #[allow(clippy::too_many_arguments)]
    pub async fn submit(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        handover: &str,
        seen_version: i32,
        text: Option<String>,
    ) -> Result<Handed> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        if seen.group.track != GroupTrack::Enhet {
            return Err(ServerError::NotFound);
        }
        let step = self.ctx.step_view(Track::Enhet, number, actor)?;
        let handover = Self::up_handover(&step, handover)?;
        let Some(cycle) = self.ctx.opened_cycle(&txn, &seen, number).await? else {
            return Ok(Handed::Refused(HandoverProblem::StepNotOpen));
        };
        let (body, artefact_version) = match handover.kind {
            HandoverKind::Artefact => {
                let newest = ArtefactVersion::find()
                    .filter(artefact_versions::Column::GroupId.eq(seen.group.id))
                    .filter(artefact_versions::Column::CycleId.eq(cycle.id))
                    .filter(artefact_versions::Column::Step.eq(i16::from(number)))
                    .order_by_desc(artefact_versions::Column::Version)
                    .one(&txn)
                    .await?;
                let Some(newest) = newest else {
                    return Ok(Handed::Refused(HandoverProblem::NotFinalised));
                };
                let document = serde_json::from_str(&newest.snapshot).map_err(|e| {
                    ServerError::Other(anyhow::anyhow!("artefact snapshot unreadable: {e}"))
                })?;
                (SubmissionBody::Document(document), Some(newest.version))
            }
            _ => match checked_text(text.as_deref().unwrap_or_default(), true) {
                Ok(text) => (SubmissionBody::Text(text), None),
                Err(problem) => return Ok(Handed::Refused(problem)),
            },
        };
        let key = |q: Select<Submission>| {
            q.filter(submissions::Column::GroupId.eq(seen.group.id))
                .filter(submissions::Column::CycleId.eq(cycle.id))
                .filter(submissions::Column::Step.eq(i16::from(number)))
                .filter(submissions::Column::Handover.eq(handover.id.as_str()))
        };
        let newest = key(Submission::find())
            .order_by_desc(submissions::Column::Version)
            .one(&txn)
            .await?;
        let same = |row: &submissions::Model| {
            row.artefact_version == artefact_version
                && read_body(row).is_ok_and(|stored| stored == body)
        };
        if let Some(newest) = &newest {
            if same(newest) {
                // A double submit, or nothing new since the version the page showed.
                return Ok(if newest.version == seen_version {
                    Handed::Refused(HandoverProblem::Unchanged)
                } else {
                    Handed::Taken(newest.version)
                });
            }
            if newest.version != seen_version {
                return Ok(Handed::Refused(HandoverProblem::Stale));
            }
        } else if seen_version != 0 {
            return Ok(Handed::Refused(HandoverProblem::Stale));
        }
        // What the unit sent, named as the unit reads it: the artefact's own title, or the
        // hand-over's; the huvudman reads the hand-over under its own track's title.
        let title = if handover.kind == HandoverKind::Artefact {
            step.artefact.title.clone()
        } else {
            handover.title.clone()
        };
        let title_up = if handover.kind == HandoverKind::Artefact {
            title.clone()
        } else {
            self.ctx
                .step_view(Track::Huvudman, number, actor)
                .ok()
                .and_then(|s| s.handovers.into_iter().find(|h| h.id == handover.id))
                .map_or_else(|| title.clone(), |h| h.title)
        };
        let next = seen_version + 1;
        let now = self.ctx.clock.now();
        let stored = serde_json::to_string(&body)
            .map_err(|e| ServerError::Other(anyhow::anyhow!("submission body: {e}")))?;
        let id = Uuid::now_v7();
        let row = submissions::ActiveModel {
            id: Set(id),
            organisation_id: Set(seen.organisation.id),
            group_id: Set(seen.group.id),
            cycle_id: Set(cycle.id),
            step: Set(i16::from(number)),
            handover: Set(handover.id.clone()),
            version: Set(next),
            title: Set(title.clone()),
            artefact_version: Set(artefact_version),
            body: Set(stored),
            submitted_by: Set(Some(me)),
            submitted_at: Set(now),
        };
        let at_next = key(Submission::find()).filter(submissions::Column::Version.eq(next));
        use submissions::Column as S;
        let key = [S::GroupId, S::CycleId, S::Step, S::Handover, S::Version];
        if let Some(settled) = insert_next(&txn, row, key, (at_next, next), same).await? {
            return Ok(settled);
        }
        let subject = format!("{}/{number}/{}/v{next}", seen.group.id, handover.id);
        audit::record(
            &txn,
            Event::ok("handover_submitted", me, &subject, &actor.client),
            now,
        )
        .await?;
        if let Some(huvudman) = huvudman_group(&txn, seen.organisation.id).await? {
            let recipients = User::find()
                .filter(members_of(vec![huvudman.id]))
                .filter(users::Column::Id.ne(me))
                .all(&txn)
                .await?;
            let notice = mail::submitted(
                &seen.group.name,
                &title_up,
                number,
                next,
                format!("{}/overlamningar/{id}", self.base_url),
            );
            notify(&txn, &self.base_url, &recipients, &notice, now).await?;
        }
        txn.commit().await?;
        Ok(Handed::Taken(next))
    }

    /// The huvudman's process leader answers the newest version of a submission, as answer
    /// number `seen + 1` (`seen`: how many answers their page showed).
    pub async fn respond(
        &self,
        actor: &Actor,
        id: SubmissionId,
        seen: i32,
        kind: ResponseKind,
        body: &str,
    ) -> Result<Handed> {
        let me = actor.user_id()?.0;
        let txn = self.writer.begin().await?;
        let row = Submission::find_by_id(id.0)
            .filter(access::huvudman_led_by(
                me,
                submissions::Column::OrganisationId,
            ))
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        if self
            .ctx
            .huvudman_closed(&txn, row.organisation_id, row.cycle_id)
            .await?
        {
            return Err(Invalid::YearClosed.into());
        }
        let body = match checked_text(body, kind != ResponseKind::Acknowledge) {
            Ok(body) => body,
            Err(problem) => return Ok(Handed::Refused(problem)),
        };
        let newest: Option<i32> = Submission::find()
            .select_only()
            .column(submissions::Column::Version)
            .filter(submissions::Column::GroupId.eq(row.group_id))
            .filter(submissions::Column::CycleId.eq(row.cycle_id))
            .filter(submissions::Column::Step.eq(row.step))
            .filter(submissions::Column::Handover.eq(row.handover.as_str()))
            .order_by_desc(submissions::Column::Version)
            .into_tuple()
            .one(&txn)
            .await?;
        if newest != Some(row.version) {
            return Ok(Handed::Refused(HandoverProblem::Stale));
        }
        let same =
            |r: &submission_responses::Model| ResponseKind::from(r.kind) == kind && r.body == body;
        let next = seen + 1;
        let at_next = SubmissionResponse::find_by_id((row.id, next));
        let count = SubmissionResponse::find()
            .filter(submission_responses::Column::SubmissionId.eq(row.id))
            .count(&txn)
            .await? as i32;
        if count != seen {
            // A double submit finds its own answer; anything else means the page was old.
            return settle(&txn, at_next, next, same).await;
        }
        let now = self.ctx.clock.now();
        let answer = submission_responses::ActiveModel {
            submission_id: Set(row.id),
            number: Set(next),
            kind: Set(kind.into()),
            body: Set(body.clone()),
            responded_by: Set(Some(me)),
            responded_at: Set(now),
        };
        use submission_responses::Column as R;
        let key = [R::SubmissionId, R::Number];
        if let Some(settled) = insert_next(&txn, answer, key, (at_next, next), same).await? {
            return Ok(settled);
        }
        let subject = format!("{}/v{}/{next}", row.id, row.version);
        audit::record(
            &txn,
            Event::ok("handover_answered", me, &subject, &actor.client),
            now,
        )
        .await?;
        let unit = Group::find_by_id(row.group_id)
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let recipients = User::find()
            .filter(members_of(vec![row.group_id]))
            .filter(users::Column::Id.ne(me))
            .all(&txn)
            .await?;
        let notice = mail::answered(
            match kind {
                ResponseKind::Comment => "comment",
                ResponseKind::Complete => "complete",
                ResponseKind::Acknowledge => "acknowledge",
            },
            &unit.name,
            &row.title,
            u8::try_from(row.step).unwrap_or_default(),
            row.version,
            format!("{}/overlamningar/{}", self.base_url, row.id),
        );
        notify(&txn, &self.base_url, &recipients, &notice, now).await?;
        txn.commit().await?;
        Ok(Handed::Taken(next))
    }

    /// The huvudman group's process leader publishes a hand-over down to every unit (`to`:
    /// `None`) or to the units named, as publication number `seen + 1`.
    #[allow(clippy::too_many_arguments)]
    pub async fn publish(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        handover: &str,
        seen_number: i32,
        body: &str,
        to: Option<Vec<GroupId>>,
    ) -> Result<Handed> {
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        if seen.group.track != GroupTrack::Huvudman {
            return Err(ServerError::NotFound);
        }
        let step = self.ctx.step_view(Track::Huvudman, number, actor)?;
        let handover = step
            .handovers
            .iter()
            .find(|h| h.id == handover && h.kind == HandoverKind::Publication)
            .cloned()
            .ok_or(ServerError::NotFound)?;
        // Someone else's unit, or a group that is not a unit of this organisation, is not found.
        let chosen = match &to {
            Some(ids) => {
                let ids: HashSet<Uuid> = ids.iter().map(|g| g.0).collect();
                let found = Group::find()
                    .filter(groups::Column::OrganisationId.eq(seen.organisation.id))
                    .filter(groups::Column::Track.eq(GroupTrack::Enhet))
                    .filter(groups::Column::Id.is_in(ids.clone()))
                    .all(&txn)
                    .await?;
                if found.len() != ids.len() {
                    return Err(ServerError::NotFound);
                }
                Some(found)
            }
            None => None,
        };
        let body = match checked_text(body, true) {
            Ok(body) => body,
            Err(problem) => return Ok(Handed::Refused(problem)),
        };
        if chosen.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Handed::Refused(HandoverProblem::NoUnits));
        }
        let Some(cycle) = self.ctx.opened_cycle(&txn, &seen, number).await? else {
            return Ok(Handed::Refused(HandoverProblem::StepNotOpen));
        };
        let key = |q: Select<Publication>| {
            q.filter(publications::Column::GroupId.eq(seen.group.id))
                .filter(publications::Column::CycleId.eq(cycle.id))
                .filter(publications::Column::Step.eq(i16::from(number)))
                .filter(publications::Column::Handover.eq(handover.id.as_str()))
        };
        let next = seen_number + 1;
        let same = |p: &publications::Model| p.body == body;
        let at_next = key(Publication::find()).filter(publications::Column::Number.eq(next));
        let count = key(Publication::find()).count(&txn).await? as i32;
        if count != seen_number {
            return settle(&txn, at_next, next, same).await;
        }
        let now = self.ctx.clock.now();
        let id = Uuid::now_v7();
        let row = publications::ActiveModel {
            id: Set(id),
            organisation_id: Set(seen.organisation.id),
            group_id: Set(seen.group.id),
            cycle_id: Set(cycle.id),
            step: Set(i16::from(number)),
            handover: Set(handover.id.clone()),
            number: Set(next),
            title: Set(handover.title.clone()),
            body: Set(body.clone()),
            to_all: Set(chosen.is_none()),
            published_by: Set(Some(me)),
            published_at: Set(now),
        };
        use publications::Column as P;
        let unique = [P::GroupId, P::CycleId, P::Step, P::Handover, P::Number];
        if let Some(settled) = insert_next(&txn, row, unique, (at_next, next), same).await? {
            return Ok(settled);
        }
        let units = match chosen {
            Some(units) => {
                PublicationRecipient::insert_many(units.iter().map(|u| {
                    publication_recipients::ActiveModel {
                        publication_id: Set(id),
                        group_id: Set(u.id),
                    }
                }))
                .exec_without_returning(&txn)
                .await?;
                units
            }
            None => units(&txn, seen.organisation.id).await?,
        };
        let subject = format!("{}/{number}/{}/{next}", seen.group.id, handover.id);
        audit::record(
            &txn,
            Event::ok("handover_published", me, &subject, &actor.client),
            now,
        )
        .await?;
        // Each person once, named with the first of their units the publication reached.
        let unit_ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
        let pairs = Membership::find()
            .filter(memberships::Column::GroupId.is_in(unit_ids))
            .filter(memberships::Column::UserId.ne(me))
            .find_also_related(User)
            .all(&txn)
            .await?;
        let mut told = HashSet::new();
        for unit in &units {
            let recipients: Vec<users::Model> = pairs
                .iter()
                .filter(|(m, _)| m.group_id == unit.id)
                .filter_map(|(_, u)| u.clone())
                .filter(|u| told.insert(u.id))
                .collect();
            if recipients.is_empty() {
                continue;
            }
            let notice: Notice = mail::published(
                &seen.organisation.name,
                &unit.name,
                &handover.title,
                number,
                format!(
                    "{}/grupper/{}/steg/{number}#fran-huvudmannen",
                    self.base_url, unit.id
                ),
            );
            notify(&txn, &self.base_url, &recipients, &notice, now).await?;
        }
        txn.commit().await?;
        Ok(Handed::Taken(next))
    }
}
