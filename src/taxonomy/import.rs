//! Converter from the official ESCO v1.1.1 CSV downloads to the compact embedded file.
//!
//! Reads `esco-v1.1.1-classification-en-csv.zip`, `esco-v1.1.1-relations-csv.zip` (any `*.zip`
//! in the directory is searched for the needed CSV files) and `fr/occupations_fr.csv`, and writes
//! `esco-v1.1.1.tsv.gz` (see [`super::format`]). Only run by developers, never at service start.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;

use super::format::{LABEL_SEP, MAGIC};
use super::sources::Sources;

/// File name of the converted data inside `index-config/esco/`.
pub const OUTPUT_FILE: &str = "esco-v1.1.1.tsv.gz";

/// Errors of the converter.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A zip archive could not be read.
    #[error("{path}: {source}")]
    Zip {
        /// The archive concerned.
        path: PathBuf,
        /// The underlying error.
        source: zip::result::ZipError,
    },
    /// A CSV file could not be parsed.
    #[error("{file}: {source}")]
    Csv {
        /// The CSV file concerned.
        file: String,
        /// The underlying error.
        source: csv::Error,
    },
    /// A needed CSV file was not found in the directory or its zips.
    #[error("{0} not found in the ESCO directory or its zip files")]
    MissingFile(&'static str),
    /// A needed column is missing from a CSV file.
    #[error("{file}: column {column} missing")]
    MissingColumn {
        /// The CSV file concerned.
        file: &'static str,
        /// The missing column.
        column: &'static str,
    },
}

/// What the converter wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Where the compact file was written (empty for [`convert_esco`]).
    pub output: PathBuf,
    /// Size of the gzipped output in bytes.
    pub bytes: usize,
    /// ISCO-08 groups (all levels).
    pub isco_groups: usize,
    /// Occupations.
    pub occupations: usize,
    /// Skills and knowledge concepts (without skill groups).
    pub skills: usize,
    /// Skill groups (skill hierarchy and ISCED-F fields).
    pub skill_groups: usize,
    /// Occupation→skill relations kept (essential + optional).
    pub occupation_skill_relations: usize,
    /// Broader relations kept (skill pillar + occupation→occupation).
    pub broader_relations: usize,
    /// Relation rows skipped because a URI was unknown.
    pub skipped_relations: usize,
}

/// Converts the ESCO download in `dir` and writes `index-config/esco/esco-v1.1.1.tsv.gz`
/// of this source tree (the path baked in at compile time).
pub fn import_esco(dir: &Path) -> Result<ImportSummary, ImportError> {
    let out = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("index-config/esco")
        .join(OUTPUT_FILE);
    import_esco_to(dir, &out)
}

/// Converts the ESCO download in `dir` and writes the compact file to `out`.
pub fn import_esco_to(dir: &Path, out: &Path) -> Result<ImportSummary, ImportError> {
    let (bytes, mut summary) = convert_esco(dir)?;
    std::fs::write(out, &bytes).map_err(|source| ImportError::Io {
        path: out.to_path_buf(),
        source,
    })?;
    summary.output = out.to_path_buf();
    Ok(summary)
}

/// Converts the ESCO download in `dir` into the gzipped compact format, in memory.
pub fn convert_esco(dir: &Path) -> Result<(Vec<u8>, ImportSummary), ImportError> {
    let src = Sources::open(dir)?;
    let mut s = ImportSummary::default();
    let mut out = String::with_capacity(8 << 20);
    out.push_str(MAGIC);
    out.push('\n');

    let isco = src.table("ISCOGroups_en.csv")?;
    let (code, label) = (isco.col("code")?, isco.col("preferredLabel")?);
    s.isco_groups = isco.rows.len();
    section(&mut out, "isco", isco.rows.len());
    for r in &isco.rows {
        row(&mut out, &[clean(&r[code]), clean(&r[label])]);
    }

    let occ = src.table("occupations_en.csv")?;
    let fr = src.table("occupations_fr.csv")?;
    let fr_by_uri: HashMap<&str, &Vec<String>> = {
        let u = fr.col("conceptUri")?;
        fr.rows.iter().map(|r| (r[u].as_str(), r)).collect()
    };
    let (fr_pref, fr_alt) = (fr.col("preferredLabel")?, fr.col("altLabels")?);
    let c = occ.cols(&[
        "conceptUri",
        "iscoGroup",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
    ])?;
    let mut occ_ids = HashMap::new();
    s.occupations = occ.rows.len();
    section(&mut out, "occupations", occ.rows.len());
    for (i, r) in occ.rows.iter().enumerate() {
        let uuid = uri_key(&r[c[0]]).1;
        occ_ids.insert(r[c[0]].as_str(), i as u32);
        let en = clean(&r[c[2]]);
        let (fp, fa) = match fr_by_uri.get(r[c[0]].as_str()) {
            Some(f) => (clean(&f[fr_pref]), alt_list(&f[fr_alt], &[&f[fr_pref]])),
            None => (String::new(), String::new()),
        };
        let alt = alt_list(&r[c[3]], &[&en]);
        let hidden = alt_list(&r[c[4]], &[&en, &r[c[3]]]);
        row(
            &mut out,
            &[uuid.into(), clean(&r[c[1]]), en, alt, hidden, fp, fa],
        );
    }

    let skills = src.table("skills_en.csv")?;
    let groups = src.table("skillGroups_en.csv")?;
    let c = skills.cols(&[
        "conceptUri",
        "skillType",
        "reuseLevel",
        "preferredLabel",
        "altLabels",
        "hiddenLabels",
    ])?;
    let g = groups.cols(&["conceptUri", "preferredLabel", "altLabels", "hiddenLabels"])?;
    let mut skill_ids = HashMap::new();
    s.skills = skills.rows.len();
    s.skill_groups = groups.rows.len();
    section(&mut out, "skills", skills.rows.len() + groups.rows.len());
    for r in &skills.rows {
        let (scheme, key) = uri_key(&r[c[0]]);
        skill_ids.insert(r[c[0]].as_str(), skill_ids.len() as u32);
        let kind = match r[c[1]].as_str() {
            "skill/competence" => "s",
            "knowledge" => "k",
            _ => "-",
        };
        let reuse = match r[c[2]].as_str() {
            "transversal" => "t",
            "cross-sector" => "c",
            "sector-specific" => "s",
            "occupation-specific" => "o",
            _ => "-",
        };
        let en = clean(&r[c[3]]);
        let alt = alt_list(&r[c[4]], &[&en]);
        let hidden = alt_list(&r[c[5]], &[&en, &r[c[4]]]);
        row(
            &mut out,
            &[
                scheme.into(),
                key.into(),
                kind.into(),
                reuse.into(),
                en,
                alt,
                hidden,
            ],
        );
    }
    for r in &groups.rows {
        let (scheme, key) = uri_key(&r[g[0]]);
        skill_ids.insert(r[g[0]].as_str(), skill_ids.len() as u32);
        let en = clean(&r[g[1]]);
        let alt = alt_list(&r[g[2]], &[&en]);
        let hidden = alt_list(&r[g[3]], &[&en, &r[g[2]]]);
        row(
            &mut out,
            &[
                scheme.into(),
                key.into(),
                "g".into(),
                "-".into(),
                en,
                alt,
                hidden,
            ],
        );
    }

    let rel = src.table("occupationSkillRelations.csv")?;
    let c = rel.cols(&["occupationUri", "relationType", "skillUri"])?;
    let mut essential = vec![BTreeSet::new(); occ.rows.len()];
    let mut optional = vec![BTreeSet::new(); occ.rows.len()];
    for r in &rel.rows {
        match (
            occ_ids.get(r[c[0]].as_str()),
            skill_ids.get(r[c[2]].as_str()),
        ) {
            (Some(&o), Some(&k)) => {
                let set = if r[c[1]] == "essential" {
                    &mut essential
                } else {
                    &mut optional
                };
                set[o as usize].insert(k);
                s.occupation_skill_relations += 1;
            }
            _ => s.skipped_relations += 1,
        }
    }
    section(&mut out, "occupation-skills", occ.rows.len());
    for (e, o) in essential.iter().zip(&optional) {
        row(&mut out, &[ids(e), ids(o)]);
    }

    let broader = src.table("broaderRelationsSkillPillar.csv")?;
    let c = broader.cols(&["conceptUri", "broaderUri"])?;
    let mut skill_broader = vec![BTreeSet::new(); skill_ids.len()];
    for r in &broader.rows {
        match (
            skill_ids.get(r[c[0]].as_str()),
            skill_ids.get(r[c[1]].as_str()),
        ) {
            (Some(&a), Some(&b)) if a != b => {
                skill_broader[a as usize].insert(b);
                s.broader_relations += 1;
            }
            _ => s.skipped_relations += 1,
        }
    }
    section(&mut out, "skill-broader", skill_broader.len());
    for b in &skill_broader {
        row(&mut out, &[ids(b)]);
    }

    let broader = src.table("broaderRelationsOccPillar.csv")?;
    let c = broader.cols(&["conceptUri", "broaderUri"])?;
    let mut occ_broader = vec![BTreeSet::new(); occ.rows.len()];
    for r in &broader.rows {
        match (occ_ids.get(r[c[0]].as_str()), occ_ids.get(r[c[1]].as_str())) {
            (Some(&a), Some(&b)) if a != b => {
                occ_broader[a as usize].insert(b);
                s.broader_relations += 1;
            }
            // Occupation → ISCO group links are implied by the ISCO code of the occupation.
            _ => {}
        }
    }
    section(&mut out, "occupation-broader", occ_broader.len());
    for b in &occ_broader {
        row(&mut out, &[ids(b)]);
    }

    let mut gz = GzEncoder::new(Vec::new(), Compression::best());
    let io = |source| ImportError::Io {
        path: PathBuf::from(OUTPUT_FILE),
        source,
    };
    gz.write_all(out.as_bytes()).map_err(io)?;
    let bytes = gz.finish().map_err(io)?;
    s.bytes = bytes.len();
    Ok((bytes, s))
}

/// Splits an ESCO URI into its scheme letter and key (UUID or ISCED-F code).
fn uri_key(uri: &str) -> (&'static str, &str) {
    let (prefix, key) = uri.rsplit_once('/').unwrap_or(("", uri));
    let scheme = if prefix.ends_with("/isced-f") {
        "i"
    } else {
        "s"
    };
    (scheme, key)
}

/// Makes a label safe for the format: no tabs, newlines or label separators; trimmed.
fn clean(label: &str) -> String {
    let s: String = label
        .chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' || c == LABEL_SEP {
                ' '
            } else {
                c
            }
        })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Cleans a newline-separated label list, dropping empty entries, duplicates and any label that
/// already occurs in one of `exclude` (themselves labels or newline-separated lists).
fn alt_list(field: &str, exclude: &[&str]) -> String {
    let excluded: BTreeSet<String> = exclude.iter().flat_map(|e| e.lines()).map(clean).collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for label in field.lines().map(clean).filter(|l| !l.is_empty()) {
        if !excluded.contains(&label) && seen.insert(label.clone()) {
            out.push(label);
        }
    }
    out.join(&LABEL_SEP.to_string())
}

fn ids(set: &BTreeSet<u32>) -> String {
    set.iter().map(u32::to_string).collect::<Vec<_>>().join(",")
}

fn section(out: &mut String, name: &str, count: usize) {
    out.push('@');
    out.push_str(name);
    out.push('\t');
    out.push_str(&count.to_string());
    out.push('\n');
}

fn row(out: &mut String, fields: &[String]) {
    out.push_str(&fields.join("\t"));
    out.push('\n');
}
