//! Read access to concepts: URIs, labels, ISCO codes and relations.

use super::format::LABEL_SEP;
use super::load::parse_uuid;
use super::{
    Concept, ESCO_URI_PREFIX, IscoCode, Lang2, OccupationId, PlacementOccupation, ReuseLevel,
    SkillId, SkillKind, Taxonomy,
};

impl Taxonomy {
    /// Number of occupations (ids are `0..occupation_count()`).
    pub fn occupation_count(&self) -> usize {
        self.occupations.len()
    }

    /// Number of skills, knowledge concepts and skill groups (ids are `0..skill_count()`).
    pub fn skill_count(&self) -> usize {
        self.skills.len()
    }

    /// All occupation ids.
    pub fn occupations(&self) -> impl Iterator<Item = OccupationId> + '_ {
        (0..self.occupations.len() as u32).map(OccupationId)
    }

    /// All skill ids (including skill groups; see [`Taxonomy::skill_kind`]).
    pub fn skills(&self) -> impl Iterator<Item = SkillId> + '_ {
        (0..self.skills.len() as u32).map(SkillId)
    }

    /// Full ESCO URI of an occupation (empty if the id is out of range).
    pub fn occupation_uri(&self, id: OccupationId) -> String {
        self.occupations
            .get(id.0 as usize)
            .map_or_else(String::new, |r| {
                format!("{ESCO_URI_PREFIX}occupation/{}", r.uuid.get(&self.text))
            })
    }

    /// Full ESCO URI of a skill or skill group (empty if the id is out of range).
    pub fn skill_uri(&self, id: SkillId) -> String {
        self.skills
            .get(id.0 as usize)
            .map_or_else(String::new, |r| {
                let scheme = if r.isced { "isced-f" } else { "skill" };
                format!("{ESCO_URI_PREFIX}{scheme}/{}", r.key.get(&self.text))
            })
    }

    /// Looks up a concept by its ESCO URI (`http://data.europa.eu/esco/occupation/<uuid>`,
    /// `…/skill/<uuid>`, `…/isced-f/<code>`; `https` and surrounding whitespace accepted).
    pub fn by_uri(&self, uri: &str) -> Option<Concept> {
        let uri = uri.trim().trim_end_matches('/');
        let rest = uri
            .strip_prefix("http://")
            .or_else(|| uri.strip_prefix("https://"))?
            .strip_prefix("data.europa.eu/esco/")?;
        let (scheme, key) = rest.split_once('/')?;
        match scheme {
            "occupation" => self
                .by_uuid_occupation
                .get(&parse_uuid(key)?)
                .map(|&i| Concept::Occupation(OccupationId(i))),
            "skill" => self
                .by_uuid_skill
                .get(&parse_uuid(key)?)
                .map(|&i| Concept::Skill(SkillId(i))),
            "isced-f" => self.by_isced.get(key).map(|&i| Concept::Skill(SkillId(i))),
            _ => None,
        }
    }

    /// The occupation with this URI, if any.
    pub fn occupation_by_uri(&self, uri: &str) -> Option<OccupationId> {
        match self.by_uri(uri)? {
            Concept::Occupation(id) => Some(id),
            Concept::Skill(_) => None,
        }
    }

    /// The skill with this URI, if any.
    pub fn skill_by_uri(&self, uri: &str) -> Option<SkillId> {
        match self.by_uri(uri)? {
            Concept::Skill(id) => Some(id),
            Concept::Occupation(_) => None,
        }
    }

    /// Preferred label of an occupation in `lang` (`en`, `fr` from ESCO; `de` for the
    /// occupations passgenau labelled), or `None`.
    pub fn occupation_label(&self, id: OccupationId, lang: Lang2) -> Option<&str> {
        let r = self.occupations.get(id.0 as usize)?;
        let label = match lang {
            Lang2::EN => r.labels[0].get(&self.text),
            Lang2::FR => r.labels[3].get(&self.text),
            Lang2::DE => self.german_occupations.get(&id.0)?.label.as_str(),
            _ => return None,
        };
        (!label.is_empty()).then_some(label)
    }

    /// Alternative labels and synonyms of an occupation in `lang`.
    pub fn occupation_alt_labels(&self, id: OccupationId, lang: Lang2) -> Vec<&str> {
        let Some(r) = self.occupations.get(id.0 as usize) else {
            return Vec::new();
        };
        match lang {
            Lang2::EN => split(r.labels[1].get(&self.text)),
            Lang2::FR => split(r.labels[4].get(&self.text)),
            Lang2::DE => self
                .german_occupations
                .get(&id.0)
                .map_or_else(Vec::new, |g| {
                    g.synonyms.iter().map(String::as_str).collect()
                }),
            _ => Vec::new(),
        }
    }

    /// Preferred label of a skill in `lang` (`en` from ESCO; `de` for the skills passgenau
    /// labelled), or `None`.
    pub fn skill_label(&self, id: SkillId, lang: Lang2) -> Option<&str> {
        let r = self.skills.get(id.0 as usize)?;
        let label = match lang {
            Lang2::EN => r.labels[0].get(&self.text),
            Lang2::DE => self.german_skills.get(&id.0)?.label.as_str(),
            _ => return None,
        };
        (!label.is_empty()).then_some(label)
    }

    /// Alternative labels and synonyms of a skill in `lang`.
    pub fn skill_alt_labels(&self, id: SkillId, lang: Lang2) -> Vec<&str> {
        let Some(r) = self.skills.get(id.0 as usize) else {
            return Vec::new();
        };
        match lang {
            Lang2::EN => split(r.labels[1].get(&self.text)),
            Lang2::DE => self.german_skills.get(&id.0).map_or_else(Vec::new, |g| {
                g.synonyms.iter().map(String::as_str).collect()
            }),
            _ => Vec::new(),
        }
    }

    /// ISCO-08 unit group of an occupation (`0000` if the id is out of range).
    pub fn isco_code(&self, id: OccupationId) -> IscoCode {
        self.occupations
            .get(id.0 as usize)
            .map_or(IscoCode(0), |r| r.isco)
    }

    /// English label of an ISCO-08 group given by its code at any level (`"9"`, `"93"`,
    /// `"933"`, `"9333"`).
    pub fn isco_group_label(&self, code: &str) -> Option<&str> {
        self.isco_groups.get(code).map(|s| s.get(&self.text))
    }

    /// Essential skills of an occupation.
    pub fn essential_skills(&self, id: OccupationId) -> &[SkillId] {
        self.essential.get(id.0 as usize)
    }

    /// Optional skills of an occupation.
    pub fn optional_skills(&self, id: OccupationId) -> &[SkillId] {
        self.optional.get(id.0 as usize)
    }

    /// Occupations for which the skill is essential.
    pub fn occupations_requiring(&self, id: SkillId) -> &[OccupationId] {
        self.requiring.get(id.0 as usize)
    }

    /// Occupations for which the skill is optional.
    pub fn occupations_with_optional(&self, id: SkillId) -> &[OccupationId] {
        self.optional_for.get(id.0 as usize)
    }

    /// Direct broader concepts of a skill (skills or skill groups).
    pub fn broader_skills(&self, id: SkillId) -> &[SkillId] {
        self.skill_broader.get(id.0 as usize)
    }

    /// Direct narrower concepts of a skill or skill group.
    pub fn narrower_skills(&self, id: SkillId) -> &[SkillId] {
        self.skill_narrower.get(id.0 as usize)
    }

    /// Direct broader occupations (ESCO occupations that this one specialises).
    pub fn broader_occupations(&self, id: OccupationId) -> &[OccupationId] {
        self.occupation_broader.get(id.0 as usize)
    }

    /// ESCO skill type, or [`SkillKind::Group`] for groups of the hierarchy.
    pub fn skill_kind(&self, id: SkillId) -> SkillKind {
        self.skills
            .get(id.0 as usize)
            .map_or(SkillKind::Unspecified, |r| r.kind)
    }

    /// ESCO reuse level of a skill.
    pub fn reuse_level(&self, id: SkillId) -> ReuseLevel {
        self.skills
            .get(id.0 as usize)
            .map_or(ReuseLevel::Unspecified, |r| r.reuse)
    }

    /// The curated occupations common in refugee placement, with German labels.
    pub fn placement_occupations(&self) -> &[PlacementOccupation] {
        &self.placement
    }

    /// Number of occupations and skills that have a German label.
    pub fn german_label_counts(&self) -> (usize, usize) {
        (self.german_occupations.len(), self.german_skills.len())
    }
}

fn split(list: &str) -> Vec<&str> {
    list.split(LABEL_SEP).filter(|l| !l.is_empty()).collect()
}

impl Taxonomy {
    /// Number of distinct normalised labels indexed for (occupations, skills).
    pub fn indexed_label_counts(&self) -> (usize, usize) {
        (self.occupation_index.len(), self.skill_index.len())
    }
}
