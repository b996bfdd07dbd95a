//! Properties of the resolver and language detection on arbitrary input.

use passgenau::taxonomy::{Taxonomy, detect_language, normalize};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn resolving_never_panics_and_confidence_is_in_range(label in "\\PC{0,40}") {
        let t = Taxonomy::embedded();
        for r in t.resolve_skill(&label) {
            prop_assert!(r.confidence > 0.0 && r.confidence <= 1.0);
        }
        for r in t.resolve_occupation(&label) {
            prop_assert!(r.confidence > 0.0 && r.confidence <= 1.0);
        }
    }

    #[test]
    fn typos_of_german_words_never_panic(label in "[a-zäöüßA-ZÄÖÜ /()*:-]{0,30}") {
        let t = Taxonomy::embedded();
        let _ = t.resolve_skill(&label);
        let _ = t.resolve_occupation(&label);
    }

    #[test]
    fn normalising_is_idempotent(label in "\\PC{0,40}") {
        let once = normalize(&label);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn language_detection_never_panics(text in "\\PC{0,80}") {
        if let Some((_, confidence)) = detect_language(&text) {
            prop_assert!((0.0..=1.0).contains(&confidence));
        }
    }
}
