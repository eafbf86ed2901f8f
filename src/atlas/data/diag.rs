//! Diagnostics: what is wrong in a data file, where (file:line:column) and how to fix it.

use std::fmt;

/// A position in a source file, 1-based, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub line: usize,
    pub column: usize,
}

impl Location {
    /// The line and column of a byte offset in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = 1 + before.bytes().filter(|&b| b == b'\n').count();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = 1 + before[line_start..].chars().count();
        Location { line, column }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One problem in a data file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    pub location: Location,
    /// Length of the offending text in characters (at least 1), for the caret line.
    pub width: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where we can tell.
    pub help: Option<String>,
    /// The source line, for display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at a byte range of `text`.
    pub fn at(
        file: &str,
        text: &str,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
    ) -> Self {
        let location = Location::of_offset(text, span.start);
        let end = floor_char_boundary(text, span.end.min(text.len()));
        let start = floor_char_boundary(text, span.start.min(end));
        let covered = &text[start..end];
        let width = covered
            .split('\n')
            .next()
            .map_or(1, |s| s.chars().count())
            .max(1);
        let source_line = text
            .lines()
            .nth(location.line - 1)
            .map(|l| l.trim_end().to_string());
        Diagnostic {
            file: file.to_string(),
            location,
            width,
            message: message.into(),
            help: None,
            source_line,
        }
    }

    /// A diagnostic at a line and column (from the RON parser).
    pub fn at_location(
        file: &str,
        text: &str,
        location: Location,
        message: impl Into<String>,
    ) -> Self {
        let source_line = text
            .lines()
            .nth(location.line.saturating_sub(1))
            .map(|l| l.trim_end().to_string());
        Diagnostic {
            file: file.to_string(),
            location,
            width: 1,
            message: message.into(),
            help: None,
            source_line,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column: message`, the first line of the full report.
    pub fn headline(&self) -> String {
        format!(
            "{}:{}:{}: {}",
            self.file, self.location.line, self.location.column, self.message
        )
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", self.headline())?;
        if let Some(line) = &self.source_line {
            let number = self.location.line.to_string();
            let pad = " ".repeat(number.len());
            // Show tabs as single spaces so that the caret lines up.
            let shown: String = line
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            let visible = shown.chars().count();
            let col = (self.location.column - 1).min(visible);
            let width = self.width.min(visible.saturating_sub(col)).max(1);
            writeln!(f, "{pad} | {}{}", " ".repeat(col), "^".repeat(width))?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// Every problem found in one file. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> &Diagnostic {
        &self.0[0]
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{} error{} in {}",
            n,
            if n == 1 { "" } else { "s" },
            self.0.first().map_or("", |d| d.file.as_str())
        )
    }
}

impl std::error::Error for Diagnostics {}

/// The closest candidate to `wanted`, if one is close enough to be a likely typo.
pub fn suggest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let norm = |s: &str| s.trim().to_lowercase().replace([' ', '-'], "_");
    let normalised = norm(wanted);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let nc = norm(c);
        if nc == normalised {
            return Some(c);
        }
        let d = strsim::levenshtein(&normalised, &nc);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let limit = (wanted.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "ab\ncdé\nf";
        assert_eq!(
            Location::of_offset(text, 0),
            Location { line: 1, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 3),
            Location { line: 2, column: 1 }
        );
        // 'f' comes after a two-byte character: its column counts characters.
        assert_eq!(
            Location::of_offset(text, 8),
            Location { line: 3, column: 1 }
        );
        assert_eq!(
            Location::of_offset(text, 5),
            Location { line: 2, column: 3 }
        );
    }

    #[test]
    fn suggestions_catch_typos_and_spaces() {
        let regions = ["temple", "forehead", "angle_of_jaw"];
        assert_eq!(suggest("temples", regions), Some("temple"));
        assert_eq!(suggest("angle of jaw", regions), Some("angle_of_jaw"));
        assert_eq!(suggest("kneecap", regions), None);
    }

    #[test]
    fn display_points_at_the_span() {
        let text = "x: [\"temples\"]\n";
        let d = Diagnostic::at("a.ron", text, 4..13, "unknown region `temples`")
            .with_help("did you mean `temple`?");
        let shown = d.to_string();
        assert!(
            shown.contains("a.ron:1:5: unknown region `temples`"),
            "{shown}"
        );
        assert!(shown.contains("    ^^^^^^^^^"), "{shown}");
        assert!(shown.contains("help: did you mean `temple`?"), "{shown}");
    }
}
