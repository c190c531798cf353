//! The step's artefact: a readable document built from the group's shared answers, and the
//! versions the process leader finalises. A finalised version is a stored snapshot (JSON of
//! `DocumentBody`), never recomputed from later answers; the document says when the answers
//! have changed since the newest version.

use super::pages::WorkPages;
use crate::{
    context::{field_key, state_of},
    entities::{answers, artefact_versions, prelude::*, publications, submissions},
    error::{Result, ServerError},
};
use app::{
    features::{
        work::types::{
            DocumentBody, DocumentField, DocumentTask, FinalisedDocument, FinalisedSet, PastYear,
            SentInYear, StepDocument, StepFinalised, StepState as Stage, VersionMeta,
        },
        workshop::types::{FieldKind, StepView, Track},
    },
    ports::{Actor, CycleId, GroupId},
};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// A finalised version's row without its snapshot.
pub(super) type VersionRow = (i32, Option<Uuid>, chrono::DateTime<chrono::Utc>);

/// The group's answers to a step's fields, as a document: text as typed, a rating by its label,
/// the chosen options by theirs.
pub(super) fn body(
    track: Track,
    step: &StepView,
    shared: &HashMap<String, answers::Model>,
) -> DocumentBody {
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
                    let text = readable(&field.kind, &value);
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

/// A stored value as a reader sees it: a rating's label, the chosen options' labels by line,
/// or the text itself.
pub(super) fn readable(kind: &FieldKind, value: &str) -> String {
    match kind {
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
        _ => value.to_string(),
    }
}

/// What finalising compares: the values and agreed marks by field id, not the labels or the
/// order (a label reworded, a field moved, a new empty field or the other language is no change
/// in the group's answers).
pub(super) fn answers_of(body: &DocumentBody) -> std::collections::BTreeMap<&str, (&str, bool)> {
    body.tasks
        .iter()
        .flat_map(|t| &t.fields)
        .filter(|f| !f.value.is_empty() || f.agreed)
        .map(|f| (f.key.as_str(), (f.value.as_str(), f.agreed)))
        .collect()
}

/// The group's shared answers to a step, by field: one query.
pub(super) async fn answers_to<C: ConnectionTrait>(
    db: &C,
    group: Uuid,
    cycle: Uuid,
    number: u8,
) -> Result<HashMap<String, answers::Model>> {
    Ok(Answer::find()
        .filter(answers::Column::GroupId.eq(group))
        .filter(answers::Column::CycleId.eq(cycle))
        .filter(answers::Column::Step.eq(i16::from(number)))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.field.clone(), a))
        .collect())
}

/// The finalised versions of a step's artefact, newest first, without their snapshots.
pub(super) async fn versions<C: ConnectionTrait>(
    db: &C,
    group: Uuid,
    cycle: Uuid,
    number: u8,
) -> Result<Vec<VersionRow>> {
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
        .all(db)
        .await?)
}

/// One finalised version's title and snapshot.
pub(super) async fn snapshot<C: ConnectionTrait>(
    db: &C,
    group: Uuid,
    cycle: Uuid,
    number: u8,
    version: i32,
) -> Result<Option<(String, DocumentBody)>> {
    let Some(row) = ArtefactVersion::find_by_id((group, cycle, i16::from(number), version))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let body = serde_json::from_str(&row.snapshot)
        .map_err(|e| ServerError::Other(anyhow::anyhow!("artefact snapshot unreadable: {e}")))?;
    Ok(Some((row.title, body)))
}

impl WorkPages {
    /// The step's document for a member: the answers as they stand, and the finalised
    /// versions. A fixed number of queries (the group, the role, the cycle, the states, the
    /// answers, the versions, the newest snapshot, the names).
    pub async fn document(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
    ) -> Result<StepDocument> {
        let (seen, _) = self.ctx.member(&self.db, actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.ctx.step_view(track, number, actor)?;
        let cycle = self.ctx.cycle(&self.db, &seen).await?;
        let (state, current, versions, changed) = match &cycle {
            Some(cycle) => {
                let states = self
                    .ctx
                    .states(&self.db, seen.group.id, Some(cycle.id))
                    .await?;
                let shared = answers_to(&self.db, seen.group.id, cycle.id, number).await?;
                let current = body(track, &step, &shared);
                let rows = versions(&self.db, seen.group.id, cycle.id, number).await?;
                let newest = match rows.first() {
                    Some((version, _, _)) => {
                        snapshot(&self.db, seen.group.id, cycle.id, number, *version).await?
                    }
                    None => None,
                };
                let changed = newest
                    .as_ref()
                    .is_some_and(|(_, stored)| answers_of(stored) != answers_of(&current));
                let names = self
                    .ctx
                    .names(&self.db, rows.iter().filter_map(|r| r.1))
                    .await?;
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
            group: seen.summary(),
            cycle: self.ctx.cycle_label(cycle),
            number,
            step_title: step.title.clone(),
            artefact: step.artefact.clone(),
            state,
            leads: seen.leads(),
            current,
            versions,
            changed,
        })
    }

    /// One finalised version of the step's artefact, as it was stored, for a member.
    pub async fn finalised(
        &self,
        actor: &Actor,
        group: GroupId,
        number: u8,
        version: i32,
    ) -> Result<FinalisedDocument> {
        let (seen, _) = self.ctx.member(&self.db, actor, group).await?;
        let track: Track = seen.group.track.into();
        let step = self.ctx.step_view(track, number, actor)?;
        let cycle = self
            .ctx
            .cycle(&self.db, &seen)
            .await?
            .ok_or(ServerError::NotFound)?;
        let rows = versions(&self.db, seen.group.id, cycle.id, number).await?;
        let row = rows
            .iter()
            .find(|r| r.0 == version)
            .ok_or(ServerError::NotFound)?;
        let (title, body) = snapshot(&self.db, seen.group.id, cycle.id, number, version)
            .await?
            .ok_or(ServerError::NotFound)?;
        let names = self.ctx.names(&self.db, row.1).await?;
        Ok(FinalisedDocument {
            group: seen.summary(),
            cycle: cycle.label,
            number,
            step_title: step.title,
            title,
            meta: meta(row, &names),
            body,
            newest: rows.first().map_or(version, |r| r.0),
        })
    }
}

impl WorkPages {
    /// Every step's newest finalised version, for a member: the group and role, the cycle, the
    /// versions' rows, the newest snapshots and the names. Six queries however many steps and
    /// versions there are.
    /// `year`: one of the group's closed years instead of the one it works in (`NotFound` for
    /// any other).
    pub async fn newest_finalised(
        &self,
        actor: &Actor,
        group: GroupId,
        year: Option<CycleId>,
    ) -> Result<FinalisedSet> {
        let (seen, _) = self.ctx.member(&self.db, actor, group).await?;
        let track: Track = seen.group.track.into();
        let cycle = match year {
            None => self.ctx.cycle(&self.db, &seen).await?,
            Some(id) => Some(
                self.ctx
                    .year(&self.db, &seen)
                    .await?
                    .closed_years
                    .into_iter()
                    .find(|(c, _)| c.id == id.0)
                    .ok_or(ServerError::NotFound)?
                    .0,
            ),
        };
        // Each step's newest version (rows come newest first within a step).
        let mut newest: HashMap<i16, VersionRow> = HashMap::new();
        if let Some(cycle) = &cycle {
            let rows: Vec<(i16, i32, Option<Uuid>, chrono::DateTime<chrono::Utc>)> =
                ArtefactVersion::find()
                    .select_only()
                    .columns([
                        artefact_versions::Column::Step,
                        artefact_versions::Column::Version,
                        artefact_versions::Column::FinalisedBy,
                        artefact_versions::Column::FinalisedAt,
                    ])
                    .filter(artefact_versions::Column::GroupId.eq(seen.group.id))
                    .filter(artefact_versions::Column::CycleId.eq(cycle.id))
                    .order_by_desc(artefact_versions::Column::Version)
                    .into_tuple()
                    .all(&self.db)
                    .await?;
            for (step, version, by, at) in rows {
                newest.entry(step).or_insert((version, by, at));
            }
        }
        let snapshots: HashMap<i16, (String, String)> = match &cycle {
            Some(cycle) if !newest.is_empty() => ArtefactVersion::find()
                .filter(artefact_versions::Column::GroupId.eq(seen.group.id))
                .filter(artefact_versions::Column::CycleId.eq(cycle.id))
                .filter(newest.iter().fold(Condition::any(), |any, (step, row)| {
                    any.add(
                        Condition::all()
                            .add(artefact_versions::Column::Step.eq(*step))
                            .add(artefact_versions::Column::Version.eq(row.0)),
                    )
                }))
                .all(&self.db)
                .await?
                .into_iter()
                .map(|row| (row.step, (row.title, row.snapshot)))
                .collect(),
            _ => HashMap::new(),
        };
        let names = self
            .ctx
            .names(&self.db, newest.values().filter_map(|row| row.1))
            .await?;
        let label = self.ctx.cycle_label(cycle);
        let summary = seen.summary();
        let mut steps = Vec::new();
        for number in 1..=5u8 {
            let step = self.ctx.step_view(track, number, actor)?;
            let document = match (
                newest.get(&i16::from(number)),
                snapshots.get(&i16::from(number)),
            ) {
                (Some(row), Some((title, snapshot))) => Some(FinalisedDocument {
                    group: summary.clone(),
                    cycle: label.clone(),
                    number,
                    step_title: step.title.clone(),
                    title: title.clone(),
                    meta: meta(row, &names),
                    body: serde_json::from_str(snapshot).map_err(|e| {
                        ServerError::Other(anyhow::anyhow!("artefact snapshot unreadable: {e}"))
                    })?,
                    newest: row.0,
                }),
                _ => None,
            };
            steps.push(StepFinalised {
                number,
                artefact: step.artefact.title.clone(),
                document,
            });
        }
        Ok(FinalisedSet {
            group: summary,
            steps,
        })
    }
}

impl WorkPages {
    /// One of the group's closed years, for a member: its documents (as `newest_finalised`)
    /// and what it sent or published in it. `NotFound` for a year the group has not closed.
    pub async fn past_year(
        &self,
        actor: &Actor,
        group: GroupId,
        year: CycleId,
    ) -> Result<PastYear> {
        let documents = self.newest_finalised(actor, group, Some(year)).await?;
        let (seen, _) = self.ctx.member(&self.db, actor, group).await?;
        let (cycle, row) = self
            .ctx
            .year(&self.db, &seen)
            .await?
            .closed_years
            .into_iter()
            .find(|(c, _)| c.id == year.0)
            .ok_or(ServerError::NotFound)?;
        let mut sent: Vec<SentInYear> = Vec::new();
        let mut rows = Submission::find()
            .filter(submissions::Column::GroupId.eq(seen.group.id))
            .filter(submissions::Column::CycleId.eq(cycle.id))
            .order_by_desc(submissions::Column::Version)
            .all(&self.db)
            .await?;
        rows.sort_by_key(|r| (r.step, r.handover.clone(), -r.version));
        rows.dedup_by(|a, b| a.step == b.step && a.handover == b.handover);
        sent.extend(rows.into_iter().map(|r| SentInYear {
            step: u8::try_from(r.step).unwrap_or_default(),
            title: r.title,
            version: r.version,
            submission: Some(r.id.to_string()),
        }));
        let published = Publication::find()
            .filter(publications::Column::GroupId.eq(seen.group.id))
            .filter(publications::Column::CycleId.eq(cycle.id))
            .order_by_asc(publications::Column::Step)
            .order_by_asc(publications::Column::Number)
            .all(&self.db)
            .await?;
        sent.extend(published.into_iter().map(|p| SentInYear {
            step: u8::try_from(p.step).unwrap_or_default(),
            title: p.title,
            version: p.number,
            submission: None,
        }));
        sent.sort_by_key(|s| s.step);
        Ok(PastYear {
            id: cycle.id.to_string(),
            label: cycle.label,
            closed_on: row.closed_at.map(crate::db::date),
            moved_on: row.moved_on,
            documents,
            sent,
        })
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
