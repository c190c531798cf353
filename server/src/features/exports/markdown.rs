//! A document as Markdown (CommonMark with pipe tables), for people who keep their own archive.
//! Every piece of text passes `escape` (one place), so what a user wrote reads as text in any
//! Markdown viewer: no headings, links, HTML or tables made of someone's answer.

use super::model::{Block, Doc};
use std::fmt::Write as _;

pub fn write(doc: &Doc) -> Vec<u8> {
    let mut out = String::new();
    let _ = writeln!(out, "# {}: {}\n", escape(&doc.kind), escape(&doc.title));
    for (label, value) in &doc.facts {
        let _ = writeln!(out, "- **{}:** {}", escape(label), escape(value));
    }
    out.push('\n');
    for block in &doc.blocks {
        match block {
            // The document's title is the one level-1 heading; its sections start at 2.
            Block::Heading(level, text) => {
                let hashes = "#".repeat(usize::from((*level).clamp(1, 5)) + 1);
                let _ = writeln!(out, "{hashes} {}\n", escape(text));
            }
            Block::Para(text) => {
                let _ = writeln!(out, "{}\n", lines(text));
            }
            Block::Label(text) => {
                let _ = writeln!(out, "**{}**\n", escape(text));
            }
            Block::Note(text) => {
                let _ = writeln!(out, "*{}*\n", escape(text));
            }
            Block::Table(table) => {
                let _ = writeln!(out, "*{}*\n", escape(&table.caption));
                let cell = |c: &String| escape(c).replace('\n', " ");
                let _ = writeln!(
                    out,
                    "| {} |",
                    table.head.iter().map(cell).collect::<Vec<_>>().join(" | ")
                );
                let _ = writeln!(out, "|{}", " --- |".repeat(table.head.len()));
                for row in &table.rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter().map(cell).collect::<Vec<_>>().join(" | ")
                    );
                }
                out.push('\n');
            }
            Block::Chart(chart) => {
                let _ = writeln!(out, "*{}*\n", escape(&chart.title));
                for (label, count) in &chart.bars {
                    let _ = writeln!(out, "- {}: {count}", escape(label));
                }
                out.push('\n');
            }
        }
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out.into_bytes()
}

/// Lines of a paragraph: each escaped, joined by a hard line break (a backslash at the end).
fn lines(text: &str) -> String {
    text.lines().map(escape).collect::<Vec<_>>().join("\\\n")
}

/// Text that Markdown shows as written. CommonMark lets a backslash escape any ASCII
/// punctuation; we escape what can start markup anywhere (emphasis, code, links, HTML, entities,
/// tables, strike-through), and at a line's start what makes a block (headings, quotes, lists,
/// rules, numbered lists). Leading spaces would make a code block, so they go.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let line = line.trim_start();
        let mut start = true;
        let mut digits = false;
        for c in line.chars() {
            let special = matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~'
            ) || (start && matches!(c, '#' | '+' | '-' | '='))
                || (digits && matches!(c, '.' | ')'));
            if special {
                out.push('\\');
            }
            out.push(c);
            digits = (start || digits) && c.is_ascii_digit();
            start = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// What a Markdown reader shows for `md`: its text, and whether any markup came out of it.
    fn read(md: &str) -> (String, bool) {
        let mut text = String::new();
        let mut markup = false;
        for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                _ => markup = true,
            }
        }
        (text, markup)
    }

    #[test]
    fn hostile_text_stays_text() {
        for hostile in [
            "<script>alert(1)</script>",
            "</w:t><w:t>injected",
            "# Rubrik",
            "## Rubrik",
            "> citat",
            "- punkt",
            "+ punkt",
            "1. numrerad",
            "2) numrerad",
            "| a | b |",
            "*fet* _kursiv_ `kod` ~~struken~~",
            "[länk](https://evil.example) ![bild](x.png)",
            "<https://evil.example>",
            "&amp; &#60;",
            "---",
            "===",
            "    indraget",
            "#set text(red) #import \"x\": * $x^2$",
            "\\* redan escapad",
            "{{ mall }} {% block %}",
        ] {
            let (text, markup) = read(&escape(hostile));
            assert!(!markup, "{hostile:?} made markup: {}", escape(hostile));
            assert_eq!(text, hostile.trim_start(), "{hostile:?}");
        }
    }

    #[test]
    fn swedish_text_reads_plainly() {
        assert_eq!(escape("Vi är överens om målen."), "Vi är överens om målen.");
    }
}
