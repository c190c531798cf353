//! What a step carries from a group's previous year: the fields a task shows from last year
//! (`from_last_year`) must be fields of the same track, and only step 1 may skip tasks
//! in a later year (`skip_in_later_years`), never all of them.

use super::{Problem, StepText};
use app::{
    features::workshop::types::{FieldKind, Track},
    i18n::Locale,
};
use std::{
    collections::{BTreeMap, HashMap},
    path::PathBuf,
};

pub(super) fn check(
    problems: &mut Vec<Problem>,
    step_dirs: &BTreeMap<u8, PathBuf>,
    steps: &BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
) {
    for ((track, number), texts) in steps {
        let (Some(text), Some(dir)) = (texts.get(&Locale::sv), step_dirs.get(number)) else {
            continue;
        };
        let file = dir.join(format!("{}.sv.md", track.slug()));
        let mut add = |at: String, message: String| {
            problems.push(Problem {
                file: file.clone(),
                field: Some(at),
                message,
            })
        };
        let skipped = text.tasks.iter().filter(|t| t.skip_in_later_years).count();
        if skipped > 0 && *number != 1 {
            add(
                "tasks".into(),
                "only step 1 is lighter in a later year: skip_in_later_years belongs there".into(),
            );
        }
        if skipped == text.tasks.len() && skipped > 0 {
            add(
                "tasks".into(),
                "a later year must keep at least one task of the step".into(),
            );
        }
        for (i, task) in text.tasks.iter().enumerate() {
            for (j, key) in task.from_last_year.iter().enumerate() {
                let at = format!("tasks[{i}].from_last_year[{j}]");
                match field_of(steps, *track, key) {
                    Some(_) => {}
                    None => add(
                        at,
                        format!(
                            "{key} is no field of the {} track (write step/track/field/task/field)",
                            track.slug()
                        ),
                    ),
                }
            }
        }
    }
}

/// The kind of the field `key` names (`5/enhet/field/task/field`) in `track`, if it exists.
fn field_of<'a>(
    steps: &'a BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
    track: Track,
    key: &str,
) -> Option<&'a FieldKind> {
    let parts: Vec<&str> = key.split('/').collect();
    let [step, slug, "field", task, field] = parts.as_slice() else {
        return None;
    };
    if *slug != track.slug() {
        return None;
    }
    let text = steps.get(&(track, step.parse().ok()?))?.get(&Locale::sv)?;
    let task = text.tasks.iter().find(|t| t.id == *task)?;
    Some(&task.fields.iter().find(|f| f.id == *field)?.kind)
}
