//! Invariants of the score on generated data.

use proptest::prelude::*;

use passgenau::matching::{MatchQuery, SkillFeature, score};

use crate::helpers::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, .. ProptestConfig::default() })]

    #[test]
    fn every_score_and_component_lies_in_the_unit_interval(seed in any::<u64>(), ineligible in any::<bool>()) {
        let world = world(&data(seed, 10, 120));
        let q = MatchQuery { include_ineligible: ineligible, ..MatchQuery::on(day("2026-11-21")) };
        let candidates = world.candidates();
        for v in world.vacancies() {
            for c in &candidates {
                if let Ok(s) = score(settings(), &v, c, &q) {
                    let c = s.components;
                    for x in [s.score, c.skills, c.occupation, c.language, c.permission, c.distance, c.availability] {
                        prop_assert!((0.0..=1.0).contains(&x), "{x}");
                    }
                }
            }
        }
    }

    #[test]
    fn adding_a_matching_skill_never_lowers_the_score(seed in any::<u64>(), pick in any::<prop::sample::Index>()) {
        let world = world(&data(seed, 10, 120));
        let q = MatchQuery::on(day("2026-11-21"));
        let candidates = world.candidates();
        for v in world.vacancies() {
            let Some(req) = v.features.requirements.get(pick.index(v.features.requirements.len().max(1))) else { continue };
            for c in &candidates {
                let before = score(settings(), &v, c, &q);
                let mut more = c.clone();
                more.skills.push(SkillFeature { concepts: req.concepts.clone(), label: req.label.clone() });
                let after = score(settings(), &v, &more, &q);
                prop_assert_eq!(before.is_ok(), after.is_ok());
                if let (Ok(b), Ok(a)) = (before, after) {
                    prop_assert!(a.score >= b.score, "{} < {}", a.score, b.score);
                    prop_assert!(a.components.skills >= b.components.skills);
                }
            }
        }
    }
}
