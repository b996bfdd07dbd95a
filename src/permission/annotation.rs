//! The document's annotation on work (*Nebenbestimmung zur Erwerbstätigkeit*): normalising a
//! printed text (reference § 5.1) and matching a job-specific permission against a vacancy.

use super::engine::Ctx;
use super::types::MissingFact;
use crate::domain::{Annotation, ResidenceFacts, WorkType};

/// The annotation code, or the one read from the printed text when no code is given.
pub(crate) fn effective_annotation(facts: &ResidenceFacts) -> Option<Annotation> {
    facts.annotation.or_else(|| {
        facts
            .annotation_text
            .as_deref()
            .and_then(normalise_annotation)
    })
}

/// Reads the normalised code from an annotation as printed (§ 5.1: case-insensitive,
/// "gestattet" ≡ "erlaubt"). `None` if the text is not recognised.
pub fn normalise_annotation(text: &str) -> Option<Annotation> {
    let t = text.to_lowercase();
    let has = |s: &str| t.contains(s);
    let negated = has("nicht gestattet") || has("nicht erlaubt");
    let granted = has("gestattet") || has("erlaubt");
    let employment = has("beschäftigung") || has("beschaeftigung");
    let gainful = has("erwerbstätigkeit") || has("erwerbstaetigkeit");
    let self_employment = has("selbständig") || has("selbstständig");
    if gainful && negated {
        return Some(Annotation::ErwerbNichtGestattet);
    }
    if self_employment && negated && !employment {
        return Some(Annotation::SelbstNicht);
    }
    if employment && has("nur mit") && (has("erlaubnis") || has("genehmigung") || has("zustimmung"))
    {
        return Some(Annotation::BeschNurMitErlaubnis);
    }
    if gainful && granted {
        return Some(Annotation::ErwerbErlaubt);
    }
    if employment && granted {
        let specific = [" als ", " bei ", "stunden", " fa.", "firma", "nur "]
            .iter()
            .any(|s| has(s));
        return Some(if specific {
            Annotation::BeschSpezifisch
        } else {
            Annotation::BeschErlaubt
        });
    }
    None
}

/// Whether a job-specific permission (*Beschäftigungserlaubnis für eine Stelle*) covers the
/// vacancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SpecificMatch {
    Yes,
    No,
    /// A fact needed to compare is missing.
    Unknown(MissingFact),
}

/// Compares the document's employer, job and hours with the vacancy. The employer must be
/// shown to match; the job only where the document names one; hours where it caps them.
pub(crate) fn specific_permission_matches(ctx: &Ctx<'_>) -> SpecificMatch {
    if ctx.work == WorkType::SelfEmployment {
        return SpecificMatch::No;
    }
    let f = ctx.facts;
    let text = f.annotation_text.as_deref();
    let Some(employer) = non_empty(ctx.vacancy.employer.as_deref()) else {
        return SpecificMatch::Unknown(MissingFact::VacancyEmployer);
    };
    let employer_ok = match (non_empty(f.title_employer.as_deref()), text) {
        (Some(named), _) => names_match(named, employer),
        (None, Some(text)) => contains_phrase(text, employer),
        (None, None) => return SpecificMatch::Unknown(MissingFact::TitleEmployer),
    };
    if !employer_ok {
        return SpecificMatch::No;
    }
    let names_job =
        f.title_job.is_some() || text.is_some_and(|t| t.to_lowercase().contains(" als "));
    if names_job {
        let Some(job) = non_empty(ctx.vacancy.job.as_deref()) else {
            return SpecificMatch::Unknown(MissingFact::VacancyJob);
        };
        let job_ok = match (non_empty(f.title_job.as_deref()), text) {
            (Some(named), _) => names_match(named, job),
            (None, Some(text)) => contains_phrase(text, job),
            (None, None) => false,
        };
        if !job_ok {
            return SpecificMatch::No;
        }
    }
    if let Some(cap) = f.hours_cap {
        match ctx.vacancy.hours_per_week {
            None => return SpecificMatch::Unknown(MissingFact::VacancyHours),
            Some(hours) if hours <= cap => {}
            Some(_) => return SpecificMatch::No,
        }
    }
    SpecificMatch::Yes
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// Words that say nothing about which employer or job is meant.
const FILLER: [&str; 16] = [
    "firma",
    "fa",
    "gmbh",
    "mbh",
    "ag",
    "kg",
    "co",
    "ug",
    "ohg",
    "gbr",
    "e",
    "v",
    "ev",
    "und",
    "haftungsbeschränkt",
    "se",
];

/// The significant lower-case words of a name, without parenthesised remarks.
fn words(text: &str) -> Vec<String> {
    let mut depth = 0u32;
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => cleaned.push(c),
            _ => {}
        }
    }
    cleaned
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !FILLER.contains(&w.as_str()))
        .collect()
}

/// Two names denote the same employer or job: one's words appear, in order, in the other's.
fn names_match(a: &str, b: &str) -> bool {
    let (a, b) = (words(a), words(b));
    !a.is_empty() && !b.is_empty() && (is_run_of(&a, &b) || is_run_of(&b, &a))
}

/// The vacancy's name appears, word for word, in the printed annotation.
fn contains_phrase(haystack: &str, needle: &str) -> bool {
    let (h, n) = (words(haystack), words(needle));
    !n.is_empty() && is_run_of(&n, &h)
}

fn is_run_of(needle: &[String], haystack: &[String]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printed_annotations_are_normalised_as_in_the_reference() {
        let cases = [
            ("Erwerbstätigkeit gestattet", Annotation::ErwerbErlaubt),
            ("Erwerbstätigkeit erlaubt", Annotation::ErwerbErlaubt),
            (
                "Beschäftigung jeder Art gestattet",
                Annotation::BeschErlaubt,
            ),
            (
                "Beschäftigung gestattet. Selbständige Tätigkeit nicht gestattet.",
                Annotation::BeschErlaubt,
            ),
            (
                "Beschäftigung nur als Lagerhelfer bei Firma A gestattet",
                Annotation::BeschSpezifisch,
            ),
            (
                "Beschäftigung nur mit Erlaubnis der Ausländerbehörde gestattet",
                Annotation::BeschNurMitErlaubnis,
            ),
            (
                "Erwerbstätigkeit nicht gestattet",
                Annotation::ErwerbNichtGestattet,
            ),
            (
                "Selbständige Tätigkeit nicht gestattet",
                Annotation::SelbstNicht,
            ),
        ];
        for (text, code) in cases {
            assert_eq!(normalise_annotation(text), Some(code), "{text}");
        }
        assert_eq!(normalise_annotation("Wohnsitzauflage Köln"), None);
    }

    #[test]
    fn employer_names_match_word_for_word_ignoring_legal_forms() {
        assert!(contains_phrase(
            "Beschäftigung nur als X bei Firma Logistik Nord GmbH gestattet",
            "Logistik Nord GmbH"
        ));
        assert!(!contains_phrase(
            "Beschäftigung nur als Lagerhelfer bei Firma A gestattet",
            "Firma B"
        ));
        assert!(names_match("Firma A GmbH", "A GmbH"));
        assert!(!names_match("Firma A GmbH", "Firma B GmbH"));
        assert!(contains_phrase(
            "Beschäftigung nur als Auszubildende/r zur Fachkraft für Lagerlogistik bei Firma Logistik Nord GmbH gestattet",
            "Fachkraft für Lagerlogistik (Ausbildung)"
        ));
    }
}
