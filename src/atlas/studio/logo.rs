//! The practice's logo: a PNG, checked before anything decodes it. Its size in pixels is read
//! from the PNG header, so a tiny file that claims to be 100 000 × 100 000 pixels (a
//! decompression bomb) is refused without allocating its pixels.

use std::path::{Path, PathBuf};

/// Logos larger than this on disk are refused unread.
pub const MAX_LOGO_BYTES: u64 = 8 * 1024 * 1024;
/// The longest side of a logo, in pixels.
pub const MAX_LOGO_SIDE: u32 = 4096;
/// The most pixels a logo may have (4 bytes each once decoded: 64 MiB at most).
pub const MAX_LOGO_PIXELS: u64 = 16 * 1024 * 1024;

/// A logo that passed the checks: its bytes (still PNG) and its size in pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    pub path: PathBuf,
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Why a logo cannot be used.
#[derive(Debug, Clone, PartialEq)]
pub struct LogoError {
    pub path: PathBuf,
    pub message: String,
    pub help: String,
}

impl std::fmt::Display for LogoError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "error: the logo {}: {}\n  = help: {}",
            self.path.display(),
            self.message,
            self.help
        )
    }
}

const PNG_SIGNATURE: &[u8; 8] = b"\x89PNG\r\n\x1a\n";

/// Read and check the logo at `path`: it exists, is a PNG, and is of a sane size.
pub fn read_logo(path: &Path) -> Result<Logo, LogoError> {
    let fail = |message: String, help: &str| LogoError {
        path: path.to_path_buf(),
        message,
        help: help.to_string(),
    };
    let meta = std::fs::metadata(path).map_err(|e| {
        fail(
            format!("cannot read it: {e}"),
            "put the logo beside practice.ron, or give its full path in `logo:`",
        )
    })?;
    if meta.len() > MAX_LOGO_BYTES {
        return Err(fail(
            format!(
                "the file is {:.1} MB, larger than the {} MB allowed",
                meta.len() as f64 / 1e6,
                MAX_LOGO_BYTES / 1024 / 1024
            ),
            "save a smaller PNG, about 600 pixels wide",
        ));
    }
    let png = std::fs::read(path).map_err(|e| {
        fail(
            format!("cannot read it: {e}"),
            "check that the file is readable",
        )
    })?;
    let (width, height) = png_size(&png).ok_or_else(|| {
        fail(
            "it is not a PNG image".into(),
            "save the logo as a PNG file (other formats are not supported)",
        )
    })?;
    if width == 0
        || height == 0
        || width > MAX_LOGO_SIDE
        || height > MAX_LOGO_SIDE
        || u64::from(width) * u64::from(height) > MAX_LOGO_PIXELS
    {
        return Err(fail(
            format!("it claims to be {width} × {height} pixels, which is too large to use"),
            "save the logo at most 4096 pixels on its longest side (600 pixels is plenty)",
        ));
    }
    Ok(Logo {
        path: path.to_path_buf(),
        png,
        width,
        height,
    })
}

/// The width and height from a PNG's header chunk, without decoding anything.
pub fn png_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != PNG_SIGNATURE || &bytes[12..16] != b"IHDR" {
        return None;
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Some((be(&bytes[16..20]), be(&bytes[20..24])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(w: u32, h: u32) -> Vec<u8> {
        let mut v = PNG_SIGNATURE.to_vec();
        v.extend_from_slice(&13u32.to_be_bytes());
        v.extend_from_slice(b"IHDR");
        v.extend_from_slice(&w.to_be_bytes());
        v.extend_from_slice(&h.to_be_bytes());
        v.extend_from_slice(&[8, 6, 0, 0, 0]);
        v
    }

    #[test]
    fn the_size_comes_from_the_header() {
        assert_eq!(png_size(&header(600, 200)), Some((600, 200)));
        assert_eq!(png_size(b"GIF89a................."), None);
    }

    #[test]
    fn bombs_fakes_and_missing_files_are_refused_with_a_reason() {
        let dir = tempfile::tempdir().unwrap();
        let bomb = dir.path().join("bomb.png");
        std::fs::write(&bomb, header(100_000, 100_000)).unwrap();
        let e = read_logo(&bomb).unwrap_err();
        assert!(e.message.contains("100000 × 100000"), "{e}");
        let fake = dir.path().join("fake.png");
        std::fs::write(&fake, b"<svg></svg>").unwrap();
        assert!(read_logo(&fake).unwrap_err().message.contains("not a PNG"));
        let gone = read_logo(&dir.path().join("gone.png")).unwrap_err();
        assert!(gone.message.contains("cannot read"), "{gone}");
    }
}
