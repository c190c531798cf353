//! Server functions for reading workshop content.

use super::types::{StepView, Track, TrackOverview, YearPlanView};
use crate::{error::AppError, i18n::Locale};
use leptos::prelude::*;

/// Both tracks and their steps, for the start page.
#[server(endpoint = "workshop/overview")]
pub async fn get_overview(locale: Locale) -> Result<Vec<TrackOverview>, AppError> {
    Ok(crate::ports::services()?.workshop.overview(locale))
}

/// One step of one track.
#[server(endpoint = "workshop/step")]
pub async fn get_step(track: Track, number: u8, locale: Locale) -> Result<StepView, AppError> {
    crate::error::with_status(
        crate::ports::services()?
            .workshop
            .step(track, number, locale)
            .ok_or(AppError::NotFound),
    )
}

/// A track's school year, step by step and week by week.
#[server(endpoint = "workshop/year-plan")]
pub async fn get_year_plan(track: Track, locale: Locale) -> Result<YearPlanView, AppError> {
    Ok(crate::ports::services()?.workshop.year_plan(track, locale))
}
