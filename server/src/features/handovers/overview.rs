//! The huvudman's whole picture: every unit's state and progress per step, the spread of the
//! units' agreed ratings, and one step's submissions side by side. Read only from what units
//! submitted (and, for progress, counts of agreed tasks, never their text); a fixed number of
//! queries whatever the number of units.

use super::{
    pages::HandoverPages,
    service::{
        Meta, huvudman_group, meta_columns, read_body, responses_to, state_of, units, version_line,
    },
};
use crate::{
    context::{field_key, state_of as stage_of, task_progress},
    entities::{answers, enums::StepStatus, prelude::*, step_states, submissions},
    error::{Result, ServerError},
};
use app::{
    features::{
        handovers::types::{
            Overview, RatingSpread, SideBySide, SubmissionBody, UnitOverview, UnitRef, UnitState,
            UnitStep, UnitSubmission,
        },
        work::types::{Progress, StepState as Stage},
        workshop::types::{Direction, FieldKind, HandoverKind, Track},
    },
    ports::{Actor, OrganisationId, Workshop as _},
};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

impl HandoverPages {
    /// `/organisationer/{id}/helhet`: units × steps, and the ratings' spread.
    pub async fn overview(&self, actor: &Actor, organisation: OrganisationId) -> Result<Overview> {
        let organisation = self.overseen(actor, organisation).await?;
        let huvudman = huvudman_group(&self.db, organisation.id).await?;
        let units = units(&self.db, organisation.id).await?;
        let cycle = self.ctx.cycle(&self.db, organisation.id).await?;
        let steps: Vec<(u8, String)> = self
            .ctx
            .content
            .overview(actor.locale)
            .into_iter()
            .find(|t| t.track == Track::Enhet)
            .map(|t| t.steps.into_iter().map(|s| (s.number, s.title)).collect())
            .unwrap_or_default();
        let unit_ids: Vec<Uuid> = units.iter().map(|u| u.id).collect();
        // Filtered by the units' ids as well as the cycle: both tables are keyed by group first,
        // so each read stays within this organisation however large the database grows.
        let (states, agreed, metas) = match &cycle {
            Some(cycle) if !unit_ids.is_empty() => {
                let states: HashMap<(Uuid, i16), StepStatus> = StepState::find()
                    .filter(step_states::Column::GroupId.is_in(unit_ids.clone()))
                    .filter(step_states::Column::CycleId.eq(cycle.id))
                    .all(&self.db)
                    .await?
                    .into_iter()
                    .map(|s| ((s.group_id, s.step), s.state))
                    .collect();
                let mut agreed: HashMap<Uuid, HashSet<String>> = HashMap::new();
                for (group, field) in Answer::find()
                    .select_only()
                    .columns([answers::Column::GroupId, answers::Column::Field])
                    .filter(answers::Column::GroupId.is_in(unit_ids.clone()))
                    .filter(answers::Column::CycleId.eq(cycle.id))
                    .filter(answers::Column::Agreed.eq(true))
                    .into_tuple::<(Uuid, String)>()
                    .all(&self.db)
                    .await?
                {
                    agreed.entry(group).or_default().insert(field);
                }
                let metas: Vec<Meta> = Submission::find()
                    .select_only()
                    .columns(meta_columns())
                    .filter(submissions::Column::CycleId.eq(cycle.id))
                    .order_by_desc(submissions::Column::Version)
                    .into_tuple()
                    .all(&self.db)
                    .await?;
                (states, agreed, metas)
            }
            _ => Default::default(),
        };
        let responses = responses_to(&self.db, metas.iter().map(|m| m.0).collect()).await?;
        // Each unit's step's hand-overs, newest version first (as `metas` is ordered), grouped
        // once rather than searched per cell.
        let mut versions: HashMap<(Uuid, i16), HashMap<&str, Vec<&Meta>>> = HashMap::new();
        for meta in &metas {
            versions
                .entry((meta.1, meta.2))
                .or_default()
                .entry(meta.3.as_str())
                .or_default()
                .push(meta);
        }
        let tasks: Vec<_> = steps
            .iter()
            .map(|(number, _)| self.ctx.content.tasks(Track::Enhet, *number))
            .collect();
        let empty = HashSet::new();
        let rows = units
            .iter()
            .map(|unit| UnitOverview {
                unit: UnitRef {
                    id: unit.id.to_string(),
                    name: unit.name.clone(),
                },
                steps: steps
                    .iter()
                    .zip(&tasks)
                    .map(|((number, _), tasks)| {
                        let number = *number;
                        let step_state = stage_of(states.get(&(unit.id, i16::from(number))));
                        let agreed_here = agreed.get(&unit.id).unwrap_or(&empty);
                        let agreed_tasks = tasks
                            .iter()
                            .filter(|task| {
                                task_progress(Track::Enhet, number, task, agreed_here, &empty)
                                    == Progress::Agreed
                            })
                            .count();
                        // Each hand-over up of the step: its newest version decides its state;
                        // the step is as far as the least finished of those submitted.
                        let handover_states: Vec<UnitState> = versions
                            .get(&(unit.id, i16::from(number)))
                            .into_iter()
                            .flat_map(|by_handover| by_handover.values())
                            .filter_map(|v| state_of(v, &responses))
                            .collect();
                        let state = if handover_states.contains(&UnitState::ToComplete) {
                            UnitState::ToComplete
                        } else if let Some(lowest) = handover_states.iter().min() {
                            *lowest
                        } else if step_state == Stage::NotOpened {
                            UnitState::NotStarted
                        } else {
                            UnitState::Working
                        };
                        UnitStep {
                            state,
                            step_state,
                            tasks: tasks.len() as u16,
                            agreed: agreed_tasks as u16,
                        }
                    })
                    .collect(),
            })
            .collect();
        let ratings = self.ratings(actor, &metas).await?;
        Ok(Overview {
            organisation_id: organisation.id.to_string(),
            organisation: organisation.name,
            huvudman_group: huvudman.map(|h| UnitRef {
                id: h.id.to_string(),
                name: h.name,
            }),
            cycle: self.ctx.cycle_label(cycle),
            steps,
            units: rows,
            ratings,
        })
    }

    /// How the units rated themselves on each rating field of the unit track, from the newest
    /// submitted artefact of each unit (only agreed ratings count). One query for the snapshots.
    async fn ratings(&self, actor: &Actor, metas: &[Meta]) -> Result<Vec<RatingSpread>> {
        // The unit track's steps, built once: their artefact hand-overs and rating fields.
        let views: Vec<_> = (1..=5u8)
            .filter_map(|n| self.ctx.step_view(Track::Enhet, n, actor).ok())
            .collect();
        let artefacts: HashSet<(i16, &str)> = views
            .iter()
            .flat_map(|v| {
                v.handovers
                    .iter()
                    .filter(|h| h.kind == HandoverKind::Artefact)
                    .map(move |h| (i16::from(v.number), h.id.as_str()))
            })
            .collect();
        let mut newest: HashMap<(Uuid, i16), &Meta> = HashMap::new();
        for meta in metas {
            if artefacts.contains(&(meta.2, meta.3.as_str())) {
                newest
                    .entry((meta.1, meta.2))
                    .and_modify(|m| {
                        if meta.4 > m.4 {
                            *m = meta;
                        }
                    })
                    .or_insert(meta);
            }
        }
        let bodies: Vec<SubmissionBody> = if newest.is_empty() {
            Vec::new()
        } else {
            Submission::find()
                .filter(submissions::Column::Id.is_in(newest.values().map(|m| m.0)))
                .all(&self.db)
                .await?
                .iter()
                .map(read_body)
                .collect::<Result<_>>()?
        };
        // Each field's agreed value per submitted document.
        let mut values: HashMap<&str, Vec<Option<usize>>> = HashMap::new();
        for body in &bodies {
            if let SubmissionBody::Document(document) = body {
                for field in document.tasks.iter().flat_map(|t| &t.fields) {
                    values
                        .entry(field.key.as_str())
                        .or_default()
                        .push(field.agreed.then(|| field.value.parse().ok()).flatten());
                }
            }
        }
        let mut spreads = Vec::new();
        for step in &views {
            let number = step.number;
            for task in &step.tasks {
                for field in &task.fields {
                    let FieldKind::Rating { scale } = &field.kind else {
                        continue;
                    };
                    let key = field_key(Track::Enhet, number, &task.id, &field.id);
                    let given = values.get(key.as_str()).cloned().unwrap_or_default();
                    let mut counts = vec![0u16; scale.len()];
                    let mut unrated = 0;
                    for value in given {
                        match value.and_then(|v| counts.get_mut(v.checked_sub(1)?)) {
                            Some(count) => *count += 1,
                            None => unrated += 1,
                        }
                    }
                    spreads.push(RatingSpread {
                        number,
                        task: task.title.clone(),
                        label: field.label.clone(),
                        scale: scale.clone(),
                        counts,
                        unrated,
                    });
                }
            }
        }
        Ok(spreads)
    }

    /// `/organisationer/{id}/helhet/steg/{n}`: each hand-over up of the step, every unit's newest
    /// version beside the others'.
    pub async fn side_by_side(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
        number: u8,
    ) -> Result<SideBySide> {
        let organisation = self.overseen(actor, organisation).await?;
        let step = self.ctx.step_view(Track::Enhet, number, actor)?;
        let units = units(&self.db, organisation.id).await?;
        let cycle = self.ctx.cycle(&self.db, organisation.id).await?;
        let metas: Vec<Meta> = match &cycle {
            Some(cycle) => {
                Submission::find()
                    .select_only()
                    .columns(meta_columns())
                    .filter(submissions::Column::CycleId.eq(cycle.id))
                    .filter(submissions::Column::Step.eq(i16::from(number)))
                    .order_by_desc(submissions::Column::Version)
                    .into_tuple()
                    .all(&self.db)
                    .await?
            }
            None => Vec::new(),
        };
        let mut newest: HashMap<(Uuid, &str), &Meta> = HashMap::new();
        for meta in &metas {
            newest.entry((meta.1, meta.3.as_str())).or_insert(meta);
        }
        let bodies: HashMap<Uuid, SubmissionBody> = if newest.is_empty() {
            HashMap::new()
        } else {
            Submission::find()
                .filter(submissions::Column::Id.is_in(newest.values().map(|m| m.0)))
                .all(&self.db)
                .await?
                .iter()
                .map(|row| Ok((row.id, read_body(row)?)))
                .collect::<Result<_>>()?
        };
        let responses = responses_to(&self.db, newest.values().map(|m| m.0).collect()).await?;
        let names = self
            .ctx
            .names(
                &self.db,
                newest
                    .values()
                    .filter_map(|m| m.6)
                    .chain(responses.values().flatten().filter_map(|r| r.responded_by)),
            )
            .await?;
        let handovers = step
            .handovers
            .iter()
            .filter(|h| h.direction == Direction::Up)
            .map(|h| {
                let rows = units
                    .iter()
                    .map(|unit| {
                        let meta = newest.get(&(unit.id, h.id.as_str()));
                        UnitSubmission {
                            unit: UnitRef {
                                id: unit.id.to_string(),
                                name: unit.name.clone(),
                            },
                            version: meta.map(|m| version_line(m, &responses, &names)),
                            body: meta.and_then(|m| bodies.get(&m.0).cloned()),
                        }
                    })
                    .collect();
                (h.clone(), rows)
            })
            .collect();
        if step.handovers.is_empty() {
            return Err(ServerError::NotFound);
        }
        Ok(SideBySide {
            organisation_id: organisation.id.to_string(),
            organisation: organisation.name,
            cycle: self.ctx.cycle_label(cycle),
            number,
            step_title: step.title,
            handovers,
        })
    }
}
