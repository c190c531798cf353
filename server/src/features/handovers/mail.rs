//! The hand-overs' notices: a unit submitted, the huvudman answered, the huvudman published.
//! Their copy is in `mail/{submitted,answered,published}.<locale>.{txt,html}`; who gets them and
//! how (each, digest, none) is `notices::notify`.

use crate::features::notices::Notice;

pub(super) fn submitted(
    group: &str,
    title: &str,
    number: u8,
    version: i32,
    link: String,
) -> Notice {
    Notice {
        template: "submitted",
        values: serde_json::json!({
            "group": group, "title": title, "number": number, "version": version,
        }),
        link,
    }
}

pub(super) fn answered(
    kind: &str,
    group: &str,
    title: &str,
    number: u8,
    version: i32,
    link: String,
) -> Notice {
    Notice {
        template: "answered",
        values: serde_json::json!({
            "kind": kind, "group": group, "title": title, "number": number, "version": version,
        }),
        link,
    }
}

pub(super) fn published(
    organisation: &str,
    group: &str,
    title: &str,
    number: u8,
    link: String,
) -> Notice {
    Notice {
        template: "published",
        values: serde_json::json!({
            "organisation": organisation, "group": group, "title": title, "number": number,
        }),
        link,
    }
}
