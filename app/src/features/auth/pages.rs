//! The sign-in pages: ask for a link, "check your e-mail", confirm the link, and the signed-in
//! start page. Every form is a plain POST, so all of it works without JavaScript.

use super::{
    api::{ConfirmSignIn, RequestSignIn, SignOutEverywhere, current_user},
    types::{SignInForm, SignInProblem, SignInSent},
};
use crate::ui::head::PageTitle;
use crate::{
    features::{
        groups::{api::my_groups, pages::GroupList},
        invitations::{
            api::{JoinInvitation, my_invitations},
            types::MyInvitation,
        },
    },
    i18n::*,
};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn SignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Only what carries no personal data comes in the URL: an expired link, a sign-out.
    let (bad_link, signed_out, text_kept) = query.with_untracked(|q| {
        (
            q.get("fel").as_deref() == Some("lanken"),
            q.get("utloggad"),
            q.get("text").as_deref() == Some("kvar"),
        )
    });
    let signed_out = signed_out.map(|how| match how.as_str() {
        "alla" => t_string!(i18n, signed_out_everywhere).to_string(),
        _ => t_string!(i18n, signed_out).to_string(),
    });
    let form = async { Ok(crate::flash::take::<SignInForm>().await) };
    view! {
        <PageTitle text=t_string!(i18n, sign_in_title).to_string() />
        <h1>{t!(i18n, sign_in_title)}</h1>
        {signed_out.map(|text| view! { <p class="notice" role="status">{text}</p> })}
        {text_kept.then(|| view! { <p class="notice" role="status">{t!(i18n, sign_in_text_kept)}</p> })}
        <p class="lead">{t!(i18n, sign_in_lead)}</p>
        {crate::ui::page::loaded(form, move |form: Option<SignInForm>| {
            let problem = form.as_ref().map(|f| f.problem);
            let message = match problem {
                Some(SignInProblem::Address) => Some(t_string!(i18n, sign_in_bad_email).to_string()),
                Some(SignInProblem::TooMany) => Some(t_string!(i18n, error_rate_limited).to_string()),
                None if bad_link => Some(t_string!(i18n, sign_in_bad_link).to_string()),
                None => None,
            };
            let invalid = problem == Some(SignInProblem::Address);
            let typed = form.map(|f| f.email).unwrap_or_default();
            view! {
                {message.map(|m| view! { <p class="form-error" id="epost-fel" role="alert">{m}</p> })}
                <form method="post" action=RequestSignIn::url() class="stack">
                    <label for="epost">{t!(i18n, sign_in_email)}</label>
                    <input
                        id="epost"
                        name="email"
                        type="email"
                        autocomplete="email"
                        required
                        maxlength="320"
                        value=typed
                        aria-invalid=invalid.then_some("true")
                        aria-describedby=invalid.then_some("epost-fel")
                    />
                    <button type="submit">{t!(i18n, sign_in_submit)}</button>
                </form>
            }
        })}
        <p>{t!(i18n, sign_in_no_password)}</p>
    }
}

#[component]
pub fn SignInSentPage() -> impl IntoView {
    let i18n = use_i18n();
    let sent = async { Ok(crate::flash::take::<SignInSent>().await) };
    view! {
        <PageTitle text=t_string!(i18n, sign_in_sent_title).to_string() />
        <h1>{t!(i18n, sign_in_sent_title)}</h1>
        {crate::ui::page::loaded(sent, move |sent: Option<SignInSent>| {
            // After a reload the flash is spent: the page still says what to do.
            let text = match sent {
                Some(sent) => t_string!(i18n, sign_in_sent_text, email = sent.email).to_string(),
                None => t_string!(i18n, sign_in_sent_text_again).to_string(),
            };
            view! { <p class="lead">{text}</p> }
        })}
        <p>{t!(i18n, sign_in_sent_help)}</p>
        <p><a href="/logga-in">{t!(i18n, sign_in_again)}</a></p>
    }
}

/// Opening the link only shows a button: mail scanners that fetch links must not spend it.
#[component]
pub fn ConfirmSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    #[cfg(feature = "ssr")]
    crate::ports::no_referrer();
    view! {
        <PageTitle text=t_string!(i18n, confirm_title).to_string() />
        <h1>{t!(i18n, confirm_title)}</h1>
        <p class="lead">{t!(i18n, confirm_text)}</p>
        <form method="post" action=ConfirmSignIn::url()>
            <input type="hidden" name="token" value=token />
            <button type="submit">{t!(i18n, confirm_submit)}</button>
        </form>
    }
}

/// Invitations to the signed-in person's address, each with "Gå med". This is how someone who
/// already has an account joins: the invitation link itself never signs anyone in.
#[component]
fn WaitingInvitations(invitations: Vec<MyInvitation>) -> impl IntoView {
    let i18n = use_i18n();
    let stale = use_query_map().with_untracked(|q| q.get("fel").as_deref() == Some("inaktuell"));
    view! {
        <section aria-labelledby="inbjudningar">
            <h2 id="inbjudningar">{t!(i18n, my_invitations_heading)}</h2>
            {stale.then(|| view! { <p class="form-error" role="alert">{t!(i18n, group_stale)}</p> })}
            <ul class="invitations">
                {invitations.into_iter().map(|invitation| {
                    let text = if invitation.as_leader {
                        t_string!(i18n, my_invitation_leader, inviter = invitation.invited_by.clone(),
                            group = invitation.group.clone(), organisation = invitation.organisation.clone())
                    } else {
                        t_string!(i18n, my_invitation_member, inviter = invitation.invited_by.clone(),
                            group = invitation.group.clone(), organisation = invitation.organisation.clone())
                    }.to_string();
                    let until = t_string!(i18n, my_invitation_until,
                        date = crate::ui::date::long_date(i18n, invitation.expires_on)).to_string();
                    let label = t_string!(i18n, my_invitation_join_label, group = invitation.group.clone()).to_string();
                    view! {
                        <li>
                            <p>{text}" "<span class="muted">{until}</span></p>
                            <form method="post" action=JoinInvitation::url()>
                                <input type="hidden" name="invitation_id" value=invitation.id />
                                <button type="submit" aria-label=label>{t!(i18n, my_invitation_join)}</button>
                            </form>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

#[component]
pub fn MyGroupsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = async move {
        match current_user().await? {
            Some(user) => {
                let groups = my_groups().await.ok().flatten().unwrap_or_default();
                let invitations = my_invitations().await.ok().flatten().unwrap_or_default();
                Ok(Some((user, groups, invitations)))
            }
            None => Ok(None),
        }
    };
    view! {
        <PageTitle text=t_string!(i18n, my_groups_title).to_string() />
        {crate::ui::page::loaded(data, move |data| {
                match data {
                    Some((user, groups, invitations)) => {
                        let empty = groups.is_empty();
                        view! {
                        <h1>{t!(i18n, my_groups_title)}</h1>
                        <p>{t_string!(i18n, signed_in_as, email = user.email.clone()).to_string()}</p>
                        {(!invitations.is_empty()).then(|| view! { <WaitingInvitations invitations /> })}
                        {if empty {
                            view! { <p>{t!(i18n, my_groups_empty)}</p> }.into_any()
                        } else {
                            view! { <GroupList groups /> }.into_any()
                        }}
                        <p><a href="/anmalan">{t!(i18n, my_groups_register)}</a></p>
                        {user.is_admin.then(|| view! {
                            <p><a href="/plattform">{t!(i18n, platform_title)}</a></p>
                        })}
                        // "Logga ut" is in the header on every page; this one is for a lost device.
                        <div class="actions">
                            <form method="post" action=SignOutEverywhere::url()>
                                <button type="submit">{t!(i18n, sign_out_everywhere)}</button>
                            </form>
                        </div>
                    }.into_any()
                    }
                    None => view! {
                        <h1>{t!(i18n, my_groups_title)}</h1>
                        <p>{t!(i18n, sign_in_needed)}</p>
                        <p><a href="/logga-in">{t!(i18n, sign_in_title)}</a></p>
                    }.into_any(),
                }
        })}
    }
}
