//! The documents' typeface: Carlito (SIL Open Font License 1.1, `server/assets/fonts/`), metric-
//! compatible with Calibri, so a report looks alike as PDF and, in Word, in the font schools
//! already use. Regular and bold are compiled into the binary; a PDF embeds the glyphs it uses.

use skrifa::{
    FontRef, GlyphId, MetadataProvider as _,
    instance::{LocationRef, Size},
};
use std::sync::OnceLock;

pub static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/Carlito-Regular.ttf");
pub static BOLD: &[u8] = include_bytes!("../../../assets/fonts/Carlito-Bold.ttf");

/// The name a Word file asks for; Word substitutes Calibri's metrics if Carlito is missing.
pub const FAMILY: &str = "Carlito";

/// One face's glyph lookup and advances, read once.
pub struct Face {
    pub data: &'static [u8],
    units_per_em: f32,
    /// Glyph and advance (in ems) for U+0000 to U+024F: Latin with every Nordic letter.
    latin: Vec<(u16, f32)>,
}

impl Face {
    fn read(data: &'static [u8]) -> Face {
        let font = FontRef::new(data).expect("the bundled font is a font");
        let metrics = font.metrics(Size::unscaled(), LocationRef::default());
        let units_per_em = f32::from(metrics.units_per_em);
        let charmap = font.charmap();
        let advances = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let latin = (0u32..0x250)
            .map(|c| {
                let gid = char::from_u32(c)
                    .and_then(|c| charmap.map(c))
                    .map_or(0, |g| u16::try_from(g.to_u32()).unwrap_or(0));
                let advance = advances
                    .advance_width(GlyphId::new(u32::from(gid)))
                    .unwrap_or(0.0);
                (gid, advance / units_per_em)
            })
            .collect();
        Face {
            data,
            units_per_em,
            latin,
        }
    }

    /// The glyph for `c` and its advance in ems; a character the font lacks is drawn as `?`
    /// (the text behind it stays what was written).
    pub fn glyph(&self, c: char) -> (u16, f32) {
        let c = if c == '\u{AD}' { '-' } else { c };
        if let Some(&found) = self.latin.get(c as usize) {
            if found.0 != 0 {
                return found;
            }
        } else {
            let font = FontRef::new(self.data).expect("the bundled font is a font");
            if let Some(gid) = font.charmap().map(c) {
                let advance = font
                    .glyph_metrics(Size::unscaled(), LocationRef::default())
                    .advance_width(gid)
                    .unwrap_or(0.0);
                if let Ok(id) = u16::try_from(gid.to_u32())
                    && id != 0
                {
                    return (id, advance / self.units_per_em);
                }
            }
        }
        self.latin['?' as usize]
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.glyph(c).1).sum::<f32>() * size
    }
}

pub struct Faces {
    pub regular: Face,
    pub bold: Face,
}

impl Faces {
    pub fn get(&self, bold: bool) -> &Face {
        if bold { &self.bold } else { &self.regular }
    }
}

pub fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| Faces {
        regular: Face::read(REGULAR),
        bold: Face::read(BOLD),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_have_glyphs() {
        for c in "åäöÅÄÖéü–”•".chars() {
            assert_ne!(
                faces().regular.glyph(c).0,
                faces().regular.glyph('?').0,
                "{c}"
            );
        }
        assert!(faces().bold.width("Kvalitetsrapport", 12.0) > 50.0);
    }
}
