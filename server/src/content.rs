//! Workshop content from `content/`: loaded and validated once at start-up, then served from
//! memory. The format is documented in `content/README.md`.

mod load;
mod markdown;
mod vtt;

pub use load::load;

use app::{
    features::workshop::types::{
        CaptionTrack, FilmSource, FilmView, StepSummary, StepView, TaskView, Track, TrackOverview,
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
}

#[derive(Debug)]
struct StepText {
    title: String,
    summary: String,
    intro_html: String,
    tasks: Vec<TaskView>,
    prompts: Vec<String>,
    films: Vec<String>,
}

#[derive(Debug)]
struct Film {
    source: Source,
    duration_seconds: u32,
    texts: HashMap<Locale, FilmText>,
    /// Caption files by language, with the transcript read from each.
    captions: HashMap<Locale, (String, Vec<String>)>,
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
        let mut numbers: Vec<u8> = self.steps.keys().map(|(_, n)| *n).collect();
        numbers.dedup();
        numbers
    }

    /// The path of a video or caption file that may be served, by its public name.
    pub fn media_file(&self, name: &str) -> Option<&PathBuf> {
        self.media.get(name)
    }

    /// A per-step, per-track, per-language summary for `verkstad content check`.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for ((track, number), texts) in &self.steps {
            for locale in Locale::get_all() {
                let Some(text) = texts.get(locale) else {
                    continue;
                };
                let captioned = text
                    .films
                    .iter()
                    .filter(|id| self.films[*id].captions.contains_key(locale))
                    .count();
                out.push_str(&format!(
                    "step {number} {:<9} {:<2}  {} tasks, {} prompts, {} films, captions in this language for {}/{} films  \"{}\"\n",
                    track.slug(),
                    locale.as_str(),
                    text.tasks.len(),
                    text.prompts.len(),
                    text.films.len(),
                    captioned,
                    text.films.len(),
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
            .map(|(lang, (file, _))| CaptionTrack {
                lang: lang.as_str().into(),
                label: language_name(*lang).into(),
                url: format!("/filmer/{file}"),
                default: *lang == locale,
            })
            .collect();
        // The transcript in the reader's language, else Swedish, which every film must have.
        let transcript = film
            .captions
            .get(&locale)
            .or_else(|| film.captions.get(&Locale::sv))
            .map(|(_, t)| t.clone())
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
                    })
                    .collect(),
            })
            .collect()
    }

    fn step(&self, track: Track, number: u8, locale: Locale) -> Option<StepView> {
        let text = self.steps.get(&(track, number))?.get(&locale)?;
        let exists = |n: u8| self.steps.contains_key(&(track, n));
        Some(StepView {
            track,
            number,
            title: text.title.clone(),
            summary: text.summary.clone(),
            intro_html: text.intro_html.clone(),
            tasks: text.tasks.clone(),
            prompts: text.prompts.clone(),
            films: text
                .films
                .iter()
                .map(|id| self.film_view(id, locale))
                .collect(),
            previous: number.checked_sub(1).filter(|n| exists(*n)),
            next: number.checked_add(1).filter(|n| exists(*n)),
        })
    }

    fn is_loaded(&self) -> bool {
        !self.steps.is_empty()
    }
}
