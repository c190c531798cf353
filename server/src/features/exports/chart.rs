//! A bar chart as a PNG picture, for the Word file (Word shows pictures, not vector drawings
//! of ours): labels on the left in the document's font, one bar per label, its count after it.
//! Drawn at twice its printed size so it stays sharp; the Word file gives it the chart's
//! alternative text.

use super::{
    fonts::{Face, faces},
    lines::break_lines,
    model::Chart,
};
use skrifa::{
    FontRef, GlyphId, MetadataProvider as _,
    instance::{LocationRef, Size},
    outline::{DrawSettings, OutlinePen},
};
use tiny_skia::{Color, FillRule, Paint, PathBuilder, Pixmap, Rect, Transform};

/// The picture's width in pixels; it prints 16 cm wide.
pub const WIDTH: u32 = 1200;
const FONT: f32 = 24.0;
const LEADING: f32 = 32.0;
const GAP: f32 = 14.0;

/// The chart as PNG bytes and its height in pixels.
pub fn png(chart: &Chart) -> Result<(Vec<u8>, u32), String> {
    let face = &faces().regular;
    let label_w = WIDTH as f32 * 0.42;
    let bar_x = label_w + 16.0;
    let bar_max = WIDTH as f32 - bar_x - 70.0;
    let labels: Vec<Vec<String>> = chart
        .bars
        .iter()
        .map(|(label, _)| break_lines(face, label, FONT, label_w, "zxx"))
        .collect();
    let height: f32 = GAP
        + labels
            .iter()
            .map(|l| l.len().max(1) as f32 * LEADING + GAP)
            .sum::<f32>();
    let height = height.ceil() as u32;
    let mut pixmap = Pixmap::new(WIDTH, height).ok_or("the chart's size")?;
    pixmap.fill(Color::WHITE);
    let ink = paint(0x1a, 0x1a, 0x1a);
    let bar = paint(0x2b, 0x5c, 0x8f);
    let max = chart.max() as f32;
    let mut y = GAP;
    for ((_, count), lines) in chart.bars.iter().zip(&labels) {
        let top = y;
        for line in lines {
            text(&mut pixmap, face, 0.0, y + FONT, line, &ink);
            y += LEADING;
        }
        let w = (*count as f32 / max * bar_max).max(if *count > 0 { 3.0 } else { 0.0 });
        if let Some(rect) = Rect::from_xywh(bar_x, top + 4.0, w, FONT) {
            pixmap.fill_rect(rect, &bar, Transform::identity(), None);
        }
        text(
            &mut pixmap,
            &faces().bold,
            bar_x + w + 8.0,
            top + FONT,
            &count.to_string(),
            &ink,
        );
        y = y.max(top + LEADING) + GAP;
    }
    Ok((pixmap.encode_png().map_err(|e| e.to_string())?, height))
}

fn paint(r: u8, g: u8, b: u8) -> Paint<'static> {
    let mut paint = Paint::default();
    paint.set_color_rgba8(r, g, b, 255);
    paint.anti_alias = true;
    paint
}

/// One line of text from its baseline's start, glyph by glyph from the font's outlines.
fn text(pixmap: &mut Pixmap, face: &Face, x: f32, baseline: f32, text: &str, paint: &Paint) {
    let Ok(font) = FontRef::new(face.data) else {
        return;
    };
    let outlines = font.outline_glyphs();
    let mut pen = Pen(PathBuilder::new());
    let mut at = x;
    for c in text.chars() {
        let (gid, advance) = face.glyph(c);
        if let Some(glyph) = outlines.get(GlyphId::new(u32::from(gid))) {
            let mut glyph_pen = Offset {
                pen: &mut pen,
                x: at,
                y: baseline,
            };
            let _ = glyph.draw(
                DrawSettings::unhinted(Size::new(FONT), LocationRef::default()),
                &mut glyph_pen,
            );
        }
        at += advance * FONT;
    }
    if let Some(path) = pen.0.finish() {
        pixmap.fill_path(&path, paint, FillRule::Winding, Transform::identity(), None);
    }
}

struct Pen(PathBuilder);

/// Moves a glyph's outline (y up, from its origin) to its place on the picture (y down).
struct Offset<'a> {
    pen: &'a mut Pen,
    x: f32,
    y: f32,
}

impl OutlinePen for Offset<'_> {
    fn move_to(&mut self, x: f32, y: f32) {
        self.pen.0.move_to(self.x + x, self.y - y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.pen.0.line_to(self.x + x, self.y - y);
    }
    fn quad_to(&mut self, cx0: f32, cy0: f32, x: f32, y: f32) {
        self.pen
            .0
            .quad_to(self.x + cx0, self.y - cy0, self.x + x, self.y - y);
    }
    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        self.pen.0.cubic_to(
            self.x + cx0,
            self.y - cy0,
            self.x + cx1,
            self.y - cy1,
            self.x + x,
            self.y - y,
        );
    }
    fn close(&mut self) {
        self.pen.0.close();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_a_picture_with_its_bars_drawn() {
        let chart = Chart {
            title: "Skattning".into(),
            alt: "Stapeldiagram".into(),
            bars: vec![
                ("Låg".into(), 1),
                (
                    "Mellan, med en mycket lång etikett som bryts på två rader".into(),
                    4,
                ),
            ],
        };
        let (png, height) = png(&chart).unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        if let Ok(path) = std::env::var("VERKSTAD_SAMPLE_PNG") {
            std::fs::write(path, &png).unwrap();
        }
        assert!(height > 2 * LEADING as u32);
        let picture = Pixmap::decode_png(&png).unwrap();
        // Some pixels are the bars' blue, some the text's ink.
        let blue = picture
            .pixels()
            .iter()
            .filter(|p| p.red() == 0x2b && p.blue() == 0x8f)
            .count();
        let ink = picture
            .pixels()
            .iter()
            .filter(|p| p.red() < 0x40 && p.blue() < 0x40)
            .count();
        assert!(blue > 1000 && ink > 100, "{blue} {ink}");
    }
}
