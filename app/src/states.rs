//! The words for every state, defined once: a task's answer (nothing written, written, agreed),
//! a step (not open, open, done), a step's document (not finalised, finalised, changed since),
//! and a hand-over up (not sent, sent, asked to complete, acknowledged). Every page and every
//! document names a state through these functions and badges, so a state has one name
//! everywhere; `tests/it/pages.rs` checks that the group page, the step page, the document,
//! the whole picture and "Mina grupper" agree.

use crate::{
    i18n::*,
    shared::{HandoverState, Progress, StepState},
};
use leptos::prelude::*;

type I18n = leptos_i18n::I18nContext<Locale>;

/// A count in words: the `_1` key for exactly one, the `_n` key (which says `{{ count }}`) for
/// any other number. Swedish and English both have just these two forms.
#[macro_export]
macro_rules! counted {
    ($i18n:expr, $one:ident, $many:ident, $n:expr $(, $k:ident = $v:expr)* $(,)?) => {{
        let n = $n;
        if n == 1 {
            $crate::i18n::t_string!($i18n, $one $(, $k = $v)*).to_string()
        } else {
            $crate::i18n::t_string!($i18n, $many, count = n $(, $k = $v)*).to_string()
        }
    }};
}

pub fn step_state_name(i18n: I18n, state: StepState) -> String {
    step_state_in(i18n.get_locale_untracked(), state)
}

/// A step's state in `locale`: what documents made on the server say.
pub fn step_state_in(locale: Locale, state: StepState) -> String {
    match state {
        StepState::NotOpened => td_string!(locale, state_step_not_opened).to_string(),
        StepState::Open => td_string!(locale, state_step_open).to_string(),
        StepState::Done => td_string!(locale, state_step_done).to_string(),
    }
}

pub fn task_state_name(i18n: I18n, progress: Progress) -> String {
    match progress {
        Progress::NotStarted => t_string!(i18n, state_task_not_started).to_string(),
        Progress::InProgress => t_string!(i18n, state_task_written).to_string(),
        Progress::Agreed => t_string!(i18n, state_task_agreed).to_string(),
    }
}

pub fn handover_state_name(i18n: I18n, state: HandoverState) -> String {
    handover_state_in(i18n.get_locale_untracked(), state)
}

/// A hand-over's state in `locale`.
pub fn handover_state_in(locale: Locale, state: HandoverState) -> String {
    match state {
        HandoverState::NotSent => td_string!(locale, state_handover_not_sent).to_string(),
        HandoverState::Sent => td_string!(locale, state_handover_sent).to_string(),
        HandoverState::ToComplete => td_string!(locale, state_handover_to_complete).to_string(),
        HandoverState::Acknowledged => td_string!(locale, state_handover_acknowledged).to_string(),
    }
}

/// What the huvudman's answer to a submission was, in `locale`.
pub fn response_kind_in(
    locale: Locale,
    kind: crate::features::handovers::types::ResponseKind,
) -> String {
    use crate::features::handovers::types::ResponseKind;
    match kind {
        ResponseKind::Comment => td_string!(locale, ho_kind_comment).to_string(),
        ResponseKind::Complete => td_string!(locale, ho_kind_complete).to_string(),
        ResponseKind::Acknowledge => td_string!(locale, ho_kind_acknowledge).to_string(),
    }
}

/// A step's document: the newest finalised version, and whether the answers changed since.
pub fn document_state_name(i18n: I18n, finalised: Option<i32>, changed: bool) -> String {
    match finalised {
        None => t_string!(i18n, state_document_not_finalised).to_string(),
        Some(version) if changed => {
            t_string!(i18n, state_document_changed, version = version).to_string()
        }
        Some(version) => t_string!(i18n, state_document_finalised, version = version).to_string(),
    }
}

/// "3 av 5 uppgifter överenskomna".
pub fn tasks_agreed(i18n: I18n, agreed: u16, tasks: u16) -> String {
    tasks_agreed_in(i18n.get_locale_untracked(), agreed, tasks)
}

/// The same, in `locale`: what documents made on the server say.
pub fn tasks_agreed_in(locale: Locale, agreed: u16, tasks: u16) -> String {
    if tasks == 1 {
        td_string!(locale, state_tasks_agreed_1, agreed = agreed).to_string()
    } else {
        td_string!(locale, state_tasks_agreed_n, agreed = agreed, count = tasks).to_string()
    }
}

/// A step's state as a badge: the words carry the meaning; the class adds only a border style.
#[component]
pub fn StepBadge(state: StepState) -> impl IntoView {
    let i18n = use_i18n();
    let class = match state {
        StepState::NotOpened => "badge step-state not-opened",
        StepState::Open => "badge step-state open",
        StepState::Done => "badge step-state done",
    };
    view! { <span class=class>{step_state_name(i18n, state)}</span> }
}

/// A hand-over's state as a badge.
#[component]
pub fn HandoverBadge(state: HandoverState) -> impl IntoView {
    let i18n = use_i18n();
    let class = match state {
        HandoverState::NotSent => "badge unit-state not-sent",
        HandoverState::Sent => "badge unit-state submitted",
        HandoverState::ToComplete => "badge unit-state to-complete",
        HandoverState::Acknowledged => "badge unit-state acknowledged",
    };
    view! { <span class=class>{handover_state_name(i18n, state)}</span> }
}

/// A task's state as a badge.
#[component]
pub fn TaskBadge(progress: Progress) -> impl IntoView {
    let i18n = use_i18n();
    let class = match progress {
        Progress::NotStarted => "progress progress-notstarted",
        Progress::InProgress => "progress progress-inprogress",
        Progress::Agreed => "progress progress-agreed",
    };
    view! { <span class=class>{task_state_name(i18n, progress)}</span> }
}
