//! The group's next move as one line with its link, worded for the person looking: on the
//! group page (with the way back after the huvudman asks to complete) and in "Mina grupper".

use crate::{
    i18n::*,
    paths::{document_href, group_step_href},
    shared::{Completion, CompletionStage, NextMove},
    states::tasks_agreed,
};
use leptos::prelude::*;

/// What the line says and where its link goes.
fn line(
    i18n: leptos_i18n::I18nContext<Locale>,
    group: &str,
    next: &NextMove,
    leads: bool,
    cycle: &str,
) -> (String, Option<(String, String)>) {
    let step = |n: u8, anchor: &str| format!("{}#{anchor}", group_step_href(group, n));
    match next {
        NextMove::Open { step: n } if leads => (
            t_string!(i18n, next_open_leader, number = *n).to_string(),
            Some((
                step(*n, "steget"),
                t_string!(i18n, next_open_link, number = *n).to_string(),
            )),
        ),
        NextMove::Open { step: n } => (
            t_string!(i18n, next_open_member, number = *n).to_string(),
            Some((
                group_step_href(group, *n),
                t_string!(i18n, next_open_link, number = *n).to_string(),
            )),
        ),
        NextMove::Work {
            step: n,
            agreed,
            tasks,
        } => (
            t_string!(
                i18n,
                next_work,
                number = *n,
                progress = tasks_agreed(i18n, *agreed, *tasks)
            )
            .to_string(),
            Some((
                step(*n, "uppgifter"),
                t_string!(i18n, work_continue, number = *n).to_string(),
            )),
        ),
        NextMove::Finish { step: n } => (
            if leads {
                t_string!(i18n, next_finish_leader, number = *n).to_string()
            } else {
                t_string!(i18n, next_finish_member, number = *n).to_string()
            },
            Some((
                step(*n, "steget"),
                t_string!(i18n, next_open_link, number = *n).to_string(),
            )),
        ),
        NextMove::Finalise { step: n, version } => (
            if leads {
                t_string!(i18n, next_finalise_leader, number = *n, version = *version).to_string()
            } else {
                t_string!(i18n, next_finalise_member, number = *n).to_string()
            },
            Some((
                document_href(group, *n),
                t_string!(i18n, next_finalise_link, number = *n).to_string(),
            )),
        ),
        NextMove::Send {
            step: n,
            handover,
            title,
        } => (
            if leads {
                t_string!(i18n, next_send_leader, number = *n, title = title.clone()).to_string()
            } else {
                t_string!(i18n, next_send_member, title = title.clone()).to_string()
            },
            Some((
                step(*n, &format!("overlamning-{handover}")),
                t_string!(i18n, next_send_link).to_string(),
            )),
        ),
        NextMove::Publish {
            step: n,
            handover,
            title,
        } => (
            if leads {
                t_string!(
                    i18n,
                    next_publish_leader,
                    number = *n,
                    title = title.clone()
                )
                .to_string()
            } else {
                t_string!(i18n, next_publish_member, title = title.clone()).to_string()
            },
            Some((
                step(*n, &format!("overlamning-{handover}")),
                t_string!(i18n, next_publish_link).to_string(),
            )),
        ),
        // The link goes straight to where the current stage is done.
        NextMove::Complete(c) => {
            let link = match c.stage {
                CompletionStage::Reopen => (
                    step(c.step, "steget"),
                    t_string!(i18n, next_complete_link_reopen, number = c.step).to_string(),
                ),
                CompletionStage::Change => (
                    step(c.step, "uppgifter"),
                    t_string!(i18n, next_complete_link_change, number = c.step).to_string(),
                ),
                CompletionStage::Finalise => (
                    document_href(group, c.step),
                    t_string!(i18n, next_finalise_link, number = c.step).to_string(),
                ),
                CompletionStage::Send => (
                    step(c.step, &format!("overlamning-{}", c.handover)),
                    t_string!(i18n, next_send_link).to_string(),
                ),
            };
            (
                t_string!(
                    i18n,
                    next_complete,
                    title = c.title.clone(),
                    version = c.version
                )
                .to_string(),
                Some(link),
            )
        }
        NextMove::AllDone => (
            t_string!(i18n, next_all_done, cycle = cycle.to_string()).to_string(),
            None,
        ),
    }
}

/// The next move with its link. `compact`: one line, for lists of groups; otherwise a box
/// with a heading, and after a request to complete the huvudman's words and the way back.
#[component]
pub fn NextMoveView(
    group_id: String,
    next: NextMove,
    leads: bool,
    cycle: String,
    #[prop(optional)] compact: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (text, link) = line(i18n, &group_id, &next, leads, &cycle);
    let link = link.map(|(href, label)| {
        let class = if compact { "" } else { "button primary" };
        view! { <a class=class href=href>{label}</a> }
    });
    if compact {
        return view! { <span class="next-line">{text}" "{link}</span> }.into_any();
    }
    let completion = match &next {
        NextMove::Complete(c) => Some(view! { <CompletionWay completion=c.clone() /> }),
        _ => None,
    };
    view! {
        <section class="next" aria-labelledby="nasta">
            <h2 id="nasta">{t!(i18n, next_heading)}</h2>
            <p>{text}</p>
            {completion}
            {link.map(|link| view! { <p>{link}</p> })}
        </section>
    }
    .into_any()
}

/// After "komplettera": the huvudman's words, and the way back in order, with where the unit is.
#[component]
fn CompletionWay(completion: Completion) -> impl IntoView {
    let i18n = use_i18n();
    let n = completion.step;
    let next_version = completion.version + 1;
    let stages: Vec<(CompletionStage, String)> = if completion.text {
        vec![(
            CompletionStage::Send,
            t_string!(i18n, next_complete_text).to_string(),
        )]
    } else {
        vec![
            (
                CompletionStage::Reopen,
                t_string!(i18n, next_complete_reopen, number = n).to_string(),
            ),
            (
                CompletionStage::Change,
                t_string!(i18n, next_complete_change, number = n).to_string(),
            ),
            (
                CompletionStage::Finalise,
                t_string!(i18n, next_complete_finalise).to_string(),
            ),
            (
                CompletionStage::Send,
                t_string!(i18n, next_complete_send, version = next_version).to_string(),
            ),
        ]
    };
    view! {
        <blockquote class="answer-text">{completion.comment.clone()}</blockquote>
        <p>{t!(i18n, next_complete_way)}</p>
        <ol class="way">
            {stages.into_iter().map(|(stage, text)| {
                let (class, mark) = if stage < completion.stage {
                    ("done", t_string!(i18n, next_complete_done).to_string())
                } else if stage == completion.stage {
                    ("now", t_string!(i18n, next_complete_now).to_string())
                } else {
                    ("", String::new())
                };
                let current = (stage == completion.stage).then_some("step");
                view! { <li class=class aria-current=current>{text}" "<span class="muted">{mark}</span></li> }
            }).collect_view()}
        </ol>
    }
}
