//! Hand-overs: the port, and what its read models and commands share (a submission's meta
//! columns, a unit's state, version lines, checked text, the organisation's groups).
//! A unit's process leader submits; the huvudman group's members read what was submitted
//! (never the unit's work in progress) and its process leader answers and publishes.

use super::{commands::HandoverCommands, pages::HandoverPages};
use crate::{
    context::Context,
    db::Writer,
    entities::{
        enums::GroupTrack, groups, memberships, prelude::*, publications, submission_responses,
        submissions, users,
    },
    error::{Result, ServerError},
};
use app::{
    features::handovers::types::{
        Handed, HandoverProblem, HandoverState, MAX_HANDOVER_TEXT, PublicationView, ResponseKind,
        ResponseView, StepHandovers, SubmissionBody, SubmissionPage, VersionLine,
    },
    ports::{Actor, GroupId, OrganisationId, SubmissionId},
};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, sea_query::Query,
};
use std::collections::HashMap;
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
    pages: HandoverPages,
    commands: HandoverCommands,
}

impl HandoverService {
    pub fn new(db: DatabaseConnection, ctx: Context, base_url: String) -> Self {
        Self {
            commands: HandoverCommands {
                writer: Writer::new(db.clone()),
                ctx: ctx.clone(),
                base_url,
            },
            pages: HandoverPages { db, ctx },
        }
    }
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
/// them: nothing sent, or as `standing::handover_state` reads the newest version's answers.
pub(super) fn state_of(
    versions: &[&Meta],
    responses: &HashMap<Uuid, Vec<submission_responses::Model>>,
) -> HandoverState {
    let Some(newest) = versions.first() else {
        return HandoverState::NotSent;
    };
    crate::standing::handover_state(
        responses
            .get(&newest.0)
            .into_iter()
            .flatten()
            .map(|r| &r.kind),
    )
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
pub(super) fn checked_text(
    body: &str,
    required: bool,
) -> std::result::Result<String, HandoverProblem> {
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

/// `users` who are members of any of `groups`, except `me`.
pub(super) fn members_of(groups: Vec<Uuid>) -> Condition {
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

/// The answers to these submissions, by submission, in order.
pub(super) async fn responses_to<C: ConnectionTrait>(
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
pub(super) async fn units<C: ConnectionTrait>(
    db: &C,
    organisation: Uuid,
) -> Result<Vec<groups::Model>> {
    let mut units = Group::find()
        .filter(groups::Column::OrganisationId.eq(organisation))
        .filter(groups::Column::Track.eq(GroupTrack::Enhet))
        .all(db)
        .await?;
    units.sort_by_cached_key(|g| crate::text::sort_key(&g.name));
    Ok(units)
}

/// The organisation's huvudman group.
pub(super) async fn huvudman_group<C: ConnectionTrait>(
    db: &C,
    organisation: Uuid,
) -> Result<Option<groups::Model>> {
    Ok(Group::find()
        .filter(groups::Column::OrganisationId.eq(organisation))
        .filter(groups::Column::Track.eq(GroupTrack::Huvudman))
        .one(db)
        .await?)
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
        async fn step(&self, actor: &Actor, group: GroupId, number: u8) -> StepHandovers => pages;
        async fn submit(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            handover: &str,
            seen_version: i32,
            text: Option<String>,
        ) -> Handed => commands;
        async fn submission(&self, actor: &Actor, id: SubmissionId) -> SubmissionPage => pages;
        async fn respond(
            &self,
            actor: &Actor,
            id: SubmissionId,
            seen: i32,
            kind: ResponseKind,
            body: &str,
        ) -> Handed => commands;
        async fn publish(
            &self,
            actor: &Actor,
            group: GroupId,
            number: u8,
            handover: &str,
            seen_number: i32,
            body: &str,
            to: Option<Vec<GroupId>>,
        ) -> Handed => commands;
        async fn overview(&self, actor: &Actor, organisation: OrganisationId)
            -> app::features::handovers::types::Overview => pages;
        async fn side_by_side(&self, actor: &Actor, organisation: OrganisationId, number: u8)
            -> app::features::handovers::types::SideBySide => pages;
    }
}
