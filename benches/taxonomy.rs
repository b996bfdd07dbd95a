//! Load time of the embedded taxonomy and resolver latency.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use passgenau::taxonomy::{ESCO_DATA, LABELS_DE, MatchKind, PLACEMENT_OCCUPATIONS, Taxonomy};

/// Labels with the expected kind of the best match (`None`: nothing).
const SKILLS: &[(&str, Option<MatchKind>)] = &[
    ("Staplerschein", Some(MatchKind::Synonym)),
    ("operate forklift", Some(MatchKind::Exact)),
    ("Gabelstabler", Some(MatchKind::Fuzzy)),
    ("HACCP", Some(MatchKind::Synonym)),
    ("Reinigungsmittel verwenden", Some(MatchKind::Synonym)),
    ("Kommissionierung", Some(MatchKind::Synonym)),
    ("lift heavy weights", Some(MatchKind::Exact)),
    ("Lebensmittelhygeine", Some(MatchKind::Fuzzy)),
    ("xyzzy plugh", None),
];

const OCCUPATIONS: &[(&str, Option<MatchKind>)] = &[
    ("Lagerhelfer (m/w/d)", Some(MatchKind::Exact)),
    ("Verkäufer*in", Some(MatchKind::Exact)),
    ("cuisinière", Some(MatchKind::Exact)),
    ("warehouse worker", Some(MatchKind::Exact)),
    ("Reinigungskarft", Some(MatchKind::Fuzzy)),
    ("Putzfrau", Some(MatchKind::Synonym)),
    ("Quantenphysiker im Weltall", None),
];

fn load(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.sample_size(10);
    g.bench_function("from_parts (embedded data)", |b| {
        b.iter(|| {
            let t = Taxonomy::from_parts(ESCO_DATA, LABELS_DE, PLACEMENT_OCCUPATIONS);
            assert!(t.is_ok_and(|t| t.occupation_count() == 3007));
        });
    });
    g.finish();
}

fn resolve(c: &mut Criterion) {
    let t = Taxonomy::embedded();
    c.bench_function("resolve_skill (9 labels)", |b| {
        b.iter(|| {
            for &(label, how) in SKILLS {
                let r = t.resolve_skill(black_box(label));
                assert_eq!(r.first().map(|r| r.how), how, "{label}");
            }
        });
    });
    c.bench_function("resolve_occupation (7 labels)", |b| {
        b.iter(|| {
            for &(label, how) in OCCUPATIONS {
                let r = t.resolve_occupation(black_box(label));
                assert_eq!(r.first().map(|r| r.how), how, "{label}");
            }
        });
    });
    let forklift = t.resolve_skill("operate forklift")[0].id;
    let skills: Vec<_> = t.skills().step_by(7).collect();
    c.bench_function("skill_relation (2,077 pairs)", |b| {
        b.iter(|| {
            skills
                .iter()
                .filter(|&&s| t.skill_relation(forklift, s) != passgenau::taxonomy::Relation::None)
                .count()
        });
    });
}

criterion_group!(benches, load, resolve);
criterion_main!(benches);
