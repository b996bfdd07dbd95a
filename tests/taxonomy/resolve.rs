//! Resolving free labels to ESCO concepts.

use passgenau::taxonomy::{Lang2, MatchKind, OccupationId, SkillId, Taxonomy};

const OPERATE_FORKLIFT: &str =
    "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da";
const APPLY_HACCP: &str = "http://data.europa.eu/esco/skill/5ba1d5b9-3f8d-46ca-bf9f-2e9ca65d1350";
const WAREHOUSE_WORKER: &str =
    "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f";
const COOK: &str = "http://data.europa.eu/esco/occupation/90f75f67-495d-49fa-ab57-2f320e251d7e";

fn tax() -> &'static Taxonomy {
    Taxonomy::embedded()
}

fn skill(uri: &str) -> SkillId {
    tax().skill_by_uri(uri).expect("skill exists")
}

fn occupation(uri: &str) -> OccupationId {
    tax().occupation_by_uri(uri).expect("occupation exists")
}

fn best_skill(label: &str) -> Option<SkillId> {
    tax().resolve_skill(label).first().map(|r| r.id)
}

fn best_occupation(label: &str) -> Option<OccupationId> {
    tax().resolve_occupation(label).first().map(|r| r.id)
}

#[test]
fn staplerschein_resolves_to_forklift_operation() {
    let r = tax().resolve_skill("Staplerschein");
    assert_eq!(r[0].id, skill(OPERATE_FORKLIFT));
    assert_eq!(r[0].how, MatchKind::Synonym);
    assert_eq!(r[0].lang, Lang2::DE);
    assert!((r[0].confidence - 0.9).abs() < 1e-6);
}

#[test]
fn the_english_preferred_label_is_an_exact_match() {
    let r = tax().resolve_skill("operate forklift");
    assert_eq!(r[0].id, skill(OPERATE_FORKLIFT));
    assert_eq!(r[0].how, MatchKind::Exact);
    assert_eq!(r[0].confidence, 1.0);
}

#[test]
fn the_german_preferred_label_is_an_exact_match() {
    let r = tax().resolve_skill("Gabelstapler fahren");
    assert_eq!(
        (r[0].id, r[0].how, r[0].lang),
        (skill(OPERATE_FORKLIFT), MatchKind::Exact, Lang2::DE)
    );
}

#[test]
fn case_and_umlauts_do_not_matter() {
    // "gabel stapler" is one edit away from the synonym "gabelstapler".
    for label in [
        "Gabelstapler",
        "gabelstapler",
        "GABELSTAPLER",
        " gabel-stapler ",
    ] {
        assert_eq!(best_skill(label), Some(skill(OPERATE_FORKLIFT)), "{label}");
    }
    assert_eq!(
        best_occupation("Küchenhilfe"),
        best_occupation("Kuechenhilfe")
    );
    assert_eq!(
        best_occupation("Küchenhilfe"),
        best_occupation("KÜCHENHILFE")
    );
}

#[test]
fn a_typo_still_finds_the_skill() {
    let r = tax().resolve_skill("Gabelstabler");
    assert_eq!(r[0].id, skill(OPERATE_FORKLIFT));
    assert_eq!(r[0].how, MatchKind::Fuzzy);
    assert!(
        r[0].confidence > 0.5 && r[0].confidence < 0.9,
        "{}",
        r[0].confidence
    );
    assert_eq!(
        best_skill("opperate forklift"),
        Some(skill(OPERATE_FORKLIFT))
    );
    assert_eq!(
        best_occupation("Kommisionierer"),
        best_occupation("Kommissionierer")
    );
}

#[test]
fn haccp_and_food_hygiene_resolve() {
    assert_eq!(best_skill("HACCP"), Some(skill(APPLY_HACCP)));
    let hygiene = best_skill("Lebensmittelhygiene").expect("resolves");
    assert_eq!(
        tax().skill_label(hygiene, Lang2::EN),
        Some("comply with food safety and hygiene")
    );
}

#[test]
fn french_occupation_label_resolves() {
    let cook = occupation(COOK);
    for label in ["cuisinier", "cuisinière", "cuisinier/cuisinière"] {
        let r = tax().resolve_occupation(label);
        assert_eq!(r[0].id, cook, "{label}");
        assert_eq!(r[0].lang, Lang2::FR, "{label}");
    }
    assert_eq!(
        tax().occupation_label(cook, Lang2::FR),
        Some("cuisinier/cuisinière")
    );
}

#[test]
fn mwd_is_stripped() {
    let worker = occupation(WAREHOUSE_WORKER);
    for label in [
        "Lagerhelfer (m/w/d)",
        "Lagerhelfer (w/m/d)",
        "Lagerhelfer m/w/d",
        "Lagerhelfer*in",
        "Lagerhelfer/-in",
        "LagerhelferIn",
        "warehouse worker (m/f/d)",
    ] {
        let r = tax().resolve_occupation(label);
        assert_eq!(r.first().map(|r| r.id), Some(worker), "{label}");
        assert_ne!(r[0].how, MatchKind::Fuzzy, "{label}");
    }
}

#[test]
fn gendered_pairs_resolve_by_either_half() {
    assert_eq!(best_occupation("Koch/Köchin"), Some(occupation(COOK)));
    assert_eq!(best_occupation("Köchin"), Some(occupation(COOK)));
}

#[test]
fn unknown_label_gives_nothing() {
    for label in [
        "",
        "   ",
        "(m/w/d)",
        "xyzzy",
        "Quantenchromodynamik-Flugkapitän",
        "!!!",
        "qq",
    ] {
        assert!(tax().resolve_skill(label).is_empty(), "{label}");
        assert!(tax().resolve_occupation(label).is_empty(), "{label}");
    }
}

#[test]
fn results_are_sorted_by_confidence_and_unique() {
    for label in ["Packer", "cleaner", "Kasse", "Pflegekraft", "Maler"] {
        let r = tax().resolve_occupation(label);
        assert!(
            r.windows(2).all(|w| w[0].confidence >= w[1].confidence),
            "{label}"
        );
        let mut ids: Vec<_> = r.iter().map(|r| r.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), r.len(), "{label}");
    }
}

#[test]
fn skill_groups_are_not_resolved() {
    // "handling and moving" is a group of the ESCO skill hierarchy.
    assert!(tax().resolve_skill("handling and moving").is_empty());
}
