//! What the calendar pages and the feed read: a fixed number of queries each, whatever the
//! number of meetings, groups or changes.

use super::{
    dates::{self, EasterBreak, Holidays},
    ics::{self, Event, When},
    plan::{self, Planned, Stored},
};
use crate::{
    access,
    context::Context,
    entities::{
        calendar_defaults, calendar_feeds, cycles, enums::GroupTrack, groups, meeting_times,
        memberships, prelude::*, school_holidays,
    },
    error::{Result, ServerError},
    tokens,
};
use app::{
    features::calendar::types::{
        CalendarPage, FeedState, HolidayWeeks, HolidaysPage, MeetingPage, Usual,
    },
    i18n::Locale,
    ports::{Actor, GroupId, OrganisationId},
};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
};
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

pub(super) fn weeks_of(h: &Holidays) -> HolidayWeeks {
    HolidayWeeks {
        autumn: h.autumn,
        christmas_first: h.christmas.0,
        christmas_last: h.christmas.1,
        sports: h.sports,
        easter_after: h.easter == EasterBreak::After,
        summer_first: h.summer.0,
        summer_last: h.summer.1,
    }
}

/// One query: the organisations' holidays, with the revision every default day moves with.
async fn holidays_of<C: ConnectionTrait>(
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

/// Two queries: what `groups` stored about their year in their cycles (`cycles`: group →
/// cycle), with the revision of their usual time.
async fn stored<C: ConnectionTrait>(
    db: &C,
    groups: &[(Uuid, Option<Uuid>)],
) -> Result<HashMap<Uuid, (Stored, i32)>> {
    let ids: Vec<Uuid> = groups.iter().map(|(g, _)| *g).collect();
    let mut out: HashMap<Uuid, (Stored, i32)> =
        ids.iter().map(|g| (*g, (Stored::default(), 0))).collect();
    for row in CalendarDefault::find()
        .filter(calendar_defaults::Column::GroupId.is_in(ids.clone()))
        .all(db)
        .await?
    {
        if let Some((s, revision)) = out.get_mut(&row.group_id) {
            s.usual = Usual {
                weekday: u8::try_from(row.weekday).unwrap_or(2),
                starts: u16::try_from(row.starts).unwrap_or(15 * 60),
                place: row.place,
            };
            *revision = row.revision;
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
        if cycles.get(&row.group_id) != Some(&row.cycle_id) {
            continue;
        }
        let key = (
            u8::try_from(row.step).unwrap_or(0),
            u8::try_from(row.number).unwrap_or(0),
        );
        if let Some((s, _)) = out.get_mut(&row.group_id) {
            s.changed.insert(key, row);
        }
    }
    Ok(out)
}

/// One query: each organisation's current cycle.
async fn cycles_of<C: ConnectionTrait>(
    db: &C,
    organisations: &[Uuid],
) -> Result<HashMap<Uuid, cycles::Model>> {
    let mut out = HashMap::new();
    for cycle in Cycle::find()
        .filter(cycles::Column::OrganisationId.is_in(organisations.iter().copied()))
        .order_by_desc(cycles::Column::CreatedAt)
        .order_by_desc(cycles::Column::Id)
        .all(db)
        .await?
    {
        out.entry(cycle.organisation_id).or_insert(cycle);
    }
    Ok(out)
}

/// A group's year as the pages read it: its meetings, the other track's where they read what
/// it sends (a unit's hand-overs up are read by the huvudman's group), and the holidays.
pub(super) struct Year {
    pub(super) cycle: String,
    pub(super) first_year: i32,
    pub(super) holidays: Holidays,
    pub(super) own: Vec<Planned>,
    pub(super) others: Option<Vec<Planned>>,
    pub(super) usual: Usual,
}

impl CalendarPages {
    /// Six queries after the group: cycle, holidays, the huvudman group, both groups' usual
    /// times and changes.
    pub(super) async fn year<C: ConnectionTrait>(
        &self,
        db: &C,
        group: &groups::Model,
        locale: Locale,
    ) -> Result<Year> {
        let organisation = group.organisation_id;
        let cycle = self.ctx.cycle(db, organisation).await?;
        let label = self.ctx.cycle_label(cycle.clone());
        let first_year = dates::first_year(&label).unwrap_or(2026);
        let holidays_row = holidays_of(db, &[organisation]).await?;
        let holidays = holidays_from(holidays_row.get(&organisation));
        let huvudman = if group.track == GroupTrack::Enhet {
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
        let revision = holidays_row
            .get(&organisation)
            .map(|h| h.revision)
            .unwrap_or(0);
        let mut plan_of = |id: Uuid, track| {
            let (mut s, usual_revision) = stored.remove(&id).unwrap_or_default();
            let usual = s.usual.clone();
            let mut planned =
                plan::meetings(&self.ctx.content, track, locale, first_year, &holidays, &s);
            // A change of usual time or holidays moves every default meeting.
            for p in &mut planned {
                p.sequence += usual_revision + revision;
            }
            s.changed.clear();
            (planned, usual)
        };
        let (own, usual) = plan_of(group.id, group.track.into());
        let others =
            huvudman.map(|h| plan_of(h, app::features::workshop::types::Track::Huvudman).0);
        Ok(Year {
            cycle: label,
            first_year,
            holidays,
            own,
            others,
            usual,
        })
    }

    pub async fn page(&self, actor: &Actor, group: GroupId) -> Result<CalendarPage> {
        let seen = self.ctx.seen(&self.db, actor, group).await?;
        let year = self.year(&self.db, &seen.group, actor.locale).await?;
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
            cycle: year.cycle,
            leads: seen.leads(),
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
        let view = self.ctx.step_view(seen.track(), step, actor)?;
        let meeting = usize::from(number)
            .checked_sub(1)
            .and_then(|i| view.meetings.get(i))
            .ok_or(ServerError::NotFound)?;
        let year = self.year(&self.db, &seen.group, actor.locale).await?;
        let planned = year
            .own
            .iter()
            .find(|p| p.slot.step == step && p.slot.number == number)
            .ok_or(ServerError::NotFound)?;
        let mut warnings = Vec::new();
        if let Some(h) = year.holidays.on(planned.day)
            && !planned.slot.cancelled
        {
            warnings.push(app::features::calendar::types::Warning::Holiday(
                plan::holiday_kind(h),
            ));
        }
        Ok(MeetingPage {
            group: seen.summary(),
            cycle: year.cycle,
            leads: seen.leads(),
            step_title: view.title.clone(),
            day: plan::date(planned.day),
            slot: planned.slot.clone(),
            default_day: plan::date(planned.default_day),
            who: meeting.who.clone(),
            agenda: meeting.agenda.clone(),
            warnings,
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
        let cycle = self.ctx.cycle(&self.db, org.id).await?;
        let label = self.ctx.cycle_label(cycle);
        let first_year = dates::first_year(&label).unwrap_or(2026);
        Ok(HolidaysPage {
            organisation_id: org.id.to_string(),
            organisation: org.name,
            cycle: label,
            may_edit,
            weeks: weeks_of(&holidays),
            this_year: plan::holiday_spans(first_year, &holidays),
        })
    }

    pub async fn feed(&self, actor: &Actor) -> Result<FeedState> {
        let me = actor.user_id()?.0;
        let row = CalendarFeed::find_by_id(me).one(&self.db).await?;
        Ok(FeedState {
            since: row.map(|r| crate::db::date(r.created_at)),
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
    ) -> Vec<Event> {
        use app::{
            features::workshop::types::{Direction, Track},
            i18n::td_string,
            ports::Workshop as _,
        };
        let track: Track = group.track.into();
        let link = format!("{}/grupper/{}/kalender", self.base_url, group.id);
        let mut events = Vec::new();
        for step in self.ctx.content.step_numbers() {
            let Some(view) = self.ctx.content.step(track, step, locale) else {
                continue;
            };
            for h in &view.handovers {
                let Some(day) = plan::deadline(first_year, h.week) else {
                    continue;
                };
                let we_send = matches!(
                    (h.direction, track),
                    (Direction::Up, Track::Enhet) | (Direction::Down, Track::Huvudman)
                );
                let what = if we_send {
                    td_string!(locale, calendar_handover_send, title = h.title.clone()).to_string()
                } else {
                    td_string!(locale, calendar_handover_receive, title = h.title.clone())
                        .to_string()
                };
                events.push(Event {
                    uid: format!("{}-{}-{}@verkstad", group.id, cycle.replace('/', "-"), h.id),
                    sequence: 0,
                    when: When::Day(day),
                    summary: format!("{}: {what}", group.name),
                    location: String::new(),
                    description: link.clone(),
                    url: link.clone(),
                    cancelled: false,
                });
            }
        }
        events
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
        let year = self.year(&self.db, &seen.group, actor.locale).await?;
        let planned = year
            .own
            .iter()
            .find(|p| p.slot.step == step && p.slot.number == number)
            .ok_or(ServerError::NotFound)?;
        let event = self.event(&seen.group, &year.cycle, planned);
        Ok(ics::calendar(
            &seen.group.name,
            &[event],
            self.ctx.clock.now(),
        ))
    }

    /// The feed behind a calendar address: every meeting of every group the person is a member
    /// of, in their current cycles. `None` for an address that is not (or no longer) anyone's.
    /// Seven queries, however many groups.
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
        let cycles = cycles_of(&self.db, &organisations).await?;
        let holidays = holidays_of(&self.db, &organisations).await?;
        let wanted: Vec<(Uuid, Option<Uuid>)> = groups
            .iter()
            .map(|g| (g.id, cycles.get(&g.organisation_id).map(|c| c.id)))
            .collect();
        let mut stored = stored(&self.db, &wanted).await?;
        let mut events = Vec::new();
        for group in &groups {
            let label = self
                .ctx
                .cycle_label(cycles.get(&group.organisation_id).cloned());
            let first_year = dates::first_year(&label).unwrap_or(2026);
            let holiday_row = holidays.get(&group.organisation_id);
            let h = holidays_from(holiday_row);
            let (s, usual_revision) = stored.remove(&group.id).unwrap_or_default();
            let revision = usual_revision + holiday_row.map(|r| r.revision).unwrap_or(0);
            for mut p in plan::meetings(
                &self.ctx.content,
                group.track.into(),
                locale,
                first_year,
                &h,
                &s,
            ) {
                p.sequence += revision;
                events.push(self.event(group, &label, &p));
            }
            events.extend(self.deadlines(group, &label, first_year, locale));
        }
        Ok(Some(ics::calendar(
            "Verkstad",
            &events,
            self.ctx.clock.now(),
        )))
    }
}
