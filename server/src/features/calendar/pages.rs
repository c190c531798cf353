//! What the calendar pages and the feed read: a fixed number of queries each, whatever the
//! number of meetings, groups or changes.

use super::{
    dates::{EasterBreak, Holidays},
    ics::{self, Event, When},
    plan::{self, Planned, Stored},
};
use crate::{
    access,
    context::Context,
    entities::{
        calendar_defaults, calendar_feeds, enums::GroupTrack, groups, meeting_times, memberships,
        prelude::*, school_holidays,
    },
    error::{Result, ServerError},
    tokens,
};
use app::{
    features::{
        calendar::types::{
            self as types, CalendarPage, FeedState, HolidaysPage, MeetingPage, Usual,
        },
        workshop::types::Track,
    },
    i18n::Locale,
    ports::{Actor, GroupId, OrganisationId},
};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Clone)]
pub struct CalendarPages {
    pub(super) db: DatabaseConnection,
    pub(super) ctx: Context,
    pub(super) base_url: String,
}

/// The holidays as stored, or the usual weeks.
pub(super) fn holidays_from(row: Option<&school_holidays::Model>) -> Holidays {
    let Some(row) = row else {
        return Holidays::default();
    };
    let week = |w: i16| u8::try_from(w).unwrap_or(0);
    Holidays {
        autumn: week(row.autumn_week),
        christmas: (
            week(row.christmas_first_week),
            week(row.christmas_last_week),
        ),
        sports: week(row.sports_week),
        easter: EasterBreak::parse(&row.easter).unwrap_or(EasterBreak::After),
        summer: (week(row.summer_first_week), week(row.summer_last_week)),
    }
}

/// One query: the organisations' holidays, with the revision every default day moves with.
pub(super) async fn holidays_of<C: ConnectionTrait>(
    db: &C,
    organisations: &[Uuid],
) -> Result<HashMap<Uuid, school_holidays::Model>> {
    Ok(SchoolHoliday::find()
        .filter(school_holidays::Column::OrganisationId.is_in(organisations.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|h| (h.organisation_id, h))
        .collect())
}

/// Two queries: what `groups` stored about their year, each in its cycle (group → cycle).
pub(super) async fn stored<C: ConnectionTrait>(
    db: &C,
    groups: &[(Uuid, Option<Uuid>)],
) -> Result<HashMap<Uuid, Stored>> {
    let ids: Vec<Uuid> = groups.iter().map(|(g, _)| *g).collect();
    let mut out: HashMap<Uuid, Stored> = ids.iter().map(|g| (*g, Stored::default())).collect();
    for row in CalendarDefault::find()
        .filter(calendar_defaults::Column::GroupId.is_in(ids))
        .all(db)
        .await?
    {
        if let Some(s) = out.get_mut(&row.group_id) {
            s.usual = Usual {
                weekday: u8::try_from(row.weekday).unwrap_or(2),
                starts: u16::try_from(row.starts).unwrap_or(15 * 60),
                place: row.place,
            };
            s.usual_revision = row.revision;
        }
    }
    let cycles: HashMap<Uuid, Uuid> = groups
        .iter()
        .filter_map(|(g, c)| Some((*g, (*c)?)))
        .collect();
    if cycles.is_empty() {
        return Ok(out);
    }
    for row in MeetingTime::find()
        .filter(meeting_times::Column::GroupId.is_in(cycles.keys().copied()))
        .filter(meeting_times::Column::CycleId.is_in(cycles.values().copied()))
        .all(db)
        .await?
    {
        // The IN lists pair every group with every cycle; keep each group's own.
        if cycles.get(&row.group_id) != Some(&row.cycle_id) {
            continue;
        }
        let key = (
            u8::try_from(row.step).unwrap_or(0),
            u8::try_from(row.number).unwrap_or(0),
        );
        if let Some(s) = out.get_mut(&row.group_id) {
            s.changed.insert(key, row);
        }
    }
    Ok(out)
}

/// A group's year as the pages read it: its meetings, the huvudman group's where they read
/// what a unit sends, and the holidays.
pub(super) struct Year {
    pub(super) label: String,
    /// The group has closed this year: its meetings can no longer be moved.
    pub(super) closed: bool,
    pub(super) first_year: i32,
    pub(super) holidays: Holidays,
    pub(super) own: Vec<Planned>,
    pub(super) others: Option<Vec<Planned>>,
    pub(super) usual: Usual,
}

impl Year {
    /// Meeting `number` of step `step`; `NotFound` for one the content does not have.
    pub(super) fn meeting(&self, step: u8, number: u8) -> Result<&Planned> {
        self.own
            .iter()
            .find(|p| p.slot.step == step && p.slot.number == number)
            .ok_or(ServerError::NotFound)
    }
}

impl CalendarPages {
    /// Four queries after the group (cycle, holidays, usual time, changes); with `readers`,
    /// for a unit, three more: the huvudman group and its usual time and changes (in the same
    /// two queries as the unit's).
    pub(super) async fn year<C: ConnectionTrait>(
        &self,
        db: &C,
        group: &groups::Model,
        locale: Locale,
        readers: bool,
    ) -> Result<Year> {
        let organisation = group.organisation_id;
        let year = self.ctx.year_of(db, group.id, organisation).await?;
        let (cycle, closed) = (year.cycle, year.closed);
        let (label, first_year) = self.ctx.school_year_of(cycle.clone());
        let holidays_row = holidays_of(db, &[organisation]).await?;
        let holidays = holidays_from(holidays_row.get(&organisation));
        let revision = holidays_row.get(&organisation).map_or(0, |h| h.revision);
        let huvudman = if readers && group.track == GroupTrack::Enhet {
            Group::find()
                .filter(groups::Column::OrganisationId.eq(organisation))
                .filter(groups::Column::Track.eq(GroupTrack::Huvudman))
                .one(db)
                .await?
                .map(|g| g.id)
        } else {
            None
        };
        let cycle_id = cycle.as_ref().map(|c| c.id);
        let mut wanted = vec![(group.id, cycle_id)];
        wanted.extend(huvudman.map(|h| (h, cycle_id)));
        let mut stored = stored(db, &wanted).await?;
        let mut plan_of = |id: Uuid, track| {
            let s = stored.remove(&id).unwrap_or_default();
            let planned = plan::meetings(
                &self.ctx.content,
                track,
                locale,
                first_year,
                &holidays,
                revision,
                &s,
            );
            (planned, s.usual)
        };
        let (own, usual) = plan_of(group.id, group.track.into());
        let others = huvudman.map(|h| plan_of(h, Track::Huvudman).0);
        Ok(Year {
            label,
            closed,
            first_year,
            holidays,
            own,
            others,
            usual,
        })
    }

    pub async fn page(&self, actor: &Actor, group: GroupId) -> Result<CalendarPage> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let year = self.year(&self.db, &seen.group, actor.locale, true).await?;
        let entries = plan::entries(
            &self.ctx.content,
            seen.track(),
            actor.locale,
            year.first_year,
            &year.holidays,
            &year.own,
            year.others.as_deref(),
        );
        Ok(CalendarPage {
            group: seen.summary(),
            cycle: year.label,
            leads: seen.leads() && !year.closed,
            usual: year.usual,
            entries,
            holidays: plan::holiday_spans(year.first_year, &year.holidays),
        })
    }

    pub async fn meeting(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
    ) -> Result<MeetingPage> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let year = self
            .year(&self.db, &seen.group, actor.locale, false)
            .await?;
        let planned = year.meeting(step, number)?;
        let (step_title, meeting) = self
            .ctx
            .content
            .schedule(seen.track(), actor.locale)
            .find(|(n, ..)| *n == step)
            .and_then(|(_, title, meetings, _)| {
                Some((title, meetings.get(usize::from(number).checked_sub(1)?)?))
            })
            .ok_or(ServerError::NotFound)?;
        Ok(MeetingPage {
            group: seen.summary(),
            cycle: year.label.clone(),
            leads: seen.leads() && !year.closed,
            step_title: step_title.to_string(),
            day: plan::date(planned.day),
            slot: planned.slot.clone(),
            default_day: plan::date(planned.default_day),
            who: meeting.who.clone(),
            agenda: meeting.agenda.clone(),
            warnings: plan::meeting_warnings(&year.holidays, planned),
        })
    }

    pub async fn holidays(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
    ) -> Result<HolidaysPage> {
        let me = actor.user_id()?.0;
        let mut query = Organisation::find_by_id(organisation.0);
        if !actor.is_admin() {
            query = query.filter(access::takes_part_in(me));
        }
        let org = query.one(&self.db).await?.ok_or(ServerError::NotFound)?;
        let may_edit = actor.is_admin()
            || Organisation::find_by_id(org.id)
                .filter(access::plans_year_of(me))
                .one(&self.db)
                .await?
                .is_some();
        let row = holidays_of(&self.db, &[org.id]).await?;
        let holidays = holidays_from(row.get(&org.id));
        let cycle = self.ctx.newest_cycle(&self.db, org.id).await?;
        let (label, first_year) = self.ctx.school_year_of(cycle);
        Ok(HolidaysPage {
            organisation_id: org.id.to_string(),
            organisation: org.name,
            cycle: label,
            may_edit,
            weeks: (&holidays).into(),
            this_year: plan::holiday_spans(first_year, &holidays),
        })
    }

    pub async fn feed(&self, actor: &Actor) -> Result<FeedState> {
        let me = actor.user_id()?.0;
        let row = CalendarFeed::find_by_id(me).one(&self.db).await?;
        let reminders = ReminderChoice::find_by_id(me)
            .one(&self.db)
            .await?
            .map_or(types::ReminderChoice::DayBefore, |r| {
                types::ReminderChoice::from_days(r.days_before.and_then(|d| u8::try_from(d).ok()))
            });
        Ok(FeedState {
            since: row.map(|r| crate::db::date(r.created_at)),
            reminders,
        })
    }

    /// A meeting as a calendar event (UID stable per group, cycle, step and meeting).
    fn event(&self, group: &groups::Model, cycle: &str, p: &Planned) -> Event {
        let link = format!(
            "{}/grupper/{}/kalender/{}/{}",
            self.base_url, group.id, p.slot.step, p.slot.number
        );
        let mut description = String::new();
        if !p.slot.prepare.is_empty() {
            description.push_str(&p.slot.prepare.join("\n"));
            description.push_str("\n\n");
        }
        description.push_str(&link);
        Event {
            uid: format!(
                "{}-{}-{}-{}@verkstad",
                group.id,
                cycle.replace('/', "-"),
                p.slot.step,
                p.slot.number
            ),
            sequence: p.sequence,
            when: When::Meeting {
                day: p.day,
                starts: p.slot.starts,
                minutes: p.slot.minutes,
            },
            summary: format!("{}: {}", group.name, p.slot.title),
            location: p.slot.place.clone(),
            description,
            url: link,
            cancelled: p.slot.cancelled,
        }
    }

    /// The hand-overs' last days as whole-day events: what the group sends, and what it
    /// receives.
    fn deadlines(
        &self,
        group: &groups::Model,
        cycle: &str,
        first_year: i32,
        locale: Locale,
    ) -> impl Iterator<Item = Event> {
        use app::i18n::td_string;
        let link = format!("{}/grupper/{}/kalender", self.base_url, group.id);
        let (id, name, cycle) = (group.id, group.name.clone(), cycle.replace('/', "-"));
        plan::deadlines(&self.ctx.content, group.track.into(), locale, first_year).map(move |d| {
            let title = d.handover.title.clone();
            let what = if d.we_send {
                td_string!(locale, calendar_handover_send, title = title).to_string()
            } else {
                td_string!(locale, calendar_handover_receive, title = title).to_string()
            };
            Event {
                uid: format!("{id}-{cycle}-{}@verkstad", d.handover.id),
                sequence: 0,
                when: When::Day(d.day),
                summary: format!("{name}: {what}"),
                location: String::new(),
                description: link.clone(),
                url: link.clone(),
                cancelled: false,
            }
        })
    }

    /// One meeting as an `.ics` file, for someone who may see the group.
    pub async fn meeting_ics(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
    ) -> Result<String> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let year = self
            .year(&self.db, &seen.group, actor.locale, false)
            .await?;
        let event = self.event(&seen.group, &year.label, year.meeting(step, number)?);
        Ok(ics::calendar(
            &seen.group.name,
            &[event],
            self.ctx.clock.now(),
        ))
    }

    /// The feed behind a calendar address: every meeting of every group the person is a member
    /// of, in their current cycles. `None` for an address that is not (or no longer) anyone's.
    /// Eight queries, however many groups.
    pub async fn feed_ics(&self, token: &str) -> Result<Option<String>> {
        let Some(feed) = CalendarFeed::find()
            .filter(calendar_feeds::Column::TokenHash.eq(tokens::hash(token)))
            .one(&self.db)
            .await?
        else {
            return Ok(None);
        };
        let Some(user) = User::find_by_id(feed.user_id).one(&self.db).await? else {
            return Ok(None);
        };
        let locale: Locale = user.locale.parse().unwrap_or_default();
        let groups: Vec<groups::Model> = Group::find()
            .filter(
                groups::Column::Id.in_subquery(
                    sea_orm::sea_query::Query::select()
                        .column(memberships::Column::GroupId)
                        .from(memberships::Entity)
                        .and_where(memberships::Column::UserId.eq(user.id))
                        .to_owned(),
                ),
            )
            .all(&self.db)
            .await?;
        let organisations: Vec<Uuid> = groups.iter().map(|g| g.organisation_id).collect();
        let years = self.ctx.years_of(&self.db, &groups).await?;
        let cycle_of = |g: &groups::Model| years.get(&g.id).and_then(|y| y.cycle.clone());
        let holidays = holidays_of(&self.db, &organisations).await?;
        let wanted: Vec<(Uuid, Option<Uuid>)> = groups
            .iter()
            .map(|g| (g.id, cycle_of(g).map(|c| c.id)))
            .collect();
        let mut stored = stored(&self.db, &wanted).await?;
        let mut events = Vec::new();
        for group in &groups {
            let (label, first_year) = self.ctx.school_year_of(cycle_of(group));
            let holiday_row = holidays.get(&group.organisation_id);
            events.extend(
                plan::meetings(
                    &self.ctx.content,
                    group.track.into(),
                    locale,
                    first_year,
                    &holidays_from(holiday_row),
                    holiday_row.map_or(0, |r| r.revision),
                    &stored.remove(&group.id).unwrap_or_default(),
                )
                .iter()
                .map(|p| self.event(group, &label, p)),
            );
            events.extend(self.deadlines(group, &label, first_year, locale));
        }
        Ok(Some(ics::calendar(
            "Verkstad",
            &events,
            self.ctx.clock.now(),
        )))
    }
}
