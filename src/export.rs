//! Writing files safely: to a temporary file beside the target, then into place, so that a
//! crash or a full disk never leaves half a file; and, where asked, never over an existing file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` through a temporary file in the same folder.
///
/// With `clobber`, an existing file is replaced (atomically, by rename). Without it, an existing
/// file is an error (`AlreadyExists`) and is left untouched: the new file is linked into place,
/// which fails rather than overwrites.
pub fn write_atomically(
    path: &Path,
    clobber: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::InvalidInput, "the path names no file")
    })?;
    let temp = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        write(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        drop(file);
        if clobber {
            std::fs::rename(&temp, path)
        } else {
            std::fs::hard_link(&temp, path)
        }
    })();
    // The temporary file goes whatever happened (after a rename it is already gone).
    let _ = std::fs::remove_file(&temp);
    result
}

/// The folder where handouts go by default: the user's pictures folder, else documents, else
/// home, else the current folder.
pub fn default_handout_dir() -> PathBuf {
    let home = std::env::var_os("HOME").map(PathBuf::from);
    let xdg = |key: &str, fallback: &str| -> Option<PathBuf> {
        // `~/.config/user-dirs.dirs` has lines like XDG_PICTURES_DIR="$HOME/Pictures".
        let home = home.as_ref()?;
        let config = std::env::var_os("XDG_CONFIG_HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| home.join(".config"));
        let text = std::fs::read_to_string(config.join("user-dirs.dirs")).unwrap_or_default();
        let from_config = text.lines().find_map(|l| {
            let v = l
                .strip_prefix(key)?
                .strip_prefix('=')?
                .trim()
                .trim_matches('"');
            Some(PathBuf::from(v.replace("$HOME", &home.to_string_lossy())))
        });
        from_config
            .or_else(|| Some(home.join(fallback)))
            .filter(|p| p.is_dir())
    };
    xdg("XDG_PICTURES_DIR", "Pictures")
        .or_else(|| xdg("XDG_DOCUMENTS_DIR", "Documents"))
        .or(home)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `dir/stem.png`, or `dir/stem-2.png`, `-3`... the first that does not exist yet.
pub fn unused_path(dir: &Path, stem: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.png"));
    if !first.exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.png")))
        .find(|p| !p.exists())
        .expect("some number is free")
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
