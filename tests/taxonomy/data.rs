//! The embedded data: URIs, German label files, accessors and relations.

use std::collections::BTreeSet;

use passgenau::taxonomy::german::{parse_german_labels, parse_placement_occupations};
use passgenau::taxonomy::{
    Concept, IscoCode, LABELS_DE, Lang2, OccupationRelation, PLACEMENT_OCCUPATIONS, Relation,
    SkillKind, Taxonomy,
};

fn tax() -> &'static Taxonomy {
    Taxonomy::embedded()
}

#[test]
fn the_embedded_data_has_all_of_esco() {
    let t = tax();
    assert_eq!(t.occupation_count(), 3007);
    assert_eq!(t.skill_count(), 13896 + 640);
    let groups = t
        .skills()
        .filter(|&s| t.skill_kind(s) == SkillKind::Group)
        .count();
    assert_eq!(groups, 640);
}

#[test]
fn uris_round_trip() {
    let t = tax();
    for id in t.occupations().step_by(97) {
        let uri = t.occupation_uri(id);
        assert!(
            uri.starts_with("http://data.europa.eu/esco/occupation/"),
            "{uri}"
        );
        assert_eq!(t.by_uri(&uri), Some(Concept::Occupation(id)));
        assert_eq!(id.uri(), uri);
    }
    for id in t.skills().step_by(101) {
        let uri = t.skill_uri(id);
        assert_eq!(t.by_uri(&uri), Some(Concept::Skill(id)), "{uri}");
    }
    let isced = t.by_uri("http://data.europa.eu/esco/isced-f/0613");
    assert!(matches!(isced, Some(Concept::Skill(_))));
    assert_eq!(
        t.by_uri("http://data.europa.eu/esco/skill/not-a-uuid"),
        None
    );
    assert_eq!(t.by_uri("https://example.org/"), None);
}

#[test]
fn every_uri_in_the_german_label_files_exists_in_esco() {
    let labels = parse_german_labels(LABELS_DE).expect("labels-de.tsv parses");
    let mut seen = BTreeSet::new();
    for l in &labels {
        assert!(tax().by_uri(&l.uri).is_some(), "unknown URI {}", l.uri);
        assert!(seen.insert(&l.uri), "duplicate URI {}", l.uri);
        assert!(!l.label.is_empty(), "{}", l.uri);
    }
    for row in parse_placement_occupations(PLACEMENT_OCCUPATIONS).expect("placement list parses") {
        let id = tax()
            .occupation_by_uri(&row.uri)
            .expect("placement URI is an occupation");
        assert_eq!(
            IscoCode::parse(&row.isco),
            Some(tax().isco_code(id)),
            "{}",
            row.uri
        );
    }
}

#[test]
fn every_placement_occupation_has_a_german_label() {
    let t = tax();
    assert!((50..=80).contains(&t.placement_occupations().len()));
    for p in t.placement_occupations() {
        assert!(
            t.occupation_label(p.id, Lang2::DE).is_some(),
            "{}",
            p.label_de
        );
        assert!(p.weight > 0.0);
        assert!(
            !t.resolve_occupation(&p.label_de).is_empty(),
            "{}",
            p.label_de
        );
    }
}

#[test]
fn essential_skills_of_placement_occupations_are_mostly_labelled_in_german() {
    let t = tax();
    let (mut labelled, mut total) = (0usize, 0usize);
    let mut report = Vec::new();
    let ids: BTreeSet<_> = t.placement_occupations().iter().map(|p| p.id).collect();
    for &id in &ids {
        let skills = t.essential_skills(id);
        let de = skills
            .iter()
            .filter(|&&s| t.skill_label(s, Lang2::DE).is_some())
            .count();
        labelled += de;
        total += skills.len();
        report.push(format!(
            "{de:>3}/{:<3} {}",
            skills.len(),
            t.occupation_label(id, Lang2::DE).unwrap_or("?")
        ));
    }
    println!(
        "German labels for essential skills of placement occupations:\n{}",
        report.join("\n")
    );
    println!("total: {labelled}/{total}");
    // Every occupation has at least some labelled skills; overall more than half are labelled.
    assert!(report.iter().all(|r| !r.starts_with("  0/")), "{report:#?}");
    assert!(labelled * 2 > total, "{labelled}/{total}");
}

#[test]
fn accessors_describe_an_occupation() {
    let t = tax();
    let id = t.resolve_occupation("forklift operator")[0].id;
    assert_eq!(t.isco_code(id).to_string(), "8344");
    assert_eq!(t.isco_code(id).minor(), 834);
    assert_eq!(t.isco_code(id).sub_major(), 83);
    assert_eq!(t.isco_group_label("8344"), Some("Lifting truck operators"));
    assert_eq!(t.occupation_label(id, Lang2::DE), Some("Staplerfahrer"));
    let forklift = t.resolve_skill("operate forklift")[0].id;
    assert!(t.essential_skills(id).contains(&forklift));
    assert!(t.occupations_requiring(forklift).contains(&id));
    assert!(!t.optional_skills(id).is_empty());
    assert!(
        t.skill_alt_labels(forklift, Lang2::DE)
            .contains(&"Staplerschein")
    );
}

#[test]
fn sibling_occupations_share_the_isco_unit() {
    let t = tax();
    let worker = t.resolve_occupation("warehouse worker")[0].id;
    let picker = t.resolve_occupation("warehouse order picker")[0].id;
    let forklift = t.resolve_occupation("forklift operator")[0].id;
    let crane = t.resolve_occupation("tower crane operator")[0].id;
    let cook = t.resolve_occupation("cook")[0].id;
    assert_eq!(
        t.occupation_relation(worker, worker),
        OccupationRelation::Same
    );
    assert_eq!(
        t.occupation_relation(worker, picker),
        OccupationRelation::SameIscoUnit
    );
    assert_eq!(
        t.occupation_relation(forklift, crane),
        OccupationRelation::SameIscoMinor
    );
    assert_eq!(
        t.occupation_relation(cook, worker),
        OccupationRelation::None
    );
}

#[test]
fn skill_relations_follow_the_hierarchy() {
    let t = tax();
    let skill = t.resolve_skill("operate forklift")[0].id;
    let parent = t.broader_skills(skill)[0];
    assert_eq!(t.skill_relation(skill, skill), Relation::Same);
    assert_eq!(
        t.skill_relation(skill, parent),
        Relation::Broader { steps: 1 }
    );
    assert_eq!(
        t.skill_relation(parent, skill),
        Relation::Narrower { steps: 1 }
    );
    if let Some(&grandparent) = t.broader_skills(parent).first() {
        assert_eq!(
            t.skill_relation(skill, grandparent),
            Relation::Broader { steps: 2 }
        );
        assert_eq!(
            t.skill_relation(grandparent, skill),
            Relation::Narrower { steps: 2 }
        );
    }
    let sibling = t
        .narrower_skills(parent)
        .iter()
        .copied()
        .find(|&s| s != skill)
        .expect("the group has other members");
    assert_eq!(t.skill_relation(skill, sibling), Relation::Sibling);
    let unrelated = t.resolve_skill("Haskell")[0].id;
    assert_eq!(t.skill_relation(skill, unrelated), Relation::None);
}
