//! The services pages and server functions call, as traits. They are compiled only with `ssr`:
//! `server` implements them (database, mail, content) and provides a `Services` value through
//! context, so nothing server-only ever reaches the wasm build. Tests can substitute them.

use crate::{
    features::workshop::types::{StepView, Track, TrackOverview},
    i18n::Locale,
};
use std::sync::Arc;

/// The workshop's content: steps of both tracks, in each language.
pub trait Workshop: Send + Sync {
    /// Both tracks with their steps, in order.
    fn overview(&self, locale: Locale) -> Vec<TrackOverview>;
    /// One step of one track; `None` when there is no such step.
    fn step(&self, track: Track, number: u8, locale: Locale) -> Option<StepView>;
    /// Whether content has been loaded (for `/readyz`).
    fn is_loaded(&self) -> bool;
}

/// Every service, handed to server functions via context.
#[derive(Clone)]
pub struct Services {
    pub workshop: Arc<dyn Workshop>,
}

/// The services in context, or an internal error if the server forgot to provide them.
pub fn services() -> Result<Services, crate::error::AppError> {
    leptos::prelude::use_context::<Services>().ok_or_else(|| {
        tracing::error!("Services missing from context");
        crate::error::AppError::Internal {
            ref_id: "context".into(),
        }
    })
}
