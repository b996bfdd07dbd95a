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
