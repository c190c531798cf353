//! The group's step page (`/grupper/{id}/steg/{n}`): the step's content with the group's work
//! woven in. Each task is one plain form (no JavaScript needed): the group's answer per field,
//! the reader's own text, the others' texts, and for process leaders the agreed marks and the
//! step's state.

use super::{
    api::{AgreeAnswer, ChangeStep, SaveDraft, SaveTask, get_group_step},
    autosave::{Autosave, AutosaveLabels, AutosaveWords},
    field::FieldLinks,
    types::{
        AnswerProblem, Carried, FieldWork, GroupProgress, GroupStep, Progress, PromptWork, Saved,
        StepState, TaskReturn, TaskWork,
    },
};
use crate::paths::group_step_href;
use crate::states::{HandoverBadge, StepBadge, TaskBadge, document_state_name, tasks_agreed};
use crate::ui::head::PageTitle;
use crate::{
    features::{
        handovers::{
            pages::StepHandoversView,
            types::{HandoverReturn, StepHandovers},
        },
        workshop::types::{FieldKind, FieldView, PromptView, TaskView},
    },
    flash::take_for,
    i18n::*,
    ui::{
        date::long_date,
        form::TextArea,
        page::{SignInFirst, loaded},
        table::ScrollTable,
        timer::{DiscussionTimer, TimerLabels},
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

/// The steps on the group home: each with its state and how many tasks are agreed, and for
/// members the document of each step opened.
#[component]
pub fn StepList(group_id: String, progress: GroupProgress, member: bool) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="stegen">
            <h2 id="stegen">{t!(i18n, work_steps_heading)}</h2>
            <p class="muted">{t_string!(i18n, work_cycle, cycle = progress.cycle.clone()).to_string()}</p>
            <ol class="step-list">
                {progress.steps.into_iter().map(|s| {
                    let label = t_string!(i18n, step_heading, number = s.number, title = s.title.clone()).to_string();
                    let opened = s.state != StepState::NotOpened;
                    view! {
                        <li>
                            <a href=group_step_href(&group_id, s.number)>{label}</a>
                            <span class="step-facts">
                                <StepBadge state=s.state />
                                {s.sent.filter(|_| opened).map(|state| view! { <HandoverBadge state /> })}
                                <span class="muted">{tasks_agreed(i18n, s.agreed, s.tasks)}</span>
                                {(member && opened).then(|| view! {
                                    <a href=crate::paths::document_href(&group_id, s.number)>
                                        {document_state_name(i18n, s.finalised, s.changed)}
                                    </a>
                                })}
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

#[component]
pub fn GroupStepPage() -> impl IntoView {
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let number = params.with_untracked(|p| p.get("number").and_then(|n| n.parse::<u8>().ok()));
    let data = async move {
        let Some(number) = number else {
            return Err(crate::error::AppError::NotFound);
        };
        let step = get_group_step(id.clone(), number).await?;
        let handovers =
            crate::features::handovers::api::get_step_handovers(id.clone(), number).await?;
        let returned = take_for::<TaskReturn>(&id).await;
        let handed = take_for::<HandoverReturn>(&id).await;
        Ok(step.map(|step| (step, returned, handovers, handed)))
    };
    loaded(data, |data| match data {
        Some((step, returned, handovers, handed)) => {
            view! { <GroupStepView step returned handovers handed /> }.into_any()
        }
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn GroupStepView(
    step: GroupStep,
    returned: Option<TaskReturn>,
    handovers: Option<StepHandovers>,
    handed: Option<HandoverReturn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let GroupStep {
        group,
        cycle,
        step: content,
        state,
        leads,
        me,
        can_open,
        closed,
        later_year,
        carried,
        progress,
        work,
        contributors,
        prompts,
        retired,
    } = step;
    let heading = t_string!(
        i18n,
        step_heading,
        number = content.number,
        title = content.title.clone()
    )
    .to_string();
    let member = work.is_some();
    let opened = state != StepState::NotOpened;
    let group_href = format!("/grupper/{}", group.id);
    let tasks: Vec<(TaskView, Progress, Option<TaskWork>)> = content
        .tasks
        .iter()
        .cloned()
        .zip(progress)
        .enumerate()
        .map(|(n, (task, progress))| {
            let work = work.as_ref().and_then(|w| w.get(n).cloned());
            (task, progress, work)
        })
        .collect();
    let context = StepContext {
        group_id: group.id.clone(),
        number: content.number,
        open: state == StepState::Open && !closed,
        leads,
        me,
        autosave: AutosaveLabels {
            pending: t_string!(i18n, autosave_pending).to_string(),
            saving: t_string!(i18n, autosave_saving).to_string(),
            saved: t_string!(i18n, autosave_saved).to_string(),
            offline: t_string!(i18n, autosave_offline).to_string(),
            signed_out: t_string!(i18n, autosave_signed_out).to_string(),
            refused: t_string!(i18n, autosave_refused).to_string(),
            closed: t_string!(i18n, autosave_closed).to_string(),
            restored: t_string!(i18n, autosave_restored).to_string(),
            offer: t_string!(i18n, autosave_offer).to_string(),
            put_back: t_string!(i18n, autosave_put_back).to_string(),
            discard: t_string!(i18n, autosave_discard).to_string(),
        },
        cycle: cycle.clone(),
    };
    view! {
        <PageTitle text=format!("{} – {}", heading, group.name) />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=group_href.clone()>{group.name.clone()}</a></li>
                <li><a href=group_step_href(&group.id, content.number) aria-current="page">
                    {t_string!(i18n, step_label, number = content.number).to_string()}
                </a></li>
            </ol>
        </nav>
        <article class="step">
            <header class="step-header">
                <h1>{heading}</h1>
                <p class="lead">{content.summary.clone()}</p>
            </header>
            <StateSection context=context.clone() state can_open cycle opens=content.opens.is_some() closed />
            {(!member).then(|| view! { <p class="notice">{t!(i18n, work_observer)}</p> })}
            {member.then(|| view! {
                <p><a href=crate::paths::document_href(&group.id, content.number)>
                    {t_string!(i18n, doc_link, title = content.artefact.title.clone()).to_string()}
                </a></p>
            })}
            {(!content.meetings.is_empty()).then(|| view! {
                <section aria-labelledby="traffar">
                    <h2 id="traffar">{t!(i18n, meetings_title)}</h2>
                    // The agendas and roles are the step's own page: a link, not a copy on every
                    // load of the group's page.
                    <p><a href=format!("{}#traffar", crate::paths::step_href(group.track, content.number))>
                        {crate::counted!(i18n, work_meetings_show_1, work_meetings_show_n, content.meetings.len())}
                    </a></p>
                </section>
            })}
            {handovers.clone().map(|handovers| view! {
                <StepHandoversView handovers returned=handed.clone() artefact_title=content.artefact.title.clone() incoming=true opened />
            })}
            {(member && context.open).then(|| view! { <AutosaveWords labels=context.autosave.clone() /> })}
            <section aria-labelledby="uppgifter">
                <h2 id="uppgifter">{t!(i18n, tasks_title)}</h2>
                {later_year.clone().map(|year| view! {
                    <p class="notice">{t_string!(i18n, work_later_year, year = year).to_string()}</p>
                })}
                {tasks.into_iter().map(|(task, progress, work)| {
                    let returned = returned.clone().filter(|r| r.task == task.id);
                    let skipped = later_year.is_some() && task.skip_in_later_years;
                    let carried: Vec<Carried> = carried.iter().filter(|c| c.task == task.id).cloned().collect();
                    let last_year = later_year.clone().unwrap_or_default();
                    view! { <TaskSection context=context.clone() task progress work returned skipped carried last_year /> }
                }).collect_view()}
            </section>
            {(!retired.is_empty()).then(|| view! { <Retired answers=retired /> })}
            // Who has written where grows with the group: it is a page of its own.
            {contributors.map(|_| view! {
                <section aria-labelledby="bidrag">
                    <h2 id="bidrag">{t!(i18n, work_contributors_heading)}</h2>
                    <p><a href=format!("{}/bidrag", group_step_href(&group.id, content.number))>
                        {t!(i18n, work_contributors_link)}
                    </a></p>
                </section>
            })}
            {(!content.prompts.is_empty()).then(|| view! {
                <Prompts context=context.clone() prompts=content.prompts.clone() work=prompts />
            })}
            {handovers.map(|handovers| view! {
                <StepHandoversView handovers returned=handed artefact_title=content.artefact.title.clone() incoming=false opened />
            })}
        </article>
        <p><a href=group_href>{t!(i18n, work_group_home)}</a></p>
    }
}

/// What every part of the page needs to know about the step.
#[derive(Clone)]
struct StepContext {
    group_id: String,
    number: u8,
    open: bool,
    leads: bool,
    /// The reader's id and the cycle, for the key their unsaved text is kept under in the
    /// browser.
    me: String,
    cycle: String,
    autosave: AutosaveLabels,
}

/// The step's state, and for a process leader what can be done with it.
#[component]
fn StateSection(
    context: StepContext,
    state: StepState,
    can_open: bool,
    cycle: String,
    opens: bool,
    closed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let (confirming, failed) = use_query_map().with_untracked(|q| {
        (
            q.get("bekrafta").as_deref() == Some("klart"),
            q.get("fel").as_deref() == Some("steget"),
        )
    });
    let text = match state {
        StepState::NotOpened => t_string!(i18n, work_state_not_opened).to_string(),
        StepState::Open => t_string!(i18n, work_state_open).to_string(),
        StepState::Done => t_string!(i18n, work_state_done).to_string(),
    };
    let (leads, number) = (context.leads, context.number);
    let years_href = crate::paths::years_href(&context.group_id);
    let previous_href = format!(
        "{}#steget",
        group_step_href(&context.group_id, number.saturating_sub(1))
    );
    let button = move |action: &'static str, label: String, confirm: bool| {
        // Opening a step may tell the members by mail; the leader chooses, and the box starts
        // ticked, since that is what most groups want.
        let notify = (action == "open").then(|| {
            view! {
                <label>
                    <input type="checkbox" id="mejla" name="notify" value="1" checked=true />
                    " "{t!(i18n, work_open_notify)}
                </label>
            }
        });
        view! {
            <form method="post" action=ChangeStep::url()>
                <input type="hidden" name="group_id" value=context.group_id.clone() />
                <input type="hidden" name="number" value=context.number />
                <input type="hidden" name="action" value=action />
                {confirm.then(|| view! { <input type="hidden" name="confirm" value="1" /> })}
                {notify}
                <button type="submit">{label}</button>
            </form>
        }
    };
    let controls = if closed {
        // A closed year reads like any other; only the way on is offered.
        Some(
            view! {
                <p class="notice">
                    {t!(i18n, years_closed_notice)}" "
                    <a href=years_href>{t!(i18n, years_link)}</a>
                </p>
            }
            .into_any(),
        )
    } else {
        leads.then(|| match state {
        StepState::NotOpened if can_open => button(
            "open",
            t_string!(i18n, work_open, number = number).to_string(),
            false,
        )
        .into_any(),
        StepState::NotOpened if opens => {
            view! { <p>{t!(i18n, work_cannot_open_release)}</p> }.into_any()
        }
        StepState::NotOpened => view! {
            <p>
                {t!(i18n, work_cannot_open_previous)}" "
                <a href=previous_href.clone()>
                    {t_string!(i18n, work_open_previous_link, number = number.saturating_sub(1)).to_string()}
                </a>
            </p>
        }.into_any(),
        StepState::Open if confirming => view! {
            <div class="notice" role="alert">
                <p>{t!(i18n, work_finish_confirm)}</p>
                {button("done", t_string!(i18n, work_finish_anyway).to_string(), true)}
            </div>
        }
        .into_any(),
        StepState::Open => {
            button("done", t_string!(i18n, work_finish).to_string(), false).into_any()
        }
        StepState::Done => {
            button("reopen", t_string!(i18n, work_reopen).to_string(), false).into_any()
        }
    })
    };
    view! {
        <section aria-labelledby="steget" class="facts">
            <h2 id="steget">{t!(i18n, work_state_heading)}</h2>
            <p class="muted">{t_string!(i18n, work_cycle, cycle = cycle).to_string()}</p>
            {failed.then(|| view! { <p class="form-error" role="alert">{t!(i18n, work_step_error)}</p> })}
            <p><StepBadge state />" "{text}</p>
            {controls}
        </section>
    }
}

/// One task: what it asks, its progress, and for members the form with its fields.
#[component]
fn TaskSection(
    context: StepContext,
    task: TaskView,
    progress: Progress,
    work: Option<TaskWork>,
    returned: Option<TaskReturn>,
    /// Left out in a later year, as the content says.
    skipped: bool,
    /// Last year's answers this task shows.
    carried: Vec<Carried>,
    last_year: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let anchor = format!("uppgift-{}", task.id);
    let heading = format!("rubrik-{}", task.id);
    if skipped {
        return view! {
            <section class="task" id=anchor aria-labelledby=heading.clone()>
                <h3 id=heading.clone()>{task.title.clone()}</h3>
                <p class="muted">{t!(i18n, work_task_skipped)}</p>
            </section>
        }
        .into_any();
    }
    let from_last_year = (!carried.is_empty()).then(|| view! {
        <div class="from-last-year">
            <h4>{t_string!(i18n, work_from_last_year, year = last_year.clone()).to_string()}</h4>
            <dl>
                {carried.into_iter().map(|c| view! {
                    <dt>{t_string!(i18n, work_carried_label, step = c.step, label = c.label.clone()).to_string()}</dt>
                    <dd class="answer-text">{if c.text.is_empty() { t_string!(i18n, doc_no_answer).to_string() } else { c.text }}</dd>
                }).collect_view()}
            </dl>
        </div>
    });
    let saved =
        use_query_map().with_untracked(|q| q.get("sparat").as_deref() == Some(task.id.as_str()));
    let closed = returned
        .as_ref()
        .is_some_and(|r| r.outcome == Saved::Closed);
    let kept = returned
        .as_ref()
        .is_some_and(|r| r.outcome == Saved::SignedOut);
    let conflicted = returned
        .as_ref()
        .is_some_and(|r| matches!(r.outcome, Saved::Conflicts(_)));
    let form = work.map(|work| {
        let fields: Vec<(FieldView, FieldWork)> = task.fields.iter().cloned().zip(work.fields).collect();
        // Agreement is per task: one press marks every field's group answer agreed, so a task
        // is agreed or not, the same on every page.
        let agree_forms = (context.leads && context.open).then(|| {
            let answered = fields
                .iter()
                .filter(|(_, w)| w.shared.as_ref().is_some_and(|s| !s.body.is_empty()))
                .count();
            let all_agreed = fields.iter().all(|(_, w)| w.shared.as_ref().is_some_and(|s| s.agreed));
            view! { <AgreeTaskForm context=context.clone() task=task.clone() answered all_agreed /> }
        });
        let editable = context.open || closed;
        view! {
            {editable.then(|| view! {
                <form method="post" action=SaveTask::url() class="stack answers" aria-labelledby=heading.clone()
                    id=format!("formular-{}", task.id)>
                    <input type="hidden" name="group_id" value=context.group_id.clone() />
                    <input type="hidden" name="number" value=context.number />
                    <input type="hidden" name="task" value=task.id.clone() />
                    {fields.iter().cloned().map(|(field, work)| {
                        view! { <AnswerField group_id=context.group_id.clone() number=context.number task=task.id.clone() field work returned=returned.clone() /> }
                    }).collect_view()}
                    {context.open.then(|| view! {
                        <Autosave
                            form=format!("formular-{}", task.id)
                            store=format!("verkstad:{}:{}:{}:{}:{}", context.me, context.group_id, context.cycle, context.number, task.id)
                            endpoint=SaveDraft::url().to_string()
                        />
                    })}
                    <div class="actions">
                        <button type="submit" name="to" value="eget">{t!(i18n, work_save_own)}</button>
                        <button type="submit" name="to" value="grupp">{t!(i18n, work_save_group)}</button>
                        {conflicted.then(|| view! {
                            <button type="submit" name="to" value="deras">{t!(i18n, work_take_theirs)}</button>
                        })}
                    </div>
                </form>
            }.into_any())}
            {(!editable).then(|| fields.iter().cloned().map(|(field, work)| {
                let (others, versions) = (work.others, work.versions);
                view! {
                    <div class="answer">
                        <h4>{field.label.clone()}</h4>
                        <GroupAnswer field=field.clone() work />
                        <FieldLinks group_id=context.group_id.clone() number=context.number task=task.id.clone()
                            field=field.id.clone() others versions />
                    </div>
                }
            }).collect_view())}
            {agree_forms}
        }
    });
    view! {
        <section class="task" id=anchor aria-labelledby=heading.clone()>
            <h3 id=heading.clone()>{task.title.clone()}</h3>
            <p><TaskBadge progress /></p>
            // Trusted: rendered from editor-owned Markdown with raw HTML dropped.
            <div class="prose" inner_html=task.body_html.clone()></div>
            <p class="produce"><strong>{t!(i18n, task_produce)}</strong>" "{task.produce.clone()}</p>
            {from_last_year}
            {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, work_saved)}</p> })}
            {closed.then(|| view! { <p class="form-error" role="alert">{t!(i18n, work_step_closed)}</p> })}
            {kept.then(|| view! { <p class="notice" role="status">{t!(i18n, work_kept_after_sign_in)}</p> })}
            {form}
        </section>
    }
    .into_any()
}

/// The group's current answer to a field, as text.
#[component]
fn GroupAnswer(
    field: FieldView,
    work: FieldWork,
    /// The answer's text already stands in the reader's box below: say so rather than print
    /// it twice (a step page of thirty fields stays light).
    #[prop(optional)]
    in_box: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let Some(shared) = work.shared else {
        return view! { <p class="muted">{t!(i18n, work_no_answer)}</p> }.into_any();
    };
    let meta = t_string!(
        i18n,
        work_answer_meta,
        version = shared.version,
        name = shared.saved_by.clone(),
        date = long_date(i18n, shared.saved_on)
    )
    .to_string();
    view! {
        <div class="group-answer">
            {if in_box {
                view! { <p>{t!(i18n, work_answer_in_box)}</p> }.into_any()
            } else {
                view! { <p class="answer-text">{shown(&field, &shared.body)}</p> }.into_any()
            }}
            // Agreed or not is the task's state, in its badge above: one place, one name.
            <p class="muted">{meta}</p>
        </div>
    }
    .into_any()
}

/// A stored value as the reader sees it: a rating's label, the chosen options' labels, text.
pub(super) fn shown(field: &FieldView, body: &str) -> String {
    match &field.kind {
        FieldKind::Rating { scale } => body
            .parse::<usize>()
            .ok()
            .and_then(|n| scale.get(n.checked_sub(1)?))
            .cloned()
            .unwrap_or_default(),
        FieldKind::Choice { options, .. } => options
            .iter()
            .filter(|o| body.lines().any(|l| l == o.id))
            .map(|o| o.label.clone())
            .collect::<Vec<_>>()
            .join(", "),
        _ => body.to_string(),
    }
}

/// One field of a task's form: the group's answer, the reader's own text, the others'.
#[component]
fn AnswerField(
    group_id: String,
    number: u8,
    task: String,
    field: FieldView,
    work: FieldWork,
    returned: Option<TaskReturn>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("svar-{task}-{}", field.id);
    let hint = format!("{id}-om");
    let conflict = returned.as_ref().is_some_and(
        |r| matches!(&r.outcome, Saved::Conflicts(fields) if fields.contains(&field.id)),
    );
    let problem = returned.as_ref().and_then(|r| match &r.outcome {
        Saved::Refused {
            field: wrong,
            problem,
        } if *wrong == field.id => Some(*problem),
        _ => None,
    });
    let shared_version = work.shared.as_ref().map_or(0, |s| s.version);
    // After a conflict, the next save starts from the version now shown: saving again is
    // choosing one's own text knowingly.
    let base = match (&work.mine, conflict) {
        (Some(mine), false) => mine.base_version,
        _ => shared_version,
    };
    let typed = returned
        .as_ref()
        .and_then(|r| r.values.get(&field.id).cloned());
    let is_text_field = matches!(
        field.kind,
        FieldKind::ShortText | FieldKind::LongText | FieldKind::List
    );
    // Nothing of the reader's own: their box starts from the group's answer.
    let in_box = is_text_field && typed.is_none() && work.mine.is_none() && work.shared.is_some();
    let value = typed
        .or_else(|| work.mine.as_ref().map(|m| m.body.clone()))
        .or_else(|| work.shared.as_ref().map(|s| s.body.clone()))
        .unwrap_or_default();
    let message = problem.map(|p| match p {
        AnswerProblem::TooLong => t_string!(i18n, work_too_long).to_string(),
        AnswerProblem::NotOnScale => t_string!(i18n, work_not_on_scale).to_string(),
        AnswerProblem::NotAnOption => t_string!(i18n, work_not_an_option).to_string(),
    });
    let name = format!("answers[{}]", field.id);
    let is_text = matches!(
        field.kind,
        FieldKind::ShortText | FieldKind::LongText | FieldKind::List
    );
    let input = match &field.kind {
        FieldKind::ShortText => view! {
            <input id=id.clone() name=name type="text" maxlength="20000" value=value
                aria-describedby=hint.clone() aria-invalid=problem.is_some().then_some("true") />
        }
        .into_any(),
        FieldKind::LongText | FieldKind::List => view! {
            <TextArea id=id.clone() name=name value=value rows=if matches!(field.kind, FieldKind::List) { 4 } else { 6 }
                described_by=hint.clone() invalid=problem.is_some() />
        }
        .into_any(),
        FieldKind::Rating { scale } => {
            let none = t_string!(i18n, work_no_rating).to_string();
            let mut choices: Vec<(String, String)> = vec![(String::new(), none)];
            choices.extend(scale.iter().enumerate().map(|(n, label)| ((n + 1).to_string(), label.clone())));
            view! { <Choices id=id.clone() name=name choices chosen=vec![value] multiple=false labelled_by=format!("{id}-rubrik") /> }.into_any()
        }
        FieldKind::Choice { options, multiple } => {
            let choices = options.iter().map(|o| (o.id.clone(), o.label.clone())).collect();
            let chosen = value.lines().map(str::to_string).collect();
            let name = if *multiple { format!("choices[{}]", field.id) } else { name };
            view! { <Choices id=id.clone() name choices chosen multiple=*multiple labelled_by=format!("{id}-rubrik") /> }.into_any()
        }
    };
    view! {
        <fieldset class="answer">
            <legend>{field.label.clone()}</legend>
            <div id=hint.clone()>
                {field.help.clone().map(|help| view! { <p class="hint">{help}</p> })}
                <h4>{t!(i18n, work_group_answer)}</h4>
                <GroupAnswer field=field.clone() work=work.clone() in_box />
                {conflict.then(|| view! { <p class="form-error" role="alert">{t!(i18n, work_conflict)}</p> })}
                {message.map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            </div>
            <input type="hidden" name=format!("base[{}]", field.id) value=base />
            {if is_text {
                view! { <label for=id.clone()>{t!(i18n, work_your_text)}</label> }.into_any()
            } else {
                view! { <p class="label" id=format!("{id}-rubrik")>{t!(i18n, work_your_text)}</p> }.into_any()
            }}
            {input}
            <FieldLinks group_id number task=task.clone() field=field.id.clone() others=work.others versions=work.versions />
        </fieldset>
    }
}

/// Radio buttons (one choice) or checkboxes (several), each with its label. A checkbox is named
/// `name[option]`, so the options ticked arrive as a map.
#[component]
fn Choices(
    id: String,
    name: String,
    choices: Vec<(String, String)>,
    chosen: Vec<String>,
    multiple: bool,
    labelled_by: String,
) -> impl IntoView {
    view! {
        <div class="choices" id=id.clone() role=if multiple { "group" } else { "radiogroup" }
            aria-labelledby=labelled_by>
            {choices.into_iter().enumerate().map(|(n, (value, label))| {
                let input_id = format!("{id}-{n}");
                let checked = chosen.contains(&value);
                let (kind, name, value) = if multiple {
                    ("checkbox", format!("{name}[{value}]"), "on".to_string())
                } else {
                    ("radio", name.clone(), value)
                };
                view! {
                    <label>
                        <input type=kind id=input_id name=name value=value checked=checked />
                        " " {label}
                    </label>
                }
            }).collect_view()}
        </div>
    }
}

/// A process leader's button marking a whole task agreed (every field's group answer), or not;
/// while some field has no group answer, what to do first instead.
#[component]
fn AgreeTaskForm(
    context: StepContext,
    task: TaskView,
    answered: usize,
    all_agreed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let missing =
        use_query_map().with_untracked(|q| q.get("saknas").as_deref() == Some(task.id.as_str()));
    let fields = task.fields.len();
    if answered < fields {
        return view! {
            <p class=if missing { "form-error" } else { "hint" } role=missing.then_some("alert")>
                {crate::counted!(i18n, work_agree_task_missing_1, work_agree_task_missing_n, fields - answered)}
            </p>
        }
        .into_any();
    }
    let (text, label) = if all_agreed {
        (
            t_string!(i18n, work_unagree_task).to_string(),
            t_string!(i18n, work_unagree_task_label, task = task.title.clone()).to_string(),
        )
    } else {
        (
            t_string!(i18n, work_agree_task).to_string(),
            t_string!(i18n, work_agree_task_label, task = task.title.clone()).to_string(),
        )
    };
    view! {
        <form method="post" action=AgreeAnswer::url() class="agree agree-task">
            <input type="hidden" name="group_id" value=context.group_id.clone() />
            <input type="hidden" name="number" value=context.number />
            <input type="hidden" name="field" value=task.id.clone() />
            {(!all_agreed).then(|| view! { <input type="hidden" name="agreed" value="1" /> })}
            <button type="submit" class=(!all_agreed).then_some("primary") aria-label=label>{text}</button>
        </form>
    }
    .into_any()
}

/// Answers to fields whose ids have been retired from the content: kept, and readable here.
#[component]
fn Retired(answers: Vec<super::types::RetiredAnswer>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="borttagna">
            <h2 id="borttagna">{t!(i18n, work_retired_heading)}</h2>
            <p>{t!(i18n, work_retired_lead)}</p>
            {answers.into_iter().map(|answer| view! {
                <div class="answer">
                    <h3>{answer.field}</h3>
                    {answer.group.map(|text| view! {
                        <h4>{t!(i18n, work_group_answer)}</h4>
                        <p class="answer-text">{text}</p>
                    })}
                    {answer.mine.map(|text| view! {
                        <h4>{t!(i18n, work_your_text)}</h4>
                        <p class="answer-text">{text}</p>
                    })}
                </div>
            }).collect_view()}
        </section>
    }
}

/// `/grupper/{id}/steg/{n}/bidrag`, for process leaders: who has written a text of their own
/// in which task. Anyone else who may see the step gets the page without the table.
#[component]
pub fn ContributorsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = params.with_untracked(|p| p.get("id").unwrap_or_default());
    let number = params.with_untracked(|p| p.get("number").and_then(|n| n.parse::<u8>().ok()));
    let data = async move {
        let Some(number) = number else {
            return Err(crate::error::AppError::NotFound);
        };
        get_group_step(id, number).await
    };
    loaded(data, move |step| match step {
        Some(step) => {
            let heading = t_string!(i18n, work_contributors_heading).to_string();
            let back = group_step_href(&step.group.id, step.step.number);
            view! {
                <PageTitle text=format!("{heading} – {}", step.group.name) />
                <crate::features::work::field::StepCrumbs group=step.group.clone() number=step.step.number
                    step_href=back.clone() here=(format!("{back}/bidrag"), heading.clone()) />
                {match step.contributors {
                    Some(members) => view! { <Contributors tasks=step.step.tasks.clone() members /> }.into_any(),
                    None => view! {
                        <h1>{heading.clone()}</h1>
                        <p>{t!(i18n, work_contributors_leaders)}</p>
                    }.into_any(),
                }}
                <p><a href=back>{t_string!(i18n, field_back_step, number = step.step.number).to_string()}</a></p>
            }
            .into_any()
        }
        None => view! { <SignInFirst /> }.into_any(),
    })
}

/// Who has written a text of their own in which task. A table of ticks, members by name:
/// where the group has contributed, not a ranking.
#[component]
fn Contributors(tasks: Vec<TaskView>, members: Vec<super::types::MemberTasks>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="bidrag">
            <h1 id="bidrag">{t!(i18n, work_contributors_heading)}</h1>
            <p>{t!(i18n, work_contributors_lead)}</p>
            <ScrollTable label=t_string!(i18n, work_contributors_heading).to_string()>
            <table class="members contributors">
                <thead><tr>
                    <th scope="col">{t!(i18n, work_member)}</th>
                    {tasks.iter().map(|task| view! { <th scope="col">{task.title.clone()}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {members.into_iter().map(|member| view! {
                        <tr>
                            <th scope="row">{member.name}</th>
                            {member.tasks.into_iter().map(|wrote| view! {
                                <td>{if wrote {
                                    t_string!(i18n, work_contributed).to_string()
                                } else {
                                    t_string!(i18n, work_not_contributed).to_string()
                                }}</td>
                            }).collect_view()}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            </ScrollTable>
        </section>
    }
}

/// The step's discussion prompts: each with the leader's summary and, for members, a link to
/// its own page with the notes and the forms (the step page stays light with a large group).
/// The discussion timer stays here.
#[component]
fn Prompts(
    context: StepContext,
    prompts: Vec<PromptView>,
    work: Option<Vec<PromptWork>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let labels = TimerLabels {
        title: t_string!(i18n, timer_title).to_string(),
        minutes: t_string!(i18n, timer_minutes).to_string(),
        start: t_string!(i18n, timer_start).to_string(),
        pause: t_string!(i18n, timer_pause).to_string(),
        reset: t_string!(i18n, timer_reset).to_string(),
        done: t_string!(i18n, timer_done).to_string(),
    };
    view! {
        <section aria-labelledby="diskussion">
            <h2 id="diskussion">{t!(i18n, prompts_title)}</h2>
            <p>{t!(i18n, prompts_lead)}</p>
            <ol class="prompts">
                {prompts.into_iter().enumerate().map(|(n, prompt)| {
                    let work = work.as_ref().and_then(|w| w.get(n).cloned());
                    let href = crate::paths::prompt_href(&context.group_id, context.number, &prompt.id);
                    let open = context.open;
                    view! {
                        <li id=format!("fraga-{}", prompt.id)>
                            <p>{prompt.text.clone()}</p>
                            {work.map(|w| view! {
                                {w.summary.map(|summary| view! {
                                    <div class="summary">
                                        <h4>{t!(i18n, work_summary_heading)}</h4>
                                        <p class="answer-text">{summary}</p>
                                    </div>
                                })}
                                <p>
                                    <a href=href>
                                        {if w.notes == 0 && open {
                                            t_string!(i18n, work_notes_write).to_string()
                                        } else {
                                            crate::counted!(i18n, work_notes_1, work_notes_n, w.notes)
                                        }}
                                    </a>
                                </p>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ol>
            <DiscussionTimer labels />
        </section>
    }
}
