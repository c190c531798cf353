//! Reads `content/` from disk and checks it, collecting every problem with its file and field.

use super::{ContentError, ContentStore, Film, FilmText, Problem, Source, StepText, markdown, vtt};
use app::{
    features::workshop::types::{TaskView, Track},
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
    #[serde(default)]
    films: Vec<String>,
    #[serde(default)]
    tasks: Vec<TaskFront>,
    #[serde(default)]
    prompts: Vec<PromptFront>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TaskFront {
    id: String,
    title: String,
    body: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PromptFront {
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
    if report.0.is_empty() {
        Ok(ContentStore {
            steps,
            films,
            media,
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
    let mut numbers = BTreeSet::new();
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
        numbers.insert(number);
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
            if let Some(text) = load_step_file(&file, number, films, report) {
                steps
                    .entry((track, number))
                    .or_default()
                    .insert(locale, text);
            }
        }
        for track in Track::ALL {
            for locale in Locale::get_all() {
                let present = steps
                    .get(&(track, number))
                    .is_some_and(|t| t.contains_key(locale));
                if !present {
                    report.add(
                        &step_dir.join(format!("{}.{}.md", track.slug(), locale.as_str())),
                        None,
                        "missing: every step needs a file for each track and language",
                    );
                }
            }
            check_translations_agree(&step_dir, track, steps.get(&(track, number)), report);
        }
    }
    if numbers.is_empty() && report.0.is_empty() {
        report.add(dir, None, "no steps found");
    }
    for (expected, found) in (1..).zip(&numbers) {
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

/// The languages of one track must offer the same tasks and the same number of prompts, so a
/// group can switch language without losing its place.
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
    let ids = |t: &StepText| t.tasks.iter().map(|t| t.id.clone()).collect::<Vec<_>>();
    for (locale, text) in iter {
        let file = step_dir.join(format!("{}.{}.md", track.slug(), locale.as_str()));
        if ids(text) != ids(first) {
            report.add(
                &file,
                Some("tasks"),
                format!(
                    "task ids {:?} differ from {:?} in the {} file",
                    ids(text),
                    ids(first),
                    first_locale.as_str()
                ),
            );
        }
        if text.prompts.len() != first.prompts.len() {
            report.add(
                &file,
                Some("prompts"),
                format!(
                    "{} prompts, but the {} file has {}",
                    text.prompts.len(),
                    first_locale.as_str(),
                    first.prompts.len()
                ),
            );
        }
        if text.films != first.films {
            report.add(
                &file,
                Some("films"),
                format!("films differ from the {} file", first_locale.as_str()),
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

fn load_step_file(
    file: &Path,
    number: u8,
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
    for (field, value) in [("title", &front.title), ("summary", &front.summary)] {
        if value.trim().is_empty() {
            report.add(file, Some(field), "must not be empty");
        }
    }
    if body.trim().is_empty() {
        report.add(
            file,
            None,
            "the introduction (Markdown after the front matter) is empty",
        );
    }
    let mut seen = BTreeSet::new();
    for (i, task) in front.tasks.iter().enumerate() {
        let valid_id = !task.id.is_empty()
            && task
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            report.add(
                file,
                Some(&format!("tasks[{i}].id")),
                "use lower-case a-z, digits and dashes",
            );
        } else if !seen.insert(task.id.as_str()) {
            report.add(
                file,
                Some(&format!("tasks[{i}].id")),
                format!("{:?} is used twice", task.id),
            );
        }
        for (field, value) in [("title", &task.title), ("body", &task.body)] {
            if value.trim().is_empty() {
                report.add(
                    file,
                    Some(&format!("tasks[{i}].{field}")),
                    "must not be empty",
                );
            }
        }
    }
    if front.tasks.is_empty() {
        report.add(file, Some("tasks"), "a step needs at least one task");
    }
    for (i, prompt) in front.prompts.iter().enumerate() {
        if prompt.text.trim().is_empty() {
            report.add(
                file,
                Some(&format!("prompts[{i}].text")),
                "must not be empty",
            );
        }
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
    (report.0.len() == before).then(|| StepText {
        title: front.title.trim().into(),
        summary: front.summary.trim().into(),
        intro_html: markdown::to_html(body),
        tasks: front
            .tasks
            .into_iter()
            .map(|t| TaskView {
                id: t.id,
                title: t.title.trim().into(),
                body_html: markdown::to_html(&t.body),
            })
            .collect(),
        prompts: front
            .prompts
            .into_iter()
            .map(|p| p.text.trim().into())
            .collect(),
        films: front.films,
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
                    "missing: every local film needs Swedish captions",
                );
            }
            continue;
        }
        match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|s| vtt::parse(&s))
        {
            Ok(cues) => {
                captions.insert(*locale, (name.clone(), vtt::transcript(&cues)));
                media.insert(name, path);
            }
            Err(e) => report.add(&path, None, e),
        }
    }
    (report.0.len() == before).then(|| Film {
        source: source.expect("checked above"),
        duration_seconds: front.duration_seconds,
        texts,
        captions,
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
