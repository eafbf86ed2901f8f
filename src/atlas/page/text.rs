//! The handout's fonts (DejaVu Sans, built into the binary so that no font can go missing),
//! their metrics, and line breaking. The PDF embeds a subset of the same fonts, and the PNG
//! renderer draws with them too, so a line measured here is the line printed.

use std::sync::OnceLock;

/// The three faces a handout uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Regular,
    Bold,
    Italic,
}

impl Face {
    pub const ALL: [Face; 3] = [Face::Regular, Face::Bold, Face::Italic];

    /// The font file's bytes.
    pub fn bytes(self) -> &'static [u8] {
        match self {
            Face::Regular => include_bytes!("../../../assets/fonts/DejaVuSans.ttf"),
            Face::Bold => include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf"),
            Face::Italic => include_bytes!("../../../assets/fonts/DejaVuSans-Oblique.ttf"),
        }
    }

    /// A name for the font, for the PNG renderer's font table.
    pub fn name(self) -> &'static str {
        match self {
            Face::Regular => "DejaVu Sans",
            Face::Bold => "DejaVu Sans Bold",
            Face::Italic => "DejaVu Sans Oblique",
        }
    }
}

/// Advance widths of one face, per character, in ems.
struct Metrics {
    ascender: f32,
    descender: f32,
    ascii: [f32; 128],
    face: ttf_parser::Face<'static>,
    units: f32,
}

impl Metrics {
    fn new(face: Face) -> Result<Metrics, String> {
        let parsed = ttf_parser::Face::parse(face.bytes(), 0)
            .map_err(|e| format!("the built-in font {} cannot be read: {e}", face.name()))?;
        let units = f32::from(parsed.units_per_em());
        let mut m = Metrics {
            ascender: f32::from(parsed.ascender()) / units,
            descender: f32::from(parsed.descender()) / units,
            ascii: [0.0; 128],
            face: parsed,
            units,
        };
        for c in 0..128u8 {
            m.ascii[c as usize] = m.slow_advance(c as char);
        }
        Ok(m)
    }

    fn slow_advance(&self, c: char) -> f32 {
        self.face
            .glyph_index(c)
            .or_else(|| self.face.glyph_index('?'))
            .and_then(|g| self.face.glyph_hor_advance(g))
            .map_or(0.5, |a| f32::from(a) / self.units)
    }

    fn advance(&self, c: char) -> f32 {
        if (c as u32) < 128 {
            self.ascii[c as usize]
        } else {
            self.slow_advance(c)
        }
    }
}

fn metrics(face: Face) -> Result<&'static Metrics, String> {
    static TABLE: OnceLock<Result<[Metrics; 3], String>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        Ok([
            Metrics::new(Face::Regular)?,
            Metrics::new(Face::Bold)?,
            Metrics::new(Face::Italic)?,
        ])
    });
    match table {
        Ok(t) => Ok(&t[face as usize]),
        Err(e) => Err(e.clone()),
    }
}

/// Check that the built-in fonts can be read: a clear message instead of a panic if a build
/// ever ships a broken one.
pub fn check_fonts() -> Result<(), String> {
    Face::ALL.iter().try_for_each(|f| metrics(*f).map(|_| ()))
}

/// The width of `text` at `size` points.
pub fn width(face: Face, size: f32, text: &str) -> f32 {
    match metrics(face) {
        Ok(m) => text.chars().map(|c| m.advance(c)).sum::<f32>() * size,
        Err(_) => text.chars().count() as f32 * 0.6 * size,
    }
}

/// The height above the baseline of the tallest letters, at `size`.
pub fn ascent(face: Face, size: f32) -> f32 {
    metrics(face).map_or(0.8, |m| m.ascender) * size
}

/// The depth below the baseline, at `size` (positive).
pub fn descent(face: Face, size: f32) -> f32 {
    metrics(face).map_or(0.2, |m| -m.descender) * size
}

/// Break `text` into lines no wider than `max` points. Words longer than a line are broken
/// between characters. Explicit line breaks are kept.
pub fn wrap(face: Face, size: f32, text: &str, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        for word in para.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_string()
            } else {
                format!("{line} {word}")
            };
            if width(face, size, &candidate) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line: break it.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(face, size, &piece) > max && piece.chars().count() > 1 {
                    let last = piece.pop().unwrap_or(' ');
                    lines.push(std::mem::take(&mut piece));
                    piece.push(last);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fonts_load_and_measure() {
        check_fonts().unwrap();
        let w = width(Face::Regular, 10.0, "Quadratus lumborum");
        assert!((70.0..130.0).contains(&w), "{w}");
        assert!(width(Face::Bold, 10.0, "Wide") > width(Face::Regular, 10.0, "Wide"));
    }

    #[test]
    fn wrapping_keeps_every_word_and_fits_the_width() {
        let text =
            "Steady pressure for ten to thirty seconds until the knot releases, a good pain.";
        let lines = wrap(Face::Regular, 11.0, text, 120.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(width(Face::Regular, 11.0, l) <= 120.0, "{l}");
        }
        assert_eq!(lines.join(" "), text);
        let long = wrap(Face::Regular, 11.0, &"x".repeat(200), 100.0);
        assert!(long.iter().all(|l| width(Face::Regular, 11.0, l) <= 100.0));
        assert_eq!(long.concat().len(), 200);
    }
}
