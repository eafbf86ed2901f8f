//! Loading an atlas: bytes -> text -> RON -> validated [`Atlas`], or every problem found.

use std::path::{Path, PathBuf};

use super::diag::{Diagnostic, Diagnostics, Location};
use super::model::Atlas;
use super::validate::validate;

/// The atlas that ships with the app, built in so that the binary works from anywhere.
pub const SHIPPED_ATLAS: &str = include_str!("../../../data/atlas.ron");

/// Why an atlas could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    /// The file could not be read (missing, unreadable).
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The file was read but is not a valid atlas.
    Invalid(Diagnostics),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoadError::Io { path, error } => {
                write!(f, "error: cannot read atlas {}: {error}", path.display())?;
                if error.kind() == std::io::ErrorKind::NotFound {
                    write!(
                        f,
                        "\n  = help: check the path, or leave out --atlas to use the shipped atlas"
                    )?;
                }
                Ok(())
            }
            LoadError::Invalid(d) => d.fmt(f),
        }
    }
}

impl std::error::Error for LoadError {}

/// Files larger than this are refused before reading: an atlas is a few hundred kilobytes, so
/// anything this big is the wrong file (and would take seconds to parse).
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn too_big(file: &str, len: u64) -> Diagnostics {
    Diagnostics(vec![
        Diagnostic::at_location(
            file,
            "",
            Location { line: 1, column: 1 },
            format!(
                "the file is {:.1} MB, too large for an atlas (the limit is {} MB)",
                len as f64 / 1e6,
                MAX_FILE_BYTES / 1024 / 1024
            ),
        )
        .with_help("an atlas is normally well under 1 MB: check that this is the right file"),
    ])
}

/// Read and validate the atlas at `path`.
pub fn load_path(path: &Path) -> Result<Atlas, LoadError> {
    let io = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let len = std::fs::metadata(path).map_err(io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(LoadError::Invalid(too_big(
            &path.display().to_string(),
            len,
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    parse_atlas(&path.display().to_string(), &bytes).map_err(LoadError::Invalid)
}

/// Parse and validate an atlas from raw bytes. `file` names it in messages.
///
/// Never panics: every problem becomes a [`Diagnostic`], and an atlas is returned only when
/// there are none.
pub fn parse_atlas(file: &str, bytes: &[u8]) -> Result<Atlas, Diagnostics> {
    let text = decode(file, bytes)?;
    let atlas: Atlas = parse_ron(file, text)?;
    let problems = validate(&atlas, file, text);
    if problems.is_empty() {
        Ok(atlas)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Bytes to UTF-8 text, refusing empty files, with a located error for invalid UTF-8.
pub fn decode<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostics> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(file, bytes.len() as u64));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
            let location = Location::of_offset(good, good.len());
            let kind = if bytes.contains(&0) {
                "binary data"
            } else {
                "text that is not UTF-8"
            };
            return Err(Diagnostics(vec![
                Diagnostic::at_location(
                    file,
                    good,
                    location,
                    format!(
                        "the file holds {kind} (invalid byte 0x{:02X} at byte {})",
                        bytes[e.valid_up_to()],
                        e.valid_up_to()
                    ),
                )
                .with_help("save the file as UTF-8 text; RON files are plain text"),
            ]));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if is_blank(text) {
        let what = if text.is_empty() {
            "the file is empty"
        } else {
            "the file holds only whitespace or comments"
        };
        return Err(Diagnostics(vec![
            Diagnostic::at_location(file, text, Location { line: 1, column: 1 }, what).with_help(
                "the file was probably cut short while saving; restore it from version control \
                 or write it out again",
            ),
        ]));
    }
    Ok(text)
}

/// True when `text` has nothing but whitespace and comments.
fn is_blank(text: &str) -> bool {
    let mut rest = text.trim_start();
    loop {
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else {
            return rest.is_empty();
        }
    }
}

/// Deserialize RON text into `T`, turning the parser's error into a located diagnostic.
pub fn parse_ron<T: serde::de::DeserializeOwned>(file: &str, text: &str) -> Result<T, Diagnostics> {
    parse_ron_with(file, text, ron::extensions::Extensions::empty())
}

/// [`parse_ron`] with RON extensions: `IMPLICIT_SOME` lets a hand-written file say
/// `phone: "404 555 0100"` for an optional field instead of `phone: Some("404 555 0100")`.
pub fn parse_ron_with<T: serde::de::DeserializeOwned>(
    file: &str,
    text: &str,
    extensions: ron::extensions::Extensions,
) -> Result<T, Diagnostics> {
    let options = ron::Options::default()
        .with_recursion_limit(64)
        .with_default_extension(extensions);
    options.from_str::<T>(text).map_err(|e| {
        let start = e.span.start;
        let location = if start.line == 0 {
            Location { line: 1, column: 1 }
        } else {
            Location {
                line: start.line,
                column: start.col.max(1),
            }
        };
        let (mut message, mut help) = describe_ron_error(&e.code);
        // An error where the text runs out is a file cut short (an editor's half-written save),
        // whatever the parser expected next.
        let end = Location::of_offset(text, text.trim_end().len());
        if location >= end && !matches!(e.code, ron::Error::TrailingCharacters) {
            message = format!("the file ends too early ({message})");
            help = Some(
                "the file looks cut short, perhaps by a half-finished save; restore it or finish it"
                    .into(),
            );
        }
        let mut d = Diagnostic::at_location(file, text, location, message);
        d.help = help;
        Diagnostics(vec![d])
    })
}

/// A readable message and, where we can tell, a fix for a RON error.
fn describe_ron_error(code: &ron::Error) -> (String, Option<String>) {
    use ron::Error as E;
    match code {
        E::Eof => (
            "the file ends too early".into(),
            Some(
                "a bracket or parenthesis is not closed; the file may have been cut short \
                 while saving"
                    .into(),
            ),
        ),
        E::MissingStructField { field, outer } => (
            format!(
                "missing field `{field}`{}",
                outer
                    .as_ref()
                    .map(|o| format!(" in `{o}`"))
                    .unwrap_or_default()
            ),
            Some(format!("add `{field}: ...` to it")),
        ),
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            let suggestion = super::diag::suggest(found, expected.iter().copied());
            (
                format!(
                    "unknown field `{found}`{}",
                    outer
                        .as_ref()
                        .map(|o| format!(" in `{o}`"))
                        .unwrap_or_default()
                ),
                Some(match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("the fields are: {}", expected.join(", ")),
                }),
            )
        }
        E::ExceededRecursionLimit => (
            "the data is nested too deeply".into(),
            Some(
                "an atlas needs only a few levels of brackets; check for runaway `[` or `(`".into(),
            ),
        ),
        E::NoSuchEnumVariant {
            expected, found, ..
        } => {
            let suggestion = super::diag::suggest(found, expected.iter().copied());
            (
                format!("unknown value `{found}`"),
                Some(match suggestion {
                    Some(s) if s != found => format!("did you mean `{s}`?"),
                    _ => format!("use one of: {}", expected.join(", ")),
                }),
            )
        }
        E::DuplicateStructField { field, .. } => (
            format!("field `{field}` is given twice"),
            Some("keep one of them".into()),
        ),
        E::ExpectedStringEnd => (
            "a string is not closed".into(),
            Some("add the closing `\"`; if the file was cut short while saving, restore it".into()),
        ),
        E::ExpectedComma => (
            "expected a comma here".into(),
            Some("a `,` is missing before this, probably at the end of the previous line".into()),
        ),
        E::ExpectedArray => (
            "expected a list in brackets".into(),
            Some("write a list as `[\"temple\", \"occiput\"]`, even for one item".into()),
        ),
        E::ExpectedString => (
            "expected a string in double quotes".into(),
            Some("write text as \"...\"".into()),
        ),
        E::ExpectedFloat | E::ExpectedInteger => (
            lower_first(&code.to_string()),
            Some("write a plain number such as `0.25` or `7`".into()),
        ),
        E::IntegerOutOfBounds => (
            "number out of range".into(),
            Some("`weight` is 1 to 10; coordinates are fractions of body height".into()),
        ),
        E::InvalidValueForType { expected, found } => {
            (format!("expected {expected} but found {found}"), None)
        }
        E::TrailingCharacters => (
            "unexpected text after the end of the atlas".into(),
            Some("the atlas is one `Atlas(...)`; remove what follows its closing `)`".into()),
        ),
        E::UnclosedBlockComment => (
            "a `/*` comment is never closed".into(),
            Some("add `*/` where the comment ends".into()),
        ),
        other => (lower_first(&other.to_string()), None),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Where the shipped atlas lives on disk, if we can find it: `$TRIGGER_ATLAS_DATA`, then
/// `data/atlas.ron` beside the executable or any folder above it, then the source tree the
/// binary was built from.
pub fn find_shipped_atlas() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("TRIGGER_ATLAS_DATA") {
        let p = PathBuf::from(dir).join("atlas.ron");
        if p.is_file() {
            return Some(p);
        }
    }
    if let Ok(exe) = std::env::current_exe() {
        for dir in exe.ancestors().skip(1) {
            let p = dir.join("data").join("atlas.ron");
            if p.is_file() {
                return Some(p);
            }
        }
    }
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/atlas.ron");
    p.is_file().then_some(p)
}

/// The shipped atlas: from disk where found (so edits show), else the built-in copy.
pub fn load_shipped() -> Result<(Atlas, String), LoadError> {
    match find_shipped_atlas() {
        Some(p) => load_path(&p).map(|a| (a, p.display().to_string())),
        None => parse_atlas("<built-in atlas.ron>", SHIPPED_ATLAS.as_bytes())
            .map(|a| (a, "<built-in atlas.ron>".to_string()))
            .map_err(LoadError::Invalid),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_blank_files_are_named_as_such() {
        let e = parse_atlas("a.ron", b"").unwrap_err();
        assert_eq!(e.first().headline(), "a.ron:1:1: the file is empty");
        let e = parse_atlas("a.ron", b"  \n // nothing\n").unwrap_err();
        assert!(e.first().message.contains("only whitespace or comments"));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = parse_atlas("a.ron", b"Atlas(\n  \xff\xfe").unwrap_err();
        let d = e.first();
        assert_eq!((d.location.line, d.location.column), (2, 3));
        assert!(d.message.contains("not UTF-8"), "{}", d.message);
    }

    #[test]
    fn the_built_in_atlas_is_valid() {
        let atlas = parse_atlas("atlas.ron", SHIPPED_ATLAS.as_bytes()).unwrap();
        assert!(!atlas.points.is_empty());
    }
}
