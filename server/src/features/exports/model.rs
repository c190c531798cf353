//! The format-neutral document every export is written from: a title page's facts, then
//! headings, paragraphs, lists, tables and charts. The PDF, Word and Markdown writers each read
//! this and nothing else, so a report says the same in every format.
//!
//! Everything here is plain text. Each writer escapes it for its own format in one place
//! (`markdown::escape`, docx-rs's XML writer, glyphs in the PDF); `clean` removes what no
//! format can carry (control characters) when the text enters the model.

/// One document, ready to be written out.
#[derive(Clone, Debug)]
pub struct Doc {
    /// BCP 47: `sv` or `en`.
    pub lang: &'static str,
    /// What the document is, e.g. "Kvalitetsrapport".
    pub kind: String,
    /// Its own title, e.g. the group's and the step's names.
    pub title: String,
    /// The title page's facts: label and value (group, cycle, version, finalised by and when).
    pub facts: Vec<(String, String)>,
    pub blocks: Vec<Block>,
    /// ASCII, for the downloaded file's name.
    pub file_stem: String,
}

#[derive(Clone, Debug)]
pub enum Block {
    /// Levels 1 to 3; levels 1 and 2 go into the table of contents and every level into the
    /// bookmarks.
    Heading(u8, String),
    /// A paragraph; a line break inside stays a line break.
    Para(String),
    /// A field's label above its answer.
    Label(String),
    /// A quiet remark: "not agreed", "no answer".
    Note(String),
    Table(Table),
    Chart(Chart),
}

#[derive(Clone, Debug)]
pub struct Table {
    pub caption: String,
    /// The header row; empty for a chart's numbers in Word, which follow its picture.
    pub head: Vec<String>,
    /// The first cell of each row names the row (a row header).
    pub rows: Vec<Vec<String>>,
}

/// A horizontal bar chart: one bar per label, with its count.
#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    /// The chart in words, for screen readers (PDF figure `/Alt`, Word `descr`).
    pub alt: String,
    pub bars: Vec<(String, u32)>,
}

impl Chart {
    pub fn max(&self) -> u32 {
        self.bars.iter().map(|b| b.1).max().unwrap_or(0).max(1)
    }
}

/// Text as it may enter a document: no control characters but line breaks and tabs (which XML
/// cannot hold and a PDF cannot draw), `\r\n` as `\n`, and no trailing space.
pub fn clean(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// A file name's stem from a title: ASCII letters, digits and dashes (å, ä, ö as a, a, o).
pub fn file_stem(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        for c in part.chars().flat_map(char::to_lowercase) {
            let c = match c {
                'å' | 'ä' | 'á' | 'à' => 'a',
                'ö' | 'ø' | 'ó' => 'o',
                'é' | 'è' | 'ë' => 'e',
                'ü' => 'u',
                c if c.is_ascii_alphanumeric() => c,
                _ => '-',
            };
            if c != '-' || !(out.is_empty() || out.ends_with('-')) {
                out.push(c);
            }
        }
        if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_matches('-');
    let out: String = out.chars().take(80).collect();
    if out.is_empty() {
        "dokument".to_string()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_go_and_line_breaks_stay() {
        assert_eq!(clean("a\u{0}b\u{1b}[31m\r\nc\td  "), "ab[31m\nc d");
    }

    #[test]
    fn file_names_are_ascii() {
        assert_eq!(
            file_stem(&["Kvalitetsrapport", "Ekby skola ÅÄÖ", "2026/27"]),
            "kvalitetsrapport-ekby-skola-aao-2026-27"
        );
        assert_eq!(file_stem(&["../../etc", "\"quoted\""]), "etc-quoted");
        assert_eq!(file_stem(&["<>"]), "dokument");
    }
}
