//! The compact text format of the converted ESCO data (`esco-v1.1.1.tsv.gz`).
//!
//! After gunzip the file is UTF-8 text made of sections. Each section starts with a header line
//! `@<name>\t<row count>`; its rows follow, one per line, fields separated by tabs. Lists inside a
//! field are separated by `|` (labels) or `,` (integer ids). Row `i` of the `occupations` and
//! `skills` sections defines the concept with integer id `i`; the relation sections have exactly
//! one row per concept, in the same order.
//!
//! ```text
//! #passgenau-esco  format=1  esco=v1.1.1
//! @isco  <n>                 code  label
//! @occupations  <n>          uuid  isco  en_pref  en_alt  en_hidden  fr_pref  fr_alt
//! @skills  <n>               scheme(s|i)  key  kind(s|k|g|-)  reuse(t|c|s|o|-)  en_pref  en_alt  en_hidden
//! @occupation-skills  <n>    essential ids  optional ids
//! @skill-broader  <n>        broader skill ids
//! @occupation-broader  <n>   broader occupation ids
//! ```
//!
//! Labels never contain tabs, newlines or `|` (the converter replaces them with spaces).

use std::ops::Range;

/// First line of a converted file.
pub(crate) const MAGIC: &str = "#passgenau-esco\tformat=1\tesco=v1.1.1";

/// Section names in file order.
pub(crate) const SECTIONS: [&str; 6] = [
    "isco",
    "occupations",
    "skills",
    "occupation-skills",
    "skill-broader",
    "occupation-broader",
];

/// Separator of labels inside one field.
pub(crate) const LABEL_SEP: char = '|';

/// A byte range into the decompressed text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn of(range: Range<usize>) -> Self {
        // The text is bounded well below 4 GiB (checked in `parse`).
        Self {
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The text this span covers (empty if out of range).
    pub(crate) fn get(self, text: &str) -> &str {
        text.get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }
}

/// Errors while parsing the compact file.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// The file does not start with the expected magic line.
    #[error("not a passgenau ESCO file (bad header)")]
    BadHeader,
    /// A section header is missing or out of order.
    #[error("expected section @{0}")]
    MissingSection(&'static str),
    /// A row has too few fields or an invalid value.
    #[error("section @{section}, row {row}: {what}")]
    BadRow {
        /// Section name.
        section: &'static str,
        /// Zero-based row within the section.
        row: usize,
        /// What was wrong.
        what: &'static str,
    },
    /// The text is too large to be addressed with 32-bit offsets.
    #[error("file too large")]
    TooLarge,
}

/// One parsed row: the spans of its tab-separated fields.
pub(crate) type Row = Vec<Span>;

/// The parsed sections, each a list of rows of field spans.
pub(crate) struct Sections {
    /// Rows per section, in [`SECTIONS`] order.
    pub(crate) rows: Vec<Vec<Row>>,
}

/// Splits the decompressed text into sections and rows of field spans.
pub(crate) fn parse(text: &str) -> Result<Sections, FormatError> {
    if text.len() >= u32::MAX as usize {
        return Err(FormatError::TooLarge);
    }
    let mut lines = LineIter { text, pos: 0 };
    match lines.next() {
        Some((_, line)) if line == MAGIC => {}
        _ => return Err(FormatError::BadHeader),
    }
    let mut rows = Vec::with_capacity(SECTIONS.len());
    for name in SECTIONS {
        let header = lines.next().ok_or(FormatError::MissingSection(name))?.1;
        let count = header
            .strip_prefix('@')
            .and_then(|h| h.split_once('\t'))
            .filter(|(n, _)| *n == name)
            .and_then(|(_, c)| c.parse::<usize>().ok())
            .ok_or(FormatError::MissingSection(name))?;
        let mut section = Vec::with_capacity(count);
        for row in 0..count {
            let (start, line) = lines.next().ok_or(FormatError::BadRow {
                section: name,
                row,
                what: "missing row",
            })?;
            let mut fields = Vec::with_capacity(8);
            let mut field_start = start;
            for (i, b) in line.bytes().enumerate() {
                if b == b'\t' {
                    fields.push(Span::of(field_start..start + i));
                    field_start = start + i + 1;
                }
            }
            fields.push(Span::of(field_start..start + line.len()));
            section.push(fields);
        }
        rows.push(section);
    }
    Ok(Sections { rows })
}

/// Parses a `,`-separated list of integer ids (empty field → empty list).
pub(crate) fn parse_ids(field: &str, limit: usize) -> Option<Vec<u32>> {
    if field.is_empty() {
        return Some(Vec::new());
    }
    field
        .split(',')
        .map(|s| s.parse::<u32>().ok().filter(|&v| (v as usize) < limit))
        .collect()
}

struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.text.get(self.pos..)?;
        if rest.is_empty() {
            return None;
        }
        let start = self.pos;
        let len = rest.find('\n').unwrap_or(rest.len());
        self.pos += len + 1;
        Some((start, rest.get(..len).unwrap_or_default()))
    }
}
