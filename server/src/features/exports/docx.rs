//! A document as a Word file (Office Open XML), to open in Word or LibreOffice and edit further:
//! Word's own heading styles (so the navigation pane and a table of contents find them), tables
//! as tables with a repeated header row, bullet lists, A4 with page numbers, the document's
//! language and title. A chart is a picture with alternative text, and its numbers as a table.
//!
//! We write the XML ourselves: docx-rs, the Rust library for it, writes no document language,
//! title, alternative text or repeated header rows. Every piece of text reaches the XML through
//! `esc` (one place); the zip container is the `zip` crate's.

use super::{
    chart,
    fonts::FAMILY,
    model::{Block, Doc, Table},
};
use std::fmt::Write as _;
use std::io::Write as _;

/// The words the Word file adds, in the document's language.
pub struct Chrome {
    /// "Sida", "av": the footer reads "Sida 2 av 9" with Word's own page fields.
    pub page: String,
    pub of: String,
}

pub fn write(doc: &Doc, chrome: &Chrome, created: &str) -> Result<Vec<u8>, String> {
    let lang = if doc.lang == "en" { "en-GB" } else { "sv-SE" };
    let title = format!("{}: {}", doc.kind, doc.title);
    let (body, pictures) = document(doc)?;
    let mut relations = String::new();
    for (i, _) in pictures.iter().enumerate() {
        let _ = write!(
            relations,
            r#"<Relationship Id="rIdChart{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/chart{n}.png"/>"#,
            n = i + 1
        );
    }
    let parts: [(&str, String); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", ROOT_RELS.to_string()),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELS.replace("</Relationships>", &format!("{relations}</Relationships>")),
        ),
        ("word/document.xml", body),
        ("word/styles.xml", styles(lang)),
        ("word/settings.xml", settings(lang)),
        ("word/footer1.xml", footer(chrome)),
        ("docProps/core.xml", core(&title, lang, created)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in parts {
        zip.start_file(name, options).map_err(|e| e.to_string())?;
        zip.write_all(body.as_bytes()).map_err(|e| e.to_string())?;
    }
    for (i, png) in pictures.iter().enumerate() {
        zip.start_file(format!("word/media/chart{}.png", i + 1), options)
            .map_err(|e| e.to_string())?;
        zip.write_all(png).map_err(|e| e.to_string())?;
    }
    Ok(zip.finish().map_err(|e| e.to_string())?.into_inner())
}

/// Text as XML character data or an attribute value.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // XML 1.0 cannot hold other control characters; `model::clean` removed them already.
            c if c.is_control() && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Runs of text, a line break between the text's lines.
fn runs(text: &str, bold: bool) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        out.push_str("<w:r>");
        if bold {
            out.push_str("<w:rPr><w:b/></w:rPr>");
        }
        if i > 0 {
            out.push_str("<w:br/>");
        }
        let _ = write!(
            out,
            r#"<w:t xml:space="preserve">{}</w:t></w:r>"#,
            esc(line)
        );
    }
    out
}

fn para(style: Option<&str>, body: &str) -> String {
    match style {
        Some(style) => format!(r#"<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{body}</w:p>"#),
        None => format!("<w:p>{body}</w:p>"),
    }
}

/// The document's XML, and the charts' pictures it refers to (`media/chart{n}.png`).
fn document(doc: &Doc) -> Result<(String, Vec<Vec<u8>>), String> {
    let mut body = String::new();
    let mut pictures = Vec::new();
    // Title page.
    body.push_str(&para(Some("Subtitle"), &runs(&doc.kind, false)));
    body.push_str(&para(Some("Title"), &runs(&doc.title, false)));
    for (label, value) in &doc.facts {
        body.push_str(&para(
            None,
            &format!(
                "{}{}",
                runs(&format!("{label}: "), true),
                runs(value, false)
            ),
        ));
    }
    // The first heading (level 1) starts a new page itself.
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text) => {
                let style = format!("Heading{}", (*level).clamp(1, 3));
                body.push_str(&para(Some(&style), &runs(text, false)));
            }
            Block::Para(text) => body.push_str(&para(None, &runs(text, false))),
            Block::Label(text) => body.push_str(&para(Some("Label"), &runs(text, false))),
            Block::Note(text) => body.push_str(&para(Some("Note"), &runs(text, false))),
            Block::Table(table) => body.push_str(&self::table(table, None)),
            Block::Chart(chart) => {
                let (png, height) = chart::png(chart)?;
                pictures.push(png);
                body.push_str(&para(Some("Caption"), &runs(&chart.title, false)));
                body.push_str(&picture(pictures.len(), height, &chart.alt));
                let table = Table {
                    caption: chart.title.clone(),
                    head: Vec::new(),
                    rows: chart
                        .bars
                        .iter()
                        .map(|(label, count)| vec![label.clone(), count.to_string()])
                        .collect(),
                };
                body.push_str(&self::table(&table, Some(&chart.alt)));
            }
        }
    }
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1418" w:right="1418" w:bottom="1418" w:left="1418" w:header="709" w:footer="709" w:gutter="0"/><w:titlePg/></w:sectPr></w:body></w:document>"#
    );
    Ok((xml, pictures))
}

/// Picture `n` (`rIdChart{n}`), 16 cm wide, with its alternative text for screen readers.
fn picture(n: usize, height: u32, alt: &str) -> String {
    // English Metric Units: 16 cm wide, the height in proportion.
    let cx: u64 = 5_760_000;
    let cy = cx * u64::from(height) / u64::from(chart::WIDTH);
    let alt = esc(alt);
    format!(
        r#"<w:p><w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/><wp:docPr id="{n}" name="Diagram {n}" descr="{alt}"/><wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="chart{n}.png" descr="{alt}"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="rIdChart{n}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"#
    )
}

/// A table with its caption and header row. With `alt`, it holds a chart's numbers (label and
/// count, no header) under the caption and picture already written.
fn table(table: &Table, alt: Option<&str>) -> String {
    // A chart's table follows its picture, under the caption they share.
    let mut out = match alt {
        None => para(Some("Caption"), &runs(&table.caption, false)),
        Some(_) => String::new(),
    };
    let columns = table.head.len().max(table.rows.first().map_or(1, Vec::len));
    let width = 9070 / columns;
    let _ = write!(
        out,
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLook w:val="04A0" w:firstRow="1" w:firstColumn="1" w:lastRow="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/><w:tblCaption w:val="{}"/><w:tblDescription w:val="{}"/></w:tblPr><w:tblGrid>"#,
        esc(&table.caption),
        esc(alt.unwrap_or(&table.caption)),
    );
    for _ in 0..columns {
        let _ = write!(out, r#"<w:gridCol w:w="{width}"/>"#);
    }
    out.push_str("</w:tblGrid>");
    let mut row = |cells: &[String], head: bool| {
        out.push_str("<w:tr>");
        if head {
            out.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for (i, cell) in cells.iter().enumerate().take(columns) {
            let _ = write!(
                out,
                r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
                para(None, &runs(cell, head || i == 0))
            );
        }
        out.push_str("</w:tr>");
    };
    if !table.head.is_empty() {
        row(&table.head, true);
    }
    for cells in &table.rows {
        row(cells, false);
    }
    out.push_str("</w:tbl>");
    out.push_str(&para(None, ""));
    out
}

fn styles(lang: &str) -> String {
    let heading = |n: u8, size: u8, before: u16| {
        format!(
            r#"<w:style w:type="paragraph" w:styleId="Heading{n}"><w:name w:val="heading {n}"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{}<w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{}"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="{size}"/></w:rPr></w:style>"#,
            // Word reads a paragraph's properties in the schema's order only.
            if n == 1 {
                r#"<w:pageBreakBefore/>"#
            } else {
                ""
            },
            n - 1,
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="{FAMILY}" w:hAnsi="{FAMILY}" w:eastAsia="{FAMILY}" w:cs="{FAMILY}"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="{lang}" w:eastAsia="{lang}" w:bidi="{lang}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="276" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="480"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3A5F"/><w:sz w:val="52"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Subtitle"><w:name w:val="Subtitle"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="2400" w:after="120"/></w:pPr><w:rPr><w:color w:val="1F3A5F"/><w:sz w:val="28"/></w:rPr></w:style>{}{}{}<w:style w:type="paragraph" w:styleId="Label"><w:name w:val="Label"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="40"/></w:pPr><w:rPr><w:b/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Note"><w:name w:val="Note"/><w:basedOn w:val="Normal"/><w:rPr><w:color w:val="4A4A4A"/><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="160" w:after="60"/></w:pPr><w:rPr><w:b/><w:sz w:val="20"/></w:rPr></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/><w:left w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/><w:right w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="9AA5B1"/></w:tblBorders><w:tblCellMar><w:left w:w="85" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#,
        heading(1, 36, 240),
        heading(2, 28, 240),
        heading(3, 24, 160),
    )
}

fn settings(lang: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="709"/><w:autoHyphenation/><w:themeFontLang w:val="{lang}"/></w:settings>"#
    )
}

fn footer(chrome: &Chrome) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">{} </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> {} </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#,
        esc(&chrome.page),
        esc(&chrome.of)
    )
}

fn core(title: &str, lang: &str, created: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:language>{lang}</dc:language><dc:creator>Verkstad</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">{}</dcterms:created></cp:coreProperties>"#,
        esc(title),
        esc(created)
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_is_character_data() {
        assert_eq!(
            esc("</w:t><w:t>x & \"y\" 'z'"),
            "&lt;/w:t&gt;&lt;w:t&gt;x &amp; &quot;y&quot; &apos;z&apos;"
        );
        assert!(runs("a\nb", false).contains("<w:br/>"));
    }

    /// Word refuses a file whose elements are out of the schema's order (LibreOffice and
    /// python-docx forgive it): the orders we write by hand.
    #[test]
    fn properties_follow_the_schema_order() {
        let styles = styles("sv-SE");
        let heading = &styles[styles.find(r#"w:styleId="Heading1""#).unwrap()..];
        let at = |what: &str| heading.find(what).unwrap();
        assert!(at("<w:keepLines/>") < at("<w:pageBreakBefore/>"));
        assert!(at("<w:pageBreakBefore/>") < at("<w:spacing"));
        assert!(at("<w:spacing") < at("<w:outlineLvl"));
        let settings = settings("sv-SE");
        assert!(settings.find("defaultTabStop") < settings.find("autoHyphenation"));
        let table = table(
            &Table {
                caption: "c".into(),
                head: vec!["a".into()],
                rows: vec![vec!["b".into()]],
            },
            None,
        );
        let at = |what: &str| table.find(what).unwrap();
        assert!(at("<w:tblStyle") < at("<w:tblW") && at("<w:tblW") < at("<w:tblLook"));
        assert!(
            at("<w:tblLook") < at("<w:tblCaption") && at("<w:tblCaption") < at("<w:tblDescription")
        );
        assert!(at("<w:trPr>") < at("<w:tc>"));
    }
}
