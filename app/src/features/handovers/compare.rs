//! What changed between two submitted versions, on the newer one's page: each field whose
//! value or agreement changed, side by side (before, after), and how many stayed the same. So
//! a huvudman that asked a unit to complete sees at once what the unit did.

use super::types::SubmissionBody;
use crate::i18n::*;
use leptos::prelude::*;

/// One field (or the whole text) that differs between the versions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// Where it is: the task's title and the field's label; empty for a text hand-over.
    pub place: String,
    /// The earlier version's text; `None`: the field was not there.
    pub before: Option<String>,
    /// The newer version's text; `None`: the field is gone.
    pub after: Option<String>,
    /// Whether the field went from not agreed to agreed (or back), its text unchanged.
    pub agreement: Option<bool>,
}

/// The changes from `before` to `after`, in the newer version's order, and how many fields
/// are the same in both.
pub fn changes(before: &SubmissionBody, after: &SubmissionBody) -> (Vec<Change>, usize) {
    match (before, after) {
        (SubmissionBody::Text(a), SubmissionBody::Text(b)) => {
            if a == b {
                (Vec::new(), 1)
            } else {
                let change = Change {
                    place: String::new(),
                    before: Some(a.clone()),
                    after: Some(b.clone()),
                    agreement: None,
                };
                (vec![change], 0)
            }
        }
        (SubmissionBody::Document(a), SubmissionBody::Document(b)) => {
            let old: std::collections::HashMap<&str, (&str, bool, String)> = a
                .tasks
                .iter()
                .flat_map(|t| {
                    t.fields.iter().map(move |f| {
                        (f.key.as_str(), (f.text.as_str(), f.agreed, t.title.clone()))
                    })
                })
                .collect();
            let mut seen = std::collections::HashSet::new();
            let mut out = Vec::new();
            let mut same = 0;
            for task in &b.tasks {
                for field in &task.fields {
                    seen.insert(field.key.as_str());
                    let place = format!("{}: {}", task.title, field.label);
                    match old.get(field.key.as_str()) {
                        Some((text, agreed, _))
                            if *text == field.text && *agreed == field.agreed =>
                        {
                            same += 1
                        }
                        Some((text, _, _)) if *text == field.text => out.push(Change {
                            place,
                            before: None,
                            after: None,
                            agreement: Some(field.agreed),
                        }),
                        Some((text, _, _)) => out.push(Change {
                            place,
                            before: Some(text.to_string()),
                            after: Some(field.text.clone()),
                            agreement: None,
                        }),
                        None => out.push(Change {
                            place,
                            before: None,
                            after: Some(field.text.clone()),
                            agreement: None,
                        }),
                    }
                }
            }
            for task in &a.tasks {
                for field in &task.fields {
                    if !seen.contains(field.key.as_str()) {
                        out.push(Change {
                            place: format!("{}: {}", task.title, field.label),
                            before: Some(field.text.clone()),
                            after: None,
                            agreement: None,
                        });
                    }
                }
            }
            (out, same)
        }
        // A hand-over never changes kind; should it, show the newer one whole.
        (_, b) => {
            let after = match b {
                SubmissionBody::Text(t) => t.clone(),
                SubmissionBody::Document(_) => String::new(),
            };
            (
                vec![Change {
                    place: String::new(),
                    before: None,
                    after: Some(after),
                    agreement: None,
                }],
                0,
            )
        }
    }
}

/// The changes since `previous` (its version number), before and after side by side.
#[component]
pub fn Compare(previous: i32, before: SubmissionBody, after: SubmissionBody) -> impl IntoView {
    let i18n = use_i18n();
    let (changes, same) = changes(&before, &after);
    let empty = || t_string!(i18n, compare_empty).to_string();
    view! {
        <section aria-labelledby="andringar" class="compare">
            <h2 id="andringar">{t_string!(i18n, compare_heading, version = previous).to_string()}</h2>
            {changes.is_empty().then(|| view! { <p>{t!(i18n, compare_nothing)}</p> })}
            {(same > 0 && !changes.is_empty()).then(|| view! {
                <p class="muted">{crate::counted!(i18n, compare_same_1, compare_same_n, same)}</p>
            })}
            {changes.into_iter().map(|c| {
                let title = (!c.place.is_empty()).then(|| view! { <h3>{c.place.clone()}</h3> });
                let body = match c.agreement {
                    Some(true) => view! { <p>{t!(i18n, compare_now_agreed)}</p> }.into_any(),
                    Some(false) => view! { <p>{t!(i18n, compare_no_longer_agreed)}</p> }.into_any(),
                    None => view! {
                        <div class="compare-pair">
                            <div class="before">
                                <h4>{t_string!(i18n, compare_before, version = previous).to_string()}</h4>
                                <p class="answer-text">{c.before.clone().filter(|t| !t.is_empty()).unwrap_or_else(empty)}</p>
                            </div>
                            <div class="after">
                                <h4>{t_string!(i18n, compare_after, version = previous + 1).to_string()}</h4>
                                <p class="answer-text">{c.after.clone().filter(|t| !t.is_empty()).unwrap_or_else(empty)}</p>
                            </div>
                        </div>
                    }.into_any(),
                };
                view! { <div class="change">{title}{body}</div> }
            }).collect_view()}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::work::types::{DocumentBody, DocumentField, DocumentTask};

    fn doc(fields: &[(&str, &str, bool)]) -> SubmissionBody {
        SubmissionBody::Document(DocumentBody {
            tasks: vec![DocumentTask {
                id: "t".into(),
                title: "Uppgift".into(),
                fields: fields
                    .iter()
                    .map(|(key, text, agreed)| DocumentField {
                        key: key.to_string(),
                        label: key.to_uppercase(),
                        value: text.to_string(),
                        text: text.to_string(),
                        agreed: *agreed,
                    })
                    .collect(),
            }],
        })
    }

    #[test]
    fn a_changed_field_shows_before_and_after_and_the_rest_is_counted() {
        let before = doc(&[
            ("a", "Gammal", false),
            ("b", "Samma", true),
            ("c", "Ja", false),
        ]);
        let after = doc(&[("a", "Ny", false), ("b", "Samma", true), ("c", "Ja", true)]);
        let (changes, same) = changes(&before, &after);
        assert_eq!(same, 1);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].before.as_deref(), Some("Gammal"));
        assert_eq!(changes[0].after.as_deref(), Some("Ny"));
        assert_eq!(changes[0].place, "Uppgift: A");
        assert_eq!(changes[1].agreement, Some(true));
    }

    #[test]
    fn texts_compare_whole() {
        let a = SubmissionBody::Text("Vi behöver stöd.".into());
        let b = SubmissionBody::Text("Vi behöver stöd i analysen.".into());
        assert_eq!(changes(&a, &a).0, vec![]);
        assert_eq!(changes(&a, &b).0.len(), 1);
    }
}
