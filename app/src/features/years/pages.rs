//! The years' pages: a group's school years (`/grupper/{id}/ar`), where its leader closes the
//! year and everyone finds the earlier ones, and the organisation's
//! (`/organisationer/{id}/ar`), where the huvudman opens the next.

use super::{
    api::{CloseYear, OpenYear, get_group_years, get_organisation_years},
    types::{OrganisationYears, YearsPage},
};
use crate::{
    i18n::*,
    paths::{group_href, organisation_years_href, past_year_href, years_href},
    ui::{date::long_date, head::PageTitle, page::SignInFirst, page::loaded},
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn YearsRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    loaded(get_group_years(id), |page| match page {
        Some(page) => view! { <YearsView page /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn YearsView(page: YearsPage) -> impl IntoView {
    let i18n = use_i18n();
    let (closed_now, not_done) = use_query_map().with_untracked(|q| {
        (
            q.get("stangd").is_some(),
            q.get("fel").as_deref() == Some("inte-klart"),
        )
    });
    let title = t_string!(i18n, years_title).to_string();
    let group_id = page.group.id.clone();
    let current = page.current.clone().unwrap_or_default();
    let state = match (&page.current, page.closed, &page.next) {
        (None, _, _) => t_string!(i18n, years_none).to_string(),
        // Closed with a next year open never lasts: the group is in the next year then.
        (Some(c), true, _) => t_string!(i18n, years_closed_waiting, year = c.clone()).to_string(),
        (Some(c), false, Some(n)) => {
            t_string!(i18n, years_finishing, year = c.clone(), next = n.clone()).to_string()
        }
        (Some(c), false, None) => t_string!(i18n, years_working, year = c.clone()).to_string(),
    };
    // Closing is offered once there is something to close towards: step 5 done, or a next
    // year to carry the rest on to. At the start of a year there is nothing to do here.
    let may_close = page.leads
        && page.current.is_some()
        && !page.closed
        && (page.step5_done || page.next.is_some() || not_done);
    let close_form = may_close.then(|| {
        let id = group_id.clone();
        let done = page.step5_done;
        let next = page.next.clone();
        view! {
            <section aria-labelledby="stang">
                <h2 id="stang">{t_string!(i18n, years_close_heading, year = current.clone()).to_string()}</h2>
                {not_done.then(|| view! { <p class="form-error" role="alert">{t!(i18n, years_not_done)}</p> })}
                {if done {
                    view! { <p>{t!(i18n, years_close_done)}</p> }.into_any()
                } else if let Some(next) = next.clone() {
                    view! { <p>{t_string!(i18n, years_close_move_on_text, next = next).to_string()}</p> }.into_any()
                } else {
                    view! { <p>{t!(i18n, years_close_wait)}</p> }.into_any()
                }}
                {(done || next.is_some()).then(|| view! {
                    <form method="post" action=CloseYear::url() class="stack">
                        <input type="hidden" name="group_id" value=id.clone() />
                        {(!done).then(|| view! {
                            <label>
                                <input type="checkbox" name="move_on" value="1" required=true />
                                " "{t!(i18n, years_move_on)}
                            </label>
                        })}
                        <button type="submit">{t_string!(i18n, years_close_button, year = current.clone()).to_string()}</button>
                    </form>
                })}
            </section>
        }
    });
    view! {
        <PageTitle text=format!("{title} – {}", page.group.name) />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href="/mina-grupper">{t!(i18n, nav_my_groups)}</a></li>
                <li><a href=group_href(&group_id)>{page.group.name.clone()}</a></li>
                <li><a href=years_href(&group_id) aria-current="page">{title.clone()}</a></li>
            </ol>
        </nav>
        <h1>{title.clone()}</h1>
        {closed_now.then(|| view! { <p class="notice" role="status">{t!(i18n, years_closed_saved)}</p> })}
        <p class="lead">{state}</p>
        {close_form}
        <section aria-labelledby="tidigare">
            <h2 id="tidigare">{t!(i18n, years_earlier)}</h2>
            {if page.earlier.is_empty() {
                view! { <p>{t!(i18n, years_earlier_none)}</p> }.into_any()
            } else {
                view! {
                    <ul>
                        {page.earlier.iter().map(|y| {
                            let closed = y.closed_on.map(|d| long_date(i18n, d)).unwrap_or_default();
                            view! {
                                <li>
                                    <a href=past_year_href(&group_id, &y.id)>{t_string!(i18n, years_read_year, year = y.label.clone()).to_string()}</a>
                                    " · "{t_string!(i18n, years_closed_on, date = closed).to_string()}
                                    {y.moved_on.then(|| view! { " · "{t!(i18n, years_moved_on_note)} })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
        <p><a href=group_href(&group_id)>{t!(i18n, work_group_home)}</a></p>
    }
}

#[component]
pub fn OrganisationYearsRoute() -> impl IntoView {
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    loaded(get_organisation_years(id), |page| match page {
        Some(page) => view! { <OrganisationYearsView page /> }.into_any(),
        None => view! { <SignInFirst /> }.into_any(),
    })
}

#[component]
fn OrganisationYearsView(page: OrganisationYears) -> impl IntoView {
    let i18n = use_i18n();
    let opened = use_query_map().with_untracked(|q| q.get("oppnat").is_some());
    let title = t_string!(i18n, years_org_title).to_string();
    let org_id = page.organisation_id.clone();
    view! {
        <PageTitle text=format!("{title} – {}", page.organisation) />
        <nav class="breadcrumbs" aria-label=t_string!(i18n, breadcrumbs).to_string()>
            <ol>
                <li><a href=format!("/organisationer/{org_id}")>{page.organisation.clone()}</a></li>
                <li><a href=organisation_years_href(&org_id) aria-current="page">{title.clone()}</a></li>
            </ol>
        </nav>
        <h1>{title.clone()}</h1>
        {opened.then(|| view! { <p class="notice" role="status">{t!(i18n, years_opened_saved)}</p> })}
        <p class="lead">{t!(i18n, years_org_lead)}</p>
        <h2>{t!(i18n, years_org_opened)}</h2>
        {if page.years.is_empty() {
            view! { <p>{t!(i18n, years_none)}</p> }.into_any()
        } else {
            view! { <ul>{page.years.iter().map(|y| view! { <li>{y.clone()}</li> }).collect_view()}</ul> }.into_any()
        }}
        {(!page.finishing.is_empty()).then(|| view! {
            <h2>{t!(i18n, years_org_finishing)}</h2>
            <ul>
                {page.finishing.iter().map(|f| view! {
                    <li><a href=years_href(&f.group_id)>{f.name.clone()}</a>" · "{f.year.clone()}</li>
                }).collect_view()}
            </ul>
        })}
        {match (&page.opens, page.may_open) {
            (Some(next), true) => view! {
                <section aria-labelledby="oppna">
                    <h2 id="oppna">{t_string!(i18n, years_open_heading, year = next.clone()).to_string()}</h2>
                    <p>{t!(i18n, years_open_text)}</p>
                    <form method="post" action=OpenYear::url()>
                        <input type="hidden" name="organisation_id" value=org_id.clone() />
                        <button type="submit">{t_string!(i18n, years_open_button, year = next.clone()).to_string()}</button>
                    </form>
                </section>
            }.into_any(),
            (None, true) => view! { <p>{t!(i18n, years_open_already)}</p> }.into_any(),
            (_, false) => view! { <p>{t!(i18n, years_open_who)}</p> }.into_any(),
        }}
    }
}
