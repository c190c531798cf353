//! The hand-over read models: the hand-overs on a group's step page (the unit's side and the
//! huvudman's) and one submitted version's page. A fixed number of queries whatever the number
//! of units, versions and publications; nothing here writes.

use super::service::{
    Meta, huvudman_group, meta_columns, publication_view, read_body, responses_to, state_of, units,
    version_line,
};
use crate::{
    access,
    context::{Context, Seen},
    entities::{
        artefact_versions, enums::MembershipRole, prelude::*, publication_recipients, publications,
        submissions,
    },
    error::{Result, ServerError},
};
use app::{
    features::{
        handovers::types::{
            HuvudmanDown, HuvudmanUp, StepHandovers, SubmissionBody, SubmissionPage, UnitRef,
            UnitRow, UnitUp, VersionLine,
        },
        workshop::types::{Direction, HandoverKind, StepView, Track},
    },
    ports::{Actor, GroupId, OrganisationId, SubmissionId},
};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::Query,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Reads hand-overs through the pool.
pub(super) struct HandoverPages {
    pub(super) db: DatabaseConnection,
    pub(super) ctx: Context,
}

impl HandoverPages {
    /// The hand-overs on a group's step page: a fixed number of queries, whatever the number of
    /// units, versions and publications.
    pub async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> Result<StepHandovers> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.ctx.step_view(track, number, actor)?;
        match track {
            Track::Enhet => self.unit_side(&seen, &step).await,
            Track::Huvudman => self.huvudman_side(&seen, &step).await,
        }
    }

    async fn unit_side(&self, seen: &Seen, step: &StepView) -> Result<StepHandovers> {
        let number = i16::from(step.number);
        let cycle = self.ctx.cycle(&self.db, seen).await?;
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
        let responses = responses_to(&self.db, rows.iter().map(|r| r.id).collect()).await?;
        let names = self
            .ctx
            .names(
                &self.db,
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
                    state: state_of(&only, &responses),
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
            leads: seen.leads(),
            up,
            answers,
            received,
        })
    }

    async fn huvudman_side(&self, seen: &Seen, step: &StepView) -> Result<StepHandovers> {
        let number = i16::from(step.number);
        let units = units(&self.db, seen.organisation.id).await?;
        let cycle = self.ctx.cycle(&self.db, seen).await?;
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
        let responses = responses_to(&self.db, metas.iter().map(|m| m.0).collect()).await?;
        let names = self
            .ctx
            .names(&self.db, published.iter().filter_map(|p| p.published_by))
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
                            state: state_of(&versions, &responses),
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
            leads: seen.leads(),
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
        let huvudman = huvudman_group(&self.db, organisation.id).await?;
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
        let responses = responses_to(&self.db, metas.iter().map(|m| m.0).collect()).await?;
        let names = self
            .ctx
            .names(
                &self.db,
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
        let content = self.ctx.step_view(Track::Enhet, number, actor).ok();
        let side = self.ctx.step_view(track, number, actor).ok();
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
        // The version before, to show what changed (what the huvudman asked to complete).
        let previous = match row.version {
            1 => None,
            version => Submission::find()
                .filter(submissions::Column::GroupId.eq(row.group_id))
                .filter(submissions::Column::CycleId.eq(row.cycle_id))
                .filter(submissions::Column::Step.eq(row.step))
                .filter(submissions::Column::Handover.eq(row.handover.as_str()))
                .filter(submissions::Column::Version.eq(version - 1))
                .one(&self.db)
                .await?
                .map(|p| read_body(&p).map(|body| (p.version, body)))
                .transpose()?,
        };
        Ok(SubmissionPage {
            id: row.id.to_string(),
            unit: Seen {
                group: unit,
                organisation,
                role,
            }
            .summary(),
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
            previous,
        })
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
