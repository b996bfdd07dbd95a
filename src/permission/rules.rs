//! The rule table (*Regeltabelle*): `index-config/permission/rules.toml`, embedded at compile
//! time and parsed once. The code names rules by [`RuleId`]; their periods of validity,
//! month/hour parameters, texts, citations and confidence come from the table.

use std::fmt::Write as _;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::dates::{Clock, german};
use super::types::{Confidence, ReasonArgs};

macro_rules! rule_ids {
    ($($variant:ident => $id:literal,)+) => {
        /// The id of a rule of the table (*Regel*), as in the reference.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum RuleId { $($variant,)+ }

        impl RuleId {
            /// Every rule the code can emit or consult.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)+];

            /// The id as written in the table and in `reasons[].rule`.
            pub fn as_str(self) -> &'static str {
                match self { $(RuleId::$variant => $id,)+ }
            }

            /// The rule with this id, if the code knows it.
            pub fn parse(id: &str) -> Option<RuleId> {
                match id { $($id => Some(RuleId::$variant),)+ _ => None }
            }
        }
    };
}

rule_ids! {
    S01 => "S-01", G00 => "G-00", G01 => "G-01", G02 => "G-02", G02b => "G-02b",
    G03 => "G-03", G03b => "G-03b", G04 => "G-04", G04b => "G-04b", G10 => "G-10",
    G10a => "G-10a", G11 => "G-11", G12 => "G-12", G13 => "G-13", G14 => "G-14", G15 => "G-15",
    SC01 => "SC-01", Z00 => "Z-00", Z01 => "Z-01", Z03 => "Z-03",
    V01 => "V-01", V02 => "V-02", V03 => "V-03", V04 => "V-04", VFK => "V-FK",
    L01 => "L-01", L02 => "L-02", L03 => "L-03",
    D00 => "D-00", D01 => "D-01", D02 => "D-02", D03 => "D-03", DN1 => "D-N1", D04 => "D-04",
    D04b => "D-04b", D05 => "D-05", D05b => "D-05b", D06 => "D-06", D07 => "D-07", D08 => "D-08",
    D09 => "D-09", D10 => "D-10", D11 => "D-11", D12 => "D-12",
    EG1 => "E-G1", EG2 => "E-G2", ED1 => "E-D1", ED2 => "E-D2",
    P2400 => "P24-00", P2401 => "P24-01", P2402 => "P24-02", P2512 => "P25-12",
    P253a => "P25-3a", P253b => "P25-3b", P254 => "P25-4", P255a => "P25-5a", P255b => "P25-5b",
    P25ab => "P25ab", P104c => "P104c", NE => "NE", EU01 => "EU-01", EU02 => "EU-02",
    EU03 => "EU-03", F16a => "F-16a", F18 => "F-18", P81 => "P81", AE00 => "AE-00", N01 => "N-01",
    DOC01 => "DOC-01", A01 => "A-01", A02 => "A-02", A03 => "A-03", A03b => "A-03b", A04 => "A-04",
    A05 => "A-05", A06 => "A-06", A10 => "A-10", M01 => "M-01",
}

/// One dated version of a rule (*Fassung*), as read from the table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleVersion {
    pub id: String,
    pub section: String,
    #[serde(default)]
    pub valid_from: Option<NaiveDate>,
    #[serde(default)]
    pub valid_to: Option<NaiveDate>,
    #[serde(default)]
    pub months: Option<u16>,
    #[serde(default)]
    pub hours: Option<u16>,
    pub text_de: String,
    pub text_en: String,
    pub citation: String,
    pub confidence: Confidence,
    #[serde(default)]
    pub provisional: bool,
    #[serde(default)]
    pub uncertain_from: Option<NaiveDate>,
    #[serde(default)]
    pub uncertain_to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    rule: Vec<RuleVersion>,
}

/// The parsed rule table (*Regeltabelle*): the versions of each [`RuleId`], oldest first.
#[derive(Debug)]
pub struct RuleTable {
    by_id: Vec<Vec<RuleVersion>>,
    /// Ids in the file that the code does not know (a test requires this to be empty).
    pub unknown_ids: Vec<String>,
}

const RULES_TOML: &str = include_str!("../../index-config/permission/rules.toml");

static TABLE: LazyLock<RuleTable> = LazyLock::new(|| {
    // The table is part of the build, not input; tests load it, so a broken table fails CI.
    RuleTable::parse(RULES_TOML)
        .unwrap_or_else(|e| panic!("index-config/permission/rules.toml: {e}"))
});

/// The rule table.
pub fn rules() -> &'static RuleTable {
    &TABLE
}

impl RuleTable {
    /// Parses and checks a rule table: versions of one id must not overlap.
    pub fn parse(text: &str) -> Result<RuleTable, String> {
        let file: RuleFile = toml::from_str(text).map_err(|e| e.to_string())?;
        let mut by_id: Vec<Vec<RuleVersion>> = vec![Vec::new(); RuleId::ALL.len()];
        let mut unknown_ids = Vec::new();
        for version in file.rule {
            if let (Some(from), Some(to)) = (version.valid_from, version.valid_to)
                && to < from
            {
                return Err(format!("rule {}: valid_to before valid_from", version.id));
            }
            match RuleId::parse(&version.id) {
                Some(id) => by_id[id as usize].push(version),
                None => unknown_ids.push(version.id),
            }
        }
        for versions in &mut by_id {
            versions.sort_by_key(|v| v.valid_from);
            for pair in versions.windows(2) {
                let overlaps = match (pair[0].valid_to, pair[1].valid_from) {
                    (Some(to), Some(from)) => to >= from,
                    _ => true,
                };
                if overlaps {
                    return Err(format!("rule {}: versions overlap", pair[0].id));
                }
            }
        }
        Ok(RuleTable { by_id, unknown_ids })
    }

    /// All versions of a rule, oldest first (empty if the table lacks it).
    pub fn versions(&self, id: RuleId) -> &[RuleVersion] {
        self.by_id.get(id as usize).map_or(&[], Vec::as_slice)
    }

    /// The version in force on the clock's day, with its index.
    pub(crate) fn in_force(&self, id: RuleId, clock: &Clock) -> Option<(u8, &RuleVersion)> {
        let mut found = None;
        for (i, v) in self.versions(id).iter().enumerate() {
            // Check every version so that all boundaries are recorded.
            if clock.within(v.valid_from, v.valid_to) && found.is_none() {
                found = Some((u8::try_from(i).unwrap_or(u8::MAX), v));
            }
        }
        found
    }

    /// A version by index (as stored in a reason).
    pub fn version(&self, id: RuleId, index: u8) -> Option<&RuleVersion> {
        self.versions(id).get(usize::from(index))
    }

    /// The first day of a rule's first version (for data that must agree with the table).
    pub fn first_day(&self, id: RuleId) -> Option<NaiveDate> {
        self.versions(id).first().and_then(|v| v.valid_from)
    }
}

/// The placeholders a rule text may use.
pub const PLACEHOLDERS: [&str; 7] = [
    "country",
    "start",
    "date",
    "application",
    "cutoff",
    "months",
    "hours",
];

/// Fills a rule text's placeholders. A value the facts did not give is shown as `?`.
pub fn render(template: &str, args: &ReasonArgs) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let value = match &after[..close] {
            "country" => args.country.map(|c| c.to_string()),
            "start" => args.start.map(german),
            "date" => args.date.map(german),
            "application" => args.application.map(german),
            "cutoff" => args.cutoff.map(german),
            "months" => args.months.map(|m| m.to_string()),
            "hours" => args.hours.map(|h| h.to_string()),
            other => Some(format!("{{{other}}}")),
        };
        out.push_str(value.as_deref().unwrap_or("?"));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The rule table as Markdown, one row per rule version, for `passgenau permission rules`.
pub fn rules_markdown() -> String {
    let table = rules();
    let mut out = String::new();
    out.push_str("# Work-permission rules\n\n");
    out.push_str(
        "Source: `index-config/permission/rules.toml`. Reference: `domain/work-permission.md`. \
         Placeholders in braces are filled from the case facts.\n\n",
    );
    out.push_str("| Rule | Section | Valid from | Valid to | Parameter | Text (de) | Text (en) | Citation | Confidence |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for &id in RuleId::ALL {
        for v in table.versions(id) {
            let date = |d: Option<NaiveDate>| d.map_or_else(|| "—".to_owned(), german);
            let mut param = String::new();
            if let Some(m) = v.months {
                let _ = write!(param, "{m} months");
            }
            if let Some(h) = v.hours {
                let _ = write!(param, "{h} h/week");
            }
            let mut confidence = match v.confidence {
                Confidence::High => "high".to_owned(),
                Confidence::Medium => "medium".to_owned(),
            };
            if v.provisional {
                confidence.push_str(", provisional");
            }
            if let (Some(from), Some(to)) = (v.uncertain_from, v.uncertain_to) {
                let _ = write!(
                    confidence,
                    " (day unverified {}–{})",
                    german(from),
                    german(to)
                );
            }
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                id.as_str(),
                cell(&v.section),
                date(v.valid_from),
                date(v.valid_to),
                if param.is_empty() {
                    "—".to_owned()
                } else {
                    param
                },
                cell(&v.text_de),
                cell(&v.text_en),
                cell(&v.citation),
                confidence
            );
        }
    }
    out
}
