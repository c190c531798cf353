//! Submitting, answering and publishing. A unit's process leader submits; the huvudman group's
//! members read what was submitted (never the unit's work in progress) and its process leader
//! answers and publishes. Every write is keyed by the number the page showed (version, answer,
//! publication), so a double submit is one row and a page left open while someone else acted
//! is told so instead of overwriting.

use super::mail;
use crate::{
    access,
    audit::{self, Event},
    clock::Clock,
    db::begin_write,
    entities::{
        artefact_versions,
        enums::{GroupTrack, MembershipRole},
        groups, memberships,
        prelude::*,
        publication_recipients, publications, submission_responses, submissions, users,
    },
    error::{Result, ServerError},
    features::{
        notices::{Notice, notify},
        work::{Seen, WorkService, kept},
    },
};
use app::{
    features::{
        groups::types::GroupSummary,
        handovers::types::{
            HandoverProblem, HuvudmanDown, HuvudmanUp, MAX_HANDOVER_TEXT, PublicationView,
            ResponseKind, ResponseView, StepHandovers, SubmissionBody, SubmissionPage, UnitRef,
            UnitRow, UnitState, UnitUp, VersionLine,
        },
        workshop::types::{Direction, HandoverKind, HandoverView, StepView, Track},
    },
    ports::{Actor, GroupId, OrganisationId, SubmissionId},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, sea_query::Query,
};
use std::{
    collections::{HashMap, HashSet},
    sync::Arc,
};
use uuid::Uuid;

/// A submission without its body: id, unit group, step, hand-over, version, artefact version,
/// who, when.
pub(super) type Meta = (
    Uuid,
    Uuid,
    i16,
    String,
    i32,
    Option<i32>,
    Option<Uuid>,
    DateTime<Utc>,
);

pub struct HandoverService {
    pub(super) db: DatabaseConnection,
    pub(super) clock: Clock,
    pub(super) work: Arc<WorkService>,
    /// The site's address, for links in mail.
    base_url: String,
}

/// The columns of `Meta`, in order.
pub(super) fn meta_columns() -> [submissions::Column; 8] {
    use submissions::Column as C;
    [
        C::Id,
        C::GroupId,
        C::Step,
        C::Handover,
        C::Version,
        C::ArtefactVersion,
        C::SubmittedBy,
        C::SubmittedAt,
    ]
}

/// Where a unit stands with one hand-over, from its versions (newest first) and the answers to
/// them: the newest version's last answer that asked for something decides.
pub(super) fn state_of(
    versions: &[&Meta],
    responses: &HashMap<Uuid, Vec<submission_responses::Model>>,
) -> Option<UnitState> {
    let newest = versions.first()?;
    let decided = responses
        .get(&newest.0)
        .into_iter()
        .flatten()
        .rev()
        .find_map(|r| match ResponseKind::from(r.kind) {
            ResponseKind::Complete => Some(UnitState::ToComplete),
            ResponseKind::Acknowledge => Some(UnitState::Acknowledged),
            ResponseKind::Comment => None,
        });
    Some(decided.unwrap_or(UnitState::Submitted))
}

pub(super) fn version_line(
    meta: &Meta,
    responses: &HashMap<Uuid, Vec<submission_responses::Model>>,
    names: &HashMap<Uuid, String>,
) -> VersionLine {
    let name = |id: &Option<Uuid>| {
        id.and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "–".to_string())
    };
    VersionLine {
        id: meta.0.to_string(),
        version: meta.4,
        artefact_version: meta.5,
        by: name(&meta.6),
        on: crate::db::date(meta.7),
        responses: responses
            .get(&meta.0)
            .into_iter()
            .flatten()
            .map(|r| ResponseView {
                kind: r.kind.into(),
                body: r.body.clone(),
                by: name(&r.responded_by),
                on: crate::db::date(r.responded_at),
            })
            .collect(),
    }
}

/// The text a form sent, or why it cannot be taken.
fn checked_text(body: &str, required: bool) -> std::result::Result<String, HandoverProblem> {
    let body = body.replace("\r\n", "\n").trim().to_string();
    if body.chars().count() > MAX_HANDOVER_TEXT {
        Err(HandoverProblem::TooLong)
    } else if required && body.is_empty() {
        Err(HandoverProblem::Empty)
    } else {
        Ok(body)
    }
}

pub(super) fn read_body(row: &submissions::Model) -> Result<SubmissionBody> {
    serde_json::from_str(&row.body)
        .map_err(|e| ServerError::Other(anyhow::anyhow!("submission body unreadable: {e}")))
}

fn summary(seen: &Seen) -> GroupSummary {
    GroupSummary {
        id: seen.group.id.to_string(),
        name: seen.group.name.clone(),
        track: seen.group.track.into(),
        organisation_id: seen.organisation.id.to_string(),
        organisation: seen.organisation.name.clone(),
        role: seen.role.map(Into::into),
    }
}

/// `users` who are members of any of `groups`, except `me`.
fn members_of(groups: Vec<Uuid>) -> Condition {
    Condition::all().add(
        users::Column::Id.in_subquery(
            Query::select()
                .column(memberships::Column::UserId)
                .from(memberships::Entity)
                .and_where(memberships::Column::GroupId.is_in(groups))
                .to_owned(),
        ),
    )
}

impl HandoverService {
    pub fn new(
        db: DatabaseConnection,
        clock: Clock,
        work: Arc<WorkService>,
        base_url: String,
    ) -> Self {
        Self {
            db,
            clock,
            work,
            base_url,
        }
    }

    /// The answers to these submissions, by submission, in order.
    pub(super) async fn responses_to<C: ConnectionTrait>(
        &self,
        db: &C,
        ids: Vec<Uuid>,
    ) -> Result<HashMap<Uuid, Vec<submission_responses::Model>>> {
        let mut by: HashMap<Uuid, Vec<submission_responses::Model>> = HashMap::new();
        if ids.is_empty() {
            return Ok(by);
        }
        for r in SubmissionResponse::find()
            .filter(submission_responses::Column::SubmissionId.is_in(ids))
            .order_by_asc(submission_responses::Column::Number)
            .all(db)
            .await?
        {
            by.entry(r.submission_id).or_default().push(r);
        }
        Ok(by)
    }

    /// The organisation's unit groups, by name.
    pub(super) async fn units(&self, organisation: Uuid) -> Result<Vec<groups::Model>> {
        let mut units = Group::find()
            .filter(groups::Column::OrganisationId.eq(organisation))
            .filter(groups::Column::Track.eq(GroupTrack::Enhet))
            .all(&self.db)
            .await?;
        units.sort_by_cached_key(|g| crate::text::sort_key(&g.name));
        Ok(units)
    }

    /// The organisation's huvudman group.
    pub(super) async fn huvudman_group(&self, organisation: Uuid) -> Result<Option<groups::Model>> {
        Ok(Group::find()
            .filter(groups::Column::OrganisationId.eq(organisation))
            .filter(groups::Column::Track.eq(GroupTrack::Huvudman))
            .one(&self.db)
            .await?)
    }

    /// The hand-overs on a group's step page: a fixed number of queries, whatever the number of
    /// units, versions and publications.
    pub async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> Result<StepHandovers> {
        let seen = self.work.seen(actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.work.step_view(track, number, actor)?;
        match track {
            Track::Enhet => self.unit_side(&seen, &step).await,
            Track::Huvudman => self.huvudman_side(&seen, &step).await,
        }
    }

    async fn unit_side(&self, seen: &Seen, step: &StepView) -> Result<StepHandovers> {
        let number = i16::from(step.number);
        let cycle = self.work.cycle(&self.db, seen.organisation.id).await?;
        let (rows, finalised, publications) = match &cycle {
            Some(cycle) => {
                let rows = Submission::find()
                    .filter(submissions::Column::GroupId.eq(seen.group.id))
                    .filter(submissions::Column::CycleId.eq(cycle.id))
                    .filter(submissions::Column::Step.eq(number))
                    .order_by_desc(submissions::Column::Version)
                    .all(&self.db)
                    .await?;
                let finalised: Option<i32> = ArtefactVersion::find()
                    .select_only()
                    .column(artefact_versions::Column::Version)
                    .filter(artefact_versions::Column::GroupId.eq(seen.group.id))
                    .filter(artefact_versions::Column::CycleId.eq(cycle.id))
                    .filter(artefact_versions::Column::Step.eq(number))
                    .order_by_desc(artefact_versions::Column::Version)
                    .into_tuple()
                    .one(&self.db)
                    .await?;
                let publications = Publication::find()
                    .filter(publications::Column::OrganisationId.eq(seen.organisation.id))
                    .filter(publications::Column::CycleId.eq(cycle.id))
                    .filter(publications::Column::Step.eq(number))
                    .filter(
                        Condition::any()
                            .add(publications::Column::ToAll.eq(true))
                            .add(
                                publications::Column::Id.in_subquery(
                                    Query::select()
                                        .column(publication_recipients::Column::PublicationId)
                                        .from(publication_recipients::Entity)
                                        .and_where(
                                            publication_recipients::Column::GroupId
                                                .eq(seen.group.id),
                                        )
                                        .to_owned(),
                                ),
                            ),
                    )
                    .order_by_desc(publications::Column::PublishedAt)
                    .all(&self.db)
                    .await?;
                (rows, finalised, publications)
            }
            None => Default::default(),
        };
        let responses = self
            .responses_to(&self.db, rows.iter().map(|r| r.id).collect())
            .await?;
        let names = self
            .work
            .names(
                rows.iter()
                    .filter_map(|r| r.submitted_by)
                    .chain(responses.values().flatten().filter_map(|r| r.responded_by))
                    .chain(publications.iter().filter_map(|p| p.published_by)),
            )
            .await?;
        let metas: Vec<(Meta, &submissions::Model)> = rows
            .iter()
            .map(|r| {
                (
                    (
                        r.id,
                        r.group_id,
                        r.step,
                        r.handover.clone(),
                        r.version,
                        r.artefact_version,
                        r.submitted_by,
                        r.submitted_at,
                    ),
                    r,
                )
            })
            .collect();
        let up = step
            .handovers
            .iter()
            .filter(|h| h.direction == Direction::Up)
            .map(|h| {
                let versions: Vec<&(Meta, &submissions::Model)> =
                    metas.iter().filter(|(m, _)| m.3 == h.id).collect();
                let only: Vec<&Meta> = versions.iter().map(|(m, _)| m).collect();
                UnitUp {
                    handover: h.clone(),
                    state: state_of(&only, &responses).unwrap_or(UnitState::NotStarted),
                    versions: only
                        .iter()
                        .map(|m| version_line(m, &responses, &names))
                        .collect(),
                    finalised: (h.kind == HandoverKind::Artefact)
                        .then_some(finalised)
                        .flatten(),
                    last_text: versions.first().and_then(|(_, row)| match read_body(row) {
                        Ok(SubmissionBody::Text(text)) => Some(text),
                        _ => None,
                    }),
                }
            })
            .collect();
        let answers = step
            .handovers
            .iter()
            .filter(|h| matches!(h.kind, HandoverKind::Answers(_)))
            .cloned()
            .collect();
        let received = step
            .handovers
            .iter()
            .filter(|h| h.kind == HandoverKind::Publication)
            .map(|h| {
                let items = publications
                    .iter()
                    .filter(|p| p.handover == h.id)
                    .map(|p| publication_view(p, &names, None))
                    .collect();
                (h.clone(), items)
            })
            .collect();
        Ok(StepHandovers::Unit {
            group_id: seen.group.id.to_string(),
            number: step.number,
            leads: seen.role == Some(MembershipRole::Processledare),
            up,
            answers,
            received,
        })
    }

    async fn huvudman_side(&self, seen: &Seen, step: &StepView) -> Result<StepHandovers> {
        let number = i16::from(step.number);
        let units = self.units(seen.organisation.id).await?;
        let cycle = self.work.cycle(&self.db, seen.organisation.id).await?;
        let (metas, published, recipients) = match &cycle {
            Some(cycle) => {
                let metas: Vec<Meta> = Submission::find()
                    .select_only()
                    .columns(meta_columns())
                    .filter(submissions::Column::CycleId.eq(cycle.id))
                    .filter(submissions::Column::Step.eq(number))
                    .order_by_desc(submissions::Column::Version)
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                let published = Publication::find()
                    .filter(publications::Column::GroupId.eq(seen.group.id))
                    .filter(publications::Column::CycleId.eq(cycle.id))
                    .filter(publications::Column::Step.eq(number))
                    .order_by_desc(publications::Column::Number)
                    .all(&self.db)
                    .await?;
                let recipients = if published.iter().any(|p| !p.to_all) {
                    PublicationRecipient::find()
                        .filter(
                            publication_recipients::Column::PublicationId
                                .is_in(published.iter().map(|p| p.id).collect::<Vec<_>>()),
                        )
                        .all(&self.db)
                        .await?
                } else {
                    Vec::new()
                };
                (metas, published, recipients)
            }
            None => Default::default(),
        };
        // Only the newest version of each unit's hand-over decides its state.
        let responses = self
            .responses_to(&self.db, metas.iter().map(|m| m.0).collect())
            .await?;
        let names = self
            .work
            .names(published.iter().filter_map(|p| p.published_by))
            .await?;
        let unit_names: HashMap<Uuid, &str> =
            units.iter().map(|u| (u.id, u.name.as_str())).collect();
        let up = step
            .handovers
            .iter()
            .filter(|h| h.direction == Direction::Up)
            .map(|h| HuvudmanUp {
                handover: h.clone(),
                units: units
                    .iter()
                    .map(|unit| {
                        let versions: Vec<&Meta> = metas
                            .iter()
                            .filter(|m| m.1 == unit.id && m.3 == h.id)
                            .collect();
                        UnitRow {
                            unit: UnitRef {
                                id: unit.id.to_string(),
                                name: unit.name.clone(),
                            },
                            state: state_of(&versions, &responses).unwrap_or(UnitState::NotStarted),
                            newest: versions.first().map(|m| (m.0.to_string(), m.4)),
                        }
                    })
                    .collect(),
            })
            .collect();
        let down = step
            .handovers
            .iter()
            .filter(|h| h.kind == HandoverKind::Publication)
            .map(|h| HuvudmanDown {
                handover: h.clone(),
                published: published
                    .iter()
                    .filter(|p| p.handover == h.id)
                    .map(|p| {
                        let to: Vec<String> = recipients
                            .iter()
                            .filter(|r| r.publication_id == p.id)
                            .filter_map(|r| unit_names.get(&r.group_id).map(|n| n.to_string()))
                            .collect();
                        publication_view(p, &names, Some(to))
                    })
                    .collect(),
            })
            .collect();
        Ok(StepHandovers::Huvudman {
            group_id: seen.group.id.to_string(),
            organisation_id: seen.organisation.id.to_string(),
            number: step.number,
            leads: seen.role == Some(MembershipRole::Processledare),
            up,
            down,
            answers: step
                .handovers
                .iter()
                .filter(|h| matches!(h.kind, HandoverKind::Answers(_)))
                .cloned()
                .collect(),
            units: units
                .iter()
                .map(|u| UnitRef {
                    id: u.id.to_string(),
                    name: u.name.clone(),
                })
                .collect(),
        })
    }

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
    ) -> Result<std::result::Result<i32, HandoverProblem>> {
        let (seen, me) = self.work.leader(actor, group).await?;
        if seen.group.track != GroupTrack::Enhet {
            return Err(ServerError::NotFound);
        }
        let step = self.work.step_view(Track::Enhet, number, actor)?;
        let handover = Self::up_handover(&step, handover)?;
        let Some(cycle) = self.work.cycle(&self.db, seen.organisation.id).await? else {
            return Ok(Err(HandoverProblem::StepNotOpen));
        };
        let states = self
            .work
            .states(&self.db, seen.group.id, Some(cycle.id))
            .await?;
        if !states.contains_key(&number) {
            return Ok(Err(HandoverProblem::StepNotOpen));
        }
        let (body, artefact_version) = match handover.kind {
            HandoverKind::Artefact => {
                let newest = ArtefactVersion::find()
                    .filter(artefact_versions::Column::GroupId.eq(seen.group.id))
                    .filter(artefact_versions::Column::CycleId.eq(cycle.id))
                    .filter(artefact_versions::Column::Step.eq(i16::from(number)))
                    .order_by_desc(artefact_versions::Column::Version)
                    .one(&self.db)
                    .await?;
                let Some(newest) = newest else {
                    return Ok(Err(HandoverProblem::NotFinalised));
                };
                let document = serde_json::from_str(&newest.snapshot).map_err(|e| {
                    ServerError::Other(anyhow::anyhow!("artefact snapshot unreadable: {e}"))
                })?;
                (SubmissionBody::Document(document), Some(newest.version))
            }
            _ => match checked_text(text.as_deref().unwrap_or_default(), true) {
                Ok(text) => (SubmissionBody::Text(text), None),
                Err(problem) => return Ok(Err(problem)),
            },
        };
        let key = |q: sea_orm::Select<Submission>| {
            q.filter(submissions::Column::GroupId.eq(seen.group.id))
                .filter(submissions::Column::CycleId.eq(cycle.id))
                .filter(submissions::Column::Step.eq(i16::from(number)))
                .filter(submissions::Column::Handover.eq(handover.id.as_str()))
        };
        let newest = key(Submission::find())
            .order_by_desc(submissions::Column::Version)
            .one(&self.db)
            .await?;
        let same = |row: &submissions::Model| {
            row.artefact_version == artefact_version
                && read_body(row).is_ok_and(|stored| stored == body)
        };
        if let Some(newest) = &newest {
            if same(newest) {
                // A double submit, or nothing new since the version the page showed.
                return Ok(if newest.version == seen_version {
                    Err(HandoverProblem::Unchanged)
                } else {
                    Ok(newest.version)
                });
            }
            if newest.version != seen_version {
                return Ok(Err(HandoverProblem::Stale));
            }
        } else if seen_version != 0 {
            return Ok(Err(HandoverProblem::Stale));
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
            self.work
                .step_view(Track::Huvudman, number, actor)
                .ok()
                .and_then(|s| s.handovers.into_iter().find(|h| h.id == handover.id))
                .map_or_else(|| title.clone(), |h| h.title)
        };
        let next = seen_version + 1;
        let now = self.clock.now();
        let stored = serde_json::to_string(&body)
            .map_err(|e| ServerError::Other(anyhow::anyhow!("submission body: {e}")))?;
        let id = Uuid::now_v7();
        let txn = begin_write(&self.db).await?;
        // The unique key (group, cycle, step, hand-over, version) lets one of two parallel
        // requests in.
        let inserted = Submission::insert(submissions::ActiveModel {
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
        })
        .on_conflict(kept([
            submissions::Column::GroupId,
            submissions::Column::CycleId,
            submissions::Column::Step,
            submissions::Column::Handover,
            submissions::Column::Version,
        ]))
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            drop(txn);
            let stored = key(Submission::find())
                .filter(submissions::Column::Version.eq(next))
                .one(&self.db)
                .await?;
            return Ok(match stored {
                Some(row) if same(&row) => Ok(next),
                _ => Err(HandoverProblem::Stale),
            });
        }
        let subject = format!("{}/{number}/{}/v{next}", seen.group.id, handover.id);
        audit::record(
            &txn,
            Event::ok("handover_submitted", me, &subject, &actor.client),
            now,
        )
        .await?;
        if let Some(huvudman) = self.huvudman_group(seen.organisation.id).await? {
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
        Ok(Ok(next))
    }

    /// One submitted version with every version's line and the answers, for the unit's members
    /// and for those who oversee the organisation (the huvudman group, the owners).
    pub async fn submission(&self, actor: &Actor, id: SubmissionId) -> Result<SubmissionPage> {
        let me = actor.user_id()?.0;
        let row = Submission::find_by_id(id.0)
            .filter(
                Condition::any()
                    .add(access::overseen_by(me, submissions::Column::OrganisationId))
                    .add(access::member_of(me, submissions::Column::GroupId)),
            )
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        let (unit, organisation) = Group::find_by_id(row.group_id)
            .find_also_related(Organisation)
            .one(&self.db)
            .await?
            .and_then(|(g, o)| Some((g, o?)))
            .ok_or(ServerError::NotFound)?;
        let role = Membership::find_by_id((unit.id, me))
            .one(&self.db)
            .await?
            .map(|m| m.role);
        let huvudman = self.huvudman_group(organisation.id).await?;
        let huvudman_role = match &huvudman {
            Some(h) => Membership::find_by_id((h.id, me))
                .one(&self.db)
                .await?
                .map(|m| m.role),
            None => None,
        };
        let metas: Vec<Meta> = Submission::find()
            .select_only()
            .columns(meta_columns())
            .filter(submissions::Column::GroupId.eq(row.group_id))
            .filter(submissions::Column::CycleId.eq(row.cycle_id))
            .filter(submissions::Column::Step.eq(row.step))
            .filter(submissions::Column::Handover.eq(row.handover.as_str()))
            .order_by_desc(submissions::Column::Version)
            .into_tuple()
            .all(&self.db)
            .await?;
        let responses = self
            .responses_to(&self.db, metas.iter().map(|m| m.0).collect())
            .await?;
        let names = self
            .work
            .names(
                metas
                    .iter()
                    .filter_map(|m| m.6)
                    .chain(responses.values().flatten().filter_map(|r| r.responded_by)),
            )
            .await?;
        let cycle = Cycle::find_by_id(row.cycle_id)
            .one(&self.db)
            .await?
            .map(|c| c.label)
            .unwrap_or_default();
        let number = u8::try_from(row.step).unwrap_or_default();
        // The unit's members read the hand-over under their track's title, the huvudman's side
        // under its own; an artefact goes by its own title.
        let track = if role.is_some() {
            Track::Enhet
        } else {
            Track::Huvudman
        };
        let content = self.work.step_view(Track::Enhet, number, actor).ok();
        let side = self.work.step_view(track, number, actor).ok();
        let handover = side
            .as_ref()
            .and_then(|s| s.handovers.iter().find(|h| h.id == row.handover));
        let versions: Vec<VersionLine> = metas
            .iter()
            .map(|m| version_line(m, &responses, &names))
            .collect();
        let version = versions
            .iter()
            .find(|v| v.id == row.id.to_string())
            .cloned()
            .ok_or(ServerError::NotFound)?;
        let newest = metas.first().map(|m| m.4) == Some(row.version);
        Ok(SubmissionPage {
            id: row.id.to_string(),
            unit: summary(&Seen {
                group: unit,
                organisation,
                role,
            }),
            huvudman_group: huvudman
                .filter(|_| huvudman_role.is_some())
                .map(|h| UnitRef {
                    id: h.id.to_string(),
                    name: h.name,
                }),
            cycle,
            number,
            step_title: content
                .as_ref()
                .map(|s| s.title.clone())
                .unwrap_or_default(),
            title: match (row.artefact_version, handover) {
                (None, Some(h)) => h.title.clone(),
                _ => row.title.clone(),
            },
            description: handover.map(|h| h.description.clone()).unwrap_or_default(),
            can_respond: newest && huvudman_role == Some(MembershipRole::Processledare),
            responses: version.responses.len() as i32,
            version,
            body: read_body(&row)?,
            versions,
        })
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
    ) -> Result<std::result::Result<(), HandoverProblem>> {
        let me = actor.user_id()?.0;
        let row = Submission::find_by_id(id.0)
            .filter(access::huvudman_led_by(
                me,
                submissions::Column::OrganisationId,
            ))
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)?;
        let body = match checked_text(body, kind != ResponseKind::Acknowledge) {
            Ok(body) => body,
            Err(problem) => return Ok(Err(problem)),
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
            .one(&self.db)
            .await?;
        if newest != Some(row.version) {
            return Ok(Err(HandoverProblem::Stale));
        }
        let same =
            |r: &submission_responses::Model| ResponseKind::from(r.kind) == kind && r.body == body;
        let count = SubmissionResponse::find()
            .filter(submission_responses::Column::SubmissionId.eq(row.id))
            .count(&self.db)
            .await? as i32;
        let next = seen + 1;
        let settle = |stored: Option<submission_responses::Model>| match stored {
            Some(r) if same(&r) => Ok(()),
            _ => Err(HandoverProblem::Stale),
        };
        if count != seen {
            // A double submit finds its own answer; anything else means the page was old.
            let stored = SubmissionResponse::find_by_id((row.id, next))
                .one(&self.db)
                .await?;
            return Ok(settle(stored));
        }
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        let inserted = SubmissionResponse::insert(submission_responses::ActiveModel {
            submission_id: Set(row.id),
            number: Set(next),
            kind: Set(kind.into()),
            body: Set(body.clone()),
            responded_by: Set(Some(me)),
            responded_at: Set(now),
        })
        .on_conflict(kept([
            submission_responses::Column::SubmissionId,
            submission_responses::Column::Number,
        ]))
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            drop(txn);
            let stored = SubmissionResponse::find_by_id((row.id, next))
                .one(&self.db)
                .await?;
            return Ok(settle(stored));
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
        Ok(Ok(()))
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
    ) -> Result<std::result::Result<(), HandoverProblem>> {
        let (seen, me) = self.work.leader(actor, group).await?;
        if seen.group.track != GroupTrack::Huvudman {
            return Err(ServerError::NotFound);
        }
        let step = self.work.step_view(Track::Huvudman, number, actor)?;
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
                    .all(&self.db)
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
            Err(problem) => return Ok(Err(problem)),
        };
        if chosen.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Err(HandoverProblem::NoUnits));
        }
        let Some(cycle) = self.work.cycle(&self.db, seen.organisation.id).await? else {
            return Ok(Err(HandoverProblem::StepNotOpen));
        };
        let states = self
            .work
            .states(&self.db, seen.group.id, Some(cycle.id))
            .await?;
        if !states.contains_key(&number) {
            return Ok(Err(HandoverProblem::StepNotOpen));
        }
        let key = |q: sea_orm::Select<Publication>| {
            q.filter(publications::Column::GroupId.eq(seen.group.id))
                .filter(publications::Column::CycleId.eq(cycle.id))
                .filter(publications::Column::Step.eq(i16::from(number)))
                .filter(publications::Column::Handover.eq(handover.id.as_str()))
        };
        let next = seen_number + 1;
        let settle = |stored: Option<publications::Model>| match stored {
            Some(p) if p.body == body => Ok(()),
            _ => Err(HandoverProblem::Stale),
        };
        let count = key(Publication::find()).count(&self.db).await? as i32;
        if count != seen_number {
            let stored = key(Publication::find())
                .filter(publications::Column::Number.eq(next))
                .one(&self.db)
                .await?;
            return Ok(settle(stored));
        }
        let now = self.clock.now();
        let id = Uuid::now_v7();
        let txn = begin_write(&self.db).await?;
        let inserted = Publication::insert(publications::ActiveModel {
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
        })
        .on_conflict(kept([
            publications::Column::GroupId,
            publications::Column::CycleId,
            publications::Column::Step,
            publications::Column::Handover,
            publications::Column::Number,
        ]))
        .exec_without_returning(&txn)
        .await?;
        if inserted == 0 {
            drop(txn);
            let stored = key(Publication::find())
                .filter(publications::Column::Number.eq(next))
                .one(&self.db)
                .await?;
            return Ok(settle(stored));
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
            None => self.units(seen.organisation.id).await?,
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
        Ok(Ok(()))
    }

    /// The units of an organisation the actor oversees; `NotFound` for anyone else.
    pub(super) async fn overseen(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
    ) -> Result<crate::entities::organisations::Model> {
        let me = actor.user_id()?.0;
        Organisation::find_by_id(organisation.0)
            .filter(access::oversees(me))
            .one(&self.db)
            .await?
            .ok_or(ServerError::NotFound)
    }
}

pub(super) fn publication_view(
    p: &publications::Model,
    names: &HashMap<Uuid, String>,
    to: Option<Vec<String>>,
) -> PublicationView {
    PublicationView {
        id: p.id.to_string(),
        title: p.title.clone(),
        body: p.body.clone(),
        by: p
            .published_by
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "–".to_string()),
        on: crate::db::date(p.published_at),
        to: if p.to_all { None } else { to },
    }
}

crate::port! {
    impl Handovers for HandoverService {
        async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> StepHandovers;
        async fn submit(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            handover: &str,
            seen_version: i32,
            text: Option<String>,
        ) -> std::result::Result<i32, HandoverProblem>;
        async fn submission(&self, actor: &Actor, id: SubmissionId) -> SubmissionPage;
        async fn respond(
            &self,
            actor: &Actor,
            id: SubmissionId,
            seen: i32,
            kind: ResponseKind,
            body: &str,
        ) -> std::result::Result<(), HandoverProblem>;
        async fn publish(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            handover: &str,
            seen_number: i32,
            body: &str,
            to: Option<Vec<GroupId>>,
        ) -> std::result::Result<(), HandoverProblem>;
        async fn overview(&self, actor: &Actor, organisation: OrganisationId)
            -> app::features::handovers::types::Overview;
        async fn side_by_side(&self, actor: &Actor, organisation: OrganisationId, number: u8)
            -> app::features::handovers::types::SideBySide;
    }
}
