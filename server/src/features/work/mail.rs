//! The notice telling a group's members that a step is open; its copy is in
//! `mail/step_opened.<locale>.{txt,html}`. Who gets it and how (each, digest, none) is
//! `notices::notify`.

use crate::features::notices::Notice;

/// What the mail says: who opened which step (titled in each language) of which group, and
/// the link to it.
pub(crate) fn step_opened(
    leader: &str,
    group: &str,
    number: u8,
    title_sv: &str,
    title_en: &str,
    link: String,
) -> Notice {
    Notice {
        template: "step_opened",
        values: serde_json::json!({
            "leader": leader,
            "group": group,
            "number": number,
            "title_sv": title_sv,
            "title_en": title_en,
        }),
        link,
    }
}
