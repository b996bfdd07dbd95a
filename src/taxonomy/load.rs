//! Building a [`Taxonomy`] from the compact ESCO file and the German label files.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;

use super::format::{self, FormatError, LABEL_SEP, Span};
use super::german::{GermanFileError, parse_german_labels, parse_placement_occupations};
use super::index::{LabelIndexBuilder, LabelKind};
use super::{
    Concept, Csr, German, IscoCode, Lang2, OccupationId, OccupationRecord, PlacementOccupation,
    ReuseLevel, SkillId, SkillKind, SkillRecord, Taxonomy,
};

/// Why a taxonomy could not be built.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The gzip stream could not be decompressed or is not UTF-8.
    #[error("decompressing ESCO data: {0}")]
    Gzip(#[from] std::io::Error),
    /// The decompressed data is malformed.
    #[error("ESCO data: {0}")]
    Format(#[from] FormatError),
    /// `labels-de.tsv` is malformed.
    #[error("labels-de.tsv: {0}")]
    GermanLabels(GermanFileError),
    /// `placement-occupations.tsv` is malformed.
    #[error("placement-occupations.tsv: {0}")]
    Placement(GermanFileError),
}

fn bad(section: &'static str, row: usize, what: &'static str) -> FormatError {
    FormatError::BadRow { section, row, what }
}

/// Builds CSR lists from id-list fields (one row per concept).
fn csr<T>(
    text: &str,
    rows: &[Vec<Span>],
    field: usize,
    limit: usize,
    section: &'static str,
    wrap: fn(u32) -> T,
) -> Result<Csr<T>, FormatError> {
    let mut offsets = Vec::with_capacity(rows.len() + 1);
    let mut values = Vec::new();
    offsets.push(0);
    for (i, row) in rows.iter().enumerate() {
        let f = row.get(field).map_or("", |s| s.get(text));
        let ids = format::parse_ids(f, limit).ok_or(bad(section, i, "bad id list"))?;
        values.extend(ids.into_iter().map(wrap));
        offsets.push(values.len() as u32);
    }
    Ok(Csr { offsets, values })
}

/// Reverses a relation: for each target, the sources pointing to it.
fn transpose<S: Copy + Into<u32>, T>(rel: &Csr<S>, targets: usize, wrap: fn(u32) -> T) -> Csr<T> {
    let mut lists: Vec<Vec<u32>> = vec![Vec::new(); targets];
    let sources = rel.offsets.len().saturating_sub(1);
    for src in 0..sources {
        for &t in rel.get(src) {
            if let Some(l) = lists.get_mut(t.into() as usize) {
                l.push(src as u32);
            }
        }
    }
    let mut offsets = Vec::with_capacity(targets + 1);
    let mut values = Vec::new();
    offsets.push(0);
    for l in lists {
        values.extend(l.into_iter().map(wrap));
        offsets.push(values.len() as u32);
    }
    Csr { offsets, values }
}

impl From<SkillId> for u32 {
    fn from(id: SkillId) -> u32 {
        id.0
    }
}

impl From<OccupationId> for u32 {
    fn from(id: OccupationId) -> u32 {
        id.0
    }
}

/// Parses a UUID (with or without dashes) into a number.
pub(crate) fn parse_uuid(s: &str) -> Option<u128> {
    let mut v: u128 = 0;
    let mut digits = 0;
    for c in s.chars().filter(|&c| c != '-') {
        v = (v << 4) | u128::from(c.to_digit(16)?);
        digits += 1;
    }
    (digits == 32).then_some(v)
}

/// Adds a label and, for gendered "masculine/feminine" labels, each half separately.
fn add_label(b: &mut LabelIndexBuilder, label: &str, id: u32, kind: LabelKind, lang: Lang2) {
    b.add(label, id, kind, lang);
    if lang != Lang2::EN && label.contains('/') {
        for part in label
            .split('/')
            .map(str::trim)
            .filter(|p| p.chars().count() >= 3)
        {
            b.add(part, id, kind, lang);
        }
    }
}

fn add_list(b: &mut LabelIndexBuilder, list: &str, id: u32, kind: LabelKind, lang: Lang2) {
    for label in list.split(LABEL_SEP).filter(|l| !l.is_empty()) {
        add_label(b, label, id, kind, lang);
    }
}

impl Taxonomy {
    /// Builds a taxonomy from the gzipped compact ESCO file and the German label files.
    ///
    /// German label lines and placement rows whose URI is not in the ESCO data are skipped
    /// (the test suite checks that the shipped files have none).
    pub fn from_parts(esco_gz: &[u8], labels_de: &str, placement: &str) -> Result<Self, LoadError> {
        let mut text = String::with_capacity(esco_gz.len() * 6);
        flate2::read::GzDecoder::new(esco_gz).read_to_string(&mut text)?;
        let sections = format::parse(&text)?;
        let [isco, occ, skills, occ_skills, skill_broader, occ_broader] = &sections.rows[..] else {
            return Err(FormatError::MissingSection("isco").into());
        };
        let field = |row: &Vec<Span>, i: usize| row.get(i).copied().unwrap_or_default();

        let isco_groups = isco
            .iter()
            .map(|r| (field(r, 0).get(&text).into(), field(r, 1)))
            .collect();

        let mut occupations = Vec::with_capacity(occ.len());
        let mut by_uuid_occupation = HashMap::with_capacity(occ.len());
        for (i, r) in occ.iter().enumerate() {
            let uuid = field(r, 0);
            let key = parse_uuid(uuid.get(&text)).ok_or(bad("occupations", i, "bad uuid"))?;
            by_uuid_occupation.insert(key, i as u32);
            let isco = IscoCode::parse(field(r, 1).get(&text)).ok_or(bad(
                "occupations",
                i,
                "bad ISCO code",
            ))?;
            let labels = [2, 3, 4, 5, 6].map(|f| field(r, f));
            occupations.push(OccupationRecord { uuid, isco, labels });
        }

        let mut records = Vec::with_capacity(skills.len());
        let mut by_uuid_skill = HashMap::with_capacity(skills.len());
        let mut by_isced = HashMap::new();
        for (i, r) in skills.iter().enumerate() {
            let isced = field(r, 0).get(&text) == "i";
            let key = field(r, 1);
            if isced {
                by_isced.insert(key.get(&text).into(), i as u32);
            } else {
                let uuid = parse_uuid(key.get(&text)).ok_or(bad("skills", i, "bad uuid"))?;
                by_uuid_skill.insert(uuid, i as u32);
            }
            let kind = match field(r, 2).get(&text) {
                "s" => SkillKind::Skill,
                "k" => SkillKind::Knowledge,
                "g" => SkillKind::Group,
                _ => SkillKind::Unspecified,
            };
            let reuse = match field(r, 3).get(&text) {
                "t" => ReuseLevel::Transversal,
                "c" => ReuseLevel::CrossSector,
                "s" => ReuseLevel::SectorSpecific,
                "o" => ReuseLevel::OccupationSpecific,
                _ => ReuseLevel::Unspecified,
            };
            let labels = [4, 5, 6].map(|f| field(r, f));
            records.push(SkillRecord {
                isced,
                key,
                kind,
                reuse,
                labels,
            });
        }

        let (n_occ, n_skill) = (occupations.len(), records.len());
        let essential = csr(&text, occ_skills, 0, n_skill, "occupation-skills", SkillId)?;
        let optional = csr(&text, occ_skills, 1, n_skill, "occupation-skills", SkillId)?;
        let skill_broader = csr(&text, skill_broader, 0, n_skill, "skill-broader", SkillId)?;
        let occupation_broader = csr(
            &text,
            occ_broader,
            0,
            n_occ,
            "occupation-broader",
            OccupationId,
        )?;

        let mut t = Taxonomy {
            requiring: transpose(&essential, n_skill, OccupationId),
            optional_for: transpose(&optional, n_skill, OccupationId),
            skill_narrower: transpose(&skill_broader, n_skill, SkillId),
            essential,
            optional,
            skill_broader,
            occupation_broader,
            isco_groups,
            occupations,
            skills: records,
            by_uuid_occupation,
            by_uuid_skill,
            by_isced,
            german_occupations: BTreeMap::new(),
            german_skills: BTreeMap::new(),
            placement: Vec::new(),
            occupation_index: LabelIndexBuilder::default().finish(),
            skill_index: LabelIndexBuilder::default().finish(),
            text,
        };
        t.add_german(labels_de, placement)?;
        let (occupation_index, skill_index) =
            rayon::join(|| t.build_occupation_index(), || t.build_skill_index());
        t.occupation_index = occupation_index;
        t.skill_index = skill_index;
        Ok(t)
    }

    fn add_german(&mut self, labels_de: &str, placement: &str) -> Result<(), LoadError> {
        for g in parse_german_labels(labels_de).map_err(LoadError::GermanLabels)? {
            let german = German {
                label: g.label,
                synonyms: g.synonyms,
            };
            match self.by_uri(&g.uri) {
                Some(Concept::Occupation(id)) => self.german_occupations.insert(id.0, german),
                Some(Concept::Skill(id)) => self.german_skills.insert(id.0, german),
                None => None,
            };
        }
        for row in parse_placement_occupations(placement).map_err(LoadError::Placement)? {
            if let Some(Concept::Occupation(id)) = self.by_uri(&row.uri) {
                self.placement.push(PlacementOccupation {
                    id,
                    isco: self.isco_code(id),
                    label_de: row.label,
                    field: row.field,
                    weight: row.weight,
                });
            }
        }
        Ok(())
    }

    fn build_occupation_index(&self) -> super::LabelIndex {
        let mut b = LabelIndexBuilder::default();
        let (en, fr) = (Lang2::EN, Lang2::FR);
        for (i, r) in self.occupations.iter().enumerate() {
            let id = i as u32;
            let [en_pref, en_alt, en_hidden, fr_pref, fr_alt] = r.labels.map(|s| s.get(&self.text));
            add_label(&mut b, en_pref, id, LabelKind::Preferred, en);
            add_list(&mut b, en_alt, id, LabelKind::Alternative, en);
            add_list(&mut b, en_hidden, id, LabelKind::Hidden, en);
            add_label(&mut b, fr_pref, id, LabelKind::Preferred, fr);
            add_list(&mut b, fr_alt, id, LabelKind::Alternative, fr);
        }
        add_german_labels(&mut b, &self.german_occupations);
        b.finish()
    }

    fn build_skill_index(&self) -> super::LabelIndex {
        let mut b = LabelIndexBuilder::default();
        let en = Lang2::EN;
        for (i, r) in self.skills.iter().enumerate() {
            if r.kind == SkillKind::Group {
                continue;
            }
            let id = i as u32;
            let [pref, alt, hidden] = r.labels.map(|s| s.get(&self.text));
            add_label(&mut b, pref, id, LabelKind::Preferred, en);
            add_list(&mut b, alt, id, LabelKind::Alternative, en);
            add_list(&mut b, hidden, id, LabelKind::Hidden, en);
        }
        add_german_labels(&mut b, &self.german_skills);
        b.finish()
    }
}

fn add_german_labels(b: &mut LabelIndexBuilder, german: &BTreeMap<u32, German>) {
    for (&id, g) in german {
        add_label(b, &g.label, id, LabelKind::Preferred, Lang2::DE);
        for s in &g.synonyms {
            add_label(b, s, id, LabelKind::Alternative, Lang2::DE);
        }
    }
}
