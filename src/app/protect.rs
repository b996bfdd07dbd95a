//! Protected social data at rest: the data directory and everything in it belong to the
//! service's user alone (directories 0700, files 0600).

use std::path::{Path, PathBuf};

/// Creates the data directory if needed and takes group and other permissions away from it
/// and from everything below it. Returns the paths that were looser than that (relative to
/// `dir`), so the caller can say so.
#[cfg(unix)]
pub fn protect_data_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};

    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let mut looser = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(path) = pending.pop() {
        let meta = std::fs::symlink_metadata(&path)?;
        if meta.file_type().is_symlink() {
            continue;
        }
        let wanted = if meta.is_dir() { 0o700 } else { 0o600 };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode & wanted))?;
            looser.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(&path)? {
                pending.push(entry?.path());
            }
        }
    }
    Ok(looser)
}

/// Elsewhere the directory is only created: its protection is the system's.
#[cfg(not(unix))]
pub fn protect_data_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    Ok(Vec::new())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    fn mode(p: &Path) -> u32 {
        std::fs::metadata(p).unwrap().permissions().mode() & 0o777
    }

    #[test]
    fn a_loose_data_directory_is_tightened_and_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        std::fs::create_dir_all(dir.join("index")).unwrap();
        std::fs::write(dir.join("passgenau.sqlite"), b"x").unwrap();
        std::fs::write(dir.join("index/seg"), b"x").unwrap();
        for (p, m) in [
            ("", 0o755),
            ("index", 0o755),
            ("passgenau.sqlite", 0o644),
            ("index/seg", 0o640),
        ] {
            std::fs::set_permissions(dir.join(p), std::fs::Permissions::from_mode(m)).unwrap();
        }
        let mut looser = protect_data_dir(&dir).unwrap();
        looser.sort();
        assert_eq!(looser.len(), 4, "{looser:?}");
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join("index")), 0o700);
        assert_eq!(mode(&dir.join("passgenau.sqlite")), 0o600);
        assert_eq!(mode(&dir.join("index/seg")), 0o600);
        // Tight already: nothing to report.
        assert!(protect_data_dir(&dir).unwrap().is_empty());
        // A new directory is created tight.
        let fresh = tmp.path().join("fresh");
        assert!(protect_data_dir(&fresh).unwrap().is_empty());
        assert_eq!(mode(&fresh), 0o700);
    }
}
