//! The mail telling a group's members that a step is open; its copy is in
//! `mail/step_opened.<locale>.{txt,html}`.

use crate::email::{NewMail, templates};
use app::i18n::Locale;

/// What the mail says: who opened which step of which group, and the link to it.
pub(crate) struct StepOpened<'a> {
    pub(crate) to: &'a str,
    pub(crate) leader: &'a str,
    pub(crate) group: &'a str,
    pub(crate) number: u8,
    pub(crate) title: &'a str,
    pub(crate) link: &'a str,
}

pub(crate) fn step_opened_mail(
    facts: StepOpened<'_>,
    locale: Locale,
) -> Result<NewMail, minijinja::Error> {
    let values = serde_json::json!({
        "leader": facts.leader,
        "group": facts.group,
        "number": facts.number,
        "title": facts.title,
        "link": facts.link,
    });
    templates::render("step_opened", locale, facts.to, values)
}
