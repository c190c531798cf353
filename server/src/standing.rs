//! Where groups stand in their current cycle and what each does next: the steps' states and
//! agreed tasks, each step's finalised document, a unit's hand-overs up and the huvudman's
//! requests to complete, the huvudman's publications. Read for any number of groups in a fixed
//! number of queries (nine at most), so "Mina grupper" costs the same with one group or forty.
//! The group page, "Mina grupper", the organisation page and the whole picture all read states
//! from here, which is what makes them agree.

use crate::{
    context::{Context, state_of, task_progress},
    entities::{
        answers, artefact_versions,
        enums::{GroupTrack, ResponseKind as Kind, StepStatus},
        groups,
        prelude::*,
        publications, step_states, submission_responses, submissions,
    },
    error::Result,
};
use app::{
    features::{
        work::types::{GroupProgress, StepProgress},
        workshop::types::{Direction, HandoverKind, Track},
    },
    i18n::Locale,
    ports::Workshop as _,
    shared::{
        Completion, CompletionStage, HandoverState, Inbox, InboxItem, NextMove, Progress,
        StepState as Stage,
    },
};
use chrono::{DateTime, Datelike, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Where a unit stands with one hand-over up, from the answers to its newest version (oldest
/// first): the last answer that asked for something decides; a comment leaves it sent.
pub(crate) fn handover_state<'a>(kinds: impl IntoIterator<Item = &'a Kind>) -> HandoverState {
    kinds
        .into_iter()
        .filter_map(|kind| match kind {
            Kind::Complete => Some(HandoverState::ToComplete),
            Kind::Acknowledge => Some(HandoverState::Acknowledged),
            Kind::Comment => None,
        })
        .last()
        .unwrap_or(HandoverState::Sent)
}

/// A step's hand-overs up taken together: asked to complete wins, then the least finished.
pub(crate) fn least_finished(
    states: impl IntoIterator<Item = HandoverState>,
) -> Option<HandoverState> {
    let states: Vec<HandoverState> = states.into_iter().collect();
    if states.contains(&HandoverState::ToComplete) {
        Some(HandoverState::ToComplete)
    } else {
        states.into_iter().min()
    }
}

/// One submitted version, as the standing needs it.
struct Sent {
    id: Uuid,
    group: Uuid,
    step: i16,
    handover: String,
    version: i32,
    artefact_version: Option<i32>,
}

/// The newest version of one hand-over, with the answers to it.
struct Newest<'a> {
    sent: &'a Sent,
    state: HandoverState,
    /// The huvudman's last request to complete, if that is the state.
    comment: Option<&'a str>,
}

impl Context {
    /// One group's steps and next move: the group home's list.
    pub(crate) async fn standing<C: ConnectionTrait>(
        &self,
        db: &C,
        group: &groups::Model,
        locale: Locale,
    ) -> Result<GroupProgress> {
        let mut all = self
            .standings(db, std::slice::from_ref(group), locale)
            .await?;
        Ok(all.remove(&group.id).unwrap_or_else(|| GroupProgress {
            cycle: self.cycle_label(None),
            steps: Vec::new(),
            next: NextMove::AllDone,
        }))
    }

    /// Each group's steps in its organisation's current cycle, with the next move; keyed by
    /// group id. Nine queries at most, whatever the number of groups.
    pub(crate) async fn standings<C: ConnectionTrait>(
        &self,
        db: &C,
        groups: &[groups::Model],
        locale: Locale,
    ) -> Result<HashMap<Uuid, GroupProgress>> {
        if groups.is_empty() {
            return Ok(HashMap::new());
        }
        // Each group's own cycle: the organisation's newest, or the one it is finishing.
        let years = self.years_of(db, groups).await?;
        let cycle_of = |group: &groups::Model| years.get(&group.id).and_then(|y| y.cycle.as_ref());
        let working: Vec<&groups::Model> =
            groups.iter().filter(|g| cycle_of(g).is_some()).collect();
        let ids: Vec<Uuid> = working.iter().map(|g| g.id).collect();
        let cycle_ids: Vec<Uuid> = working
            .iter()
            .filter_map(|g| cycle_of(g).map(|c| c.id))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        // Every read below is keyed by group first and by the groups' current cycles; a row of
        // another cycle of the same group (a later organisation's cycle never matches) is
        // dropped by the check against the group's own cycle.
        let cycle_by_group: HashMap<Uuid, Uuid> = working
            .iter()
            .filter_map(|g| Some((g.id, cycle_of(g)?.id)))
            .collect();
        let in_cycle = |group: Uuid, cycle: Uuid| cycle_by_group.get(&group) == Some(&cycle);
        let mut states: HashMap<(Uuid, i16), StepStatus> = HashMap::new();
        let mut agreed: HashMap<Uuid, HashSet<String>> = HashMap::new();
        let mut last_saved: HashMap<(Uuid, i16), DateTime<Utc>> = HashMap::new();
        let mut finalised: HashMap<(Uuid, i16), (i32, DateTime<Utc>)> = HashMap::new();
        let mut sent: Vec<Sent> = Vec::new();
        let mut kinds: HashMap<Uuid, Vec<(Kind, String)>> = HashMap::new();
        let mut published: HashSet<(Uuid, i16, String)> = HashSet::new();
        if !ids.is_empty() {
            for s in StepState::find()
                .filter(step_states::Column::GroupId.is_in(ids.clone()))
                .filter(step_states::Column::CycleId.is_in(cycle_ids.clone()))
                .all(db)
                .await?
            {
                if in_cycle(s.group_id, s.cycle_id) {
                    states.insert((s.group_id, s.step), s.state);
                }
            }
            // The answers' marks without their bodies: whether each is agreed, and when it was
            // last saved (a document changed since it was finalised).
            for (group, cycle, field, step, is_agreed, saved_at) in Answer::find()
                .select_only()
                .columns([
                    answers::Column::GroupId,
                    answers::Column::CycleId,
                    answers::Column::Field,
                    answers::Column::Step,
                    answers::Column::Agreed,
                ])
                .column(answers::Column::SavedAt)
                .filter(answers::Column::GroupId.is_in(ids.clone()))
                .filter(answers::Column::CycleId.is_in(cycle_ids.clone()))
                .into_tuple::<(Uuid, Uuid, String, i16, bool, DateTime<Utc>)>()
                .all(db)
                .await?
            {
                if !in_cycle(group, cycle) {
                    continue;
                }
                if is_agreed {
                    agreed.entry(group).or_default().insert(field);
                }
                let last = last_saved.entry((group, step)).or_insert(saved_at);
                *last = Ord::max(*last, saved_at);
            }
            for (group, cycle, step, version, at) in ArtefactVersion::find()
                .select_only()
                .columns([
                    artefact_versions::Column::GroupId,
                    artefact_versions::Column::CycleId,
                    artefact_versions::Column::Step,
                    artefact_versions::Column::Version,
                    artefact_versions::Column::FinalisedAt,
                ])
                .filter(artefact_versions::Column::GroupId.is_in(ids.clone()))
                .filter(artefact_versions::Column::CycleId.is_in(cycle_ids.clone()))
                .into_tuple::<(Uuid, Uuid, i16, i32, DateTime<Utc>)>()
                .all(db)
                .await?
            {
                if !in_cycle(group, cycle) {
                    continue;
                }
                let newest = finalised.entry((group, step)).or_insert((version, at));
                if version > newest.0 {
                    *newest = (version, at);
                }
            }
            let units: Vec<Uuid> = working
                .iter()
                .filter(|g| g.track == GroupTrack::Enhet)
                .map(|g| g.id)
                .collect();
            // Each read runs whether or not there is anything to find, so a page makes as many
            // queries whatever the groups hold.
            {
                for (id, group, cycle, step, handover, version, artefact_version) in
                    Submission::find()
                        .select_only()
                        .columns([
                            submissions::Column::Id,
                            submissions::Column::GroupId,
                            submissions::Column::CycleId,
                            submissions::Column::Step,
                            submissions::Column::Handover,
                            submissions::Column::Version,
                            submissions::Column::ArtefactVersion,
                        ])
                        .filter(submissions::Column::GroupId.is_in(units))
                        .filter(submissions::Column::CycleId.is_in(cycle_ids.clone()))
                        .into_tuple::<(Uuid, Uuid, Uuid, i16, String, i32, Option<i32>)>()
                        .all(db)
                        .await?
                {
                    if in_cycle(group, cycle) {
                        sent.push(Sent {
                            id,
                            group,
                            step,
                            handover,
                            version,
                            artefact_version,
                        });
                    }
                }
            }
            let newest_ids: Vec<Uuid> = newest_versions(&sent).map(|s| s.id).collect();
            {
                for (submission, kind, body) in SubmissionResponse::find()
                    .select_only()
                    .columns([
                        submission_responses::Column::SubmissionId,
                        submission_responses::Column::Kind,
                        submission_responses::Column::Body,
                    ])
                    .filter(submission_responses::Column::SubmissionId.is_in(newest_ids))
                    .order_by_asc(submission_responses::Column::Number)
                    .into_tuple::<(Uuid, Kind, String)>()
                    .all(db)
                    .await?
                {
                    kinds.entry(submission).or_default().push((kind, body));
                }
            }
            let huvudman: Vec<Uuid> = working
                .iter()
                .filter(|g| g.track == GroupTrack::Huvudman)
                .map(|g| g.id)
                .collect();
            {
                for (group, cycle, step, handover) in Publication::find()
                    .select_only()
                    .columns([
                        publications::Column::GroupId,
                        publications::Column::CycleId,
                        publications::Column::Step,
                        publications::Column::Handover,
                    ])
                    .distinct()
                    .filter(publications::Column::GroupId.is_in(huvudman))
                    .filter(publications::Column::CycleId.is_in(cycle_ids.clone()))
                    .into_tuple::<(Uuid, Uuid, i16, String)>()
                    .all(db)
                    .await?
                {
                    if in_cycle(group, cycle) {
                        published.insert((group, step, handover));
                    }
                }
            }
        }
        // The newest version of each hand-over, per group, with its state.
        let mut newest: HashMap<(Uuid, i16, &str), Newest> = HashMap::new();
        for s in newest_versions(&sent) {
            let answers = kinds.get(&s.id).map(Vec::as_slice).unwrap_or_default();
            let state = handover_state(answers.iter().map(|(k, _)| k));
            let comment = (state == HandoverState::ToComplete)
                .then(|| {
                    answers
                        .iter()
                        .rev()
                        .find(|(k, _)| *k == Kind::Complete)
                        .map(|(_, body)| body.as_str())
                })
                .flatten();
            newest.insert(
                (s.group, s.step, s.handover.as_str()),
                Newest {
                    sent: s,
                    state,
                    comment,
                },
            );
        }
        let empty = HashSet::new();
        let mut out = HashMap::new();
        // The steps' titles, built once for every group.
        let overview = self.content.overview(locale);
        for group in groups {
            let track: Track = group.track.into();
            let titles = overview
                .iter()
                .find(|t| t.track == track)
                .map(|t| t.steps.clone())
                .unwrap_or_default();
            let agreed_here = agreed.get(&group.id).unwrap_or(&empty);
            let mut steps = Vec::with_capacity(titles.len());
            let mut completion = None;
            let mut next = None;
            for summary in titles {
                let number = summary.number;
                let key = (group.id, i16::from(number));
                // A later year leaves out the tasks the content skips then.
                let later = years.get(&group.id).is_some_and(|y| y.previous.is_some());
                let progress: Vec<Progress> = self
                    .content
                    .tasks(track, number)
                    .iter()
                    .filter(|task| !(later && task.skip_in_later_years))
                    .map(|task| task_progress(track, number, task, agreed_here, &empty))
                    .collect();
                let count = |p: Progress| progress.iter().filter(|x| **x == p).count() as u16;
                let state = state_of(states.get(&key));
                let document = finalised.get(&key).copied();
                let changed = match (document, last_saved.get(&key)) {
                    (Some((_, at)), Some(saved)) => *saved > at,
                    _ => false,
                };
                let handovers = self.content.handovers(track, number, locale);
                let ups: Vec<_> = handovers
                    .iter()
                    .filter(|h| h.direction == Direction::Up)
                    .collect();
                let up_states: Vec<(HandoverState, &app::features::workshop::types::HandoverView)> =
                    ups.iter()
                        .map(|h| {
                            let state = newest
                                .get(&(group.id, i16::from(number), h.id.as_str()))
                                .map_or(HandoverState::NotSent, |n| n.state);
                            (state, *h)
                        })
                        .collect();
                let sent_state = if track == Track::Enhet && !ups.is_empty() {
                    least_finished(up_states.iter().map(|(s, _)| *s))
                } else {
                    None
                };
                let step = StepProgress {
                    number,
                    title: summary.title,
                    state,
                    tasks: progress.len() as u16,
                    agreed: count(Progress::Agreed),
                    finalised: document.map(|(v, _)| v),
                    changed,
                    sent: sent_state,
                };
                // A request to complete comes before anything else the group could do.
                if completion.is_none() {
                    for (h_state, h) in &up_states {
                        if *h_state != HandoverState::ToComplete {
                            continue;
                        }
                        let Some(n) = newest.get(&(group.id, i16::from(number), h.id.as_str()))
                        else {
                            continue;
                        };
                        let text = h.kind == HandoverKind::Text;
                        let stage = if text {
                            CompletionStage::Send
                        } else {
                            completion_stage(&step, n.sent.artefact_version)
                        };
                        completion = Some(NextMove::Complete(Completion {
                            step: number,
                            handover: h.id.clone(),
                            title: h.title.clone(),
                            comment: n.comment.unwrap_or_default().to_string(),
                            version: n.sent.version,
                            text,
                            stage,
                        }));
                        break;
                    }
                }
                if next.is_none() {
                    next = step_move(&step, track, group.id, handovers, &newest, &published);
                }
                steps.push(step);
            }
            out.insert(
                group.id,
                GroupProgress {
                    cycle: self.cycle_label(cycle_of(group).cloned()),
                    steps,
                    next: completion.or(next).unwrap_or(NextMove::AllDone),
                },
            );
        }
        Ok(out)
    }
}

/// The newest version of each (group, step, hand-over) among `sent`.
fn newest_versions(sent: &[Sent]) -> impl Iterator<Item = &Sent> {
    let mut newest: HashMap<(Uuid, i16, &str), &Sent> = HashMap::new();
    for s in sent {
        let entry = newest
            .entry((s.group, s.step, s.handover.as_str()))
            .or_insert(s);
        if s.version > entry.version {
            *entry = s;
        }
    }
    newest.into_values()
}

/// Where a unit asked to complete a document is on the way back: a finalised version newer
/// than the one it sent is ready to send; answers changed since the newest finalised version
/// want finalising; an open step is being changed; a done step must be reopened first.
fn completion_stage(step: &StepProgress, sent_version: Option<i32>) -> CompletionStage {
    if step.finalised > sent_version {
        CompletionStage::Send
    } else if step.changed {
        CompletionStage::Finalise
    } else if step.state == Stage::Open {
        CompletionStage::Change
    } else {
        CompletionStage::Reopen
    }
}

/// What is left to do in one step, in the order the work goes: open it, agree its tasks, mark
/// it done, finalise its document, send it up (a unit) or publish (the huvudman). `None`: the
/// step is finished.
fn step_move(
    step: &StepProgress,
    track: Track,
    group: Uuid,
    handovers: &[app::features::workshop::types::HandoverView],
    newest: &HashMap<(Uuid, i16, &str), Newest>,
    published: &HashSet<(Uuid, i16, String)>,
) -> Option<NextMove> {
    let number = step.number;
    match step.state {
        Stage::NotOpened => return Some(NextMove::Open { step: number }),
        Stage::Open if step.agreed < step.tasks => {
            return Some(NextMove::Work {
                step: number,
                agreed: step.agreed,
                tasks: step.tasks,
            });
        }
        Stage::Open => return Some(NextMove::Finish { step: number }),
        Stage::Done => {}
    }
    if step.finalised.is_none() || step.changed {
        return Some(NextMove::Finalise {
            step: number,
            version: step.finalised.unwrap_or(0) + 1,
        });
    }
    for h in handovers {
        let key = (group, i16::from(number), h.id.as_str());
        let todo = match (&h.direction, &h.kind, track) {
            (Direction::Up, HandoverKind::Artefact, Track::Enhet) => newest
                .get(&key)
                .is_none_or(|n| n.sent.artefact_version < step.finalised),
            (Direction::Up, HandoverKind::Text, Track::Enhet) => !newest.contains_key(&key),
            (Direction::Down, HandoverKind::Publication, Track::Huvudman) => {
                !published.contains(&(group, i16::from(number), h.id.clone()))
            }
            _ => false,
        };
        if todo {
            let (handover, title) = (h.id.clone(), h.title.clone());
            return Some(if track == Track::Enhet {
                NextMove::Send {
                    step: number,
                    handover,
                    title,
                }
            } else {
                NextMove::Publish {
                    step: number,
                    handover,
                    title,
                }
            });
        }
    }
    None
}

/// A submitted version as the inbox reads it: id, unit, step, hand-over, title, version, when.
type Submitted = (Uuid, Uuid, i16, String, String, i32, DateTime<Utc>);

/// The ISO week numbers that have a day in `now`'s month.
fn weeks_of_month(now: DateTime<Utc>) -> HashSet<u8> {
    let first = now.date_naive().with_day(1).unwrap_or(now.date_naive());
    first
        .iter_days()
        .take_while(|d| d.month() == first.month())
        .filter_map(|d| u8::try_from(d.iso_week().week()).ok())
        .collect()
}

impl Context {
    /// What needs the huvudman of `organisation` now: the units' newest submissions nobody has
    /// answered, those asked to complete and not sent again, and this month in the huvudman's
    /// year plan. Six queries whatever the number of units (five with `loaded`).
    /// `loaded`: every group of the organisation, when the caller has read them.
    pub(crate) async fn inbox<C: ConnectionTrait>(
        &self,
        db: &C,
        organisation: Uuid,
        loaded: Option<&[groups::Model]>,
        locale: Locale,
    ) -> Result<Inbox> {
        let now = self.clock.now();
        let weeks = weeks_of_month(now);
        let due = self
            .content
            .year_plan(Track::Huvudman, locale)
            .entries
            .into_iter()
            .filter(|e| weeks.contains(&e.week.number))
            .collect();
        let mut inbox = Inbox {
            month: u8::try_from(now.month()).unwrap_or(1),
            due,
            ..Inbox::default()
        };
        // The organisation's groups in one read (none, when the page has them already): the
        // units by name, and the huvudman group.
        let groups_here: Vec<(Uuid, String, GroupTrack)> = match loaded {
            Some(groups) => groups
                .iter()
                .map(|g| (g.id, g.name.clone(), g.track))
                .collect(),
            None => {
                Group::find()
                    .select_only()
                    .columns([
                        groups::Column::Id,
                        groups::Column::Name,
                        groups::Column::Track,
                    ])
                    .filter(groups::Column::OrganisationId.eq(organisation))
                    .into_tuple()
                    .all(db)
                    .await?
            }
        };
        // The huvudman reads in the year it is finishing and in the one the units have moved
        // on to: a unit's hand-over keeps its cycle.
        let reading: Vec<Uuid> = match groups_here.iter().find(|g| g.2 == GroupTrack::Huvudman) {
            Some(h) => {
                let year = self.year_of(db, h.0, organisation).await?;
                year.cycle
                    .iter()
                    .chain(year.next.iter())
                    .map(|c| c.id)
                    .collect()
            }
            None => self
                .newest_cycle(db, organisation)
                .await?
                .map(|c| c.id)
                .into_iter()
                .collect(),
        };
        if reading.is_empty() {
            return Ok(inbox);
        }
        let units: HashMap<Uuid, String> = groups_here
            .into_iter()
            .filter(|g| g.2 == GroupTrack::Enhet)
            .map(|g| (g.0, g.1))
            .collect();
        if units.is_empty() {
            return Ok(inbox);
        }
        let sent: Vec<Submitted> = Submission::find()
            .select_only()
            .columns([
                submissions::Column::Id,
                submissions::Column::GroupId,
                submissions::Column::Step,
                submissions::Column::Handover,
                submissions::Column::Title,
                submissions::Column::Version,
                submissions::Column::SubmittedAt,
            ])
            .filter(submissions::Column::GroupId.is_in(units.keys().copied()))
            .filter(submissions::Column::CycleId.is_in(reading))
            .into_tuple()
            .all(db)
            .await?;
        let mut newest: HashMap<(Uuid, i16, &str), &Submitted> = HashMap::new();
        for s in &sent {
            let entry = newest.entry((s.1, s.2, s.3.as_str())).or_insert(s);
            if s.5 > entry.5 {
                *entry = s;
            }
        }
        let ids: Vec<Uuid> = newest.values().map(|s| s.0).collect();
        let mut kinds: HashMap<Uuid, Vec<Kind>> = HashMap::new();
        if !ids.is_empty() {
            for (submission, kind) in SubmissionResponse::find()
                .select_only()
                .columns([
                    submission_responses::Column::SubmissionId,
                    submission_responses::Column::Kind,
                ])
                .filter(submission_responses::Column::SubmissionId.is_in(ids))
                .order_by_asc(submission_responses::Column::Number)
                .into_tuple::<(Uuid, Kind)>()
                .all(db)
                .await?
            {
                kinds.entry(submission).or_default().push(kind);
            }
        }
        for s in newest.into_values() {
            let item = InboxItem {
                unit: units.get(&s.1).cloned().unwrap_or_default(),
                step: u8::try_from(s.2).unwrap_or_default(),
                title: s.4.clone(),
                version: s.5,
                submission: s.0.to_string(),
                on: crate::db::date(s.6),
            };
            match kinds.get(&s.0) {
                None => inbox.to_answer.push(item),
                Some(answers) if handover_state(answers) == HandoverState::ToComplete => {
                    inbox.to_complete.push(item)
                }
                Some(_) => {}
            }
        }
        // Oldest first: what has waited longest comes first.
        let order = |a: &InboxItem, b: &InboxItem| {
            (
                a.on.year,
                a.on.month,
                a.on.day,
                a.step,
                crate::text::sort_key(&a.unit),
            )
                .cmp(&(
                    b.on.year,
                    b.on.month,
                    b.on.day,
                    b.step,
                    crate::text::sort_key(&b.unit),
                ))
        };
        inbox.to_answer.sort_by(order);
        inbox.to_complete.sort_by(order);
        Ok(inbox)
    }
}
