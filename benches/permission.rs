//! Benchmark of the work-permission engine's hot path.
//!
//! What is measured: `permission::evaluate` alone (no `changes_on`, no text rendering, no
//! serialisation), as the matcher calls it for every candidate it scores. The input is a
//! fixed set of 4,096 fact sets built by a seeded generator (all status types, dates
//! 2014–2026, all work types, with and without annotations and vacancy details). Each
//! evaluation's result is checked inside the loop so that the work cannot be optimised away.
//! `evaluate/4096` reports the time per batch (divide by 4,096 for ns per evaluation; the
//! throughput line gives evaluations per second); `evaluate_1m` runs 1,000,000 evaluations.

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use passgenau::domain::{
    Annotation, AsylumOutcome, CountryCode, ResidenceFacts, StatusType, WorkType,
};
use passgenau::permission::{Outcome, VacancyFacts, evaluate};

/// A small deterministic generator (SplitMix64), so the set is the same on every run.
struct Seeded(u64);

impl Seeded {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

type Case = (ResidenceFacts, WorkType, VacancyFacts, NaiveDate);

fn fact_set(size: usize) -> Vec<Case> {
    let mut rng = Seeded(0x5EED_2026);
    let base = NaiveDate::from_ymd_opt(2014, 1, 1).expect("date");
    let countries = [
        "SY", "AF", "IQ", "ER", "AL", "XK", "GE", "TR", "UA", "HR", "PL",
    ];
    let bases = [
        "AufenthG §25 Abs. 2",
        "AufenthG §25 Abs. 3",
        "AufenthG §25 Abs. 5",
        "AufenthG §24",
        "AufenthG §104c",
        "AufenthG §18a",
        "AufenthG §16a",
    ];
    let outcomes = [
        AsylumOutcome::Pending,
        AsylumOutcome::Rejected,
        AsylumOutcome::Withdrawn,
        AsylumOutcome::RejectedManifestlyUnfounded,
    ];
    let annotations = [
        Annotation::ErwerbErlaubt,
        Annotation::BeschErlaubt,
        Annotation::BeschNurMitErlaubnis,
        Annotation::ErwerbNichtGestattet,
        Annotation::BeschSpezifisch,
    ];
    let districts = ["AA Köln", "AA Rostock", "AA Nürnberg", "AA Regensburg"];
    // Weighted towards the statuses the matcher sees most.
    let statuses = [
        StatusType::Aufenthaltsgestattung,
        StatusType::Aufenthaltsgestattung,
        StatusType::Duldung,
        StatusType::Duldung,
        StatusType::Aufenthaltserlaubnis,
        StatusType::Aufenthaltserlaubnis,
        StatusType::Ankunftsnachweis,
        StatusType::Duldung60b,
        StatusType::Duldung60c,
        StatusType::Niederlassungserlaubnis,
        StatusType::Fiktionsbescheinigung,
        StatusType::EuCitizen,
        StatusType::None,
    ];
    (0..size)
        .map(|_| {
            let as_of = base + Days::new(rng.below(4_700) as u64);
            let start = as_of
                .checked_sub_days(Days::new(rng.below(2_500) as u64))
                .unwrap_or(as_of);
            let mut f = ResidenceFacts::new(rng.pick(&statuses));
            f.nationality = Some(CountryCode::known(rng.pick(&countries)));
            f.legal_basis = Some(rng.pick(&bases).to_owned());
            f.asylum_request_date = Some(start);
            f.asylum_application_date = Some(start + Days::new(rng.below(40) as u64));
            f.papered_stay_since = Some(start);
            f.duldung_since = Some(start + Days::new(rng.below(300) as u64));
            f.asylum_outcome = Some(rng.pick(&outcomes));
            f.document_valid_until = Some(as_of + Days::new(rng.below(400) as u64));
            f.reception_facility_obligation = Some(rng.chance(20));
            f.identity_clarified = Some(rng.chance(80));
            f.removal_obstacle_self_caused = Some(rng.chance(5));
            f.entered_for_asylblg_benefits = Some(false);
            f.concrete_removal_measures_pending = Some(rng.chance(5));
            if rng.chance(60) {
                f.annotation = Some(rng.pick(&annotations));
            }
            if f.annotation == Some(Annotation::BeschSpezifisch) {
                f.annotation_text =
                    Some("Beschäftigung nur als Lagerhelfer bei Firma A gestattet".to_owned());
            }
            let vacancy = VacancyFacts {
                employer: rng.chance(50).then(|| "Firma A".to_owned()),
                job: None,
                workplace_agency_district: rng.chance(70).then(|| rng.pick(&districts).to_owned()),
                hours_per_week: Some(15.0),
                fachkraft_exception_32_5_1: Some(rng.chance(10)),
            };
            (f, rng.pick(&WorkType::ALL), vacancy, as_of)
        })
        .collect()
}

fn run(set: &[Case]) -> usize {
    let mut allowed = 0;
    for (facts, work, vacancy, as_of) in set {
        let v = evaluate(black_box(facts), *work, vacancy, *as_of);
        // Every verdict names at least one rule, and permissions exist only when required.
        assert!(!v.reasons.is_empty());
        assert!(v.outcome == Outcome::PermissionRequired || v.permissions.is_empty());
        allowed += usize::from(v.outcome == Outcome::Allowed);
    }
    allowed
}

fn bench(c: &mut Criterion) {
    let set = fact_set(4_096);
    let mut group = c.benchmark_group("permission");
    group.throughput(Throughput::Elements(set.len() as u64));
    group.bench_function("evaluate/4096", |b| b.iter(|| black_box(run(&set))));
    group.finish();

    let mut million = c.benchmark_group("permission_1m");
    million.sample_size(10);
    million.throughput(Throughput::Elements(1_000_000));
    million.bench_function("evaluate_1m", |b| {
        b.iter(|| {
            let mut total = 0;
            for i in 0..1_000_000 {
                total += run(std::slice::from_ref(&set[i % set.len()]));
            }
            black_box(total)
        })
    });
    million.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
