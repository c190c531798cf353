//! Reminders before meetings, a job: each member of a group is reminded of its coming meetings
//! as they chose (the morning of the meeting, the working day before, two working days before,
//! or never), by mail or as a line in the morning digest (as they chose for mail about the
//! work), with what to prepare and the link. A reminder goes once; when the meeting has moved
//! since (its sequence rose), once more. The record of each, written with the mail in one
//! transaction and claimed by the insert or update itself, keeps two instances from both
//! sending.

use super::{
    dates::{self, working_days_before},
    pages::{holidays_from, holidays_of, stored},
    plan::{self, Planned},
};
use crate::{
    context::Context,
    db::Writer,
    entities::{
        enums::NoticeMail, groups, meeting_reminders, memberships, prelude::*, reminder_choices,
        users,
    },
    error::Result,
    features::notices::{Notice, notify},
};
use app::{
    features::{calendar::types::clock, workshop::types::Track},
    i18n::Locale,
};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter,
    sea_query::{Expr, OnConflict},
};
use std::collections::HashMap;
use uuid::Uuid;

/// The hour (UTC) reminders go out on their day: with the morning digest, before school.
const HOUR: u32 = 5;
/// How far ahead meetings are looked at: two working days and a weekend, and a day more for
/// those who read reminders in the digest.
const AHEAD_DAYS: i64 = 5;
/// Working days before the meeting for someone who has not chosen.
const DEFAULT_DAYS: u8 = 1;

/// When `user`'s reminder of a meeting on `day` is due: `days` working days before, at the
/// hour; a day earlier for someone who reads the digest, which goes out at that hour.
fn due(day: NaiveDate, days: u8, mail: NoticeMail) -> DateTime<Utc> {
    let at = working_days_before(day, days)
        .and_hms_opt(HOUR, 0, 0)
        .unwrap_or_default()
        .and_utc();
    if mail == NoticeMail::Daily {
        at - Duration::days(1)
    } else {
        at
    }
}

/// Sends the reminders due at `now`; returns how many went (as mail or digest lines).
pub async fn send_due(
    db: &DatabaseConnection,
    ctx: &Context,
    base_url: &str,
    now: DateTime<Utc>,
) -> Result<usize> {
    // The Swedish date, near enough: meetings are in the daytime.
    let today = (now + Duration::hours(2)).date_naive();
    let last = today + Duration::days(AHEAD_DAYS);
    let groups = Group::find().all(db).await?;
    if groups.is_empty() {
        return Ok(0);
    }
    let years = ctx.years_of(db, &groups).await?;
    let organisations: Vec<Uuid> = groups.iter().map(|g| g.organisation_id).collect();
    let holidays = holidays_of(db, &organisations).await?;
    let wanted: Vec<(Uuid, Option<Uuid>)> = groups
        .iter()
        .map(|g| {
            (
                g.id,
                years
                    .get(&g.id)
                    .and_then(|y| y.cycle.as_ref().map(|c| c.id)),
            )
        })
        .collect();
    let mut stored = stored(db, &wanted).await?;
    // Each group's coming meetings, in each language asked for below (plans are pure and cheap).
    let plan_of = |group: &groups::Model, locale: Locale, stored: &plan::Stored| {
        let (_, first_year) =
            ctx.school_year_of(years.get(&group.id).and_then(|y| y.cycle.clone()));
        let row = holidays.get(&group.organisation_id);
        plan::meetings(
            &ctx.content,
            Track::from(group.track),
            locale,
            first_year,
            &holidays_from(row),
            row.map_or(0, |r| r.revision),
            stored,
        )
    };
    let mut coming: Vec<(&groups::Model, Uuid, plan::Stored, Vec<Planned>)> = Vec::new();
    for group in &groups {
        let year = years.get(&group.id);
        // A closed year has no meetings left to remind of.
        let Some(cycle) = year.filter(|y| !y.closed).and_then(|y| y.cycle.as_ref()) else {
            continue;
        };
        let s = stored.remove(&group.id).unwrap_or_default();
        let soon: Vec<Planned> = plan_of(group, Locale::sv, &s)
            .into_iter()
            .filter(|p| !p.slot.cancelled && p.day >= today && p.day <= last)
            .collect();
        if !soon.is_empty() {
            coming.push((group, cycle.id, s, soon));
        }
    }
    if coming.is_empty() {
        return Ok(0);
    }
    let group_ids: Vec<Uuid> = coming.iter().map(|c| c.0.id).collect();
    let members: Vec<(memberships::Model, Option<users::Model>)> = Membership::find()
        .find_also_related(User)
        .filter(memberships::Column::GroupId.is_in(group_ids.clone()))
        .all(db)
        .await?;
    let user_ids: Vec<Uuid> = members.iter().map(|(m, _)| m.user_id).collect();
    let choices: HashMap<Uuid, Option<i16>> = ReminderChoice::find()
        .filter(reminder_choices::Column::UserId.is_in(user_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.user_id, r.days_before))
        .collect();
    let sent: HashMap<(Uuid, i16, i16, Uuid), i32> = MeetingReminder::find()
        .filter(meeting_reminders::Column::GroupId.is_in(group_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|r| ((r.group_id, r.step, r.number, r.user_id), r.sequence))
        .collect();

    let txn = Writer::new(db.clone()).begin().await?;
    let mut count = 0;
    for (group, cycle, s, soon) in &coming {
        let mut in_locale: HashMap<Locale, Vec<Planned>> = HashMap::new();
        for (membership, user) in members.iter().filter(|(m, _)| m.group_id == group.id) {
            let Some(user) = user else { continue };
            if user.notice_mail == NoticeMail::Off {
                continue;
            }
            let days = match choices.get(&user.id) {
                None => DEFAULT_DAYS,
                Some(None) => continue,
                Some(Some(d)) => u8::try_from(*d).unwrap_or(DEFAULT_DAYS),
            };
            let locale: Locale = user.locale.parse().unwrap_or_default();
            for p in soon {
                let starts = dates::stockholm_to_utc(p.day, p.slot.starts);
                if now < due(p.day, days, user.notice_mail) || now >= starts {
                    continue;
                }
                let key = (
                    group.id,
                    i16::from(p.slot.step),
                    i16::from(p.slot.number),
                    membership.user_id,
                );
                let moved = match sent.get(&key) {
                    None => false,
                    Some(&sequence) if sequence < p.sequence => true,
                    Some(_) => continue,
                };
                if !claim(&txn, *cycle, key, p.sequence, moved, now).await? {
                    continue;
                }
                let words = in_locale
                    .entry(locale)
                    .or_insert_with(|| plan_of(group, locale, s))
                    .iter()
                    .find(|q| q.slot.step == p.slot.step && q.slot.number == p.slot.number)
                    .map_or(p.slot.clone(), |q| q.slot.clone());
                let link = format!(
                    "{base_url}/grupper/{}/kalender/{}/{}",
                    group.id, p.slot.step, p.slot.number
                );
                let notice = Notice {
                    template: "reminder",
                    values: serde_json::json!({
                        "group": group.name,
                        "title": words.title,
                        "step": p.slot.step,
                        "day": app::ui::date::long_date_in(locale, plan::date(p.day)),
                        "time": clock(p.slot.starts),
                        "place": p.slot.place,
                        "prepare": words.prepare,
                        "moved": moved,
                    }),
                    link,
                };
                notify(&txn, base_url, std::slice::from_ref(user), &notice, now).await?;
                count += 1;
            }
        }
    }
    txn.commit().await?;
    Ok(count)
}

/// Records a reminder as sent, if nobody has since: a first one by inserting its row, one
/// after a move by raising the row's sequence. `false` when another run got there first.
async fn claim(
    txn: &sea_orm::DatabaseTransaction,
    cycle: Uuid,
    (group, step, number, user): (Uuid, i16, i16, Uuid),
    sequence: i32,
    moved: bool,
    now: DateTime<Utc>,
) -> Result<bool> {
    let changed = if moved {
        MeetingReminder::update_many()
            .col_expr(meeting_reminders::Column::Sequence, Expr::value(sequence))
            .col_expr(meeting_reminders::Column::SentAt, Expr::value(now))
            .filter(meeting_reminders::Column::GroupId.eq(group))
            .filter(meeting_reminders::Column::CycleId.eq(cycle))
            .filter(meeting_reminders::Column::Step.eq(step))
            .filter(meeting_reminders::Column::Number.eq(number))
            .filter(meeting_reminders::Column::UserId.eq(user))
            .filter(meeting_reminders::Column::Sequence.lt(sequence))
            .exec(txn)
            .await?
            .rows_affected
    } else {
        MeetingReminder::insert(meeting_reminders::ActiveModel {
            group_id: Set(group),
            cycle_id: Set(cycle),
            step: Set(step),
            number: Set(number),
            user_id: Set(user),
            sequence: Set(sequence),
            sent_at: Set(now),
        })
        .on_conflict(
            OnConflict::columns([
                meeting_reminders::Column::GroupId,
                meeting_reminders::Column::CycleId,
                meeting_reminders::Column::Step,
                meeting_reminders::Column::Number,
                meeting_reminders::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(txn)
        .await?
    };
    Ok(changed == 1)
}
