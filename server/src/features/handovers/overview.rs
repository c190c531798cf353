//! The huvudman's whole picture: every unit's state and progress per step, the spread of the
//! units' agreed ratings, and one step's submissions side by side. Read only from what units
//! submitted (and, for progress, counts of agreed tasks, never their text); a fixed number of
//! queries whatever the number of units.

use super::{
    pages::HandoverPages,
    service::{Meta, huvudman_group, meta_columns, read_body, responses_to, units, version_line},
};
use crate::{
    context::field_key,
    entities::{prelude::*, submissions},
    error::{Result, ServerError},
};
use app::{
    features::{
        handovers::types::{
            Overview, RatingSpread, SideBySide, SubmissionBody, UnitOverview, UnitRef, UnitStep,
            UnitSubmission,
        },
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
        let cycle = self
            .ctx
            .huvudman_cycle(&self.db, organisation.id, huvudman.as_ref())
            .await?;
        let steps: Vec<(u8, String)> = self
            .ctx
            .content
            .overview(actor.locale)
            .into_iter()
            .find(|t| t.track == Track::Enhet)
            .map(|t| t.steps.into_iter().map(|s| (s.number, s.title)).collect())
            .unwrap_or_default();
        // The units' steps as every page reads them (the standing loader), so the matrix says
        // what each unit's own group page says.
        let standings = self.ctx.standings(&self.db, &units, actor.locale).await?;
        let metas: Vec<Meta> = match &cycle {
            Some(cycle) if !units.is_empty() => {
                Submission::find()
                    .select_only()
                    .columns(meta_columns())
                    .filter(submissions::Column::CycleId.eq(cycle.id))
                    .order_by_desc(submissions::Column::Version)
                    .into_tuple()
                    .all(&self.db)
                    .await?
            }
            _ => Vec::new(),
        };
        // Each unit's step's newest submission (of any hand-over up), which its cell opens.
        let mut newest: HashMap<(Uuid, i16), &Meta> = HashMap::new();
        for meta in &metas {
            let entry = newest.entry((meta.1, meta.2)).or_insert(meta);
            if meta.7 > entry.7 {
                *entry = meta;
            }
        }
        let rows = units
            .iter()
            .map(|unit| UnitOverview {
                unit: UnitRef {
                    id: unit.id.to_string(),
                    name: unit.name.clone(),
                },
                steps: standings
                    .get(&unit.id)
                    .map(|p| p.steps.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .map(|step| UnitStep {
                        step_state: step.state,
                        sent: step.sent,
                        tasks: step.tasks,
                        agreed: step.agreed,
                        submission: newest
                            .get(&(unit.id, i16::from(step.number)))
                            .map(|m| m.0.to_string()),
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
            inbox: self
                .ctx
                .inbox(&self.db, organisation.id, None, actor.locale)
                .await?,
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
        let huvudman = huvudman_group(&self.db, organisation.id).await?;
        let cycle = self
            .ctx
            .huvudman_cycle(&self.db, organisation.id, huvudman.as_ref())
            .await?;
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
