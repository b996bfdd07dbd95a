//! The index is an accelerator, never a filter: its top k equals the top k of scoring
//! every record with the same scorer.

use proptest::prelude::*;

use passgenau::app::matching::{candidates_for, vacancies_for};
use passgenau::matching::MatchQuery;

use crate::helpers::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, .. ProptestConfig::default() })]

    #[test]
    fn the_top_candidates_from_the_index_equal_brute_force(
        seed in any::<u64>(),
        k in 1usize..40,
        include_ineligible in any::<bool>(),
        days_ahead in 0u64..200,
    ) {
        let world = world(&data(seed, 12, 400));
        let all = world.candidates();
        let as_of = day("2026-11-21") + chrono::Days::new(days_ahead);
        let q = MatchQuery { include_ineligible, ..MatchQuery::on(as_of) };
        for v in world.vacancies() {
            let fast = candidates_for(&world.docs.cache, settings(), &v, &q, k);
            let slow = brute_candidates(&all, &v, &q, k);
            prop_assert_eq!(ids_and_scores(&fast.hits), ids_and_scores(&slow));
        }
    }

    #[test]
    fn the_top_vacancies_from_the_index_equal_brute_force(seed in any::<u64>(), k in 1usize..20) {
        let world = world(&data(seed, 60, 40));
        let vacancies = world.vacancies();
        let q = MatchQuery::on(day("2026-12-01"));
        for c in world.candidates() {
            let fast = vacancies_for(&world.index, &world.docs.cache, settings(), &c, &q, k).unwrap();
            let slow = brute_vacancies(&vacancies, &c, &q, k);
            prop_assert_eq!(ids_and_scores(&fast.hits), ids_and_scores(&slow));
        }
    }
}

#[test]
fn filters_of_an_ad_hoc_search_agree_with_brute_force() {
    use passgenau::domain::{CefrLevel, DrivingLicence, LanguageCode};
    use passgenau::matching::MatchFilters;
    let world = world(&data(7, 8, 500));
    let all = world.candidates();
    let filters = [
        MatchFilters {
            max_distance_km: Some(15.0),
            ..MatchFilters::default()
        },
        MatchFilters {
            languages: vec![(LanguageCode::DE, CefrLevel::B1)],
            ..MatchFilters::default()
        },
        MatchFilters {
            driving_licence: Some(DrivingLicence::B),
            ..MatchFilters::default()
        },
        MatchFilters {
            available_by: Some(day("2026-12-01")),
            visible_only: true,
            ..MatchFilters::default()
        },
    ];
    for filters in filters {
        let q = MatchQuery {
            filters,
            ..MatchQuery::on(day("2026-11-21"))
        };
        for v in world.vacancies() {
            let fast = candidates_for(&world.docs.cache, settings(), &v, &q, 15);
            let slow = brute_candidates(&all, &v, &q, 15);
            assert_eq!(
                ids_and_scores(&fast.hits),
                ids_and_scores(&slow),
                "{:?}",
                q.filters
            );
        }
    }
}

/// The in-memory retrieval table passes the same candidates as the search index, with the
/// same boost sums, for plain searches and with every kind of filter.
#[test]
fn the_retrieval_table_agrees_with_the_index() {
    use passgenau::app::matching::candidate_filter;
    use passgenau::domain::{CefrLevel, DrivingLicence, LanguageCode};
    use passgenau::matching::MatchFilters;
    let world = world(&data(11, 10, 600));
    let filters = [
        MatchFilters::default(),
        MatchFilters {
            max_distance_km: Some(20.0),
            languages: vec![(LanguageCode::DE, CefrLevel::A2)],
            ..MatchFilters::default()
        },
        MatchFilters {
            driving_licence: Some(DrivingLicence::B),
            available_by: Some(day("2026-12-15")),
            visible_only: true,
            ..MatchFilters::default()
        },
    ];
    let mut compared = 0;
    for filters in filters {
        let q = MatchQuery {
            filters,
            extra_radius_km: 10.0,
            ..MatchQuery::on(day("2026-11-21"))
        };
        for v in world.vacancies() {
            let fq = candidate_filter(settings(), &v, &q);
            let mut table = world.docs.cache.with_table(|t| t.passing_ids(&fq));
            let got = world.index.retrieve(&fq, 10_000).unwrap();
            let mut index = got.hits.clone();
            assert_eq!(table.len(), got.total);
            table.sort_by_key(|(id, _)| *id);
            index.sort_by_key(|(id, _)| *id);
            for ((a, x), (b, y)) in table.iter().zip(&index) {
                assert_eq!(a, b);
                assert!((x - y).abs() < 1e-5, "{a}: {x} against {y}");
            }
            compared += table.len();
        }
    }
    assert!(compared > 0, "no candidate passed any filter");
}

/// With many candidates per vacancy, the search goes through several rounds and ends on a
/// bound; its top k still equals brute force, for small and large k.
#[test]
fn a_search_over_several_rounds_equals_brute_force() {
    let world = world(&data(23, 6, 3000));
    let all = world.candidates();
    let q = MatchQuery::on(day("2026-11-21"));
    let mut compared = 0;
    for v in world.vacancies() {
        for k in [1, 5, 20, 300] {
            let fast = candidates_for(&world.docs.cache, settings(), &v, &q, k);
            let slow = brute_candidates(&all, &v, &q, k);
            assert_eq!(ids_and_scores(&fast.hits), ids_and_scores(&slow), "k = {k}");
            compared += usize::from(fast.considered > 1024);
        }
    }
    assert!(compared > 0, "no search needed more than two rounds");
}

/// What the table holds of a candidate for the distance and availability bound never
/// bounds below what the features give: the same place, licence and date, and a commute
/// at least as long.
#[test]
fn the_table_bounds_distance_and_availability_from_above() {
    use passgenau::app::matching::candidate_filter;
    use passgenau::matching::{Whereabouts, candidate_base, retrieval_plan};
    let world = world(&data(5, 12, 800));
    let q = MatchQuery::on(day("2026-11-21"));
    let mut compared = 0;
    for v in world.vacancies() {
        let base = retrieval_plan(settings(), &v, &q).base;
        let fq = candidate_filter(settings(), &v, &q);
        world.docs.cache.with_table(|t| {
            for (_, slot) in t.passing(&fq) {
                let c = t.features(slot);
                let (row, exact) = (
                    t.whereabouts(slot, v.features.licence),
                    Whereabouts::of(c, &v),
                );
                assert_eq!(row.at, exact.at);
                assert_eq!(row.licensed, exact.licensed, "{}", c.id);
                assert_eq!(row.available_from, exact.available_from, "{}", c.id);
                assert!(row.commute_km >= exact.commute_km);
                let (a, b) = (
                    candidate_base(settings(), &v, &row, &q, base),
                    candidate_base(settings(), &v, &exact, &q, base),
                );
                assert!(a >= b && a - b < 1e-6, "{}: {a} against {b}", c.id);
                compared += 1;
            }
        });
    }
    assert!(compared > 0, "no candidate passed any filter");
}

/// The share bound (per requirement the best share of the terms a candidate carries) lies
/// between the score's skill and occupation part and the boost sum.
#[test]
fn the_share_bound_lies_between_the_score_and_the_boost_sum() {
    use passgenau::app::matching::candidate_filter;
    use passgenau::matching::{Whereabouts, candidate_base, retrieval_plan, score};
    let world = world(&data(9, 12, 800));
    let q = MatchQuery::on(day("2026-11-21"));
    let (mut compared, mut tighter) = (0, 0);
    for v in world.vacancies() {
        let plan = retrieval_plan(settings(), &v, &q);
        let fq = candidate_filter(settings(), &v, &q);
        world.docs.cache.with_table(|t| {
            let shares = t.shares(&plan.shares);
            let mut scratch = Vec::new();
            for (boost, slot) in t.passing(&fq) {
                let c = t.features(slot);
                let bound = t.share_bound(slot, &shares, &mut scratch);
                assert!(
                    bound <= f64::from(boost) + 1e-5,
                    "{}: {bound} above {boost}",
                    c.id
                );
                tighter += usize::from(bound + 1e-3 < f64::from(boost));
                let Ok(scored) = score(settings(), &v, c, &q) else {
                    continue;
                };
                let rest = candidate_base(settings(), &v, &Whereabouts::of(c, &v), &q, plan.base);
                assert!(
                    bound + rest + 1e-4 >= scored.score,
                    "{}: bound {} below score {}",
                    c.id,
                    bound + rest,
                    scored.score
                );
                compared += 1;
            }
        });
    }
    assert!(
        compared > 0 && tighter > 0,
        "{compared} compared, {tighter} tighter"
    );
}
