//! The calendar's server functions: thin, as everywhere (read the actor, call the port, map
//! errors, send forms back with what was typed).

use super::types::{CalendarPage, FeedState, HolidaysPage, MeetingForm, MeetingPage, UsualForm};
use crate::error::AppError;
use leptos::prelude::*;

#[server(endpoint = "calendar/page")]
pub async fn get_calendar(id: String) -> Result<Option<CalendarPage>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.calendar.page(&actor, group).await
    })
    .await
}

#[server(endpoint = "calendar/meeting")]
pub async fn get_meeting(
    id: String,
    step: u8,
    number: u8,
) -> Result<Option<MeetingPage>, AppError> {
    let group = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.calendar.meeting(&actor, group, step, number).await
    })
    .await
}

/// The leader sets a meeting's day, time, length and place.
#[server(endpoint = "calendar/move")]
pub async fn move_meeting(
    group_id: String,
    step: u8,
    number: u8,
    meeting: MeetingForm,
) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    let back = crate::paths::meeting_href(&group.to_string(), step, number);
    let saved = crate::ports::services()?
        .calendar
        .move_meeting(&actor, group, step, number, meeting.clone())
        .await;
    if let Err(AppError::Invalid(problem)) = saved
        && problem != crate::error::Invalid::YearClosed
    {
        return crate::flash::send_back(meeting, problem, "", &back).await;
    }
    crate::error::with_status(saved)?;
    leptos_axum::redirect(&format!("{back}?sparad=1"));
    Ok(())
}

/// The leader cancels a meeting (`cancel = "1"`) or brings it back.
#[server(endpoint = "calendar/cancel")]
pub async fn cancel_meeting(
    group_id: String,
    step: u8,
    number: u8,
    cancel: String,
) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    crate::error::with_status(
        crate::ports::services()?
            .calendar
            .cancel_meeting(&actor, group, step, number, cancel == "1")
            .await,
    )?;
    let back = crate::paths::meeting_href(&group.to_string(), step, number);
    leptos_axum::redirect(&format!("{back}?sparad=1"));
    Ok(())
}

/// The leader sets the group's usual weekday, time and place.
#[server(endpoint = "calendar/usual")]
pub async fn set_usual(group_id: String, usual: UsualForm) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let group: crate::ports::GroupId = crate::ports::id(&group_id)?;
    let back = crate::paths::calendar_href(&group.to_string());
    let saved = crate::ports::services()?
        .calendar
        .set_usual(&actor, group, usual.clone())
        .await;
    if let Err(AppError::Invalid(problem)) = saved
        && problem != crate::error::Invalid::YearClosed
    {
        return crate::flash::send_back(usual, problem, "", &format!("{back}#vanlig-tid")).await;
    }
    crate::error::with_status(saved)?;
    leptos_axum::redirect(&format!("{back}?sparad=1#vanlig-tid"));
    Ok(())
}

#[server(endpoint = "calendar/holidays")]
pub async fn get_holidays(id: String) -> Result<Option<HolidaysPage>, AppError> {
    let organisation = crate::ports::id(&id)?;
    crate::ports::for_signed_in(|actor, services| async move {
        services.calendar.holidays(&actor, organisation).await
    })
    .await
}

/// The organisation's holidays, as the form's selects send them.
#[server(endpoint = "calendar/set-holidays")]
pub async fn set_holidays(
    organisation_id: String,
    weeks: super::types::HolidayWeeksForm,
) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    let organisation: crate::ports::OrganisationId = crate::ports::id(&organisation_id)?;
    let back = crate::paths::holidays_href(&organisation.to_string());
    let saved = crate::ports::services()?
        .calendar
        .set_holidays(&actor, organisation, weeks.weeks())
        .await;
    // Weeks that do not fit together (a summer that ends before it starts) come back to the
    // form as chosen, with what to fix.
    if let Err(AppError::Invalid(problem)) = saved
        && problem != crate::error::Invalid::YearClosed
    {
        return crate::flash::send_back(weeks, problem, "", &back).await;
    }
    crate::error::with_status(saved)?;
    leptos_axum::redirect(&format!("{back}?sparad=1"));
    Ok(())
}

#[server(endpoint = "calendar/feed")]
pub async fn get_feed() -> Result<Option<FeedState>, AppError> {
    crate::ports::for_signed_in(
        |actor, services| async move { services.calendar.feed(&actor).await },
    )
    .await
}

/// Stops the person's calendar address.
#[server(endpoint = "calendar/stop-feed")]
pub async fn stop_feed() -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    crate::error::with_status(crate::ports::services()?.calendar.stop_feed(&actor).await)?;
    leptos_axum::redirect("/installningar?kalender=stoppad#kalender");
    Ok(())
}

/// When the person is reminded before meetings.
#[server(endpoint = "calendar/reminders")]
pub async fn set_reminders(choice: String) -> Result<(), AppError> {
    let Some(actor) = crate::ports::signed_in_or_redirect() else {
        return Ok(());
    };
    // Not one of the form's values: the form did not send it.
    let Some(choice) = super::types::ReminderChoice::from_slug(&choice) else {
        crate::error::set_http_status(400);
        return Err(AppError::BadRequest(crate::error::UNREADABLE.into()));
    };
    crate::error::with_status(
        crate::ports::services()?
            .calendar
            .set_reminders(&actor, choice)
            .await,
    )?;
    leptos_axum::redirect("/installningar?paminnelser=1#paminnelser");
    Ok(())
}
