//! Client records: a client's pain drawing, the points the therapist chose, a short note, the
//! client's name or initials and the date, one RON file per record in the user's data folder.
//!
//! Records are health data. They stay on this computer: nothing here (or anywhere in the app)
//! opens a network connection. Files are readable by the user only (0600) in a folder only the
//! user may enter (0700); every save goes through [`crate::atlas::files::write_atomically`], so
//! a crash or a full disk leaves the old record or the new one, never half of one. Each file
//! carries a schema version, so that a later version of the app can read it and an older one
//! says clearly that it cannot.
//!
//! ```text
//! Record(
//!     schema: 1,
//!     client: "J. D.",
//!     date: "2026-12-01",
//!     drawing: Drawing(strokes: [Stroke(view: Back, radius: 0.012, points: [(0.03, 0.6)])]),
//!     points: [Chosen(id: "quadratus-lumborum-deep-cranial", side: Some(left))],
//!     note: "Left low back after gardening.",
//! )
//! ```

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::atlas::diag::{Diagnostic, Diagnostics, Location};
use crate::atlas::drawing::{Drawing, validate_drawing_at};
use crate::atlas::files::write_atomically_with_mode;
use crate::atlas::load::{decode, parse_ron};
use crate::atlas::model::Side;
use crate::atlas::validate::{Locator, Step};

/// The schema this version writes and reads.
pub const SCHEMA: u32 = 1;

/// One client record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub schema: u32,
    /// Name or initials, as the client wishes.
    pub client: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub drawing: Drawing,
    /// The trigger points the therapist chose, with their side.
    #[serde(default)]
    pub points: Vec<Chosen>,
    /// A short therapist's note.
    #[serde(default)]
    pub note: String,
}

/// A chosen trigger point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chosen {
    pub id: String,
    #[serde(default)]
    pub side: Option<Side>,
}

/// Just the schema of a record, read before the rest (a newer file may have fields we lack).
#[derive(Deserialize)]
#[serde(rename = "Record")]
struct Head {
    schema: u32,
}

/// A record in a list: its id (the file name without `.ron`) and what to show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub id: String,
    pub client: String,
    pub date: String,
    pub points: Vec<String>,
    pub strokes: usize,
    pub note: String,
}

/// What went wrong with the records.
#[derive(Debug)]
pub enum RecordError {
    /// A record file that is not a valid record (located diagnostics).
    Invalid(Diagnostics),
    /// No such record.
    NotFound(String),
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RecordError::Invalid(d) => write!(f, "{d}"),
            RecordError::NotFound(id) => write!(f, "error: no client record `{id}`"),
            RecordError::Io { path, error } => {
                write!(
                    f,
                    "error: cannot use the record {}: {}",
                    path.display(),
                    plain(error)
                )
            }
        }
    }
}

/// An I/O error in words a person can act on.
fn plain(e: &std::io::Error) -> String {
    match e.raw_os_error() {
        Some(28) => "the disk is full; free some space and save again".to_string(),
        Some(30) => "the folder is read-only".to_string(),
        _ => e.to_string(),
    }
}

/// Today's date as `YYYY-MM-DD` (UTC), without a date crate: days since 1970 to a civil date.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let days = (secs / 86_400) as i64;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Parse and check a record file.
pub fn parse_record(file: &str, bytes: &[u8]) -> Result<Record, Diagnostics> {
    let text = decode(file, bytes)?;
    // The schema first: a newer file gets a clear message, not "unknown field".
    if let Ok(head) = ron::Options::default()
        .with_recursion_limit(64)
        .from_str::<Head>(text)
        && head.schema > SCHEMA
    {
        let at = text.find("schema").unwrap_or(0);
        return Err(Diagnostics(vec![
            Diagnostic::at_location(
                file,
                text,
                Location::of_offset(text, at),
                format!(
                    "this record was saved by a newer version of Trigger Atlas (schema {}, this version reads up to {SCHEMA})",
                    head.schema
                ),
            )
            .with_help("open it with the newer version; it is left as it is"),
        ]));
    }
    let record: Record = parse_ron(file, text)?;
    let loc = Locator::new(file, text);
    let mut problems = Vec::new();
    if record.schema == 0 {
        problems.push(
            loc.error(&[Step::Field("schema")], "schema 0 is not a record schema")
                .with_help(format!(
                    "records written by this version have `schema: {SCHEMA}`"
                )),
        );
    }
    if record.client.trim().is_empty() {
        problems.push(
            loc.error(&[Step::Field("client")], "the record names no client")
                .with_help("write the client's name or initials, e.g. `client: \"J. D.\"`"),
        );
    }
    if !is_date(&record.date) {
        problems.push(
            loc.error(
                &[Step::Field("date")],
                format!("`{}` is not a date", record.date),
            )
            .with_help("write the date as YYYY-MM-DD, e.g. `date: \"2026-12-01\"`"),
        );
    }
    problems.extend(validate_drawing_at(
        &record.drawing,
        &loc,
        &[Step::Field("drawing")],
    ));
    if problems.is_empty() {
        Ok(record)
    } else {
        problems.sort_by_key(|d| d.location);
        Err(Diagnostics(problems))
    }
}

impl Record {
    /// A record of today for `client`.
    pub fn new(client: &str, drawing: Drawing, points: Vec<Chosen>, note: &str) -> Self {
        Record {
            schema: SCHEMA,
            client: client.trim().to_string(),
            date: today(),
            drawing,
            points,
            note: note.trim().to_string(),
        }
    }

    /// The record as RON text.
    pub fn to_ron(&self) -> String {
        let config = ron::ser::PrettyConfig::new().struct_names(true);
        ron::ser::to_string_pretty(self, config).unwrap_or_default() + "\n"
    }

    pub fn summary(&self, id: &str) -> Summary {
        Summary {
            id: id.to_string(),
            client: self.client.clone(),
            date: self.date.clone(),
            points: self.points.iter().map(|p| p.id.clone()).collect(),
            strokes: self.drawing.strokes.len(),
            note: self.note.clone(),
        }
    }
}

/// The folder of client records.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordStore {
    pub dir: PathBuf,
}

/// A record id is a file name without `.ron`: letters, digits and `-` only.
pub fn is_record_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    let out: String = out.chars().take(24).collect();
    if out.is_empty() {
        "client".to_string()
    } else {
        out
    }
}

impl RecordStore {
    /// The records folder: `$TRIGGER_ATLAS_RECORDS` when set, else `records/` in the user's data
    /// folder (`$XDG_DATA_HOME/trigger-atlas/records` on Linux).
    pub fn default_dir() -> Option<PathBuf> {
        if let Some(dir) = std::env::var_os("TRIGGER_ATLAS_RECORDS") {
            return Some(PathBuf::from(dir));
        }
        crate::atlas::files::project_dirs().map(|d| d.data_dir().join("records"))
    }

    pub fn new(dir: impl Into<PathBuf>) -> Self {
        RecordStore { dir: dir.into() }
    }

    /// The default store, if the system has a data folder.
    pub fn open_default() -> Option<Self> {
        Self::default_dir().map(Self::new)
    }

    /// Make the folder (only the user may enter it).
    fn ensure_dir(&self) -> Result<(), RecordError> {
        let io = |error| RecordError::Io {
            path: self.dir.clone(),
            error,
        };
        std::fs::create_dir_all(&self.dir).map_err(io)?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700))
                .map_err(io)?;
        }
        Ok(())
    }

    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.ron"))
    }

    /// Every record, newest first, and the files that could not be read (each with why).
    pub fn list(&self) -> (Vec<Summary>, Vec<RecordError>) {
        let mut ok = Vec::new();
        let mut bad = Vec::new();
        let entries = match std::fs::read_dir(&self.dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (ok, bad),
            Err(error) => {
                bad.push(RecordError::Io {
                    path: self.dir.clone(),
                    error,
                });
                return (ok, bad);
            }
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(id) = path
                .file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_suffix(".ron"))
            else {
                continue;
            };
            // Temporary files of a save in progress (or of one killed) are hidden.
            if !is_record_id(id) {
                continue;
            }
            match self.load(id) {
                Ok(r) => ok.push(r.summary(id)),
                Err(e) => bad.push(e),
            }
        }
        ok.sort_by(|a: &Summary, b: &Summary| b.date.cmp(&a.date).then(b.id.cmp(&a.id)));
        (ok, bad)
    }

    pub fn load(&self, id: &str) -> Result<Record, RecordError> {
        if !is_record_id(id) {
            return Err(RecordError::NotFound(id.to_string()));
        }
        let path = self.path(id);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(RecordError::NotFound(id.to_string()));
            }
            Err(error) => return Err(RecordError::Io { path, error }),
        };
        parse_record(&path.display().to_string(), &bytes).map_err(RecordError::Invalid)
    }

    /// A fresh id for a new record of `record.client`.
    pub fn fresh_id(&self, record: &Record) -> String {
        let base = format!("{}-{}", record.date, slug(&record.client));
        if !self.path(&base).exists() {
            return base;
        }
        (2..)
            .map(|n| format!("{base}-{n}"))
            .find(|id| !self.path(id).exists())
            .expect("some number is free")
    }

    /// Save a new record; returns its id.
    pub fn create(&self, record: &Record) -> Result<String, RecordError> {
        self.ensure_dir()?;
        let id = self.fresh_id(record);
        self.write(&id, record, None)?;
        Ok(id)
    }

    /// Save over the record `id` (atomically: the old one stays until the new one is whole).
    pub fn save(&self, id: &str, record: &Record) -> Result<(), RecordError> {
        if !is_record_id(id) {
            return Err(RecordError::NotFound(id.to_string()));
        }
        self.ensure_dir()?;
        self.write(id, record, None)
    }

    /// [`RecordStore::save`] whose write fails after `fail_after` bytes, for tests of a failing
    /// disk: the old record must be left whole.
    #[doc(hidden)]
    pub fn save_failing_after(
        &self,
        id: &str,
        record: &Record,
        fail_after: usize,
    ) -> Result<(), RecordError> {
        self.ensure_dir()?;
        self.write(id, record, Some(fail_after))
    }

    fn write(
        &self,
        id: &str,
        record: &Record,
        fail_after: Option<usize>,
    ) -> Result<(), RecordError> {
        let path = self.path(id);
        let text = record.to_ron();
        // For the kill test: write half, pause, then the rest, so that a test can kill the
        // process in the middle of a save.
        let pause = std::env::var("TRIGGER_ATLAS_TEST_PAUSE_MID_WRITE_MS")
            .ok()
            .and_then(|v| v.parse::<u64>().ok());
        write_atomically_with_mode(&path, true, 0o600, |w: &mut dyn Write| match fail_after {
            None if pause.is_some() => {
                let half = text.len() / 2;
                w.write_all(&text.as_bytes()[..half])?;
                w.flush()?;
                std::thread::sleep(std::time::Duration::from_millis(pause.unwrap_or(0)));
                w.write_all(&text.as_bytes()[half..])
            }
            None => w.write_all(text.as_bytes()),
            Some(n) => {
                w.write_all(&text.as_bytes()[..n.min(text.len())])?;
                Err(std::io::Error::other("injected write failure"))
            }
        })
        .map_err(|error| RecordError::Io { path, error })
    }

    /// Give a record a new client name.
    pub fn rename(&self, id: &str, client: &str) -> Result<(), RecordError> {
        let mut r = self.load(id)?;
        r.client = client.trim().to_string();
        self.save(id, &r)
    }

    /// Delete a record: its file goes.
    pub fn delete(&self, id: &str) -> Result<(), RecordError> {
        if !is_record_id(id) {
            return Err(RecordError::NotFound(id.to_string()));
        }
        let path = self.path(id);
        match std::fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(RecordError::NotFound(id.to_string()))
            }
            Err(error) => Err(RecordError::Io { path, error }),
        }
    }
}

/// The folder as shown to people.
pub fn describe(dir: &Path) -> String {
    dir.display().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::atlas::drawing::StrokeView;

    fn record() -> Record {
        Record::new(
            "J. D.",
            Drawing::tap(StrokeView::Back, (0.03, 0.6)),
            vec![Chosen {
                id: "quadratus-lumborum-deep-cranial".into(),
                side: Some(Side::Left),
            }],
            "Left low back after gardening.",
        )
    }

    #[test]
    fn records_save_list_reopen_rename_and_delete() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecordStore::new(dir.path().join("records"));
        let id = store.create(&record()).unwrap();
        assert!(id.ends_with("-j-d"), "{id}");
        let again = store.create(&record()).unwrap();
        assert_eq!(again, format!("{id}-2"));
        assert_eq!(
            store.load(&id).unwrap(),
            record_with_date(&store.load(&id).unwrap())
        );
        store.rename(&id, "Jane Doe").unwrap();
        assert_eq!(store.load(&id).unwrap().client, "Jane Doe");
        let (list, bad) = store.list();
        assert_eq!(list.len(), 2);
        assert!(bad.is_empty());
        store.delete(&id).unwrap();
        assert!(!store.path(&id).exists());
        assert!(matches!(store.load(&id), Err(RecordError::NotFound(_))));
        assert_eq!(store.list().0.len(), 1);
    }

    fn record_with_date(r: &Record) -> Record {
        Record {
            date: r.date.clone(),
            ..record()
        }
    }

    #[cfg(unix)]
    #[test]
    fn records_are_for_the_user_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let store = RecordStore::new(dir.path().join("records"));
        let id = store.create(&record()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store.path(&id)), 0o600);
        assert_eq!(mode(&store.dir), 0o700);
    }

    #[test]
    fn the_file_reads_back_and_names_its_schema() {
        let r = record();
        let text = r.to_ron();
        assert!(text.starts_with("Record("), "{text}");
        assert!(text.contains("schema: 1"), "{text}");
        assert_eq!(parse_record("r.ron", text.as_bytes()).unwrap(), r);
    }

    #[test]
    fn a_newer_schema_gets_a_clear_message() {
        let text = record().to_ron().replace("schema: 1", "schema: 7");
        let text = text.replace("note:", "mood: \"fine\",\n    note:");
        let e = parse_record("new.ron", text.as_bytes())
            .unwrap_err()
            .to_string();
        assert!(e.contains("newer version"), "{e}");
        assert!(e.contains("new.ron:2:"), "{e}");
    }

    #[test]
    fn a_failed_save_keeps_the_old_record_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecordStore::new(dir.path());
        let id = store.create(&record()).unwrap();
        let before = std::fs::read(store.path(&id)).unwrap();
        let mut changed = record();
        changed.note = "A new note".into();
        let e = store.save_failing_after(&id, &changed, 20).unwrap_err();
        assert!(e.to_string().contains("injected"), "{e}");
        assert_eq!(std::fs::read(store.path(&id)).unwrap(), before);
        // Nothing else is left in the folder.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn dates_are_civil_dates() {
        let t = today();
        assert!(is_date(&t), "{t}");
        assert!(t.as_str() >= "2024-01-01");
    }
}
