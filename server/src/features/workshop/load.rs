//! Reads `content/` from disk and checks it, collecting every problem with its file and field.

use super::{
    ContentError, ContentStore, Film, FilmText, Problem, Source, StepText, ids, manuscript,
    markdown, meetings, vtt,
};
use app::{
    features::workshop::types::{
        ArtefactView, ChoiceOption, Date, Direction, FieldKind, FieldView, HandoverKind,
        HandoverView, PromptView, TaskView, Track,
    },
    i18n::Locale,
};
use leptos_i18n::Locale as _;
use serde::Deserialize;
use std::{
    collections::{BTreeMap, BTreeSet, HashMap},
    path::{Path, PathBuf},
};

/// The highest step number the workshop has.
const MAX_STEP: u8 = 5;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StepFront {
    step: u8,
    title: String,
    summary: String,
    participants: String,
    /// What is different in a förskola, in Markdown: shown as a box of its own.
    preschool: String,
    prepare: Vec<String>,
    available_from: Option<toml::value::Datetime>,
    films: Vec<String>,
    artefact: ArtefactFront,
    handovers: Vec<HandoverFront>,
    meetings: Vec<meetings::MeetingFront>,
    tasks: Vec<TaskFront>,
    prompts: Vec<PromptFront>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArtefactFront {
    id: String,
    title: String,
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandoverFront {
    id: String,
    direction: String,
    /// Up only: the hand-over is the step's artefact, as the unit finalised it.
    #[serde(default)]
    artefact: bool,
    /// Down only: the hand-over is the huvudman's answers to this hand-over up.
    answers: Option<String>,
    /// The week it is sent, the same in both tracks.
    week: u8,
    #[serde(default)]
    after_summer: bool,
    /// The fewest days its readers need between the deadline and the meeting that reads it.
    read_days: Option<u16>,
    title: String,
    description: String,
}

/// Days a reader needs when the content does not say: a weekend and a working day.
const READ_DAYS: u16 = 4;
/// What `read_days` may be: a day to three weeks.
const READ_DAYS_RANGE: std::ops::RangeInclusive<u16> = 1..=21;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskFront {
    id: String,
    title: String,
    produce: String,
    body: String,
    fields: Vec<FieldFront>,
    /// A group's second year onwards leaves this task out (it was done the first year).
    #[serde(default)]
    skip_in_later_years: bool,
    /// Fields of the group's previous year shown in this task, as stable field ids.
    #[serde(default)]
    from_last_year: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FieldFront {
    id: String,
    kind: String,
    label: String,
    help: Option<String>,
    scale: Option<Vec<String>>,
    options: Option<Vec<OptionFront>>,
    multiple: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionFront {
    id: String,
    label: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PromptFront {
    id: String,
    text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilmFile {
    video: Option<String>,
    external_url: Option<String>,
    duration_seconds: u32,
    sv: FilmTextFront,
    en: FilmTextFront,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilmTextFront {
    title: String,
    description: String,
}

/// Problems found so far, each tied to a file.
#[derive(Default)]
struct Report(Vec<Problem>);

impl Report {
    fn add(&mut self, file: &Path, field: Option<&str>, message: impl Into<String>) {
        self.0.push(Problem {
            file: file.to_path_buf(),
            field: field.map(str::to_string),
            message: message.into(),
        });
    }
}

/// Loads and validates the content folder.
pub fn load(dir: &Path) -> Result<ContentStore, ContentError> {
    let mut report = Report::default();
    let (films, media) = load_films(&dir.join("films"), &mut report);
    let steps = load_steps(&dir.join("steps"), &films, &mut report);
    let recorded = ids::read(dir, &mut report.0);
    let unrecorded_ids = if report.0.is_empty() {
        ids::check(dir, &recorded, &stable_ids(&steps), &mut report.0)
    } else {
        Vec::new()
    };
    if report.0.is_empty() {
        Ok(ContentStore {
            steps,
            films,
            media,
            unrecorded_ids,
        })
    } else {
        Err(ContentError(report.0))
    }
}

fn read_dir_sorted(dir: &Path, report: &mut Report) -> Vec<PathBuf> {
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            paths
        }
        Err(e) => {
            report.add(dir, None, format!("cannot read the folder: {e}"));
            Vec::new()
        }
    }
}

fn locale_from(tag: &str) -> Option<Locale> {
    Locale::get_all()
        .iter()
        .copied()
        .find(|l| l.as_str() == tag)
}

fn load_steps(
    dir: &Path,
    films: &BTreeMap<String, Film>,
    report: &mut Report,
) -> BTreeMap<(Track, u8), HashMap<Locale, StepText>> {
    let mut steps: BTreeMap<(Track, u8), HashMap<Locale, StepText>> = BTreeMap::new();
    // Each step's folder by number: its files are named from it in problems.
    let mut step_dirs: BTreeMap<u8, PathBuf> = BTreeMap::new();
    for step_dir in read_dir_sorted(dir, report) {
        let name = step_dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if !step_dir.is_dir() {
            if name != "README.md" {
                report.add(
                    &step_dir,
                    None,
                    "only step folders such as 01-gemensam-grund belong here",
                );
            }
            continue;
        }
        let number = name
            .split_once('-')
            .filter(|(n, slug)| n.len() == 2 && !slug.is_empty())
            .and_then(|(n, _)| n.parse::<u8>().ok())
            .filter(|n| (1..=MAX_STEP).contains(n));
        let Some(number) = number else {
            report.add(
                &step_dir,
                None,
                format!("a step folder is named NN-slug with NN from 01 to 0{MAX_STEP}"),
            );
            continue;
        };
        step_dirs.insert(number, step_dir.clone());
        for file in read_dir_sorted(&step_dir, report) {
            let file_name = file
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let parts: Vec<&str> = file_name.split('.').collect();
            let (track, locale) = match parts.as_slice() {
                [track, lang, "md"] => (Track::parse(track), locale_from(lang)),
                _ => (None, None),
            };
            let (Some(track), Some(locale)) = (track, locale) else {
                report.add(&file, None, "expected a file named <track>.<language>.md, e.g. huvudman.sv.md or enhet.en.md");
                continue;
            };
            if let Some(text) = load_step_file(&file, number, locale, films, report) {
                steps
                    .entry((track, number))
                    .or_default()
                    .insert(locale, text);
            }
        }
        for track in Track::ALL {
            for locale in Locale::get_all() {
                let path = step_dir.join(format!("{}.{}.md", track.slug(), locale.as_str()));
                let present = steps
                    .get(&(track, number))
                    .is_some_and(|t| t.contains_key(locale));
                // A file that exists but has problems has been reported already.
                if !present && !path.exists() {
                    report.add(
                        &path,
                        None,
                        "missing: every step needs a file for each track and language",
                    );
                }
            }
            check_translations_agree(&step_dir, track, steps.get(&(track, number)), report);
        }
        check_tracks_agree(&step_dir, number, &steps, report);
    }
    // The year is read across steps and tracks, so only once every file has loaded.
    if report.0.is_empty() {
        meetings::check_year(&mut report.0, &step_dirs, &steps);
        super::carry::check(&mut report.0, &step_dirs, &steps);
    }
    if step_dirs.is_empty() && report.0.is_empty() {
        report.add(dir, None, "no steps found");
    }
    for (expected, found) in (1..).zip(step_dirs.keys()) {
        if expected != *found {
            report.add(
                dir,
                None,
                format!("steps must be numbered from 1 without gaps: step {expected} is missing"),
            );
            break;
        }
    }
    steps
}

/// Every id answers may be stored against, as `step/track/kind/...`. Languages agree (checked
/// when loading), so the Swedish text speaks for all.
pub(super) fn stable_ids(
    steps: &BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for ((track, number), texts) in steps {
        let Some(text) = texts.get(&Locale::sv) else {
            continue;
        };
        let at = format!("{number}/{}", track.slug());
        for task in &text.tasks {
            ids.insert(format!("{at}/task/{}", task.id));
            for field in &task.fields {
                ids.insert(format!("{at}/field/{}/{}", task.id, field.id));
                if let FieldKind::Choice { options, .. } = &field.kind {
                    for option in options {
                        ids.insert(format!(
                            "{at}/option/{}/{}/{}",
                            task.id, field.id, option.id
                        ));
                    }
                }
            }
        }
        for prompt in &text.prompts {
            ids.insert(format!("{at}/prompt/{}", prompt.id));
        }
    }
    ids
}

/// What must be the same in every language of a track, as comparable lines: every id answers
/// and hand-overs are keyed on, the films, the schedule and the release date.
fn shape(text: &StepText) -> Vec<String> {
    let mut lines = vec![
        format!("available_from {:?}", text.available_from.map(Date::iso)),
        format!("artefact {}", text.artefact.id),
    ];
    lines.extend(meetings::shape(&text.meetings));
    lines.extend(text.films.iter().map(|f| format!("film {f}")));
    for task in &text.tasks {
        lines.push(format!("task {}", task.id));
        lines.push(format!(
            "task {} later years: skipped {}, from last year {}",
            task.id,
            task.skip_in_later_years,
            task.from_last_year.join(", ")
        ));
        for field in &task.fields {
            let kind = match &field.kind {
                FieldKind::ShortText => "short_text".to_string(),
                FieldKind::LongText => "long_text".to_string(),
                FieldKind::List => "list".to_string(),
                FieldKind::Rating { scale } => format!("rating with {} steps", scale.len()),
                FieldKind::Choice { options, multiple } => format!(
                    "choice (multiple = {multiple}) of {}",
                    options
                        .iter()
                        .map(|o| o.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            lines.push(format!("field {}/{}: {kind}", task.id, field.id));
        }
    }
    lines.extend(text.prompts.iter().map(|p| format!("prompt {}", p.id)));
    lines.extend(handover_keys(text));
    lines
}

fn handover_keys(text: &StepText) -> Vec<String> {
    let mut keys: Vec<String> = text
        .handovers
        .iter()
        .map(|h| {
            format!(
                "hand-over {} ({:?}, {:?}, read in {} days, week {}{})",
                h.id,
                h.direction,
                h.kind,
                h.read_days,
                h.week.number,
                if h.week.after_summer {
                    " after summer"
                } else {
                    ""
                }
            )
            .to_lowercase()
        })
        .collect();
    keys.sort();
    keys
}

/// Names the lines one shape has and the other lacks.
fn shape_difference(this: &[String], that: &[String]) -> String {
    let missing: Vec<&str> = that
        .iter()
        .filter(|l| !this.contains(l))
        .map(String::as_str)
        .collect();
    let extra: Vec<&str> = this
        .iter()
        .filter(|l| !that.contains(l))
        .map(String::as_str)
        .collect();
    match (missing.is_empty(), extra.is_empty()) {
        (true, true) => "the order differs".into(),
        (false, true) => format!("lacks {}", missing.join("; ")),
        (true, false) => format!("has {} in addition", extra.join("; ")),
        (false, false) => format!(
            "lacks {}; has {} instead",
            missing.join("; "),
            extra.join("; ")
        ),
    }
}

/// The languages of one track must offer the same tasks, fields, prompts and films, so a
/// group can switch language without losing its place or its answers.
fn check_translations_agree(
    step_dir: &Path,
    track: Track,
    texts: Option<&HashMap<Locale, StepText>>,
    report: &mut Report,
) {
    let Some(texts) = texts else { return };
    let mut iter = Locale::get_all()
        .iter()
        .filter_map(|l| Some((l, texts.get(l)?)));
    let Some((first_locale, first)) = iter.next() else {
        return;
    };
    let expected = shape(first);
    for (locale, text) in iter {
        let found = shape(text);
        if found != expected {
            report.add(
                &step_dir.join(format!("{}.{}.md", track.slug(), locale.as_str())),
                None,
                format!(
                    "must match the {} file in ids, kinds and order, but it {}",
                    first_locale.as_str(),
                    shape_difference(&found, &expected)
                ),
            );
        }
    }
}

/// Both tracks describe the same hand-overs, each from its own side.
fn check_tracks_agree(
    step_dir: &Path,
    number: u8,
    steps: &BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
    report: &mut Report,
) {
    let swedish = |track: Track| steps.get(&(track, number))?.get(&Locale::sv);
    if let (Some(huvudman), Some(enhet)) = (swedish(Track::Huvudman), swedish(Track::Enhet)) {
        let (expected, found) = (handover_keys(huvudman), handover_keys(enhet));
        if expected != found {
            report.add(
                &step_dir.join("enhet.sv.md"),
                Some("handovers"),
                format!(
                    "both tracks must name the same hand-overs, but this file {}",
                    shape_difference(&found, &expected)
                ),
            );
        }
    }
}

/// Splits `+++\n<toml>\n+++\n<markdown>`.
fn split_front_matter(source: &str) -> Option<(&str, &str)> {
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let rest = source
        .strip_prefix("+++\n")
        .or_else(|| source.strip_prefix("+++\r\n"))?;
    let end = rest.find("\n+++")?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);
    Some((&rest[..end + 1], body))
}

/// Turns a TOML error into "line N: message", keeping the key path the parser names.
fn toml_problem(source: &str, error: &toml::de::Error, line_offset: usize) -> String {
    let message = error.message().trim().to_string();
    match error.span() {
        Some(span) => {
            let line =
                source[..span.start.min(source.len())].matches('\n').count() + 1 + line_offset;
            format!("line {line}: {message}")
        }
        None => message,
    }
}

/// The field a TOML error is about: serde names it in messages like "missing field `title`";
/// otherwise it is the key on the line the error points at.
fn field_of(source: &str, error: &toml::de::Error) -> Option<String> {
    let message = error.message();
    if let Some(start) = message.find('`').map(|i| i + 1)
        && let Some(len) = message[start..].find('`')
    {
        return Some(message[start..start + len].to_string());
    }
    let offset = error.span()?.start.min(source.len());
    let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = source[line_start..].lines().next()?;
    let key = line.split_once('=')?.0.trim();
    (!key.is_empty()).then(|| key.to_string())
}

/// The fewest tasks, prompts and films a step may have: less is not a workshop.
const MIN_TASKS: usize = 4;
const MIN_PROMPTS: usize = 5;
const MIN_FILMS: usize = 2;

fn is_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks that `id` is well formed and not yet in `seen`.
fn check_id<'a>(
    report: &mut Report,
    file: &Path,
    field: &str,
    id: &'a str,
    seen: &mut BTreeSet<&'a str>,
) {
    if !is_id(id) {
        report.add(file, Some(field), "use lower-case a-z, digits and dashes");
    } else if !seen.insert(id) {
        report.add(file, Some(field), format!("{id:?} is used twice"));
    }
}

fn check_text(report: &mut Report, file: &Path, field: &str, value: &str) {
    if value.trim().is_empty() {
        report.add(file, Some(field), "must not be empty");
    }
}

fn load_step_file(
    file: &Path,
    number: u8,
    locale: Locale,
    films: &BTreeMap<String, Film>,
    report: &mut Report,
) -> Option<StepText> {
    let source = match std::fs::read_to_string(file) {
        Ok(s) => s,
        Err(e) => {
            report.add(file, None, format!("cannot read the file: {e}"));
            return None;
        }
    };
    let Some((front, body)) = split_front_matter(&source) else {
        report.add(
            file,
            None,
            "the file must start with TOML front matter between two lines of +++",
        );
        return None;
    };
    let front: StepFront = match toml::from_str(front) {
        Ok(f) => f,
        Err(e) => {
            report.add(
                file,
                field_of(front, &e).as_deref(),
                toml_problem(front, &e, 1),
            );
            return None;
        }
    };
    let before = report.0.len();
    if front.step != number {
        report.add(
            file,
            Some("step"),
            format!("is {}, but the folder says step {number}", front.step),
        );
    }
    for (field, value) in [
        ("title", &front.title),
        ("summary", &front.summary),
        ("participants", &front.participants),
        ("preschool", &front.preschool),
    ] {
        check_text(report, file, field, value);
    }
    if front.prepare.is_empty() {
        report.add(file, Some("prepare"), "list at least one thing to prepare");
    }
    for (i, item) in front.prepare.iter().enumerate() {
        check_text(report, file, &format!("prepare[{i}]"), item);
    }
    let available_from = front.available_from.and_then(|value| match value {
        toml::value::Datetime {
            date: Some(date),
            time: None,
            offset: None,
        } => Some(Date {
            year: date.year,
            month: date.month,
            day: date.day,
        }),
        _ => {
            report.add(
                file,
                Some("available_from"),
                "must be a date without a time, e.g. 2027-03-01",
            );
            None
        }
    });
    if body.trim().is_empty() {
        report.add(
            file,
            None,
            "the introduction (Markdown after the front matter) is empty",
        );
    }

    if !is_id(&front.artefact.id) {
        report.add(
            file,
            Some("artefact.id"),
            "use lower-case a-z, digits and dashes",
        );
    }
    check_text(report, file, "artefact.title", &front.artefact.title);
    check_text(
        report,
        file,
        "artefact.description",
        &front.artefact.description,
    );

    let mut handovers = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, h) in front.handovers.iter().enumerate() {
        check_id(
            report,
            file,
            &format!("handovers[{i}].id"),
            &h.id,
            &mut seen,
        );
        check_text(report, file, &format!("handovers[{i}].title"), &h.title);
        check_text(
            report,
            file,
            &format!("handovers[{i}].description"),
            &h.description,
        );
        let direction = match h.direction.as_str() {
            "up" => Direction::Up,
            "down" => Direction::Down,
            other => {
                report.add(
                    file,
                    Some(&format!("handovers[{i}].direction")),
                    format!("is {other:?}; use \"up\" (units to huvudman) or \"down\""),
                );
                continue;
            }
        };
        let kind = match (direction, h.artefact, &h.answers) {
            (Direction::Up, true, None) => HandoverKind::Artefact,
            (Direction::Up, false, None) => HandoverKind::Text,
            (Direction::Down, false, None) => HandoverKind::Publication,
            (Direction::Down, false, Some(up)) => HandoverKind::Answers(up.clone()),
            _ => {
                report.add(
                    file,
                    Some(&format!("handovers[{i}]")),
                    "`artefact = true` belongs only on a hand-over up, and `answers` only on one \
                     down"
                        .to_string(),
                );
                continue;
            }
        };
        let week = meetings::week(
            &mut report.0,
            file,
            &format!("handovers[{i}].week"),
            h.week,
            h.after_summer,
        );
        let read_days = h.read_days.unwrap_or(READ_DAYS);
        if !READ_DAYS_RANGE.contains(&read_days) {
            report.add(
                file,
                Some(&format!("handovers[{i}].read_days")),
                format!(
                    "is {read_days}; give {} to {} days",
                    READ_DAYS_RANGE.start(),
                    READ_DAYS_RANGE.end()
                ),
            );
        }
        handovers.push(HandoverView {
            id: h.id.clone(),
            direction,
            kind,
            week,
            read_days,
            title: h.title.trim().into(),
            description: h.description.trim().into(),
        });
    }
    for (i, h) in handovers.iter().enumerate() {
        if let HandoverKind::Answers(up) = &h.kind
            && !handovers
                .iter()
                .any(|u| u.id == *up && u.direction == Direction::Up)
        {
            report.add(
                file,
                Some(&format!("handovers[{i}].answers")),
                format!("names {up:?}, which is not a hand-over up of this step"),
            );
        }
    }
    if handovers
        .iter()
        .filter(|h| h.kind == HandoverKind::Artefact)
        .count()
        > 1
    {
        report.add(
            file,
            Some("handovers"),
            "at most one hand-over up can be the step's artefact".to_string(),
        );
    }
    for direction in [Direction::Up, Direction::Down] {
        if !handovers.iter().any(|h| h.direction == direction) {
            let word = if direction == Direction::Up {
                "up"
            } else {
                "down"
            };
            report.add(
                file,
                Some("handovers"),
                format!("name at least one hand-over going {word}"),
            );
        }
    }

    let mut tasks = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, task) in front.tasks.iter().enumerate() {
        let at = format!("tasks[{i}]");
        check_id(report, file, &format!("{at}.id"), &task.id, &mut seen);
        for (field, value) in [
            ("title", &task.title),
            ("produce", &task.produce),
            ("body", &task.body),
        ] {
            check_text(report, file, &format!("{at}.{field}"), value);
        }
        if task.fields.is_empty() {
            report.add(
                file,
                Some(&format!("{at}.fields")),
                "a task needs at least one answer field",
            );
        }
        let mut seen_fields = BTreeSet::new();
        let fields = task
            .fields
            .iter()
            .enumerate()
            .filter_map(|(j, field)| {
                load_field(
                    file,
                    &format!("{at}.fields[{j}]"),
                    field,
                    &mut seen_fields,
                    report,
                )
            })
            .collect();
        tasks.push(TaskView {
            id: task.id.clone(),
            title: task.title.trim().into(),
            produce: task.produce.trim().into(),
            body_html: markdown::to_html(&task.body),
            fields,
            skip_in_later_years: task.skip_in_later_years,
            from_last_year: task.from_last_year.clone(),
        });
    }
    if front.tasks.len() < MIN_TASKS {
        report.add(
            file,
            Some("tasks"),
            format!(
                "a step needs at least {MIN_TASKS} tasks, this has {}",
                front.tasks.len()
            ),
        );
    }

    let meetings = meetings::load(&mut report.0, file, &front.meetings, &tasks);

    let mut seen = BTreeSet::new();
    for (i, prompt) in front.prompts.iter().enumerate() {
        check_id(
            report,
            file,
            &format!("prompts[{i}].id"),
            &prompt.id,
            &mut seen,
        );
        check_text(report, file, &format!("prompts[{i}].text"), &prompt.text);
    }
    if front.prompts.len() < MIN_PROMPTS {
        report.add(
            file,
            Some("prompts"),
            format!(
                "a step needs at least {MIN_PROMPTS} discussion prompts, this has {}",
                front.prompts.len()
            ),
        );
    }

    for (i, id) in front.films.iter().enumerate() {
        if !films.contains_key(id) {
            report.add(
                file,
                Some(&format!("films[{i}]")),
                format!("no film {id:?} in content/films"),
            );
        }
    }
    if front.films.len() < MIN_FILMS {
        report.add(
            file,
            Some("films"),
            format!(
                "a step needs at least {MIN_FILMS} films, this has {}",
                front.films.len()
            ),
        );
    }

    check_abbreviation(report, file, locale, &front, body);

    (report.0.len() == before).then(|| StepText {
        title: front.title.trim().into(),
        summary: front.summary.trim().into(),
        intro_html: markdown::to_html(body),
        meetings,
        participants: front.participants.trim().into(),
        preschool_html: markdown::to_html(&front.preschool),
        prepare: front.prepare.iter().map(|p| p.trim().into()).collect(),
        available_from,
        tasks,
        prompts: front
            .prompts
            .into_iter()
            .map(|p| PromptView {
                id: p.id,
                text: p.text.trim().into(),
            })
            .collect(),
        films: front.films,
        artefact: ArtefactView {
            id: front.artefact.id,
            title: front.artefact.title.trim().into(),
            description: front.artefact.description.trim().into(),
        },
        handovers,
    })
}

/// "SKA" must be spelled out where a reader first meets it on the step page, which shows the
/// fields in this order.
fn check_abbreviation(
    report: &mut Report,
    file: &Path,
    locale: Locale,
    front: &StepFront,
    body: &str,
) {
    let mut texts: Vec<(String, &str)> = vec![
        ("title".into(), front.title.as_str()),
        ("summary".into(), front.summary.as_str()),
        ("participants".into(), front.participants.as_str()),
    ];
    texts.extend(
        front
            .prepare
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("prepare[{i}]"), p.as_str())),
    );
    texts.push(("preschool".into(), front.preschool.as_str()));
    texts.push(("(introduction)".into(), body));
    texts.extend(meetings::texts(&front.meetings));
    for (i, task) in front.tasks.iter().enumerate() {
        texts.push((format!("tasks[{i}].title"), task.title.as_str()));
        texts.push((format!("tasks[{i}].body"), task.body.as_str()));
        texts.push((format!("tasks[{i}].produce"), task.produce.as_str()));
        for (j, field) in task.fields.iter().enumerate() {
            texts.push((
                format!("tasks[{i}].fields[{j}].label"),
                field.label.as_str(),
            ));
            if let Some(help) = &field.help {
                texts.push((format!("tasks[{i}].fields[{j}].help"), help.as_str()));
            }
        }
    }
    texts.extend(
        front
            .prompts
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("prompts[{i}].text"), p.text.as_str())),
    );
    texts.push(("artefact.title".into(), front.artefact.title.as_str()));
    texts.push((
        "artefact.description".into(),
        front.artefact.description.as_str(),
    ));
    for (i, h) in front.handovers.iter().enumerate() {
        texts.push((format!("handovers[{i}].title"), h.title.as_str()));
        texts.push((
            format!("handovers[{i}].description"),
            h.description.as_str(),
        ));
    }
    let in_order: Vec<(&str, &str)> = texts.iter().map(|(f, t)| (f.as_str(), *t)).collect();
    meetings::check_abbreviation(&mut report.0, file, locale, &in_order);
}

fn load_field<'a>(
    file: &Path,
    at: &str,
    field: &'a FieldFront,
    seen: &mut BTreeSet<&'a str>,
    report: &mut Report,
) -> Option<FieldView> {
    check_id(report, file, &format!("{at}.id"), &field.id, seen);
    check_text(report, file, &format!("{at}.label"), &field.label);
    let misplaced = |report: &mut Report, name: &str, kinds: &str| {
        report.add(
            file,
            Some(&format!("{at}.{name}")),
            format!("only fields of kind {kinds} have `{name}`"),
        );
    };
    if field.kind != "rating" && field.scale.is_some() {
        misplaced(report, "scale", "rating");
    }
    if field.kind != "choice" {
        if field.options.is_some() {
            misplaced(report, "options", "choice");
        }
        if field.multiple.is_some() {
            misplaced(report, "multiple", "choice");
        }
    }
    let kind = match field.kind.as_str() {
        "short_text" => FieldKind::ShortText,
        "long_text" => FieldKind::LongText,
        "list" => FieldKind::List,
        "rating" => {
            let scale = field.scale.clone().unwrap_or_default();
            if !(3..=7).contains(&scale.len()) {
                report.add(
                    file,
                    Some(&format!("{at}.scale")),
                    "a rating needs a scale of 3 to 7 labels, lowest first",
                );
            }
            for (k, label) in scale.iter().enumerate() {
                check_text(report, file, &format!("{at}.scale[{k}]"), label);
            }
            FieldKind::Rating {
                scale: scale.iter().map(|l| l.trim().into()).collect(),
            }
        }
        "choice" => {
            let options = field.options.as_deref().unwrap_or_default();
            if options.len() < 2 {
                report.add(
                    file,
                    Some(&format!("{at}.options")),
                    "a choice needs at least two options",
                );
            }
            let mut seen_options = BTreeSet::new();
            for (k, option) in options.iter().enumerate() {
                check_id(
                    report,
                    file,
                    &format!("{at}.options[{k}].id"),
                    &option.id,
                    &mut seen_options,
                );
                check_text(
                    report,
                    file,
                    &format!("{at}.options[{k}].label"),
                    &option.label,
                );
            }
            FieldKind::Choice {
                options: options
                    .iter()
                    .map(|o| ChoiceOption {
                        id: o.id.clone(),
                        label: o.label.trim().into(),
                    })
                    .collect(),
                multiple: field.multiple.unwrap_or(false),
            }
        }
        other => {
            report.add(
                file,
                Some(&format!("{at}.kind")),
                format!("is {other:?}; use short_text, long_text, list, rating or choice"),
            );
            return None;
        }
    };
    Some(FieldView {
        id: field.id.clone(),
        label: field.label.trim().into(),
        help: field
            .help
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(str::to_string),
        kind,
    })
}

fn load_films(
    dir: &Path,
    report: &mut Report,
) -> (BTreeMap<String, Film>, BTreeMap<String, PathBuf>) {
    let mut films = BTreeMap::new();
    let mut media = BTreeMap::new();
    if !dir.exists() {
        return (films, media);
    }
    for file in read_dir_sorted(dir, report) {
        if file.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let id = file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        if let Some(film) = load_film(dir, &file, &id, &mut media, report) {
            films.insert(id, film);
        }
    }
    (films, media)
}

fn load_film(
    dir: &Path,
    file: &Path,
    id: &str,
    media: &mut BTreeMap<String, PathBuf>,
    report: &mut Report,
) -> Option<Film> {
    let source = std::fs::read_to_string(file)
        .map_err(|e| report.add(file, None, format!("cannot read the file: {e}")))
        .ok()?;
    let front: FilmFile = toml::from_str(&source)
        .map_err(|e| {
            report.add(
                file,
                field_of(&source, &e).as_deref(),
                toml_problem(&source, &e, 0),
            )
        })
        .ok()?;
    let before = report.0.len();
    let source = match (&front.video, &front.external_url) {
        (Some(video), None) => {
            let mime = match Path::new(video).extension().and_then(|e| e.to_str()) {
                Some("webm") => Some("video/webm"),
                Some("mp4") => Some("video/mp4"),
                _ => None,
            };
            let path = dir.join(video);
            if video.contains('/') || video.contains('\\') {
                report.add(
                    file,
                    Some("video"),
                    "give a file name in content/films, not a path",
                );
            } else if mime.is_none() {
                report.add(file, Some("video"), "must be a .webm or .mp4 file");
            } else if !path.is_file() {
                report.add(
                    file,
                    Some("video"),
                    format!("the file {} does not exist", path.display()),
                );
            } else {
                media.insert(video.clone(), path);
            }
            mime.map(|mime| Source::Local {
                file: video.clone(),
                mime,
            })
        }
        (None, Some(url)) => match url
            .strip_prefix("https://")
            .and_then(|rest| rest.split('/').next())
        {
            Some(host) if !host.is_empty() => Some(Source::External {
                url: url.clone(),
                host: host.to_string(),
            }),
            _ => {
                report.add(file, Some("external_url"), "must be an https:// address");
                None
            }
        },
        _ => {
            report.add(
                file,
                Some("video"),
                "give exactly one of `video` (a local file) or `external_url`",
            );
            None
        }
    };
    if front.duration_seconds == 0 {
        report.add(file, Some("duration_seconds"), "must be more than 0");
    }
    let mut texts = HashMap::new();
    for (locale, text) in [(Locale::sv, front.sv), (Locale::en, front.en)] {
        for (field, value) in [("title", &text.title), ("description", &text.description)] {
            if value.trim().is_empty() {
                report.add(
                    file,
                    Some(&format!("{}.{field}", locale.as_str())),
                    "must not be empty",
                );
            }
        }
        texts.insert(
            locale,
            FilmText {
                title: text.title.trim().into(),
                description: text.description.trim().into(),
            },
        );
    }
    // The manuscript is the transcript: Swedish is required, other languages follow its sections.
    let mut manuscripts = HashMap::new();
    for locale in Locale::get_all() {
        let path = dir.join(format!("{id}.{}.md", locale.as_str()));
        if !path.is_file() {
            if *locale == Locale::sv {
                report.add(
                    &path,
                    None,
                    "missing: every film needs a Swedish manuscript (it is the transcript)",
                );
            }
            continue;
        }
        match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| manuscript::parse(&s))
        {
            Ok(parts) => {
                manuscripts.insert(*locale, parts);
            }
            Err(e) => report.add(&path, None, e),
        }
    }
    if let Some(swedish) = manuscripts.get(&Locale::sv) {
        for (locale, parts) in &manuscripts {
            if parts.len() != swedish.len() {
                report.add(
                    &dir.join(format!("{id}.{}.md", locale.as_str())),
                    None,
                    format!(
                        "{} sections, but the Swedish manuscript has {}: every language follows the same slides",
                        parts.len(),
                        swedish.len()
                    ),
                );
            }
        }
    }
    let mut captions = HashMap::new();
    for locale in Locale::get_all() {
        let name = format!("{id}.{}.vtt", locale.as_str());
        let path = dir.join(&name);
        if !path.is_file() {
            // Swedish captions are required (WCAG 1.2.2 for the default language); others are optional.
            if *locale == Locale::sv && matches!(source, Some(Source::Local { .. })) {
                report.add(
                    &path,
                    None,
                    "missing: every local film needs Swedish captions (`make films` makes them)",
                );
            }
            continue;
        }
        let cues = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| vtt::parse(&s))
        {
            Ok(cues) => cues,
            Err(e) => {
                report.add(&path, None, e);
                continue;
            }
        };
        if let Some(parts) = manuscripts.get(locale)
            && let Some((position, said, shown)) =
                manuscript::first_difference(parts, cues.iter().map(|c| c.text.as_str()))
        {
            report.add(
                &path,
                None,
                format!(
                    "the captions differ from the manuscript at word {position} ({said:?} in the manuscript, {shown:?} in the captions); run `make films` to remake them"
                ),
            );
        }
        let last_end = cues.iter().map(|c| c.end_ms).max().unwrap_or(0);
        if front.duration_seconds > 0 && last_end > u64::from(front.duration_seconds) * 1000 {
            report.add(
                file,
                Some("duration_seconds"),
                format!(
                    "is {}, but the captions in {name} run to {:.1} s",
                    front.duration_seconds,
                    last_end as f64 / 1000.0
                ),
            );
        }
        captions.insert(*locale, name.clone());
        media.insert(name, path);
    }
    (report.0.len() == before).then(|| Film {
        source: source.expect("checked above"),
        duration_seconds: front.duration_seconds,
        texts,
        captions,
        manuscripts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_from_the_body() {
        let (front, body) = split_front_matter("+++\nstep = 1\n+++\n\n# Hej\n").unwrap();
        assert_eq!(front, "step = 1\n");
        assert_eq!(body, "# Hej\n");
        assert!(split_front_matter("step = 1\n").is_none());
    }
}
