//! The step's artefact: a readable document built from the group's shared answers, and the
//! versions the process leader finalises. A finalised version is a stored snapshot (JSON of
//! `DocumentBody`), never recomputed from later answers; the document says when the answers
//! have changed since the newest version.

use super::service::{Seen, WorkService, field_key, kept, school_year, state_of};
use crate::{
    audit::{self, Event},
    db::begin_write,
    entities::{answers, artefact_versions, enums::MembershipRole, prelude::*, users},
    error::{Result, ServerError},
};
use app::{
    error::Invalid,
    features::{
        groups::types::GroupSummary,
        work::types::{
            DocumentBody, DocumentField, DocumentTask, FinalisedDocument, StepDocument,
            StepState as Stage, VersionMeta,
        },
        workshop::types::{FieldKind, StepView, Track},
    },
    ports::{Actor, GroupId},
};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::HashMap;
use uuid::Uuid;

/// A finalised version's row without its snapshot.
type VersionRow = (i32, Option<Uuid>, chrono::DateTime<chrono::Utc>);

/// The group's answers to a step's fields, as a document: text as typed, a rating by its label,
/// the chosen options by theirs.
fn body(track: Track, step: &StepView, shared: &HashMap<String, answers::Model>) -> DocumentBody {
    let tasks = step
        .tasks
        .iter()
        .map(|task| DocumentTask {
            id: task.id.clone(),
            title: task.title.clone(),
            fields: task
                .fields
                .iter()
                .map(|field| {
                    let key = field_key(track, step.number, &task.id, &field.id);
                    let answer = shared.get(&key);
                    let value = answer.map(|a| a.body.clone()).unwrap_or_default();
                    let text = match &field.kind {
                        FieldKind::Rating { scale } => value
                            .parse::<usize>()
                            .ok()
                            .and_then(|n| scale.get(n.checked_sub(1)?))
                            .cloned()
                            .unwrap_or_default(),
                        FieldKind::Choice { options, .. } => options
                            .iter()
                            .filter(|o| value.lines().any(|l| l == o.id))
                            .map(|o| o.label.clone())
                            .collect::<Vec<_>>()
                            .join("\n"),
                        _ => value.clone(),
                    };
                    DocumentField {
                        key,
                        label: field.label.clone(),
                        text,
                        agreed: answer.is_some_and(|a| a.agreed),
                        value,
                    }
                })
                .collect(),
        })
        .collect();
    DocumentBody { tasks }
}

/// What finalising compares: the values and agreed marks by field id, not the labels or the
/// order (a label reworded, a field moved, a new empty field or the other language is no change
/// in the group's answers).
fn answers_of(body: &DocumentBody) -> std::collections::BTreeMap<&str, (&str, bool)> {
    body.tasks
        .iter()
        .flat_map(|t| &t.fields)
        .filter(|f| !f.value.is_empty() || f.agreed)
        .map(|f| (f.key.as_str(), (f.value.as_str(), f.agreed)))
        .collect()
}

fn summary(seen: &Seen, track: Track) -> GroupSummary {
    GroupSummary {
        id: seen.group.id.to_string(),
        name: seen.group.name.clone(),
        track,
        organisation_id: seen.organisation.id.to_string(),
        organisation: seen.organisation.name.clone(),
        role: seen.role.map(Into::into),
    }
}

impl WorkService {
    /// The step's content and the group's answers to it: the group's shared answers only, one
    /// query.
    async fn answers_to(
        &self,
        group: Uuid,
        cycle: Uuid,
        number: u8,
    ) -> Result<HashMap<String, answers::Model>> {
        Ok(Answer::find()
            .filter(answers::Column::GroupId.eq(group))
            .filter(answers::Column::CycleId.eq(cycle))
            .filter(answers::Column::Step.eq(i16::from(number)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.field.clone(), a))
            .collect())
    }

    /// The names of people by id (who finalised, submitted, answered, published); one query
    /// whatever their number. Someone whose account is gone is simply absent.
    pub(crate) async fn names(
        &self,
        ids: impl IntoIterator<Item = Uuid>,
    ) -> Result<HashMap<Uuid, String>> {
        let ids: Vec<Uuid> = ids.into_iter().collect();
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        Ok(User::find()
            .filter(users::Column::Id.is_in(ids))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.name_or_email()))
            .collect())
    }

    /// The step's document for a member: the answers as they stand, and the finalised
    /// versions. A fixed number of queries (the group, the role, the cycle, the states, the
    /// answers, the versions, the newest snapshot, the names).
    pub async fn document(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
    ) -> Result<StepDocument> {
        let (seen, _) = self.member(actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.step_view(track, number, actor)?;
        let cycle = self.cycle(&self.db, seen.organisation.id).await?;
        let (state, current, versions, changed) = match &cycle {
            Some(cycle) => {
                let states = self.states(&self.db, seen.group.id, Some(cycle.id)).await?;
                let shared = self.answers_to(seen.group.id, cycle.id, number).await?;
                let current = body(track, &step, &shared);
                let rows = self.versions(seen.group.id, cycle.id, number).await?;
                let newest = match rows.first() {
                    Some((version, _, _)) => {
                        self.snapshot(seen.group.id, cycle.id, number, *version)
                            .await?
                    }
                    None => None,
                };
                let changed = newest
                    .as_ref()
                    .is_some_and(|(_, stored)| answers_of(stored) != answers_of(&current));
                let names = self.names(rows.iter().filter_map(|r| r.1)).await?;
                let versions = rows.iter().map(|r| meta(r, &names)).collect();
                (state_of(states.get(&number)), current, versions, changed)
            }
            None => (
                Stage::NotOpened,
                body(track, &step, &HashMap::new()),
                Vec::new(),
                false,
            ),
        };
        Ok(StepDocument {
            group: summary(&seen, track),
            cycle: cycle
                .map(|c| c.label)
                .unwrap_or_else(|| school_year(self.clock.now())),
            number,
            step_title: step.title.clone(),
            artefact: step.artefact.clone(),
            state,
            leads: seen.role == Some(MembershipRole::Processledare),
            current,
            versions,
            changed,
        })
    }

    /// The finalised versions of a step's artefact, newest first, without their snapshots.
    async fn versions(&self, group: Uuid, cycle: Uuid, number: u8) -> Result<Vec<VersionRow>> {
        Ok(ArtefactVersion::find()
            .select_only()
            .columns([
                artefact_versions::Column::Version,
                artefact_versions::Column::FinalisedBy,
                artefact_versions::Column::FinalisedAt,
            ])
            .filter(artefact_versions::Column::GroupId.eq(group))
            .filter(artefact_versions::Column::CycleId.eq(cycle))
            .filter(artefact_versions::Column::Step.eq(i16::from(number)))
            .order_by_desc(artefact_versions::Column::Version)
            .into_tuple::<VersionRow>()
            .all(&self.db)
            .await?)
    }

    /// One finalised version's title and snapshot.
    pub(crate) async fn snapshot(
        &self,
        group: Uuid,
        cycle: Uuid,
        number: u8,
        version: i32,
    ) -> Result<Option<(String, DocumentBody)>> {
        let Some(row) = ArtefactVersion::find_by_id((group, cycle, i16::from(number), version))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let body = serde_json::from_str(&row.snapshot).map_err(|e| {
            ServerError::Other(anyhow::anyhow!("artefact snapshot unreadable: {e}"))
        })?;
        Ok(Some((row.title, body)))
    }

    /// One finalised version of the step's artefact, as it was stored, for a member.
    pub async fn finalised(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        version: i32,
    ) -> Result<FinalisedDocument> {
        let (seen, _) = self.member(actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.step_view(track, number, actor)?;
        let cycle = self
            .cycle(&self.db, seen.organisation.id)
            .await?
            .ok_or(ServerError::NotFound)?;
        let rows = self.versions(seen.group.id, cycle.id, number).await?;
        let row = rows
            .iter()
            .find(|r| r.0 == version)
            .ok_or(ServerError::NotFound)?;
        let (title, body) = self
            .snapshot(seen.group.id, cycle.id, number, version)
            .await?
            .ok_or(ServerError::NotFound)?;
        let names = self.names(row.1).await?;
        Ok(FinalisedDocument {
            group: summary(&seen, track),
            cycle: cycle.label,
            number,
            step_title: step.title,
            title,
            meta: meta(row, &names),
            body,
            newest: rows.first().map_or(version, |r| r.0),
        })
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
        let (seen, me) = self.leader(actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.step_view(track, number, actor)?;
        let cycle = self
            .cycle(&self.db, seen.organisation.id)
            .await?
            .ok_or(Invalid::StepNotOpen)?;
        let states = self.states(&self.db, seen.group.id, Some(cycle.id)).await?;
        if !states.contains_key(&number) {
            return Err(Invalid::StepNotOpen.into());
        }
        // Read before the write: the key (group, cycle, step, version) settles two parallel
        // requests, so the reads need no lock.
        let shared = self.answers_to(seen.group.id, cycle.id, number).await?;
        let current = body(track, &step, &shared);
        let newest = self
            .versions(seen.group.id, cycle.id, number)
            .await?
            .first()
            .map_or(0, |r| r.0);
        if newest > 0
            && let Some((_, stored)) = self
                .snapshot(seen.group.id, cycle.id, number, newest)
                .await?
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
        let snapshot = serde_json::to_string(&current)
            .map_err(|e| ServerError::Other(anyhow::anyhow!("artefact snapshot: {e}")))?;
        let now = self.clock.now();
        let txn = begin_write(&self.db).await?;
        // The key (group, cycle, step, version) lets only one of two parallel requests in.
        let inserted = ArtefactVersion::insert(artefact_versions::ActiveModel {
            group_id: Set(seen.group.id),
            cycle_id: Set(cycle.id),
            step: Set(i16::from(number)),
            version: Set(next),
            title: Set(step.artefact.title.clone()),
            snapshot: Set(snapshot),
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
            let stored = self.snapshot(seen.group.id, cycle.id, number, next).await?;
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

fn meta(row: &VersionRow, names: &HashMap<Uuid, String>) -> VersionMeta {
    VersionMeta {
        version: row.0,
        finalised_by: row
            .1
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| "–".to_string()),
        finalised_on: crate::db::date(row.2),
    }
}
