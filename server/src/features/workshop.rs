//! The workshop: content from `content/` (steps, tasks, films, prompts), loaded and validated
//! once at start-up, then served from memory through the app's `Workshop` port. The format is
//! documented in `content/README.md`.

mod carry;
mod ids;
mod load;
mod manuscript;
mod markdown;
mod meetings;
mod vtt;

pub use load::load;

use app::{
    features::workshop::types::{
        ArtefactView, CaptionTrack, Date, FilmSource, FilmView, HandoverView, MeetingView,
        PromptView, StepSummary, StepView, TaskView, Track, TrackOverview, TranscriptPart,
        YearPlanView,
    },
    i18n::Locale,
};
use leptos_i18n::Locale as _;
use std::{
    collections::{BTreeMap, HashMap},
    fmt,
    path::PathBuf,
};

/// All content, validated: every step exists for both tracks in every language.
#[derive(Debug)]
pub struct ContentStore {
    steps: BTreeMap<(Track, u8), HashMap<Locale, StepText>>,
    films: BTreeMap<String, Film>,
    /// Files that may be served under `/filmer/`, by name: videos and caption files only.
    media: BTreeMap<String, PathBuf>,
    /// Ids in the content that `ids.toml` does not record yet.
    unrecorded_ids: Vec<String>,
}

#[derive(Debug)]
struct StepText {
    title: String,
    summary: String,
    intro_html: String,
    meetings: Vec<MeetingView>,
    participants: String,
    preschool_html: String,
    prepare: Vec<String>,
    available_from: Option<Date>,
    tasks: Vec<TaskView>,
    prompts: Vec<PromptView>,
    films: Vec<String>,
    artefact: ArtefactView,
    handovers: Vec<HandoverView>,
}

#[derive(Debug)]
struct Film {
    source: Source,
    duration_seconds: u32,
    texts: HashMap<Locale, FilmText>,
    /// Caption file names by language.
    captions: HashMap<Locale, String>,
    /// The manuscript by language: what is said, shown as the transcript.
    manuscripts: HashMap<Locale, Vec<TranscriptPart>>,
}

#[derive(Debug)]
enum Source {
    Local { file: String, mime: &'static str },
    External { url: String, host: String },
}

#[derive(Debug)]
struct FilmText {
    title: String,
    description: String,
}

/// One thing wrong in the content, named by file and field.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: PathBuf,
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Everything wrong with the content, so editors can fix it all in one go.
#[derive(Debug, thiserror::Error)]
pub struct ContentError(pub Vec<Problem>);

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the content has {} problem(s):", self.0.len())?;
        for problem in &self.0 {
            writeln!(f, "  - {problem}")?;
        }
        Ok(())
    }
}

impl ContentStore {
    /// The step numbers that exist (the same for both tracks).
    pub fn step_numbers(&self) -> Vec<u8> {
        let numbers: std::collections::BTreeSet<u8> = self.steps.keys().map(|(_, n)| *n).collect();
        numbers.into_iter().collect()
    }

    /// A step's tasks with their fields, for checking answers: in Swedish, though the ids are
    /// the same in every language. Empty for a step that does not exist.
    pub fn tasks(&self, track: Track, number: u8) -> &[TaskView] {
        self.steps
            .get(&(track, number))
            .and_then(|texts| texts.get(&Locale::sv))
            .map_or(&[], |text| text.tasks.as_slice())
    }

    /// A track's school year, borrowed: each step's number, title, meetings and hand-overs in
    /// the reader's language, in step order. What the calendar reads on every page and feed,
    /// without building whole step views.
    pub fn schedule(
        &self,
        track: Track,
        locale: Locale,
    ) -> impl Iterator<Item = (u8, &str, &[MeetingView], &[HandoverView])> {
        self.steps
            .range((track, 0)..=(track, u8::MAX))
            .filter_map(move |((_, number), texts)| {
                let text = texts.get(&locale).or_else(|| texts.get(&Locale::sv))?;
                Some((
                    *number,
                    text.title.as_str(),
                    text.meetings.as_slice(),
                    text.handovers.as_slice(),
                ))
            })
    }

    /// A step's hand-overs in the reader's language (their ids are the same in every language).
    /// Empty for a step that does not exist.
    pub fn handovers(&self, track: Track, number: u8, locale: Locale) -> &[HandoverView] {
        self.steps
            .get(&(track, number))
            .and_then(|texts| texts.get(&locale).or_else(|| texts.get(&Locale::sv)))
            .map_or(&[], |text| text.handovers.as_slice())
    }

    /// The path of a video or caption file that may be served, by its public name.
    pub fn media_file(&self, name: &str) -> Option<&PathBuf> {
        self.media.get(name)
    }

    /// Ids in the content that `content/ids.toml` does not record yet.
    pub fn unrecorded_ids(&self) -> &[String] {
        &self.unrecorded_ids
    }

    /// Adds every id in the content to `ids.toml` in `dir`, the folder this was loaded from.
    pub fn record_ids(&self, dir: &std::path::Path) -> std::io::Result<usize> {
        let mut problems = Vec::new();
        let recorded = ids::read(dir, &mut problems);
        if let Some(problem) = problems.first() {
            return Err(std::io::Error::other(problem.to_string()));
        }
        ids::write(dir, &recorded, &load::stable_ids(&self.steps))?;
        Ok(self.unrecorded_ids.len())
    }

    /// A per-step, per-track, per-language summary for `verkstad content check`.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for ((track, number), texts) in &self.steps {
            for locale in Locale::get_all() {
                let Some(text) = texts.get(locale) else {
                    continue;
                };
                let films: Vec<&Film> = text.films.iter().map(|id| &self.films[id]).collect();
                // Playable: a local video with content (an empty placeholder is not), or a link.
                let playable = films
                    .iter()
                    .filter(|f| match &f.source {
                        Source::Local { file, .. } => self
                            .media
                            .get(file)
                            .and_then(|path| std::fs::metadata(path).ok())
                            .is_some_and(|meta| meta.len() > 0),
                        Source::External { .. } => true,
                    })
                    .count();
                let captioned = films
                    .iter()
                    .filter(|f| f.captions.contains_key(locale))
                    .count();
                let transcribed = films
                    .iter()
                    .filter(|f| f.manuscripts.contains_key(locale))
                    .count();
                let minutes: u32 = films.iter().map(|f| f.duration_seconds).sum::<u32>() / 60;
                let opens = text
                    .available_from
                    .map(|d| format!(", opens {}", d.iso()))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "step {number} {:<9} {:<2}  {} tasks, {} fields, {} prompts, {} films ({playable} playable, {captioned} captioned, {transcribed} with transcript, {minutes} min), {} meetings ({} min) in weeks {}{opens}  \"{}\"\n",
                    track.slug(),
                    locale.as_str(),
                    text.tasks.len(),
                    text.tasks.iter().map(|t| t.fields.len()).sum::<usize>(),
                    text.prompts.len(),
                    films.len(),
                    text.meetings.len(),
                    text.meetings.iter().map(|m| u32::from(m.minutes)).sum::<u32>(),
                    text.meetings
                        .iter()
                        .map(|m| format!(
                            "{}{}",
                            m.week.number,
                            if m.week.after_summer { "+" } else { "" }
                        ))
                        .collect::<Vec<_>>()
                        .join(","),
                    text.title,
                ));
            }
        }
        out.push_str(&format!(
            "{} steps per track, {} films, {} media files\n",
            self.step_numbers().len(),
            self.films.len(),
            self.media.len()
        ));
        if !self.unrecorded_ids.is_empty() {
            out.push_str(&format!(
                "{} new ids are not yet recorded in content/ids.toml; record them with `make content-ids`:\n",
                self.unrecorded_ids.len()
            ));
            for id in &self.unrecorded_ids {
                out.push_str(&format!("  {id}\n"));
            }
        }
        out
    }

    fn film_view(&self, id: &str, locale: Locale) -> FilmView {
        let film = &self.films[id];
        let text = &film.texts[&locale];
        let source = match &film.source {
            Source::Local { file, mime } => FilmSource::Local {
                url: format!("/filmer/{file}"),
                mime: (*mime).into(),
            },
            Source::External { url, host } => FilmSource::External {
                url: url.clone(),
                host: host.clone(),
            },
        };
        let captions = Locale::get_all()
            .iter()
            .filter_map(|lang| Some((lang, film.captions.get(lang)?)))
            .map(|(lang, file)| CaptionTrack {
                lang: lang.as_str().into(),
                label: language_name(*lang).into(),
                url: format!("/filmer/{file}"),
                default: *lang == locale,
            })
            .collect();
        // The manuscript in the reader's language, else Swedish, which every film must have.
        let transcript = film
            .manuscripts
            .get(&locale)
            .or_else(|| film.manuscripts.get(&Locale::sv))
            .cloned()
            .unwrap_or_default();
        FilmView {
            id: id.into(),
            title: text.title.clone(),
            description: text.description.clone(),
            duration_seconds: film.duration_seconds,
            source,
            captions,
            transcript,
        }
    }
}

/// A language's name in itself, as caption menus show it.
fn language_name(locale: Locale) -> &'static str {
    match locale {
        Locale::sv => "Svenska",
        Locale::en => "English",
    }
}

impl app::ports::Workshop for ContentStore {
    fn overview(&self, locale: Locale) -> Vec<TrackOverview> {
        Track::ALL
            .into_iter()
            .map(|track| TrackOverview {
                track,
                steps: self
                    .steps
                    .range((track, 0)..=(track, u8::MAX))
                    .map(|((_, number), texts)| StepSummary {
                        number: *number,
                        title: texts[&locale].title.clone(),
                        summary: texts[&locale].summary.clone(),
                        opens: not_yet_open(texts[&locale].available_from),
                    })
                    .collect(),
            })
            .collect()
    }

    fn step(&self, track: Track, number: u8, locale: Locale) -> Option<StepView> {
        let text = self.steps.get(&(track, number))?.get(&locale)?;
        let exists = |n: u8| self.steps.contains_key(&(track, n));
        let opens = not_yet_open(text.available_from);
        // Before it opens, a step shows what a leader needs to plan, not the work itself.
        let open = opens.is_none();
        Some(StepView {
            track,
            number,
            title: text.title.clone(),
            summary: text.summary.clone(),
            intro_html: if open {
                text.intro_html.clone()
            } else {
                String::new()
            },
            meetings: text.meetings.clone(),
            participants: text.participants.clone(),
            preschool_html: text.preschool_html.clone(),
            prepare: text.prepare.clone(),
            opens,
            tasks: if open { text.tasks.clone() } else { Vec::new() },
            prompts: if open {
                text.prompts.clone()
            } else {
                Vec::new()
            },
            films: if open {
                text.films
                    .iter()
                    .map(|id| self.film_view(id, locale))
                    .collect()
            } else {
                Vec::new()
            },
            artefact: text.artefact.clone(),
            handovers: text.handovers.clone(),
            previous: number.checked_sub(1).filter(|n| exists(*n)),
            next: number.checked_add(1).filter(|n| exists(*n)),
        })
    }

    fn year_plan(&self, track: Track, locale: Locale) -> YearPlanView {
        meetings::year_plan(&self.steps, track, locale)
    }

    fn is_loaded(&self) -> bool {
        !self.steps.is_empty()
    }
}

/// The opening day of a step that has not opened yet. Days turn at midnight UTC, which is
/// 01:00 or 02:00 in Sweden: close enough for a release date.
fn not_yet_open(available_from: Option<Date>) -> Option<Date> {
    use chrono::Datelike;
    let today = chrono::Utc::now().date_naive();
    let today = Date {
        year: u16::try_from(today.year()).unwrap_or(u16::MAX),
        month: today.month() as u8,
        day: today.day() as u8,
    };
    available_from.filter(|date| *date > today)
}
