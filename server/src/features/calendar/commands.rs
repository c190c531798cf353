//! What changes a calendar: the leader moves, cancels or places a meeting and sets the group's
//! usual time; an owner or the huvudman's leader sets the holidays; a person starts, renews or
//! stops their calendar address. Each in one write transaction that reads through itself.

use super::{
    dates::Holidays,
    pages::{CalendarPages, holidays_from},
    plan,
};
use crate::{
    access, audit,
    context::Context,
    db::Writer,
    entities::{
        calendar_defaults, calendar_feeds, meeting_times, prelude::*, reminder_choices,
        school_holidays,
    },
    error::{Result, ServerError},
    text, tokens,
};
use app::{
    error::Field,
    features::calendar::types::{self, HolidayWeeks, MeetingForm, UsualForm},
    ports::{Actor, GroupId, OrganisationId},
};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ActiveValue::Set, EntityTrait, QueryFilter, QuerySelect};

/// A meeting from a quarter of an hour to a working day.
const MINUTES: std::ops::RangeInclusive<u16> = 15..=480;
/// A place or a video link.
const PLACE_MAX: usize = 300;

#[derive(Clone)]
pub struct CalendarCommands {
    pub(super) writer: Writer,
    pub(super) ctx: Context,
    pub(super) pages: CalendarPages,
}

/// A place as typed: one line, or nothing.
fn place(input: &str) -> Result<String> {
    if input.trim().is_empty() {
        return Ok(String::new());
    }
    text::one_line(input, PLACE_MAX).ok_or_else(|| Field::Place.into())
}

impl CalendarCommands {
    /// The meeting as it stands before a change (as the leader left it, or its default), and
    /// the first year of its cycle. The group's row is locked first, so two changes at once
    /// take turns and each raises the sequence the other left.
    async fn current<C: sea_orm::ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
    ) -> Result<(uuid::Uuid, meeting_times::Model, i32)> {
        let (seen, me) = self.ctx.leader(db, actor, group).await?;
        self.ctx.lock_group(db, seen.group.id).await?;
        let cycle = self.ctx.current_cycle(db, &seen).await?;
        let year = self
            .pages
            .year(db, &seen.group, actor.locale, false)
            .await?;
        let planned = year.meeting(step, number)?;
        let row = meeting_times::Model {
            group_id: seen.group.id,
            cycle_id: cycle.id,
            step: i16::from(step),
            number: i16::from(number),
            day: planned.day,
            starts: i16::try_from(planned.slot.starts).unwrap_or(900),
            minutes: i16::try_from(planned.slot.minutes).unwrap_or(60),
            place: planned.slot.place.clone(),
            cancelled: planned.slot.cancelled,
            // Stored sequences count the meeting's own changes; the feed adds the usual
            // time's and the holidays' revisions.
            sequence: planned.changes,
            updated_at: self.ctx.clock.now(),
        };
        Ok((me, row, year.first_year))
    }

    /// Writes `row` if it differs from `before`, one sequence higher; a double submit of the
    /// same values changes nothing.
    async fn save<C: sea_orm::ConnectionTrait>(
        &self,
        db: &C,
        actor: &Actor,
        me: uuid::Uuid,
        before: &meeting_times::Model,
        mut row: meeting_times::Model,
    ) -> Result<()> {
        let same = row.day == before.day
            && row.starts == before.starts
            && row.minutes == before.minutes
            && row.place == before.place
            && row.cancelled == before.cancelled;
        if same {
            return Ok(());
        }
        row.sequence = before.sequence + 1;
        row.updated_at = self.ctx.clock.now();
        let active = meeting_times::ActiveModel {
            group_id: Set(row.group_id),
            cycle_id: Set(row.cycle_id),
            step: Set(row.step),
            number: Set(row.number),
            day: Set(row.day),
            starts: Set(row.starts),
            minutes: Set(row.minutes),
            place: Set(row.place.clone()),
            cancelled: Set(row.cancelled),
            sequence: Set(row.sequence),
            updated_at: Set(row.updated_at),
        };
        MeetingTime::insert(active)
            .on_conflict(crate::db::replacing(
                [
                    meeting_times::Column::GroupId,
                    meeting_times::Column::CycleId,
                    meeting_times::Column::Step,
                    meeting_times::Column::Number,
                ],
                [
                    meeting_times::Column::Day,
                    meeting_times::Column::Starts,
                    meeting_times::Column::Minutes,
                    meeting_times::Column::Place,
                    meeting_times::Column::Cancelled,
                    meeting_times::Column::Sequence,
                    meeting_times::Column::UpdatedAt,
                ],
            ))
            .exec_without_returning(db)
            .await?;
        let subject = format!("meeting:{}:{}:{}", row.group_id, row.step, row.number);
        audit::record(
            db,
            audit::Event::ok("meeting_moved", me, &subject, &actor.client),
            self.ctx.clock.now(),
        )
        .await?;
        Ok(())
    }

    pub async fn move_meeting(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
        form: MeetingForm,
    ) -> Result<()> {
        // Checked before the transaction: a typing error costs no lock.
        let day = types::parse_day(&form.day)
            .and_then(plan::naive)
            .ok_or(ServerError::from(Field::Day))?;
        let starts = types::parse_clock(&form.starts).ok_or(ServerError::from(Field::Time))?;
        let minutes: u16 = form
            .minutes
            .trim()
            .parse()
            .ok()
            .filter(|m| MINUTES.contains(m))
            .ok_or(ServerError::from(Field::Length))?;
        let place = place(&form.place)?;
        let txn = self.writer.begin().await?;
        let (me, before, first_year) = self.current(&txn, actor, group, step, number).await?;
        // The cycle's school year, with its first weeks after the summer (where the answers to
        // the units' reports fall).
        let from = NaiveDate::from_ymd_opt(first_year, 7, 1);
        let to = NaiveDate::from_ymd_opt(first_year + 1, 10, 31);
        if from.is_none_or(|f| day < f) || to.is_none_or(|t| day > t) || day.year() < 2000 {
            return Err(Field::Day.into());
        }
        let row = meeting_times::Model {
            day,
            starts: i16::try_from(starts).unwrap_or(900),
            minutes: i16::try_from(minutes).unwrap_or(60),
            place,
            ..before.clone()
        };
        self.save(&txn, actor, me, &before, row).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn cancel_meeting(
        &self,
        actor: &Actor,
        group: GroupId,
        step: u8,
        number: u8,
        cancelled: bool,
    ) -> Result<()> {
        let txn = self.writer.begin().await?;
        let (me, before, _) = self.current(&txn, actor, group, step, number).await?;
        let row = meeting_times::Model {
            cancelled,
            ..before.clone()
        };
        self.save(&txn, actor, me, &before, row).await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn set_usual(&self, actor: &Actor, group: GroupId, form: UsualForm) -> Result<()> {
        let weekday: i16 = form
            .weekday
            .trim()
            .parse()
            .ok()
            .filter(|d| (1..=5).contains(d))
            .ok_or(ServerError::from(Field::Weekday))?;
        let starts = types::parse_clock(&form.starts).ok_or(ServerError::from(Field::Time))?;
        let place = place(&form.place)?;
        let txn = self.writer.begin().await?;
        let (seen, me) = self.ctx.leader(&txn, actor, group).await?;
        // Two changes at once take turns, so each raises the revision the other left.
        self.ctx.lock_group(&txn, seen.group.id).await?;
        let before = CalendarDefault::find_by_id(seen.group.id).one(&txn).await?;
        let starts = i16::try_from(starts).unwrap_or(900);
        if let Some(b) = &before
            && b.weekday == weekday
            && b.starts == starts
            && b.place == place
        {
            return Ok(());
        }
        let revision = before.map(|b| b.revision).unwrap_or(0) + 1;
        CalendarDefault::insert(calendar_defaults::ActiveModel {
            group_id: Set(seen.group.id),
            weekday: Set(weekday),
            starts: Set(starts),
            place: Set(place),
            revision: Set(revision),
        })
        .on_conflict(crate::db::replacing(
            [calendar_defaults::Column::GroupId],
            [
                calendar_defaults::Column::Weekday,
                calendar_defaults::Column::Starts,
                calendar_defaults::Column::Place,
                calendar_defaults::Column::Revision,
            ],
        ))
        .exec_without_returning(&txn)
        .await?;
        let subject = format!("group:{}", seen.group.id);
        audit::record(
            &txn,
            audit::Event::ok("usual_time_set", me, &subject, &actor.client),
            self.ctx.clock.now(),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    pub async fn set_holidays(
        &self,
        actor: &Actor,
        organisation: OrganisationId,
        weeks: HolidayWeeks,
    ) -> Result<()> {
        let holidays = Holidays::from(&weeks);
        if !holidays.is_valid() {
            return Err(Field::Holidays.into());
        }
        let me = actor.user_id()?.0;
        let txn = self.writer.begin().await?;
        let mut query = Organisation::find_by_id(organisation.0);
        if !actor.is_admin() {
            query = query.filter(access::plans_year_of(me));
        }
        // Locked (on PostgreSQL) so two changes at once take turns and each raises the
        // revision the other left.
        let org = query
            .lock_exclusive()
            .one(&txn)
            .await?
            .ok_or(ServerError::NotFound)?;
        let before = SchoolHoliday::find_by_id(org.id).one(&txn).await?;
        if holidays_from(before.as_ref()) == holidays && before.is_some() {
            return Ok(());
        }
        let week = i16::from;
        SchoolHoliday::insert(school_holidays::ActiveModel {
            organisation_id: Set(org.id),
            autumn_week: Set(week(holidays.autumn)),
            christmas_first_week: Set(week(holidays.christmas.0)),
            christmas_last_week: Set(week(holidays.christmas.1)),
            sports_week: Set(week(holidays.sports)),
            easter: Set(holidays.easter.slug().into()),
            summer_first_week: Set(week(holidays.summer.0)),
            summer_last_week: Set(week(holidays.summer.1)),
            revision: Set(before.map(|b| b.revision).unwrap_or(0) + 1),
        })
        .on_conflict(crate::db::replacing(
            [school_holidays::Column::OrganisationId],
            [
                school_holidays::Column::AutumnWeek,
                school_holidays::Column::ChristmasFirstWeek,
                school_holidays::Column::ChristmasLastWeek,
                school_holidays::Column::SportsWeek,
                school_holidays::Column::Easter,
                school_holidays::Column::SummerFirstWeek,
                school_holidays::Column::SummerLastWeek,
                school_holidays::Column::Revision,
            ],
        ))
        .exec_without_returning(&txn)
        .await?;
        let subject = format!("organisation:{}", org.id);
        audit::record(
            &txn,
            audit::Event::ok("holidays_set", me, &subject, &actor.client),
            self.ctx.clock.now(),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    /// A new calendar address for the actor; the old one, if any, stops working. The token is
    /// returned once, to be shown once, and stored only as its hash.
    pub async fn new_feed(&self, actor: &Actor) -> Result<String> {
        let me = actor.user_id()?.0;
        let token = tokens::new_token();
        let txn = self.writer.begin().await?;
        // One address per person: a new one replaces the old, also when two are asked for at
        // once (an insert then would meet the other's row).
        CalendarFeed::insert(calendar_feeds::ActiveModel {
            user_id: Set(me),
            token_hash: Set(tokens::hash(&token)),
            created_at: Set(self.ctx.clock.now()),
        })
        .on_conflict(crate::db::replacing(
            [calendar_feeds::Column::UserId],
            [
                calendar_feeds::Column::TokenHash,
                calendar_feeds::Column::CreatedAt,
            ],
        ))
        .exec_without_returning(&txn)
        .await?;
        let subject = format!("user:{me}");
        audit::record(
            &txn,
            audit::Event::ok("calendar_feed_new", me, &subject, &actor.client),
            self.ctx.clock.now(),
        )
        .await?;
        txn.commit().await?;
        Ok(token)
    }

    pub async fn stop_feed(&self, actor: &Actor) -> Result<()> {
        let me = actor.user_id()?.0;
        let txn = self.writer.begin().await?;
        let gone = CalendarFeed::delete_many()
            .filter(sea_orm::ColumnTrait::eq(
                &calendar_feeds::Column::UserId,
                me,
            ))
            .exec(&txn)
            .await?;
        if gone.rows_affected > 0 {
            let subject = format!("user:{me}");
            audit::record(
                &txn,
                audit::Event::ok("calendar_feed_stopped", me, &subject, &actor.client),
                self.ctx.clock.now(),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    /// When the person is reminded before meetings (one row per person, replaced).
    pub async fn set_reminders(&self, actor: &Actor, choice: types::ReminderChoice) -> Result<()> {
        let me = actor.user_id()?.0;
        let txn = self.writer.begin().await?;
        ReminderChoice::insert(reminder_choices::ActiveModel {
            user_id: Set(me),
            days_before: Set(choice.days_before().map(i16::from)),
        })
        .on_conflict(crate::db::replacing(
            [reminder_choices::Column::UserId],
            [reminder_choices::Column::DaysBefore],
        ))
        .exec_without_returning(&txn)
        .await?;
        Ok(txn.commit().await?)
    }
}
