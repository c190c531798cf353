//! What needs the huvudman now, at the top of the organisation page and the whole picture:
//! submissions nobody has answered, units asked to complete that have not sent again, and this
//! month in the year plan.

use crate::features::workshop::types::YearPlanItem;
use crate::{
    i18n::*,
    paths::submission_href,
    shared::{Inbox, InboxItem},
    ui::date::{long_date, month_name},
};
use leptos::prelude::*;

/// One submission as a line with its link.
#[component]
fn ItemLine(item: InboxItem) -> impl IntoView {
    let i18n = use_i18n();
    let label = t_string!(
        i18n,
        inbox_item,
        unit = item.unit.clone(),
        title = item.title.clone(),
        version = item.version,
        number = item.step
    )
    .to_string();
    view! {
        <li>
            <a href=submission_href(&item.submission)>{label}</a>
            <span class="muted">" "{t_string!(i18n, inbox_sent_on, date = long_date(i18n, item.on)).to_string()}</span>
        </li>
    }
}

#[component]
pub fn InboxView(inbox: Inbox) -> impl IntoView {
    let i18n = use_i18n();
    let Inbox {
        to_answer,
        to_complete,
        month,
        due,
    } = inbox;
    let nothing = to_answer.is_empty() && to_complete.is_empty();
    view! {
        <section class="next" aria-labelledby="att-gora">
            <h2 id="att-gora">{t!(i18n, inbox_heading)}</h2>
            {nothing.then(|| view! { <p>{t!(i18n, inbox_nothing)}</p> })}
            {(!to_answer.is_empty()).then(|| view! {
                <h3>{crate::counted!(i18n, inbox_to_answer_1, inbox_to_answer_n, to_answer.len())}</h3>
                <ul>{to_answer.into_iter().map(|item| view! { <ItemLine item /> }).collect_view()}</ul>
            })}
            {(!to_complete.is_empty()).then(|| view! {
                <h3>{crate::counted!(i18n, inbox_to_complete_1, inbox_to_complete_n, to_complete.len())}</h3>
                <ul>{to_complete.into_iter().map(|item| view! { <ItemLine item /> }).collect_view()}</ul>
            })}
            <h3>{t_string!(i18n, inbox_due_heading, month = month_name(i18n, month)).to_string()}</h3>
            {if due.is_empty() {
                view! { <p>{t!(i18n, inbox_due_nothing)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {due.into_iter().map(|entry| {
                            let what = match entry.what {
                                YearPlanItem::Meeting { title, .. } => title,
                                YearPlanItem::Handover { title, .. } => title,
                            };
                            view! {
                                <li>{t_string!(i18n, inbox_due_item, week = entry.week.number, number = entry.step, what = what).to_string()}</li>
                            }
                        }).collect_view()}
                    </ul>
                    <p><a href=crate::paths::year_plan_href(crate::features::workshop::types::Track::Huvudman)>{t!(i18n, inbox_year_plan_link)}</a></p>
                }.into_any()
            }}
        </section>
    }
}
