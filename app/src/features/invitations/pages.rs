//! The invitation form and list on a group's page, and the page an invitation link opens.

use super::{
    api::{
        AcceptInvitation, AskAgain, Invite, ResendInvitation, RevokeInvitation, view_invitation,
    },
    types::{InvitationView, Joining, PendingInvitation},
};
use crate::ui::head::PageTitle;
use crate::{flash::Returned, i18n::*, ui::form::TextArea};
use leptos::{prelude::*, server_fn::ServerFn};
use leptos_router::hooks::{use_params_map, use_query_map};

/// For process leaders: invite by pasting addresses, and follow the invitations sent.
/// `to_fix` is what comes back into the box (through a flash): the addresses not yet sent.
#[component]
pub fn InviteSection(
    group_id: String,
    pending: Vec<PendingInvitation>,
    to_fix: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let q = move |key: &str| query.with_untracked(|q| q.get(key));
    let summary = q("inbjudna").map(|invited| {
        t_string!(
            i18n,
            invite_summary,
            invited = invited,
            resent = q("omskickade").unwrap_or_default(),
            members = q("redan").unwrap_or_default()
        )
        .to_string()
    });
    let invalid = to_fix;
    let some_invalid = q("ogiltiga").is_some_and(|n| n != "0");
    // Why nothing was sent: too many addresses, or the sender's quota is used up.
    let refused = match q("fel").as_deref() {
        Some("kvot") => Some(t_string!(i18n, invite_quota).to_string()),
        Some("antal") => Some(t_string!(i18n, invite_count).to_string()),
        _ => None,
    };
    let has_invalid = !invalid.is_empty() || some_invalid || refused.is_some();
    let notice = if q("omskickad").is_some() {
        Some(t_string!(i18n, invite_resent).to_string())
    } else if q("aterkallad").is_some() {
        Some(t_string!(i18n, invite_revoked).to_string())
    } else {
        None
    };
    view! {
        <section aria-labelledby="bjud-in">
            <h2 id="bjud-in">{t!(i18n, invite_heading)}</h2>
            {summary.map(|s| view! { <p class="notice" role="status">{s}</p> })}
            {has_invalid.then(|| view! {
                <p class="form-error" role="alert" id="adresser-fel">
                    {refused.unwrap_or_else(|| t_string!(i18n, invite_invalid).to_string())}
                </p>
            })}
            <form method="post" action=Invite::url() class="stack">
                <input type="hidden" name="group_id" value=group_id.clone() />
                <label for="adresser">{t!(i18n, invite_addresses)}</label>
                <TextArea id="adresser" name="addresses" rows=5 required=true value=invalid
                    described_by=if has_invalid { "adresser-fel adresser-hjalp" } else { "adresser-hjalp" }
                    invalid=has_invalid />
                <p id="adresser-hjalp" class="hint">{t!(i18n, invite_addresses_hint)}</p>
                <label for="roll">{t!(i18n, invite_role)}</label>
                <select id="roll" name="role">
                    <option value="deltagare" selected>{t!(i18n, role_deltagare_choice)}</option>
                    <option value="processledare">{t!(i18n, role_processledare_choice)}</option>
                </select>
                <button type="submit">{t!(i18n, invite_submit)}</button>
            </form>
        </section>
        <section aria-labelledby="inbjudningar">
            <h2 id="inbjudningar">{t!(i18n, invitations_heading)}</h2>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            {if pending.is_empty() {
                view! { <p>{t!(i18n, invitations_none)}</p> }.into_any()
            } else {
                view! {
                    <ul class="invitations">
                        {pending.into_iter().map(|p| {
                            let mut status = if p.expired {
                                t_string!(i18n, invitation_expired_on, date = crate::ui::date::long_date(i18n, p.expires_on)).to_string()
                            } else {
                                t_string!(i18n, invitation_pending_until, date = crate::ui::date::long_date(i18n, p.expires_on)).to_string()
                            };
                            if p.as_leader {
                                status.push_str(t_string!(i18n, invitation_as_leader));
                            }
                            if p.send_count > 1 {
                                status.push_str(&t_string!(i18n, invitation_sent_times, count = p.send_count).to_string());
                            }
                            view! {
                                <li>
                                    <span class="invitee">{p.email.clone()}</span>
                                    <span class="muted">{format!(" – {status}")}</span>
                                    <div class="actions">
                                        <form method="post" action=ResendInvitation::url()>
                                            <input type="hidden" name="invitation_id" value=p.id.clone() />
                                            <button type="submit" aria-label=t_string!(i18n, invite_resend_label, email = p.email.clone()).to_string()>
                                                {t!(i18n, invite_resend)}
                                            </button>
                                        </form>
                                        <form method="post" action=RevokeInvitation::url()>
                                            <input type="hidden" name="invitation_id" value=p.id.clone() />
                                            <button type="submit" aria-label=t_string!(i18n, invite_revoke_label, email = p.email.clone()).to_string()>
                                                {t!(i18n, invite_revoke)}
                                            </button>
                                        </form>
                                    </div>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn InvitationPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    #[cfg(feature = "ssr")]
    crate::ports::no_referrer();
    view! {
        <PageTitle text=t_string!(i18n, invitation_title).to_string() />
        {crate::ui::page::loaded(
            async move {
                match view_invitation(token.clone()).await {
                    Ok(invitation) => {
                        let returned = crate::flash::take::<Returned<Joining>>().await;
                        Ok(Some((invitation, token, returned)))
                    }
                    // Used, revoked or never sent: the page says so, with no error status.
                    Err(crate::error::AppError::NotFound) => Ok(None),
                    Err(error) => Err(error),
                }
            },
            move |invitation| match invitation {
                Some((invitation, token, returned)) => view! { <InvitationView invitation token returned /> }.into_any(),
                None => view! {
                    <h1>{t!(i18n, invitation_gone_title)}</h1>
                    <p>{t!(i18n, invitation_gone_text)}</p>
                }
                .into_any(),
            },
        )}
    }
}

#[component]
fn InvitationView(
    invitation: InvitationView,
    token: String,
    returned: Option<Returned<Joining>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let asked = use_query_map().with_untracked(|q| q.get("fragat").is_some());
    let invalid = returned.is_some();
    let typed = returned.map(|r| r.typed.name).unwrap_or_default();
    let lead = t_string!(
        i18n,
        invitation_lead,
        inviter = invitation.invited_by.clone(),
        group = invitation.group.clone(),
        organisation = invitation.organisation.clone()
    )
    .to_string();
    if invitation.expired {
        return view! {
            <h1>{t!(i18n, invitation_expired_title)}</h1>
            <p>{t_string!(i18n, invitation_expired_text, inviter = invitation.invited_by.clone()).to_string()}</p>
            {if asked {
                view! {
                    <p class="notice" role="status">
                        {t_string!(i18n, invitation_asked, inviter = invitation.invited_by).to_string()}
                    </p>
                }.into_any()
            } else {
                view! {
                    <form method="post" action=AskAgain::url()>
                        <input type="hidden" name="token" value=token.clone() />
                        <button type="submit">{t!(i18n, invitation_ask_again)}</button>
                    </form>
                }.into_any()
            }}
        }
        .into_any();
    }
    let other_account = invitation
        .signed_in_as
        .clone()
        .filter(|me| *me != invitation.email);
    let ask_name = !invitation.has_account && invitation.signed_in_as.is_none();
    if invitation.has_account && invitation.signed_in_as.is_none() {
        // The link never signs anyone in to an existing account: its owner signs in with a
        // link of their own and joins from "Mina grupper".
        return view! {
            <h1>{t!(i18n, invitation_title)}</h1>
            <p class="lead">{lead}</p>
            <p>{t_string!(i18n, invitation_has_account, email = invitation.email.clone()).to_string()}</p>
            <p><a class="button" href="/logga-in">{t!(i18n, invitation_sign_in)}</a></p>
        }
        .into_any();
    }
    view! {
        <h1>{t!(i18n, invitation_title)}</h1>
        <p class="lead">{lead}</p>
        {match other_account {
            Some(me) => view! {
                <p class="notice" role="status">
                    {t_string!(i18n, invitation_other_account, invited = invitation.email.clone(), me = me).to_string()}
                </p>
                <form method="post" action=AcceptInvitation::url()>
                    <input type="hidden" name="token" value=token.clone() />
                    <input type="hidden" name="switch" value="1" />
                    <button type="submit">{t!(i18n, invitation_switch)}</button>
                </form>
            }.into_any(),
            None => view! {
                {invalid.then(|| view! { <p class="form-error" role="alert" id="namn-fel">{t!(i18n, invitation_bad_name)}</p> })}
                <form method="post" action=AcceptInvitation::url() class="stack">
                    <input type="hidden" name="token" value=token.clone() />
                    {ask_name.then(|| view! {
                        <label for="namn">{t!(i18n, register_your_name)}</label>
                        <input id="namn" name="name" autocomplete="name" required maxlength="200" value=typed.clone()
                            aria-invalid=invalid.then_some("true") aria-describedby=invalid.then_some("namn-fel") />
                    })}
                    <button type="submit">{t!(i18n, invitation_accept)}</button>
                </form>
            }.into_any(),
        }}
    }
    .into_any()
}
