//! Stable ids. Groups' answers are stored against the ids of tasks, fields, options and
//! prompts; `content/ids.toml` records every id ever published, so that a content change can
//! never silently orphan them.

use super::Problem;
use serde::Deserialize;
use std::{collections::BTreeSet, path::Path};

/// The file's name inside the content folder.
pub const FILE: &str = "ids.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdsFile {
    /// Every id published so far.
    #[serde(default)]
    pub known: BTreeSet<String>,
    /// Ids removed on purpose: their answers stay in the archive, and the id is never reused.
    #[serde(default)]
    pub retired: BTreeSet<String>,
}

/// Reads `ids.toml`; a content folder without one has recorded nothing yet.
pub fn read(dir: &Path, problems: &mut Vec<Problem>) -> IdsFile {
    let path = dir.join(FILE);
    let Ok(source) = std::fs::read_to_string(&path) else {
        return IdsFile::default();
    };
    toml::from_str(&source).unwrap_or_else(|e| {
        problems.push(Problem {
            file: path,
            field: None,
            message: e.message().trim().to_string(),
        });
        IdsFile::default()
    })
}

/// Rejects ids that have disappeared or come back from retirement; returns the ids that are
/// new and not yet recorded.
pub fn check(
    dir: &Path,
    recorded: &IdsFile,
    current: &BTreeSet<String>,
    problems: &mut Vec<Problem>,
) -> Vec<String> {
    let path = dir.join(FILE);
    for id in recorded.known.difference(current) {
        if !recorded.retired.contains(id) {
            problems.push(Problem {
                file: path.clone(),
                field: Some("known".into()),
                message: format!(
                    "{id} is no longer in the content, and answers stored against it would be orphaned; put it back, or move it to `retired` if it is removed on purpose"
                ),
            });
        }
    }
    for id in recorded.retired.intersection(current) {
        problems.push(Problem {
            file: path.clone(),
            field: Some("retired".into()),
            message: format!(
                "{id} is retired but used again; old answers would attach to new content, so give it a new id"
            ),
        });
    }
    current
        .difference(&recorded.known)
        .filter(|id| !recorded.retired.contains(*id))
        .cloned()
        .collect()
}

/// Writes `ids.toml` with every recorded id plus `current`; nothing is ever dropped.
pub fn write(dir: &Path, recorded: &IdsFile, current: &BTreeSet<String>) -> std::io::Result<()> {
    let known: BTreeSet<&String> = recorded.known.union(current).collect();
    let list = |ids: &mut dyn Iterator<Item = &String>| -> String {
        ids.map(|id| format!("  \"{id}\",\n")).collect()
    };
    let text = format!(
        "# Every id that groups' answers may be stored against: written by `make content-ids`.\n\
         # Never delete a line. To remove a task, field, option or prompt on purpose, move its id\n\
         # to `retired`. See content/README.md.\n\
         known = [\n{}]\n\nretired = [\n{}]\n",
        list(&mut known.into_iter()),
        list(&mut recorded.retired.iter()),
    );
    std::fs::write(dir.join(FILE), text)
}
