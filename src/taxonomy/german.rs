//! The hand-written German label files in `index-config/esco/`.
//!
//! `labels-de.tsv`: `uri <TAB> German label <TAB> synonyms separated by |`, one concept per line;
//! further fields (the ESCO English label, for reviewers) are ignored.
//! `placement-occupations.tsv`: `uri <TAB> isco <TAB> German label <TAB> field <TAB> weight`.
//! Lines starting with `#` and empty lines are ignored; so is the header line of the placement
//! list (first field `uri`).

use std::fmt;

/// One line of `labels-de.tsv`.
#[derive(Clone, Debug, PartialEq)]
pub struct GermanLabel {
    /// Full ESCO URI of the concept.
    pub uri: String,
    /// German preferred label.
    pub label: String,
    /// German synonyms, colloquial forms and feminine forms.
    pub synonyms: Vec<String>,
}

/// The field of work of a placement occupation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// Warehouse work: picking, packing, storing.
    Warehouse,
    /// Transport and delivery.
    Logistics,
    /// Cleaning.
    Cleaning,
    /// Kitchens, restaurants, hotels.
    Gastronomy,
    /// Care for the elderly and sick.
    Care,
    /// Building and finishing trades.
    Construction,
    /// Skilled crafts.
    Crafts,
    /// Shops and supermarkets.
    Retail,
    /// Industrial production.
    Production,
    /// Everything else.
    Other,
}

impl Field {
    /// Every field, in declaration order.
    pub const ALL: [Field; 10] = [
        Field::Warehouse,
        Field::Logistics,
        Field::Cleaning,
        Field::Gastronomy,
        Field::Care,
        Field::Construction,
        Field::Crafts,
        Field::Retail,
        Field::Production,
        Field::Other,
    ];

    /// The lowercase name used in the TSV file.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Warehouse => "warehouse",
            Field::Logistics => "logistics",
            Field::Cleaning => "cleaning",
            Field::Gastronomy => "gastronomy",
            Field::Care => "care",
            Field::Construction => "construction",
            Field::Crafts => "crafts",
            Field::Retail => "retail",
            Field::Production => "production",
            Field::Other => "other",
        }
    }

    /// Parses the lowercase name used in the TSV file.
    pub fn parse(s: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of `placement-occupations.tsv`.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacementRow {
    /// Full ESCO occupation URI.
    pub uri: String,
    /// ISCO-08 unit group code as written in the file (4 digits).
    pub isco: String,
    /// German label.
    pub label: String,
    /// Field of work.
    pub field: Field,
    /// Rough relative frequency for synthetic data (> 0).
    pub weight: f32,
}

/// A malformed line in one of the German files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {what}")]
pub struct GermanFileError {
    /// One-based line number.
    pub line: usize,
    /// What is wrong.
    pub what: &'static str,
}

/// Content lines with their one-based numbers (comments and blank lines skipped).
fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// Parses `labels-de.tsv`.
pub fn parse_german_labels(text: &str) -> Result<Vec<GermanLabel>, GermanFileError> {
    content_lines(text)
        .map(|(line, l)| {
            let mut f = l.split('\t');
            let (Some(uri), Some(label)) = (f.next(), f.next()) else {
                return Err(GermanFileError {
                    line,
                    what: "expected uri, label and synonyms",
                });
            };
            let synonyms = f
                .next()
                .unwrap_or_default()
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            Ok(GermanLabel {
                uri: uri.trim().to_owned(),
                label: label.trim().to_owned(),
                synonyms,
            })
        })
        .collect()
}

/// Parses `placement-occupations.tsv`.
pub fn parse_placement_occupations(text: &str) -> Result<Vec<PlacementRow>, GermanFileError> {
    content_lines(text)
        .filter(|(_, l)| !l.starts_with("uri\t"))
        .map(|(line, l)| {
            let f: Vec<&str> = l.split('\t').map(str::trim).collect();
            let err = |what| GermanFileError { line, what };
            let [uri, isco, label, field, weight] = f[..] else {
                return Err(err("expected 5 tab-separated fields"));
            };
            let field = Field::parse(field).ok_or(err("unknown field"))?;
            let weight = weight
                .parse::<f32>()
                .ok()
                .filter(|w| w.is_finite() && *w > 0.0)
                .ok_or(err("weight must be a positive number"))?;
            Ok(PlacementRow {
                uri: uri.to_owned(),
                isco: isco.to_owned(),
                label: label.to_owned(),
                field,
                weight,
            })
        })
        .collect()
}
