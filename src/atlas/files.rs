//! Writing files safely: to a temporary file beside the target, then into place, so that a
//! crash or a full disk never leaves half a file; and, where asked, never over an existing file.
//! Also the user's folders (pictures, config, data), from the `directories` crate.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Write through a temporary file in the same folder, then move it into place.
///
/// The one entry point for every file the app writes. The temporary file comes from
/// `tempfile` (a fresh name, removed whatever happens); the data is flushed and synced before it
/// is moved, and the folder is synced after, so a crash or a full disk leaves either the old file
/// or the new one, never half of one.
///
/// With `clobber`, an existing file is replaced atomically (rename). Without it, an existing
/// file is an error (`AlreadyExists`) and is left untouched (`persist_noclobber`).
pub fn write_atomically(
    path: &Path,
    clobber: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    write_atomically_with_mode(path, clobber, 0o666, write)
}

/// [`write_atomically`] with the file's permission bits (before the umask): `0o600` for files
/// only the user may read.
pub fn write_atomically_with_mode(
    path: &Path,
    clobber: bool,
    mode: u32,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = folder_of(path);
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let prefix = format!(".{}.", name.to_string_lossy());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    set_mode(&mut builder, mode);
    let mut temp = builder.tempfile_in(&dir)?;
    write(temp.as_file_mut())?;
    temp.as_file_mut().flush()?;
    temp.as_file().sync_all()?;
    let persisted = if clobber {
        temp.persist(path)
    } else {
        temp.persist_noclobber(path)
    };
    // On failure the error hands the temporary file back; dropping it removes it.
    persisted.map_err(|e| e.error)?;
    sync_folder(&dir);
    Ok(())
}

#[cfg(unix)]
fn set_mode(builder: &mut tempfile::Builder, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(std::fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn set_mode(_builder: &mut tempfile::Builder, _mode: u32) {}

/// The folder a path is in (`.` for a bare file name).
fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Make a rename in `dir` durable. Best effort: not every file system can sync a folder.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The app's own folders: `practice.ron` in the config folder, client records in the data
/// folder (`$XDG_CONFIG_HOME/trigger-atlas`, `$XDG_DATA_HOME/trigger-atlas` on Linux).
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "trigger-atlas")
}

/// The folder where handouts go by default: the user's pictures folder, else documents, else
/// home, else the current folder.
pub fn default_handout_dir() -> PathBuf {
    let Some(user) = directories::UserDirs::new() else {
        return PathBuf::from(".");
    };
    let home = user.home_dir().to_path_buf();
    let existing = |configured: Option<&Path>, fallback: &str| {
        configured
            .map(Path::to_path_buf)
            .or_else(|| Some(home.join(fallback)))
            .filter(|p| p.is_dir())
    };
    existing(user.picture_dir(), "Pictures")
        .or_else(|| existing(user.document_dir(), "Documents"))
        .unwrap_or(home)
}

/// `dir/stem.png`, or `dir/stem-2.png`, `-3`... the first that does not exist yet.
pub fn unused_path(dir: &Path, stem: &str) -> PathBuf {
    unused_path_with(dir, stem, "png")
}

/// [`unused_path`] with another extension (`pdf`).
pub fn unused_path_with(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| !p.exists())
        .expect("some number is free")
}

/// The system's print command (`lp`), if there is one on the `PATH`.
pub fn print_command() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("lp"))
        .find(|p| p.is_file())
}

/// Fail early, with a clear message, when the output cannot be written.
pub fn writable_folder(out: &Path) -> Result<(), String> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "error: cannot write {}: the folder {} does not exist",
            out.display(),
            dir.display()
        ));
    }
    if out.is_dir() {
        return Err(format!(
            "error: cannot write {}: it is a folder",
            out.display()
        ));
    }
    let probe = dir.join(format!(".trigger-atlas-probe-{}", std::process::id()));
    match std::fs::File::create(&probe) {
        Ok(_) => {
            let _ = std::fs::remove_file(&probe);
            Ok(())
        }
        Err(e) => Err(format!("error: cannot write {}: {e}", out.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_and_never_clobbers_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.png");
        write_atomically(&p, false, |w| w.write_all(b"one")).unwrap();
        let e = write_atomically(&p, false, |w| w.write_all(b"two")).unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomically(&p, true, |w| w.write_all(b"three")).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        // No temporary files are left behind.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_failing_writer_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("b.png");
        let e = write_atomically(&p, true, |w| {
            w.write_all(b"half a pic")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "disk full");
        assert!(!p.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn unused_paths_count_up() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unused_path(dir.path(), "x"), dir.path().join("x.png"));
        std::fs::write(dir.path().join("x.png"), b"").unwrap();
        std::fs::write(dir.path().join("x-2.png"), b"").unwrap();
        assert_eq!(unused_path(dir.path(), "x"), dir.path().join("x-3.png"));
    }
}
