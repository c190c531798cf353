//! Registration (anmälan), a group's home, and an organisation's overview of its groups. All
//! forms are plain POSTs with labels and messages tied to their fields.

use super::{
    api::{
        CreateUnitGroup, LeaveGroup, Register, RemoveMember, UpdateUnit, get_group,
        get_organisation, platform_overview,
    },
    types::{
        GroupHome, OrganisationKind, OrganisationOverview, PlatformPage, Registration, Role,
        SCHOOL_FORMS, UnitGroupForm, new_unit_scope, unit_scope,
    },
};
use crate::ui::head::PageTitle;
use crate::{
    error::{Field, Invalid},
    features::{
        auth::api::current_user,
        handovers::inbox::InboxView,
        invitations::{
            pages::InviteSection,
            types::{InviteForm, PendingInvitation},
        },
        work::{next::NextMoveView, pages::StepList},
        workshop::{pages::track_name, types::Track},
    },
    flash::{Returned, take, take_for},
    i18n::*,
    ui::{
        page::{SignInFirst, loaded},
        table::ScrollTable,
    },
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

fn role_name(i18n: leptos_i18n::I18nContext<Locale>, role: Option<Role>) -> String {
    match role {
        Some(Role::Processledare) => t_string!(i18n, role_processledare).to_string(),
        Some(Role::Deltagare) => t_string!(i18n, role_deltagare).to_string(),
        None => t_string!(i18n, role_owner).to_string(),
    }
}

/// A school form's name, from its slug in `SCHOOL_FORMS`.
fn school_form_name(i18n: leptos_i18n::I18nContext<Locale>, form: &str) -> String {
    match form {
        "forskola" => t_string!(i18n, school_form_forskola).to_string(),
        "grundskola" => t_string!(i18n, school_form_grundskola).to_string(),
        "gymnasieskola" => t_string!(i18n, school_form_gymnasieskola).to_string(),
        "fritidshem" => t_string!(i18n, school_form_fritidshem).to_string(),
        _ => t_string!(i18n, school_form_anpassad).to_string(),
    }
}

/// `aria-invalid` for a field: set when the form came back because of it.
fn marks(problem: Option<Invalid>, field: Field) -> Option<&'static str> {
    (problem == Some(Invalid::Field(field))).then_some("true")
}

/// A unit's name, school forms and code: the fields of both the new-unit form and the
/// unit-details form, filled with `unit`. `problem` is what a failed post was about.
#[component]
fn UnitFields(unit: UnitGroupForm, problem: Option<Invalid>) -> impl IntoView {
    let i18n = use_i18n();
    let UnitGroupForm {
        name,
        school_forms: forms,
        school_unit_code: code,
        ..
    } = unit;
    view! {
        <label for="enhet-namn">{t!(i18n, unit_name)}</label>
        <input id="enhet-namn" name="unit[name]" required maxlength="200" value=name
            aria-invalid=marks(problem, Field::UnitName) />
        <fieldset>
            <legend>{t!(i18n, unit_school_forms)}</legend>
            {SCHOOL_FORMS.iter().map(|form| {
                let field = format!("unit[{}]", form.replace('-', "_"));
                let checked = forms.iter().any(|f| f == form);
                view! {
                    <label><input type="checkbox" name=field value="on" checked=checked />" " {school_form_name(i18n, form)}</label>
                }
            }).collect_view()}
        </fieldset>
        <label for="enhet-kod">{t!(i18n, unit_code)}</label>
        <input id="enhet-kod" name="unit[school_unit_code]" inputmode="numeric" maxlength="8" value=code
            aria-describedby="enhet-kod-hjalp" aria-invalid=marks(problem, Field::SchoolUnitCode) />
        <p id="enhet-kod-hjalp" class="hint">{t!(i18n, unit_code_hint)}</p>
    }
}

/// What went wrong with a unit form, in words.
fn unit_problem(i18n: leptos_i18n::I18nContext<Locale>, problem: Invalid) -> String {
    match problem {
        Invalid::Field(Field::SchoolUnitCode) => t_string!(i18n, unit_bad_code).to_string(),
        Invalid::Field(Field::LeaderEmail) => t_string!(i18n, unit_bad_leader).to_string(),
        _ => t_string!(i18n, unit_bad_name).to_string(),
    }
}

/// A list of groups with links, for "my groups" and the organisation overview: each with its
/// next move, worded for the reader.
#[component]
pub fn GroupList(groups: Vec<crate::shared::GroupLine>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="group-list">
            {groups.into_iter().map(|line| {
                let g = line.group;
                let leads = g.role == Some(Role::Processledare);
                view! {
                    <li>
                        <a href=crate::paths::group_href(&g.id)>{g.name.clone()}</a>
                        <span class="muted">
                            {format!(" – {}, {}, {}", track_name(i18n, g.track), g.organisation, role_name(i18n, g.role))}
                        </span>
                        <br />
                        <NextMoveView group_id=g.id.clone() next=line.next leads cycle=line.cycle compact=true />
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = async {
        let user = current_user().await?;
        Ok((user, take::<Returned<Registration>>().await))
    };
    view! {
        <PageTitle text=t_string!(i18n, register_title).to_string() />
        <h1>{t!(i18n, register_title)}</h1>
        <p class="lead">{t!(i18n, register_lead)}</p>
        {loaded(data, move |(user, returned)| match user {
            Some(user) => view! { <RegisterForm user returned /> }.into_any(),
            None => view! { <SignInFirst /> }.into_any(),
        })}
    }
}

/// The registration form: empty but for the person's name, or as it was sent when it came
/// back with something to fix.
#[component]
fn RegisterForm(
    user: crate::features::auth::types::SignedInUser,
    returned: Option<Returned<Registration>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = returned.as_ref().map(|r| r.problem);
    let typed = returned.map(|r| r.typed).unwrap_or(Registration {
        your_name: user.display_name,
        organisation: String::new(),
        kind: String::new(),
        also_unit: false,
    });
    let message = problem.map(|problem| match problem {
        Invalid::Field(Field::Organisation) => {
            t_string!(i18n, register_bad_organisation).to_string()
        }
        Invalid::Field(Field::Kind) => t_string!(i18n, register_bad_kind).to_string(),
        _ => t_string!(i18n, register_bad_name).to_string(),
    });
    let kind = typed.kind.clone();
    view! {
        {message.map(|m| view! { <p class="form-error" id="fel" role="alert">{m}</p> })}
        <form method="post" action=Register::url() class="stack">
            <label for="namn">{t!(i18n, register_your_name)}</label>
            <input id="namn" name="your_name" autocomplete="name" required maxlength="200"
                value=typed.your_name aria-invalid=marks(problem, Field::YourName) />
            <label for="organisation">{t!(i18n, register_organisation)}</label>
            <input id="organisation" name="organisation" required maxlength="200"
                value=typed.organisation aria-invalid=marks(problem, Field::Organisation)
                aria-describedby="organisation-hjalp" />
            <p id="organisation-hjalp" class="hint">{t!(i18n, register_organisation_hint)}</p>
            <fieldset aria-invalid=marks(problem, Field::Kind)>
                <legend>{t!(i18n, register_kind)}</legend>
                <label><input type="radio" name="kind" value="kommunal" checked=kind == "kommunal" />
                    " " {t!(i18n, kind_kommunal)}</label>
                <label><input type="radio" name="kind" value="enskild" checked=kind == "enskild" />
                    " " {t!(i18n, kind_enskild)}</label>
            </fieldset>
            <label><input type="checkbox" name="also_unit" value="on" checked=typed.also_unit />
                " " {t!(i18n, register_also_unit)}</label>
            <button type="submit">{t!(i18n, register_submit)}</button>
        </form>
    }
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = async move {
        let Some(home) = get_group(id.clone()).await? else {
            return Ok(None);
        };
        let returned = take_for::<Returned<UnitGroupForm>>(&unit_scope(&id)).await;
        let pending = match home.pending.clone() {
            Some(list) => {
                let box_text = take_for::<InviteForm>(&id).await;
                Some((list, box_text.map(|f| f.addresses).unwrap_or_default()))
            }
            None => None,
        };
        Ok(Some((home, pending, returned)))
    };
    loaded(data, move |data| match data {
        Some((home, pending, returned)) => {
            view! { <GroupHomeView home pending returned /> }.into_any()
        }
        None => view! {
            <PageTitle text=t_string!(i18n, my_groups_title).to_string() />
            <h1>{t!(i18n, my_groups_title)}</h1>
            <SignInFirst />
        }
        .into_any(),
    })
}

#[component]
fn GroupHomeView(
    home: GroupHome,
    pending: Option<(Vec<PendingInvitation>, String)>,
    returned: Option<Returned<UnitGroupForm>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let group = home.group.clone();
    let leads = group.role == Some(Role::Processledare);
    let member = group.role.is_some();
    let edits_unit = group.track == Track::Enhet && (leads || home.is_owner);
    let incomplete = edits_unit && home.school_forms.is_empty();
    let details = edits_unit.then(|| view! { <UnitDetails home=home.clone() returned /> });
    let query = use_query_map();
    let (removed, last_leader, stale) = query.with_untracked(|q| {
        (
            q.get("borttagen").is_some(),
            q.get("fel").as_deref() == Some("sista"),
            q.get("fel").as_deref() == Some("inaktuell"),
        )
    });
    // A unit group whose invited leader has not answered yet has no members: say so, and who
    // is invited, instead of an empty table.
    let no_members = home.members.is_empty();
    let waiting = pending
        .as_ref()
        .map(|(pending, _)| {
            pending
                .iter()
                .filter(|p| !p.expired)
                .map(|p| {
                    if p.as_leader {
                        format!("{}{}", p.email, t_string!(i18n, invitation_as_leader))
                    } else {
                        p.email.clone()
                    }
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    view! {
        <PageTitle text=group.name.clone() />
        <h1>{group.name.clone()}</h1>
        <p class="lead">
            {t_string!(i18n, group_track_line, track = track_name(i18n, group.track), organisation = group.organisation.clone()).to_string()}
        </p>
        {(!home.school_forms.is_empty()).then(|| {
            let forms: Vec<String> = home.school_forms.iter().map(|f| school_form_name(i18n, f)).collect();
            view! { <p>{t_string!(i18n, group_school_forms, forms = forms.join(", ")).to_string()}</p> }
        })}
        {home.school_unit_code.clone().map(|code| view! {
            <p>{t_string!(i18n, group_unit_code, code = code).to_string()}</p>
        })}
        {stale.then(|| view! { <p class="form-error" role="alert">{t!(i18n, group_stale)}</p> })}
        {incomplete.then(|| view! {
            <p class="notice"><a href="#uppgifter">{t!(i18n, unit_details_missing)}</a></p>
        })}
        {home.is_owner.then(|| view! {
            <p><a href=format!("/organisationer/{}", group.organisation_id)>{t!(i18n, organisation_overview_link)}</a></p>
        })}
        // The huvudman group's members and the owners follow the units' hand-overs.
        {(group.track == crate::features::workshop::types::Track::Huvudman && (group.role.is_some() || home.is_owner)).then(|| view! {
            <p><a href=crate::paths::overview_href(&group.organisation_id)>{t!(i18n, ho_overview_group_link)}</a></p>
        })}
        <NextMoveView group_id=group.id.clone() next=home.progress.next.clone() leads cycle=home.progress.cycle.clone() />
        <StepList group_id=group.id.clone() progress=home.progress.clone() member=group.role.is_some() />
        <p><a href=crate::paths::calendar_href(&group.id)>{t!(i18n, group_calendar_link)}</a></p>
        <p><a href=crate::paths::years_href(&group.id)>{t!(i18n, group_years_link)}</a></p>
        <section aria-labelledby="medlemmar">
            <h2 id="medlemmar">{t!(i18n, group_members_heading)}</h2>
            {no_members.then(|| view! { <p>{t!(i18n, group_no_members)}</p> })}
            {(no_members && !waiting.is_empty()).then(|| view! {
                <p>{t_string!(i18n, group_waiting_for, list = waiting.join(", ")).to_string()}</p>
            })}
            {(!no_members).then(|| {
            let group = group.clone();
            view! {
            <ScrollTable label=t_string!(i18n, group_members_heading).to_string()>
            <table class="members">
                <thead><tr>
                    <th scope="col">{t!(i18n, member_name)}</th>
                    <th scope="col">{t!(i18n, member_email)}</th>
                    <th scope="col">{t!(i18n, member_role)}</th>
                    {leads.then(|| view! { <th scope="col">{t!(i18n, member_actions)}</th> })}
                </tr></thead>
                <tbody>
                    {home.members.into_iter().map(|m| {
                        let label = t_string!(i18n, member_remove_label, name = m.name.clone()).to_string();
                        let group_id = group.id.clone();
                        view! {
                            <tr>
                                <td>{m.name.clone()}</td>
                                <td>{m.email.clone()}</td>
                                <td>{role_name(i18n, Some(m.role))}</td>
                                {leads.then(|| view! {
                                    <td>
                                        {(!m.is_me).then(|| view! {
                                            <form method="post" action=RemoveMember::url()>
                                                <input type="hidden" name="group_id" value=group_id.clone() />
                                                <input type="hidden" name="member_id" value=m.id.clone() />
                                                <button type="submit" aria-label=label.clone()>{t!(i18n, member_remove)}</button>
                                            </form>
                                        })}
                                    </td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </ScrollTable>
            }})}
            {removed.then(|| view! { <p class="notice" role="status">{t!(i18n, member_removed)}</p> })}
            {last_leader.then(|| view! { <p class="form-error" role="alert">{t!(i18n, member_last_leader)}</p> })}
            {member.then(|| view! {
                <form method="post" action=LeaveGroup::url()>
                    <input type="hidden" name="group_id" value=group.id.clone() />
                    <button type="submit">{t!(i18n, member_leave)}</button>
                </form>
            })}
        </section>
        {pending.map(|(pending, to_fix)| view! { <InviteSection group_id=group.id.clone() pending to_fix /> })}
        {details}
    }
}

/// For a unit group's process leaders and the owners: correct the unit's name, school forms
/// and code. A leader invited by the owner completes them here.
#[component]
fn UnitDetails(home: GroupHome, returned: Option<Returned<UnitGroupForm>>) -> impl IntoView {
    let i18n = use_i18n();
    let saved = use_query_map().with_untracked(|q| q.get("sparad").is_some());
    let problem = returned.as_ref().map(|r| r.problem);
    // After a failed post, what was typed; otherwise what is stored.
    let unit = returned.map(|r| r.typed).unwrap_or_else(|| UnitGroupForm {
        name: home.group.name.clone(),
        school_forms: home.school_forms.clone(),
        school_unit_code: home.school_unit_code.clone().unwrap_or_default(),
        leader_email: String::new(),
    });
    view! {
        <section aria-labelledby="uppgifter">
            <h2 id="uppgifter">{t!(i18n, unit_details_heading)}</h2>
            {saved.then(|| view! { <p class="notice" role="status">{t!(i18n, unit_details_saved)}</p> })}
            {problem.map(|p| view! { <p class="form-error" role="alert">{unit_problem(i18n, p)}</p> })}
            <form method="post" action=UpdateUnit::url() class="stack" aria-labelledby="uppgifter">
                <input type="hidden" name="group_id" value=home.group.id.clone() />
                <UnitFields unit problem />
                <button type="submit">{t!(i18n, unit_details_submit)}</button>
            </form>
        </section>
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map().with_untracked(|p| p.get("id").unwrap_or_default());
    let data = async move {
        let overview = get_organisation(id.clone()).await?;
        let returned = take_for::<Returned<UnitGroupForm>>(&new_unit_scope(&id)).await;
        Ok((overview, returned))
    };
    loaded(data, move |(overview, returned)| match overview {
        Some(overview) => view! { <OrganisationView overview returned /> }.into_any(),
        None => view! {
            <h1>{t!(i18n, organisation_title)}</h1>
            <SignInFirst />
        }
        .into_any(),
    })
}

#[component]
fn OrganisationView(
    overview: OrganisationOverview,
    returned: Option<Returned<UnitGroupForm>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let problem = returned.as_ref().map(|r| r.problem);
    let unit = returned.map(|r| r.typed).unwrap_or(UnitGroupForm {
        name: String::new(),
        school_forms: Vec::new(),
        school_unit_code: String::new(),
        leader_email: String::new(),
    });
    let leader = unit.leader_email.clone();
    view! {
        <PageTitle text=overview.name.clone() />
        <h1>{overview.name.clone()}</h1>
        <p class="lead">{t!(i18n, organisation_lead)}</p>
        <InboxView inbox=overview.inbox.clone() />
        <p><a href=crate::paths::overview_href(&overview.id)>{t!(i18n, ho_overview_group_link)}</a></p>
        <p><a href=crate::paths::organisation_years_href(&overview.id)>{t!(i18n, years_org_link)}</a></p>
        <h2>{t!(i18n, organisation_groups)}</h2>
        <GroupList groups=overview.groups.clone() />
        <h2 id="ny-enhet">{t!(i18n, unit_new_heading)}</h2>
        <p>{t!(i18n, unit_new_lead)}</p>
        {problem.map(|p| view! { <p class="form-error" role="alert">{unit_problem(i18n, p)}</p> })}
        <form method="post" action=CreateUnitGroup::url() class="stack" aria-labelledby="ny-enhet">
            <input type="hidden" name="organisation_id" value=overview.id.clone() />
            <UnitFields unit problem />
            <label for="enhet-ledare">{t!(i18n, unit_leader)}</label>
            <input id="enhet-ledare" name="unit[leader_email]" type="email" autocomplete="off" maxlength="320"
                value=leader aria-describedby="enhet-ledare-hjalp" aria-invalid=marks(problem, Field::LeaderEmail) />
            <p id="enhet-ledare-hjalp" class="hint">{t!(i18n, unit_leader_hint)}</p>
            <button type="submit">{t!(i18n, unit_submit)}</button>
        </form>
    }
}

/// For platform administrators: every organisation and its groups, as counts. Anyone else
/// gets the same 404 as for a page that does not exist.
#[component]
pub fn PlatformPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = leptos_router::hooks::use_query_map();
    let page = query.with_untracked(|q| q.get("sida").and_then(|p| p.parse().ok()));
    view! {
        <PageTitle text=t_string!(i18n, platform_title).to_string() />
        {loaded(platform_overview(page), |page| view! { <PlatformView page /> })}
    }
}

#[component]
fn PlatformView(page: PlatformPage) -> impl IntoView {
    let i18n = use_i18n();
    let PlatformPage {
        organisations,
        page,
        pages,
        total_organisations,
    } = page;
    let link = |n: u32| format!("/plattform?sida={n}");
    let nav = move || {
        (pages > 1).then(|| view! {
        <nav class="pages" aria-label=t_string!(i18n, platform_pages).to_string()>
            {(page > 1).then(|| view! { <a href=link(page - 1) rel="prev">{t!(i18n, platform_previous)}</a> })}
            <span>{t_string!(i18n, platform_page, page = page, pages = pages).to_string()}</span>
            {(page < pages).then(|| view! { <a href=link(page + 1) rel="next">{t!(i18n, platform_next)}</a> })}
        </nav>
    })
    };
    view! {
        <h1>{t!(i18n, platform_title)}</h1>
        <p class="lead">{t!(i18n, platform_lead)}</p>
        <p>{crate::counted!(i18n, platform_summary_1, platform_summary_n, total_organisations)}</p>
        {nav()}
        {organisations.into_iter().enumerate().map(|(n, o)| {
            let heading = format!("org-{n}");
            let kind = match o.kind {
                OrganisationKind::Kommunal => t_string!(i18n, kind_kommunal).to_string(),
                OrganisationKind::Enskild => t_string!(i18n, kind_enskild).to_string(),
            };
            view! {
                <section aria-labelledby=heading.clone()>
                    <h2 id=heading.clone()>{o.name.clone()}</h2>
                    <p class="muted">{t_string!(i18n, platform_registered, kind = kind, date = crate::ui::date::long_date(i18n, o.registered_on)).to_string()}</p>
                    {if o.groups.is_empty() {
                        view! { <p>{t!(i18n, platform_no_groups)}</p> }.into_any()
                    } else {
                        view! {
                            <ScrollTable label=o.name.clone()>
                            <table class="members">
                                    <thead><tr>
                                        <th scope="col">{t!(i18n, platform_group)}</th>
                                        <th scope="col">{t!(i18n, platform_track)}</th>
                                        <th scope="col">{t!(i18n, platform_step)}</th>
                                        <th scope="col">{t!(i18n, platform_members)}</th>
                                        <th scope="col">{t!(i18n, platform_pending)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {o.groups.into_iter().map(|g| view! {
                                            <tr>
                                                <th scope="row">{g.name}</th>
                                                <td>{track_name(i18n, g.track)}</td>
                                                <td>{g.current_step}</td>
                                                <td>{g.members}</td>
                                                <td>{g.pending_invitations}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </ScrollTable>
                        }.into_any()
                    }}
                </section>
            }
        }).collect_view()}
        {nav()}
    }
}
