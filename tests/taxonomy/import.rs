//! The converter reproduces the committed compact ESCO file from the official download.

use std::path::{Path, PathBuf};

use passgenau::taxonomy::import::{OUTPUT_FILE, convert_esco, import_esco};

/// The ESCO download: `$ESCO_DIR`, or `shared/data/esco/v1.1.1` beside the repository.
fn esco_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ESCO_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/esco/v1.1.1")
        });
    dir.is_dir().then_some(dir)
}

fn gunzip(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut s = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut s)
        .expect("valid gzip");
    s
}

#[test]
#[ignore = "regenerates index-config/esco; run with --ignored when ESCO data changes"]
fn regenerate_committed_esco_file() {
    let dir = esco_dir().expect("ESCO download not found; set ESCO_DIR");
    let summary = import_esco(&dir).expect("conversion succeeds");
    println!("{summary:#?}");
}

#[test]
#[ignore = "slow in the dev profile (converts 40 MB of CSV); run with --ignored"]
fn committed_file_matches_a_fresh_conversion() {
    let Some(dir) = esco_dir() else {
        eprintln!("ESCO download not found; skipping");
        return;
    };
    let (bytes, summary) = convert_esco(&dir).expect("conversion succeeds");
    assert_eq!(summary.occupations, 3007);
    assert_eq!(summary.skills, 13896);
    let committed = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("index-config/esco")
            .join(OUTPUT_FILE),
    )
    .expect("committed file exists");
    assert!(
        gunzip(&bytes) == gunzip(&committed),
        "committed file is stale"
    );
}
