//! A document as an accessible PDF (krilla): A4, a title page, a table of contents, headings,
//! tables and bar charts drawn as vector graphics, page numbers, the fonts embedded, and tagged
//! for PDF/UA-1 (krilla validates it on export: the title, the language, every glyph mapped to
//! text, a heading structure, alternative text for the charts). Bookmarks follow the headings.
//!
//! Two passes: `Layout` places everything on pages as drawing operations, each belonging to a
//! node of the structure tree; `emit` draws them with krilla and hands it the tree.

use super::{
    fonts::{Face, faces},
    lines::break_lines,
    model::{Block, Chart, Doc, Table},
};
use krilla::{
    Document, SerializeSettings,
    color::rgb,
    configure::{Accessibility, ConfigurationBuilder},
    destination::XyzDestination,
    geom::{PathBuilder, Point, Rect},
    metadata::Metadata,
    num::NormalizedF32,
    outline::{Outline, OutlineNode},
    page::PageSettings,
    paint::Fill,
    surface::Surface,
    tagging::{
        ArtifactType, ContentTag, Identifier, Node as TagNode, SpanTag, TableHeaderScope, Tag,
        TagGroup, TagKind, TagTree,
    },
    text::{Font, GlyphId, KrillaGlyph},
};
use std::num::NonZeroU16;

const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 841.89;
const LEFT: f32 = 68.0;
const TEXT_W: f32 = PAGE_W - 2.0 * LEFT;
const TOP: f32 = 70.0;
const BOTTOM: f32 = PAGE_H - 72.0;

const INK: (u8, u8, u8) = (0x1a, 0x1a, 0x1a);
const HEADING: (u8, u8, u8) = (0x1f, 0x3a, 0x5f);
const QUIET: (u8, u8, u8) = (0x4a, 0x4a, 0x4a);
const RULE: (u8, u8, u8) = (0x9a, 0xa5, 0xb1);
const HEAD_FILL: (u8, u8, u8) = (0xe6, 0xeb, 0xf1);
const BAR: (u8, u8, u8) = (0x2b, 0x5c, 0x8f);

/// The words the PDF itself adds, in the document's language.
pub struct Chrome {
    pub contents: String,
    /// "Sida {n} av {m}".
    pub page_of: String,
}

/// How text is set: size in points, bold or not, colour.
#[derive(Clone, Copy)]
struct Pen(f32, bool, (u8, u8, u8));

/// What a drawn thing belongs to: a structure node, or page furniture (running header,
/// page numbers, rules) that a screen reader skips.
#[derive(Clone, Copy)]
enum Owner {
    Node(usize),
    Artifact,
}

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: (u8, u8, u8),
        text: String,
        owner: Owner,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: (u8, u8, u8),
        owner: Owner,
    },
}

#[derive(Clone)]
enum Kind {
    Heading(u16, String),
    P,
    Table,
    Row,
    Head(TableHeaderScope),
    Cell,
    Caption,
    Figure(String),
    Toc,
    TocItem,
    Section,
}

enum Child {
    Node(usize),
    Id(Identifier),
}

struct StructNode {
    kind: Kind,
    children: Vec<Child>,
}

/// Body pages laid out, with the structure they belong to and the headings' places.
struct Layout {
    pages: Vec<Vec<Op>>,
    nodes: Vec<StructNode>,
    roots: Vec<usize>,
    y: f32,
    lang: &'static str,
    /// Level, text, page (within this layout) and y of every heading.
    headings: Vec<(u8, String, usize, f32)>,
    /// A table's header row to repeat on the next page, while a table is being drawn.
    repeat: Option<(Vec<f32>, Vec<String>)>,
}

impl Layout {
    fn new(lang: &'static str) -> Layout {
        Layout {
            pages: vec![Vec::new()],
            nodes: Vec::new(),
            roots: Vec::new(),
            y: TOP,
            lang,
            headings: Vec::new(),
            repeat: None,
        }
    }

    fn node(&mut self, kind: Kind, parent: Option<usize>) -> usize {
        let id = self.nodes.len();
        self.nodes.push(StructNode {
            kind,
            children: Vec::new(),
        });
        match parent {
            Some(p) => self.nodes[p].children.push(Child::Node(id)),
            None => self.roots.push(id),
        }
        id
    }

    fn page(&mut self) -> &mut Vec<Op> {
        self.pages.last_mut().expect("a layout has a page")
    }

    fn fresh(&self) -> bool {
        self.y <= TOP + 0.5
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
        if let Some((widths, head)) = self.repeat.clone() {
            // The header row again, as page furniture: it was read once already.
            self.table_row(&widths, &head, true, None);
        }
    }

    /// Room for `h` more points on this page, or a new one.
    fn ensure(&mut self, h: f32) {
        if self.y + h > BOTTOM && !self.fresh() {
            self.new_page();
        }
    }

    fn text(
        &mut self,
        x: f32,
        size: f32,
        bold: bool,
        color: (u8, u8, u8),
        text: String,
        owner: Owner,
    ) {
        let y = self.y + size * 0.8;
        self.page().push(Op::Text {
            x,
            y,
            size,
            bold,
            color,
            text,
            owner,
        });
    }

    /// Lines of text within `width` from `x`, each on its own line, breaking pages as needed.
    fn lines(&mut self, x: f32, width: f32, Pen(size, bold, color): Pen, text: &str, owner: Owner) {
        let leading = size * 1.38;
        for line in break_lines(faces().get(bold), text, size, width, self.lang) {
            self.ensure(leading);
            if !line.is_empty() {
                self.text(x, size, bold, color, line, owner);
            }
            self.y += leading;
        }
    }

    fn block(&mut self, block: &Block, parent: Option<usize>) {
        match block {
            Block::Heading(level, text) => {
                let level = (*level).clamp(1, 3);
                let (size, before) = match level {
                    1 => (18.0, 20.0),
                    2 => (14.0, 14.0),
                    _ => (12.0, 10.0),
                };
                if level == 1 && !self.fresh() {
                    self.new_page();
                } else if !self.fresh() {
                    self.y += before;
                }
                // Keep a heading with the first lines after it.
                self.ensure(size * 1.4 + 50.0);
                // The title page's title is level 1; the document's own levels follow it.
                let node = self.node(Kind::Heading(u16::from(level) + 1, text.clone()), parent);
                let page = self.pages.len() - 1;
                self.headings.push((level, text.clone(), page, self.y));
                self.lines(
                    LEFT,
                    TEXT_W,
                    Pen(size, true, HEADING),
                    text,
                    Owner::Node(node),
                );
                self.y += 4.0;
            }
            Block::Para(text) => {
                let node = self.node(Kind::P, parent);
                self.lines(LEFT, TEXT_W, Pen(11.0, false, INK), text, Owner::Node(node));
                self.y += 6.0;
            }
            Block::Label(text) => {
                self.y += 4.0;
                self.ensure(40.0);
                let node = self.node(Kind::P, parent);
                self.lines(LEFT, TEXT_W, Pen(10.5, true, INK), text, Owner::Node(node));
                self.y += 2.0;
            }
            Block::Note(text) => {
                let node = self.node(Kind::P, parent);
                self.lines(
                    LEFT,
                    TEXT_W,
                    Pen(10.0, false, QUIET),
                    text,
                    Owner::Node(node),
                );
                self.y += 6.0;
            }
            Block::Table(table) => self.table(table, parent),
            Block::Chart(chart) => self.chart(chart, parent),
        }
    }

    fn table(&mut self, table: &Table, parent: Option<usize>) {
        const SIZE: f32 = 9.5;
        let columns = table.head.len().max(1);
        // Each column's natural width (its widest cell, capped), then scaled to the page.
        let mut natural = vec![30.0f32; columns];
        for row in std::iter::once(&table.head).chain(&table.rows) {
            for (i, cell) in row.iter().enumerate().take(columns) {
                let w = cell
                    .lines()
                    .map(|l| faces().get(true).width(l, SIZE))
                    .fold(0.0, f32::max);
                natural[i] = natural[i].max(w.min(TEXT_W * 0.5) + 10.0);
            }
        }
        let total: f32 = natural.iter().sum();
        let widths: Vec<f32> = natural.iter().map(|w| w / total * TEXT_W).collect();
        let node = self.node(Kind::Table, parent);
        self.y += 4.0;
        self.ensure(60.0);
        let caption = self.node(Kind::Caption, Some(node));
        self.lines(
            LEFT,
            TEXT_W,
            Pen(10.0, true, INK),
            &table.caption,
            Owner::Node(caption),
        );
        self.y += 2.0;
        self.table_row(&widths, &table.head, true, Some(node));
        self.repeat = Some((widths.clone(), table.head.clone()));
        for row in &table.rows {
            self.table_row(&widths, row, false, Some(node));
        }
        self.repeat = None;
        self.y += 10.0;
    }

    /// One row, line by line so a tall row may continue on the next page. `table` is `None`
    /// for a repeated header row, which is furniture.
    fn table_row(&mut self, widths: &[f32], cells: &[String], head: bool, table: Option<usize>) {
        const SIZE: f32 = 9.5;
        const PAD: f32 = 4.0;
        let leading = SIZE * 1.35;
        let row = table.map(|t| self.node(Kind::Row, Some(t)));
        let mut owners = Vec::new();
        let mut lines = Vec::new();
        for (i, cell) in cells.iter().enumerate().take(widths.len()) {
            let bold = head || i == 0;
            let kind = if head {
                Kind::Head(TableHeaderScope::Column)
            } else if i == 0 {
                Kind::Head(TableHeaderScope::Row)
            } else {
                Kind::Cell
            };
            owners.push(match row {
                Some(r) => Owner::Node(self.node(kind, Some(r))),
                None => Owner::Artifact,
            });
            lines.push(break_lines(
                faces().get(bold),
                cell,
                SIZE,
                widths[i] - 2.0 * PAD,
                // Narrow cells: whole words only.
                "zxx",
            ));
        }
        let height = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
        self.ensure(leading + 2.0 * PAD);
        let mut top = self.y;
        let mut start = self.page().len();
        self.y += PAD;
        for k in 0..height {
            if self.y + leading > BOTTOM {
                self.row_frame(widths, top, start, head);
                let repeat = self.repeat.take();
                self.pages.push(Vec::new());
                self.y = TOP;
                if let Some((w, h)) = repeat.as_ref().filter(|_| !head) {
                    self.table_row(w, h, true, None);
                }
                self.repeat = repeat;
                top = self.y;
                start = self.page().len();
                self.y += PAD;
            }
            let mut x = LEFT;
            for (i, cell) in lines.iter().enumerate() {
                if let Some(line) = cell.get(k).filter(|l| !l.is_empty()) {
                    let bold = head || i == 0;
                    self.text(x + PAD, SIZE, bold, INK, line.clone(), owners[i]);
                }
                x += widths[i];
            }
            self.y += leading;
        }
        self.y += PAD;
        self.row_frame(widths, top, start, head);
    }

    /// The row's background (a header's) and the rule under it.
    fn row_frame(&mut self, widths: &[f32], top: f32, start: usize, head: bool) {
        let w: f32 = widths.iter().sum();
        let h = self.y - top;
        if head {
            // Under the row's text, which was drawn from `start` on.
            self.page().insert(
                start,
                Op::Rect {
                    x: LEFT,
                    y: top,
                    w,
                    h,
                    color: HEAD_FILL,
                    owner: Owner::Artifact,
                },
            );
        }
        let y = self.y;
        self.page().push(Op::Rect {
            x: LEFT,
            y: y - 0.5,
            w,
            h: 0.6,
            color: RULE,
            owner: Owner::Artifact,
        });
    }

    fn chart(&mut self, chart: &Chart, parent: Option<usize>) {
        const SIZE: f32 = 9.5;
        let label_w = TEXT_W * 0.42;
        let bar_x = LEFT + label_w + 8.0;
        let bar_max = TEXT_W - label_w - 40.0;
        let leading = SIZE * 1.35;
        let labels: Vec<Vec<String>> = chart
            .bars
            .iter()
            .map(|(label, _)| break_lines(&faces().regular, label, SIZE, label_w, self.lang))
            .collect();
        let height = 20.0
            + labels
                .iter()
                .map(|l| l.len().max(1) as f32 * leading + 6.0)
                .sum::<f32>();
        self.y += 6.0;
        self.ensure(height.min(BOTTOM - TOP));
        let figure = self.node(Kind::Figure(chart.alt.clone()), parent);
        let owner = Owner::Node(figure);
        self.lines(LEFT, TEXT_W, Pen(10.0, true, INK), &chart.title, owner);
        self.y += 4.0;
        let max = chart.max() as f32;
        for ((_, count), label) in chart.bars.iter().zip(&labels) {
            let rows = label.len().max(1) as f32;
            self.ensure(rows * leading + 6.0);
            let top = self.y;
            for line in label {
                self.text(LEFT, SIZE, false, INK, line.clone(), owner);
                self.y += leading;
            }
            let w = (*count as f32 / max * bar_max).max(if *count > 0 { 2.0 } else { 0.0 });
            if w > 0.0 {
                self.page().push(Op::Rect {
                    x: bar_x,
                    y: top + 1.0,
                    w,
                    h: SIZE,
                    color: BAR,
                    owner,
                });
            }
            let y = self.y;
            self.y = top;
            self.text(bar_x + w + 4.0, SIZE, true, INK, count.to_string(), owner);
            self.y = y.max(top + leading) + 6.0;
        }
        self.y += 6.0;
    }
}

/// The document as PDF bytes; `Err` names what the PDF/UA check refused.
pub fn write(doc: &Doc, chrome: &Chrome) -> Result<Vec<u8>, String> {
    // The body first, to know where each heading lands; then the pages before it.
    let mut body = Layout::new(doc.lang);
    for block in &doc.blocks {
        body.block(block, None);
    }
    let toc_entries: Vec<&(u8, String, usize, f32)> =
        body.headings.iter().filter(|h| h.0 <= 2).collect();
    const TOC_LINE: f32 = 17.0;
    let per_page = ((BOTTOM - TOP - 40.0) / TOC_LINE) as usize;
    let toc_pages = toc_entries.len().div_ceil(per_page).max(1);
    let first_body = 1 + toc_pages;
    let total = first_body + body.pages.len();

    // Title page and contents, in a layout of their own whose nodes come first in reading order.
    let mut front = Layout::new(doc.lang);
    let title = front.node(
        Kind::Heading(1, format!("{}: {}", doc.kind, doc.title)),
        None,
    );
    front.y = 200.0;
    front.lines(
        LEFT,
        TEXT_W,
        Pen(14.0, false, HEADING),
        &doc.kind,
        Owner::Node(title),
    );
    front.y += 6.0;
    front.lines(
        LEFT,
        TEXT_W,
        Pen(26.0, true, HEADING),
        &doc.title,
        Owner::Node(title),
    );
    front.y += 30.0;
    let facts = front.node(Kind::Section, None);
    for (label, value) in &doc.facts {
        let p = front.node(Kind::P, Some(facts));
        front.ensure(18.0);
        let lw = faces().bold.width(&format!("{label}: "), 11.0);
        front.text(LEFT, 11.0, true, INK, format!("{label}: "), Owner::Node(p));
        front.lines(
            LEFT + lw,
            TEXT_W - lw,
            Pen(11.0, false, INK),
            value,
            Owner::Node(p),
        );
        front.y += 2.0;
    }
    front.new_page();
    let toc = front.node(Kind::Toc, None);
    let toc_heading = front.node(Kind::Heading(2, chrome.contents.clone()), Some(toc));
    front.lines(
        LEFT,
        TEXT_W,
        Pen(18.0, true, HEADING),
        &chrome.contents,
        Owner::Node(toc_heading),
    );
    front.y += 10.0;
    for (level, text, page, _) in &toc_entries {
        let item = front.node(Kind::TocItem, Some(toc));
        let owner = Owner::Node(item);
        let indent = if *level == 1 { 0.0 } else { 16.0 };
        let number = (first_body + page + 1).to_string();
        let bold = *level == 1;
        let face = faces().get(bold);
        let nw = face.width(&number, 11.0);
        // One line per entry: a long heading is shortened on the contents page only.
        let room = TEXT_W - indent - nw - 16.0;
        let mut shown = text.clone();
        if face.width(&shown, 11.0) > room {
            let mut chars: Vec<char> = text.chars().collect();
            while chars.len() > 1
                && face.width(&format!("{}…", String::from_iter(&chars)), 11.0) > room
            {
                chars.pop();
            }
            shown = format!("{}…", String::from_iter(&chars).trim_end());
        }
        if front.y + TOC_LINE > BOTTOM {
            front.pages.push(Vec::new());
            front.y = TOP;
        }
        front.text(LEFT + indent, 11.0, bold, INK, shown, owner);
        front.text(LEFT + TEXT_W - nw, 11.0, bold, INK, number, owner);
        front.y += TOC_LINE;
    }
    while front.pages.len() < first_body {
        front.pages.push(Vec::new());
    }

    emit(doc, chrome, front, body, total)
}

fn emit(
    doc: &Doc,
    chrome: &Chrome,
    front: Layout,
    body: Layout,
    total: usize,
) -> Result<Vec<u8>, String> {
    let configuration = ConfigurationBuilder::new()
        .with_accessibility_validator(Accessibility::UA1)
        .finish()
        .map_err(|e| format!("the PDF/UA configuration: {e:?}"))?;
    let settings = SerializeSettings {
        configuration,
        enable_tagging: true,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    let regular = Font::new(faces().regular.data.into(), 0).ok_or("the regular font")?;
    let bold = Font::new(faces().bold.data.into(), 0).ok_or("the bold font")?;
    let first_body = front.pages.len();
    let headings: Vec<(u8, String, usize, f32)> = body
        .headings
        .iter()
        .map(|(l, t, p, y)| (*l, t.clone(), p + first_body, *y))
        .collect();

    let mut trees: Vec<(Vec<StructNode>, Vec<usize>)> = Vec::new();
    let mut number = 0;
    for layout in [front, body] {
        let Layout {
            pages,
            mut nodes,
            roots,
            ..
        } = layout;
        for ops in pages {
            number += 1;
            let mut page = document
                .start_page_with(PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("the page size")?);
            let mut surface = page.surface();
            for op in ops {
                draw(&mut surface, op, &regular, &bold, &mut nodes);
            }
            if number > 1 {
                let footer = chrome
                    .page_of
                    .replace("{n}", &number.to_string())
                    .replace("{m}", &total.to_string());
                let running = format!("{}: {}", doc.kind, doc.title);
                let running: String = running.chars().take(90).collect();
                surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                    ArtifactType::Footer,
                )));
                let fw = faces().regular.width(&footer, 9.0);
                glyphs(
                    &mut surface,
                    &regular,
                    &faces().regular,
                    PAGE_W - LEFT - fw,
                    PAGE_H - 40.0,
                    9.0,
                    QUIET,
                    &footer,
                );
                glyphs(
                    &mut surface,
                    &regular,
                    &faces().regular,
                    LEFT,
                    PAGE_H - 40.0,
                    9.0,
                    QUIET,
                    &running,
                );
                surface.end_tagged();
            }
            surface.finish();
            page.finish();
        }
        trees.push((nodes, roots));
    }

    let mut tree = TagTree::new().with_lang(Some(doc.lang.to_string()));
    for (nodes, roots) in &mut trees {
        for root in roots.clone() {
            if let Some(node) = tag_node(nodes, root) {
                tree.push(node);
            }
        }
    }
    document.set_tag_tree(tree);

    // Bookmarks: each level-1 heading with its level-2 and 3 headings under it.
    let mut outline = Outline::new();
    let mut open: Vec<(u8, OutlineNode)> = Vec::new();
    let close = |open: &mut Vec<(u8, OutlineNode)>, outline: &mut Outline, down_to: u8| {
        while open.last().is_some_and(|(l, _)| *l >= down_to) {
            let (_, node) = open.pop().expect("checked");
            match open.last_mut() {
                Some((_, parent)) => parent.push_child(node),
                None => outline.push_child(node),
            }
        }
    };
    outline.push_child(OutlineNode::new(
        chrome.contents.clone(),
        XyzDestination::new(1, Point::from_xy(LEFT, TOP)),
    ));
    for (level, text, page, y) in headings {
        close(&mut open, &mut outline, level);
        open.push((
            level,
            OutlineNode::new(text, XyzDestination::new(page, Point::from_xy(LEFT, y))),
        ));
    }
    close(&mut open, &mut outline, 0);
    document.set_outline(outline);
    document.set_metadata(
        Metadata::new()
            .title(format!("{}: {}", doc.kind, doc.title))
            .language(doc.lang.to_string())
            .creator("Verkstad".to_string()),
    );
    document
        .finish()
        .map_err(|e| format!("the PDF could not be made: {e:?}"))
}

fn draw(surface: &mut Surface, op: Op, regular: &Font, bold: &Font, nodes: &mut [StructNode]) {
    let owner = match &op {
        Op::Text { owner, .. } | Op::Rect { owner, .. } => *owner,
    };
    let id = match owner {
        Owner::Node(_) => Some(surface.start_tagged(ContentTag::Span(SpanTag::empty()))),
        Owner::Artifact => {
            surface.start_tagged(ContentTag::Artifact(krilla::tagging::Artifact::with_kind(
                ArtifactType::Other,
            )));
            None
        }
    };
    match op {
        Op::Text {
            x,
            y,
            size,
            bold: is_bold,
            color,
            text,
            ..
        } => {
            let (font, face) = if is_bold {
                (bold, &faces().bold)
            } else {
                (regular, &faces().regular)
            };
            glyphs(surface, font, face, x, y, size, color, &text);
        }
        Op::Rect {
            x, y, w, h, color, ..
        } => {
            if let Some(rect) = Rect::from_xywh(x, y, w, h) {
                let mut path = PathBuilder::new();
                path.push_rect(rect);
                if let Some(path) = path.finish() {
                    surface.set_fill(Some(fill(color)));
                    surface.draw_path(&path);
                }
            }
        }
    }
    surface.end_tagged();
    if let (Owner::Node(n), Some(id)) = (owner, id) {
        nodes[n].children.push(Child::Id(id));
    }
}

fn fill(color: (u8, u8, u8)) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// One line of text from its baseline's start, glyph by glyph, each glyph mapped back to the
/// characters it stands for.
#[allow(clippy::too_many_arguments)]
fn glyphs(
    surface: &mut Surface,
    font: &Font,
    face: &Face,
    x: f32,
    y: f32,
    size: f32,
    color: (u8, u8, u8),
    text: &str,
) {
    let glyphs: Vec<KrillaGlyph> = text
        .char_indices()
        .map(|(i, c)| {
            let (gid, advance) = face.glyph(c);
            KrillaGlyph::new(
                GlyphId::new(u32::from(gid)),
                advance,
                0.0,
                0.0,
                0.0,
                i..i + c.len_utf8(),
                None,
            )
        })
        .collect();
    surface.set_fill(Some(fill(color)));
    surface.draw_glyphs(
        Point::from_xy(x, y),
        &glyphs,
        font.clone(),
        text,
        size,
        false,
    );
}

fn tag_node(nodes: &mut [StructNode], index: usize) -> Option<TagNode> {
    let children: Vec<Child> = std::mem::take(&mut nodes[index].children);
    let kids: Vec<TagNode> = children
        .into_iter()
        .filter_map(|child| match child {
            Child::Id(id) => Some(TagNode::Leaf(id)),
            Child::Node(n) => tag_node(nodes, n),
        })
        .collect();
    if kids.is_empty() {
        return None;
    }
    let kind: TagKind = match nodes[index].kind.clone() {
        Kind::Heading(level, title) => Tag::Hn(
            NonZeroU16::new(level).unwrap_or(NonZeroU16::MIN),
            Some(title),
        )
        .into(),
        Kind::P => Tag::P.into(),
        Kind::Table => Tag::Table.into(),
        Kind::Row => Tag::TR.into(),
        Kind::Head(scope) => Tag::TH(scope).into(),
        Kind::Cell => Tag::TD.into(),
        Kind::Caption => Tag::Caption.into(),
        Kind::Figure(alt) => Tag::Figure(Some(alt)).into(),
        Kind::Toc => Tag::TOC.into(),
        Kind::TocItem => Tag::TOCI.into(),
        Kind::Section => Tag::Section.into(),
    };
    Some(TagGroup::with_children(kind, kids).into())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::features::exports::model::{Block, Chart, Doc, Table};

    /// A document with every kind of block, long enough for several pages, with hostile text.
    pub fn sample() -> Doc {
        let mut blocks = Vec::new();
        for part in 1..=3 {
            blocks.push(Block::Heading(
                1,
                format!("Del {part}: Åtgärder för ökad måluppfyllelse"),
            ));
            for task in 1..=4 {
                blocks.push(Block::Heading(2, format!("Uppgift {task}")));
                blocks.push(Block::Label("Det här har vi kommit överens om".to_string()));
                blocks.push(Block::Para(
                    "Vi är överens om att läsförståelsen i årskurs 4–6 ska följas upp varje \
                     månad, och att undervisningsgrupperna får stöd av specialpedagogen. "
                        .repeat(3)
                        + "\n</w:t><script>alert(1)</script> #set text(red) *fet* [länk](x)",
                ));
                blocks.push(Block::Note("Inte överenskommet".to_string()));
            }
        }
        blocks.push(Block::Table(Table {
            caption: "Enheternas steg".to_string(),
            head: vec!["Enhet".into(), "Steg 1".into(), "Steg 2".into()],
            rows: (0..40)
                .map(|i| {
                    vec![
                        format!("Ekby skola {i}"),
                        "Klart · Skickat".into(),
                        "Öppet".into(),
                    ]
                })
                .collect(),
        }));
        blocks.push(Block::Chart(Chart {
            title: "Hur enheterna skattade sig".to_string(),
            alt: "Stapeldiagram: 3 låg, 5 mellan, 2 hög.".to_string(),
            bars: vec![("Låg".into(), 3), ("Mellan".into(), 5), ("Hög".into(), 2)],
        }));
        Doc {
            lang: "sv",
            kind: "Kvalitetsrapport".to_string(),
            title: "Ekby skola".to_string(),
            facts: vec![("Läsår".to_string(), "2026/27".to_string())],
            blocks,
            file_stem: "kvalitetsrapport".to_string(),
        }
    }

    pub fn chrome() -> Chrome {
        Chrome {
            contents: "Innehåll".to_string(),
            page_of: "Sida {n} av {m}".to_string(),
        }
    }

    #[test]
    fn a_long_document_passes_the_pdf_ua_check() {
        let pdf = write(&sample(), &chrome()).expect("a valid PDF/UA-1 document");
        assert!(pdf.starts_with(b"%PDF-"));
        assert!(pdf.len() > 10_000);
        if let Ok(path) = std::env::var("VERKSTAD_SAMPLE_PDF") {
            std::fs::write(path, &pdf).unwrap();
        }
    }

    #[test]
    fn characters_the_font_lacks_do_not_break_the_document() {
        let mut doc = sample();
        doc.blocks.push(Block::Para(
            "Emoji 🎉, kinesiska 你好, nollbredd \u{200b}.".into(),
        ));
        write(&doc, &chrome()).expect("still a valid document");
    }
}
