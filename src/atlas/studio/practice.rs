//! The practice profile: the practice's name and contact, its logo and its paper size, shown in
//! the presenter corner, on the title and on every handout.
//!
//! ```text
//! Practice(name: "Peachtree NMT", therapist: "Dana Reyes, LMT", phone: "404 555 0100",
//!          email: "hello@example.com", website: "example.com", address: "Atlanta, GA",
//!          logo: "logo.png", paper: Letter)
//! ```
//!
//! Only `name` is required. `logo` is a PNG, relative to the folder of `practice.ron`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::logo::{Logo, read_logo};
use crate::atlas::LoadError;
use crate::atlas::diag::{Diagnostic, Diagnostics};
use crate::atlas::load::{MAX_FILE_BYTES, decode, parse_ron_with};
use crate::atlas::validate::{Locator, Step};

/// The paper handouts are printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Paper {
    /// US Letter, 8.5 × 11 in: the default (the practice is in the US).
    #[default]
    Letter,
    /// ISO A4, 210 × 297 mm.
    A4,
}

impl Paper {
    /// Width and height in PDF points (1/72 in).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::Letter => (612.0, 792.0),
            Paper::A4 => (595.28, 841.89),
        }
    }

    pub fn parse(s: &str) -> Option<Paper> {
        match s.to_ascii_lowercase().as_str() {
            "letter" | "us-letter" => Some(Paper::Letter),
            "a4" => Some(Paper::A4),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Paper::Letter => "letter",
            Paper::A4 => "a4",
        }
    }
}

/// The practice's profile.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Practice {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub therapist: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<Paper>,
    /// The checked logo, read when the file was loaded (not part of the file).
    #[serde(skip)]
    pub logo_image: Option<Logo>,
}

/// The longest a name may be, and any other field.
pub const MAX_NAME: usize = 80;
pub const MAX_FIELD: usize = 200;

impl Practice {
    /// The contact details, in print order, leaving out the empty ones.
    pub fn contact(&self) -> Vec<&str> {
        [
            &self.therapist,
            &self.phone,
            &self.email,
            &self.website,
            &self.address,
        ]
        .into_iter()
        .filter_map(|f| f.as_deref())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
    }

    /// One line of contact details: "Dana Reyes, LMT · 404 555 0100 · hello@example.com".
    pub fn contact_line(&self) -> String {
        self.contact().join(" · ")
    }

    pub fn paper(&self) -> Paper {
        self.paper.unwrap_or_default()
    }

    /// The file as RON, for Settings to save.
    pub fn to_ron(&self) -> String {
        let pretty = ron::ser::PrettyConfig::new()
            .struct_names(true)
            .extensions(ron::extensions::Extensions::IMPLICIT_SOME);
        ron::ser::to_string_pretty(self, pretty)
            .unwrap_or_else(|_| format!("Practice(name: {:?})", self.name))
            + "\n"
    }
}

/// Where the practice profile lives: `$XDG_CONFIG_HOME/trigger-atlas/practice.ron` on Linux.
pub fn practice_path() -> Option<PathBuf> {
    crate::atlas::files::project_dirs().map(|d| d.config_dir().join("practice.ron"))
}

/// Parse and check a practice file. `folder` is where a relative `logo` is looked for; without
/// it the logo is not read.
pub fn parse_practice(
    file: &str,
    bytes: &[u8],
    folder: Option<&Path>,
) -> Result<Practice, Diagnostics> {
    let text = decode(file, bytes)?;
    let mut practice: Practice =
        parse_ron_with(file, text, ron::extensions::Extensions::IMPLICIT_SOME)?;
    let loc = Locator::new(file, text);
    let mut problems = Vec::new();
    let f = |name: &'static str| [Step::Field(name)];
    if practice.name.trim().is_empty() {
        problems.push(
            loc.error(&f("name"), "the practice has no name")
                .with_help("write the name clients know you by, e.g. `name: \"Peachtree NMT\"`"),
        );
    } else if practice.name.chars().count() > MAX_NAME {
        problems.push(
            loc.error(
                &f("name"),
                format!("the name is longer than {MAX_NAME} characters"),
            )
            .with_help("use the short name; the contact fields hold the rest"),
        );
    }
    let fields = [
        ("therapist", &practice.therapist),
        ("phone", &practice.phone),
        ("email", &practice.email),
        ("website", &practice.website),
        ("address", &practice.address),
        ("logo", &practice.logo),
    ];
    for (name, value) in fields {
        if let Some(v) = value {
            if v.chars().count() > MAX_FIELD {
                problems.push(
                    loc.error(
                        &f(name),
                        format!("`{name}` is longer than {MAX_FIELD} characters"),
                    )
                    .with_help("shorten it so that it fits on one line of a handout"),
                );
            } else if v.contains('\n') {
                problems.push(
                    loc.error(&f(name), format!("`{name}` holds a line break"))
                        .with_help("write it on one line; handouts print it on one line"),
                );
            }
        }
    }
    if let Some(email) = practice.email.as_deref().map(str::trim)
        && !email.is_empty()
        && !email.contains('@')
    {
        problems.push(
            loc.error(&f("email"), format!("`{email}` is not an email address"))
                .with_help("write it as name@example.com, or leave `email` out"),
        );
    }
    if let (Some(logo), Some(folder)) = (practice.logo.as_deref(), folder)
        && problems.is_empty()
    {
        let path = folder.join(logo);
        match read_logo(&path) {
            Ok(image) => practice.logo_image = Some(image),
            Err(e) => problems.push(
                loc.error(
                    &f("logo"),
                    format!("the logo {}: {}", path.display(), e.message),
                )
                .with_help(e.help),
            ),
        }
    }
    if problems.is_empty() {
        Ok(practice)
    } else {
        Err(Diagnostics(problems))
    }
}

/// Load the practice profile at `path`. A missing file is `Ok(None)`: the app runs unbranded.
pub fn load_practice(path: &Path) -> Result<Option<Practice>, LoadError> {
    let io = |error| LoadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io(e)),
    };
    let file = path.display().to_string();
    if meta.len() > MAX_FILE_BYTES {
        return Err(LoadError::Invalid(Diagnostics(vec![
            Diagnostic::at_location(
                &file,
                "",
                crate::atlas::Location { line: 1, column: 1 },
                "the file is far too large for a practice profile",
            )
            .with_help("practice.ron holds a few lines: check that this is the right file"),
        ])));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let folder = path.parent().unwrap_or(Path::new("."));
    parse_practice(&file, &bytes, Some(folder))
        .map(Some)
        .map_err(LoadError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_name_is_required_and_options_need_no_some() {
        let p = parse_practice("p.ron", br#"Practice(name: "Peachtree NMT")"#, None).unwrap();
        assert_eq!(p.name, "Peachtree NMT");
        assert_eq!(p.paper(), Paper::Letter);
        let p = parse_practice(
            "p.ron",
            br#"Practice(name: "P", phone: "404 555 0100", paper: A4)"#,
            None,
        )
        .unwrap();
        assert_eq!(p.phone.as_deref(), Some("404 555 0100"));
        assert_eq!(p.paper(), Paper::A4);
        assert_eq!(p.contact_line(), "404 555 0100");
    }

    #[test]
    fn a_written_profile_reads_back() {
        let p = Practice {
            name: "Peachtree NMT".into(),
            email: Some("a@b.c".into()),
            paper: Some(Paper::A4),
            ..Practice::default()
        };
        let again = parse_practice("p.ron", p.to_ron().as_bytes(), None).unwrap();
        assert_eq!(again, p);
    }

    #[test]
    fn problems_are_located() {
        let e = parse_practice("p.ron", b"Practice(\n  name: \"  \",\n)", None).unwrap_err();
        assert!(e.to_string().contains("p.ron:2:9"), "{e}");
        let e = parse_practice("p.ron", b"Practice(name: \"P\", paper: Legal)", None).unwrap_err();
        assert!(e.to_string().contains("unknown value `Legal`"), "{e}");
    }

    #[test]
    fn a_missing_file_is_unbranded_not_an_error() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            load_practice(&dir.path().join("practice.ron")).unwrap(),
            None
        );
    }
}
