//! Organisations and groups over the database. Every read joins on the signed-in user's
//! memberships or ownerships, so what they may not see does not exist for them (404).

use crate::{
    audit::{self, Event},
    clock::Clock,
    db::{parse_id, statement, user_id},
    error::internal,
    features::workshop::ContentStore,
};
use app::{
    error::AppError,
    features::{
        auth::types::SignedInUser,
        groups::types::{
            GroupHome, GroupSummary, MemberView, OrganisationKind, OrganisationOverview,
            PlatformGroup, PlatformOrganisation, Registration, Role, SCHOOL_FORMS, UnitGroupForm,
        },
        workshop::types::Track,
    },
    i18n::Locale,
    ports::{ClientIp, Workshop},
};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, QueryResult, Value};
use std::sync::Arc;
use uuid::Uuid;

pub struct GroupService {
    db: DatabaseConnection,
    content: Arc<ContentStore>,
    clock: Clock,
}

impl GroupService {
    pub fn new(db: DatabaseConnection, content: Arc<ContentStore>, clock: Clock) -> Self {
        Self { db, content, clock }
    }
}

/// Whether user `$2` manages group `g`: leads it, or owns its organisation.
pub(crate) const MANAGES: &str = "(EXISTS (SELECT 1 FROM memberships m WHERE m.group_id = g.id \
     AND m.user_id = $2 AND m.role = 'processledare') \
     OR EXISTS (SELECT 1 FROM organisation_owners w \
     WHERE w.organisation_id = g.organisation_id AND w.user_id = $2))";
/// A unit's name, school forms (comma-separated slugs) and optional 8-digit code, checked.
fn unit_details(form: &UnitGroupForm) -> Result<(String, String, Option<String>), AppError> {
    let name = required(&form.name, "namn")?;
    let code = form.school_unit_code.trim();
    let valid_code = code.len() == 8 && code.chars().all(|c| c.is_ascii_digit());
    if !code.is_empty() && !valid_code {
        return Err(AppError::Validation("kod".into()));
    }
    let forms: Vec<&str> = form
        .school_forms
        .iter()
        .map(String::as_str)
        .filter(|f| SCHOOL_FORMS.contains(f))
        .collect();
    Ok((
        name,
        forms.join(","),
        (!code.is_empty()).then(|| code.to_string()),
    ))
}

/// A required, trimmed text of at most 200 characters, or a validation error naming `field`.
/// A name on one line, at most 200 characters (see `text::one_line`), or `field` as the
/// problem to show.
fn required(value: &str, field: &str) -> Result<String, AppError> {
    crate::text::one_line(value, 200).ok_or_else(|| AppError::Validation(field.into()))
}

fn track_of(slug: &str) -> Track {
    Track::parse(slug).unwrap_or(Track::Enhet)
}

fn role_of(slug: Option<String>) -> Option<Role> {
    match slug.as_deref() {
        Some("processledare") => Some(Role::Processledare),
        Some("deltagare") => Some(Role::Deltagare),
        _ => None,
    }
}

/// Groups the user belongs to, or that belong to an organisation they own.
const VISIBLE_GROUPS: &str = "SELECT g.id, g.name, g.track, o.id AS organisation_id, \
       o.name AS organisation_name, m.role \
     FROM groups g JOIN organisations o ON o.id = g.organisation_id \
     LEFT JOIN memberships m ON m.group_id = g.id AND m.user_id = $1 \
     WHERE (m.user_id IS NOT NULL OR g.organisation_id IN \
            (SELECT organisation_id FROM organisation_owners WHERE user_id = $1))";

fn summary(row: &QueryResult) -> Result<GroupSummary, DbErr> {
    Ok(GroupSummary {
        id: row.try_get::<Uuid>("", "id")?.to_string(),
        name: row.try_get("", "name")?,
        track: track_of(&row.try_get::<String>("", "track")?),
        organisation_id: row.try_get::<Uuid>("", "organisation_id")?.to_string(),
        organisation: row.try_get("", "organisation_name")?,
        role: role_of(row.try_get("", "role")?),
    })
}

impl GroupService {
    async fn visible(
        &self,
        user: Uuid,
        extra: &str,
        values: Vec<Value>,
    ) -> Result<Vec<GroupSummary>, AppError> {
        let sql = format!(
            "{VISIBLE_GROUPS}{extra} ORDER BY o.name, \
             CASE g.track WHEN 'huvudman' THEN 0 ELSE 1 END, g.name"
        );
        let mut all = vec![user.into()];
        all.extend(values);
        self.db
            .query_all_raw(statement(&self.db, &sql, all))
            .await
            .map_err(internal)?
            .iter()
            .map(summary)
            .collect::<Result<_, _>>()
            .map_err(internal)
    }

    async fn is_owner(&self, user: Uuid, organisation: Uuid) -> Result<bool, AppError> {
        Ok(self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT user_id FROM organisation_owners WHERE organisation_id = $1 AND user_id = $2",
                vec![organisation.into(), user.into()],
            ))
            .await
            .map_err(internal)?
            .is_some())
    }
}

impl GroupService {
    /// Ends `member`'s membership and revokes the invitations they sent to the group. A group
    /// is never left without a process leader.
    async fn leave_group(
        &self,
        group: Uuid,
        member: Uuid,
        actor: Uuid,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let txn = crate::db::begin_write(&self.db).await.map_err(internal)?;
        let role = txn
            .query_one_raw(statement(
                &txn,
                "SELECT role FROM memberships WHERE group_id = $1 AND user_id = $2",
                vec![group.into(), member.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?
            .try_get::<String>("", "role")
            .map_err(internal)?;
        if role == "processledare" {
            let leaders = txn
                .query_one_raw(statement(
                    &txn,
                    "SELECT COUNT(*) AS n FROM memberships WHERE group_id = $1 AND role = 'processledare'",
                    vec![group.into()],
                ))
                .await
                .map_err(internal)?
                .map(|r| r.try_get::<i64>("", "n"))
                .transpose()
                .map_err(internal)?
                .unwrap_or(0);
            if leaders <= 1 {
                return Err(AppError::Validation("sista".into()));
            }
        }
        txn.execute_raw(statement(
            &txn,
            "DELETE FROM memberships WHERE group_id = $1 AND user_id = $2",
            vec![group.into(), member.into()],
        ))
        .await
        .map_err(internal)?;
        txn.execute_raw(statement(
            &txn,
            "UPDATE invitations SET status = 'revoked' \
             WHERE group_id = $1 AND invited_by = $2 AND status = 'pending'",
            vec![group.into(), member.into()],
        ))
        .await
        .map_err(internal)?;
        let subject = member.to_string();
        let event = Event {
            action: if actor == member {
                "member_left"
            } else {
                "member_removed"
            },
            actor: Some(actor),
            subject: Some(&subject),
            client,
            outcome: "ok",
        };
        audit::record(&txn, event, self.clock.now())
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)
    }
}

// Every column of a new group, one argument each: a struct would only rename them.
#[allow(clippy::too_many_arguments)]
async fn insert_group<C: ConnectionTrait>(
    db: &C,
    organisation: Uuid,
    track: Track,
    name: &str,
    school_forms: &str,
    code: Option<String>,
    leader: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let id = Uuid::now_v7();
    db.execute_raw(statement(
        db,
        "INSERT INTO groups (id, organisation_id, track, name, school_forms, school_unit_code, current_step, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 1, $7)",
        vec![
            id.into(),
            organisation.into(),
            track.slug().into(),
            name.into(),
            school_forms.into(),
            code.into(),
            now.into(),
        ],
    ))
    .await?;
    if let Some(leader) = leader {
        db.execute_raw(statement(
            db,
            "INSERT INTO memberships (group_id, user_id, role, created_at) VALUES ($1, $2, 'processledare', $3)",
            vec![id.into(), leader.into(), now.into()],
        ))
        .await?;
    }
    Ok(id)
}

#[async_trait::async_trait]
impl app::ports::Groups for GroupService {
    async fn remove_member(
        &self,
        user: &SignedInUser,
        group: &str,
        member: &str,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let me = user_id(user)?;
        let group = parse_id(group)?;
        let member = parse_id(member)?;
        let leads = self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT role FROM memberships WHERE group_id = $1 AND user_id = $2 AND role = 'processledare'",
                vec![group.into(), me.into()],
            ))
            .await
            .map_err(internal)?
            .is_some();
        if !leads || member == me {
            return Err(AppError::NotFound);
        }
        self.leave_group(group, member, me, client).await
    }

    async fn leave(
        &self,
        user: &SignedInUser,
        group: &str,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let me = user_id(user)?;
        let group = parse_id(group)?;
        self.leave_group(group, me, me, client).await
    }

    async fn my_groups(&self, user: &SignedInUser) -> Result<Vec<GroupSummary>, AppError> {
        self.visible(user_id(user)?, "", vec![]).await
    }

    async fn register(
        &self,
        user: &SignedInUser,
        form: Registration,
        client: &ClientIp,
    ) -> Result<String, AppError> {
        let me = user_id(user)?;
        let name = required(&form.your_name, "namn")?;
        let organisation = required(&form.organisation, "organisation")?;
        let kind = OrganisationKind::parse(&form.kind).ok_or(AppError::Validation("typ".into()))?;
        let now = self.clock.now();
        let txn = crate::db::begin_write(&self.db).await.map_err(internal)?;
        txn.execute_raw(statement(
            &txn,
            "UPDATE users SET display_name = $1 WHERE id = $2",
            vec![name.into(), me.into()],
        ))
        .await
        .map_err(internal)?;
        let organisation_id = Uuid::now_v7();
        txn.execute_raw(statement(
            &txn,
            "INSERT INTO organisations (id, name, kind, created_at) VALUES ($1, $2, $3, $4)",
            vec![
                organisation_id.into(),
                organisation.clone().into(),
                kind.slug().into(),
                now.into(),
            ],
        ))
        .await
        .map_err(internal)?;
        txn.execute_raw(statement(
            &txn,
            "INSERT INTO organisation_owners (organisation_id, user_id, created_at) VALUES ($1, $2, $3)",
            vec![organisation_id.into(), me.into(), now.into()],
        ))
        .await
        .map_err(internal)?;
        let group = insert_group(
            &txn,
            organisation_id,
            Track::Huvudman,
            &organisation,
            "",
            None,
            Some(me),
            now,
        )
        .await
        .map_err(internal)?;
        if form.also_unit {
            insert_group(
                &txn,
                organisation_id,
                Track::Enhet,
                &organisation,
                "",
                None,
                Some(me),
                now,
            )
            .await
            .map_err(internal)?;
        }
        let subject = organisation_id.to_string();
        let event = Event::ok("organisation_registered", me, &subject, client);
        audit::record(&txn, event, now).await.map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(group.to_string())
    }

    async fn group(
        &self,
        user: &SignedInUser,
        id: &str,
        locale: Locale,
    ) -> Result<GroupHome, AppError> {
        let me = user_id(user)?;
        let id = parse_id(id)?;
        let group = self
            .visible(me, " AND g.id = $2", vec![id.into()])
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?;
        let row = self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT school_forms, school_unit_code, current_step FROM groups WHERE id = $1",
                vec![id.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let forms: String = row.try_get("", "school_forms").map_err(internal)?;
        let step: i16 = row.try_get("", "current_step").map_err(internal)?;
        let step = u8::try_from(step).unwrap_or(1);
        let members = self
            .db
            .query_all_raw(statement(
                &self.db,
                "SELECT u.id, u.display_name, u.email, m.role FROM memberships m \
                 JOIN users u ON u.id = m.user_id WHERE m.group_id = $1 \
                 ORDER BY m.role DESC, u.display_name, u.email",
                vec![id.into()],
            ))
            .await
            .map_err(internal)?
            .iter()
            .map(|r| {
                let member: Uuid = r.try_get("", "id")?;
                Ok(MemberView {
                    id: member.to_string(),
                    is_me: member == me,
                    name: r.try_get("", "display_name")?,
                    email: r.try_get("", "email")?,
                    role: role_of(r.try_get("", "role")?).unwrap_or(Role::Deltagare),
                })
            })
            .collect::<Result<Vec<_>, DbErr>>()
            .map_err(internal)?;
        let organisation = parse_id(&group.organisation_id)?;
        Ok(GroupHome {
            is_owner: self.is_owner(me, organisation).await?,
            school_forms: forms
                .split(',')
                .filter(|f| !f.is_empty())
                .map(str::to_string)
                .collect(),
            school_unit_code: row.try_get("", "school_unit_code").map_err(internal)?,
            current_step: step,
            current_step_title: self
                .content
                .step(group.track, step, locale)
                .map(|s| s.title)
                .unwrap_or_default(),
            members,
            group,
        })
    }

    async fn organisation(
        &self,
        user: &SignedInUser,
        id: &str,
    ) -> Result<OrganisationOverview, AppError> {
        let me = user_id(user)?;
        let id = parse_id(id)?;
        if !self.is_owner(me, id).await? {
            return Err(AppError::NotFound);
        }
        let row = self
            .db
            .query_one_raw(statement(
                &self.db,
                "SELECT name, kind FROM organisations WHERE id = $1",
                vec![id.into()],
            ))
            .await
            .map_err(internal)?
            .ok_or(AppError::NotFound)?;
        let kind: String = row.try_get("", "kind").map_err(internal)?;
        Ok(OrganisationOverview {
            id: id.to_string(),
            name: row.try_get("", "name").map_err(internal)?,
            kind: OrganisationKind::parse(&kind).unwrap_or(OrganisationKind::Kommunal),
            groups: self
                .visible(me, " AND g.organisation_id = $2", vec![id.into()])
                .await?,
        })
    }

    async fn platform(
        &self,
        user: &SignedInUser,
        client: &ClientIp,
    ) -> Result<Vec<PlatformOrganisation>, AppError> {
        if !user.is_admin {
            return Err(AppError::NotFound);
        }
        let me = user_id(user)?;
        let rows = self
            .db
            .query_all_raw(statement(
                &self.db,
                "SELECT o.id AS organisation_id, o.name AS organisation_name, o.kind, o.created_at, \
                        g.name, g.track, g.current_step, \
                        (SELECT COUNT(*) FROM memberships m WHERE m.group_id = g.id) AS members, \
                        (SELECT COUNT(*) FROM invitations i \
                          WHERE i.group_id = g.id AND i.status = 'pending' AND i.expires_at > $1) AS pending \
                 FROM organisations o LEFT JOIN groups g ON g.organisation_id = o.id \
                 ORDER BY o.name, o.id, CASE g.track WHEN 'huvudman' THEN 0 ELSE 1 END, g.name",
                vec![self.clock.now().into()],
            ))
            .await
            .map_err(internal)?;
        let mut organisations: Vec<(Uuid, PlatformOrganisation)> = Vec::new();
        for row in &rows {
            let id: Uuid = row.try_get("", "organisation_id").map_err(internal)?;
            if organisations.last().is_none_or(|(last, _)| *last != id) {
                let kind: String = row.try_get("", "kind").map_err(internal)?;
                let created: DateTime<Utc> = row.try_get("", "created_at").map_err(internal)?;
                organisations.push((
                    id,
                    PlatformOrganisation {
                        name: row.try_get("", "organisation_name").map_err(internal)?,
                        kind: OrganisationKind::parse(&kind).unwrap_or(OrganisationKind::Kommunal),
                        registered_on: crate::db::date(created),
                        groups: Vec::new(),
                    },
                ));
            }
            let Some(name) = row
                .try_get::<Option<String>>("", "name")
                .map_err(internal)?
            else {
                continue;
            };
            let step: i16 = row.try_get("", "current_step").map_err(internal)?;
            if let Some((_, organisation)) = organisations.last_mut() {
                organisation.groups.push(PlatformGroup {
                    name,
                    track: track_of(&row.try_get::<String>("", "track").map_err(internal)?),
                    current_step: u8::try_from(step).unwrap_or(1),
                    members: row.try_get("", "members").map_err(internal)?,
                    pending_invitations: row.try_get("", "pending").map_err(internal)?,
                });
            }
        }
        let event = Event {
            action: "platform_overview_viewed",
            actor: Some(me),
            subject: None,
            client,
            outcome: "ok",
        };
        audit::record(&self.db, event, self.clock.now())
            .await
            .map_err(internal)?;
        Ok(organisations.into_iter().map(|(_, o)| o).collect())
    }

    async fn update_unit(
        &self,
        user: &SignedInUser,
        group: &str,
        form: UnitGroupForm,
        client: &ClientIp,
    ) -> Result<(), AppError> {
        let me = user_id(user)?;
        let group = parse_id(group)?;
        let managed = self
            .db
            .query_one_raw(statement(
                &self.db,
                &format!(
                    "SELECT g.id FROM groups g WHERE g.id = $1 AND g.track = 'enhet' AND {MANAGES}"
                ),
                vec![group.into(), me.into()],
            ))
            .await
            .map_err(internal)?;
        if managed.is_none() {
            return Err(AppError::NotFound);
        }
        let (name, forms, code) = unit_details(&form)?;
        let txn = crate::db::begin_write(&self.db).await.map_err(internal)?;
        txn.execute_raw(statement(
            &txn,
            "UPDATE groups SET name = $1, school_forms = $2, school_unit_code = $3 WHERE id = $4",
            vec![name.into(), forms.into(), code.into(), group.into()],
        ))
        .await
        .map_err(internal)?;
        let subject = group.to_string();
        let event = Event::ok("group_updated", me, &subject, client);
        audit::record(&txn, event, self.clock.now())
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)
    }

    async fn create_unit_group(
        &self,
        user: &SignedInUser,
        organisation: &str,
        form: UnitGroupForm,
        client: &ClientIp,
    ) -> Result<String, AppError> {
        let me = user_id(user)?;
        let organisation = parse_id(organisation)?;
        if !self.is_owner(me, organisation).await? {
            return Err(AppError::NotFound);
        }
        let (name, forms, code) = unit_details(&form)?;
        // With a leader's address, the unit is theirs to lead: the owner invites them next.
        let leader = if form.leader_email.trim().is_empty() {
            Some(me)
        } else if crate::text::email(&form.leader_email).is_some() {
            None
        } else {
            return Err(AppError::Validation("epost".into()));
        };
        let txn = crate::db::begin_write(&self.db).await.map_err(internal)?;
        let id = insert_group(
            &txn,
            organisation,
            Track::Enhet,
            &name,
            &forms,
            code,
            leader,
            self.clock.now(),
        )
        .await
        .map_err(internal)?;
        let subject = id.to_string();
        let event = Event::ok("group_created", me, &subject, client);
        audit::record(&txn, event, self.clock.now())
            .await
            .map_err(internal)?;
        txn.commit().await.map_err(internal)?;
        Ok(id.to_string())
    }
}
