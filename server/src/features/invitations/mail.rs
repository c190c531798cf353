//! The invitation mail and its reminder, and the mail telling an inviter that an expired
//! invitation is wanted again; their copy is in `mail/<mail>.<locale>.{txt,html}`.

use crate::email::{NewMail, templates};
use app::i18n::Locale;
use chrono::{DateTime, Utc};

/// What the mail says: who invites, to what, what Verkstad is, the link and its last day.
pub(crate) struct MailFacts<'a> {
    pub(crate) reminder: bool,
    pub(crate) to: &'a str,
    pub(crate) inviter: &'a str,
    pub(crate) group: &'a str,
    pub(crate) organisation: &'a str,
    pub(crate) link: &'a str,
    pub(crate) expires: DateTime<Utc>,
}

pub(crate) fn invitation_mail(
    facts: MailFacts<'_>,
    locale: Locale,
) -> Result<NewMail, minijinja::Error> {
    let values = serde_json::json!({
        "reminder": facts.reminder,
        "inviter": facts.inviter,
        "group": facts.group,
        "organisation": facts.organisation,
        "link": facts.link,
        "date": facts.expires.format("%Y-%m-%d").to_string(),
    });
    templates::render("invitation", locale, facts.to, values)
}

/// To whoever invited `email`: the invitation expired and is wanted again.
pub(crate) fn asked_again_mail(
    to: &str,
    email: &str,
    group: &str,
    link: &str,
    locale: Locale,
) -> Result<NewMail, minijinja::Error> {
    let values = serde_json::json!({ "email": email, "group": group, "link": link });
    templates::render("asked_again", locale, to, values)
}
