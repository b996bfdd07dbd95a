//! Work-permission engine: the public cases, the rule table, specifications and properties.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use passgenau::domain::{
    Annotation, AsylumOutcome, CountryCode, ResidenceFacts, StatusType, WorkType,
};
use passgenau::permission::{
    CheckRequest, Confidence, Flag, Outcome, PLACEHOLDERS, Permission, RuleId, VacancyFacts,
    Verdict, changes_on, check, districts, eu_transitions, evaluate, matrix, rules, rules_markdown,
    safe_countries,
};
use proptest::prelude::*;
use serde::Deserialize;

// ---------------------------------------------------------------------------------------------
// The public cases
// ---------------------------------------------------------------------------------------------

#[derive(Deserialize)]
struct CaseFile {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    description: String,
    as_of_date: NaiveDate,
    candidate: ResidenceFacts,
    work_type: WorkType,
    #[serde(default)]
    vacancy: Option<VacancyFacts>,
    expected_verdict: Outcome,
    expected_permissions: Vec<Permission>,
    expected_vorrangpruefung: bool,
    confidence: Confidence,
}

fn cases() -> Vec<Case> {
    let text = include_str!("../../fixtures/permission/work-permission-cases.json");
    let file: CaseFile = serde_json::from_str(text).expect("the cases file parses");
    file.cases
}

fn request(case: &Case) -> CheckRequest {
    CheckRequest {
        as_of_date: case.as_of_date,
        candidate: case.candidate.clone(),
        work_type: case.work_type,
        vacancy: case.vacancy.clone(),
    }
}

#[test]
fn every_public_case_gets_the_expected_verdict() {
    let all = cases();
    assert_eq!(all.len(), 63);
    let mut failures = Vec::new();
    let mut confidence_differs = Vec::new();
    for case in &all {
        let response = match check(&request(case)) {
            Ok(r) => r,
            Err(errors) => {
                failures.push(format!(
                    "{}: rejected as contradictory: {errors:?}",
                    case.id
                ));
                continue;
            }
        };
        let rules: Vec<&str> = response.reasons.iter().map(|r| r.rule.as_str()).collect();
        let got = (
            response.verdict,
            response.permissions.clone(),
            response.vorrangpruefung,
        );
        let want = (
            case.expected_verdict,
            case.expected_permissions.clone(),
            case.expected_vorrangpruefung,
        );
        if got != want {
            failures.push(format!(
                "{} ({}): got {got:?}, expected {want:?}; rule path {rules:?}; flags {:?}",
                case.id, case.description, response.flags
            ));
        }
        if response.confidence != case.confidence {
            confidence_differs.push(format!("{} {:?} {rules:?}", case.id, response.confidence));
        }
    }
    // Confidence is not part of the contract of the cases; reported for review only.
    println!(
        "confidence differs from the cases file for {}: {confidence_differs:#?}",
        confidence_differs.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
}

#[test]
fn every_reason_text_of_the_public_cases_is_fully_rendered() {
    for case in cases() {
        let response = check(&request(&case)).expect("accepted");
        assert!(!response.reasons.is_empty(), "{}: no reasons", case.id);
        for r in &response.reasons {
            for text in [&r.text_de, &r.text_en] {
                assert!(
                    !text.contains('{') && !text.contains('?'),
                    "{} {}: {text}",
                    case.id,
                    r.rule
                );
            }
        }
        // The fields appear exactly in the order of API.md, plus `entitlement`.
        let json = serde_json::to_string(&response).expect("serialises");
        let fields = [
            "verdict",
            "permissions",
            "vorrangpruefung",
            "reasons",
            "citations",
            "flags",
            "remedy",
            "changes_on",
            "confidence",
            "entitlement",
        ];
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value.as_object().map(|o| o.len()), Some(fields.len()));
        let positions: Vec<usize> = fields
            .iter()
            .map(|f| json.find(&format!("\"{f}\":")).expect("field present"))
            .collect();
        assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
    }
}

#[test]
fn the_changes_on_of_every_public_case_is_a_real_change() {
    for case in cases() {
        let vacancy = case.vacancy.clone().unwrap_or_default();
        let Some(day) = changes_on(&case.candidate, case.work_type, &vacancy, case.as_of_date)
        else {
            continue;
        };
        let before = evaluate(
            &case.candidate,
            case.work_type,
            &vacancy,
            day.pred_opt().expect("a day"),
        );
        let on = evaluate(&case.candidate, case.work_type, &vacancy, day);
        let start = evaluate(&case.candidate, case.work_type, &vacancy, case.as_of_date);
        assert_eq!(before.key(), start.key(), "{}", case.id);
        assert_ne!(on.key(), start.key(), "{}", case.id);
    }
}

// ---------------------------------------------------------------------------------------------
// The rule table and reference data
// ---------------------------------------------------------------------------------------------

#[test]
fn every_rule_the_code_can_emit_is_in_the_table_and_vice_versa() {
    let table = rules();
    assert!(
        table.unknown_ids.is_empty(),
        "ids in rules.toml the code does not know: {:?}",
        table.unknown_ids
    );
    for &id in RuleId::ALL {
        assert!(
            !table.versions(id).is_empty(),
            "rule {} missing from rules.toml",
            id.as_str()
        );
    }
}

#[test]
fn rule_texts_use_only_known_placeholders() {
    for &id in RuleId::ALL {
        for v in rules().versions(id) {
            for text in [&v.text_de, &v.text_en] {
                for part in text.split('{').skip(1) {
                    let name = part.split('}').next().unwrap_or_default();
                    assert!(
                        PLACEHOLDERS.contains(&name),
                        "{}: unknown placeholder {{{name}}}",
                        id.as_str()
                    );
                }
            }
        }
    }
}

#[test]
fn rule_periods_agree_with_the_reference_data() {
    let table = rules();
    let days = |id: RuleId| {
        table
            .versions(id)
            .iter()
            .map(|v| (v.valid_from, v.valid_to))
            .collect::<Vec<_>>()
    };
    assert_eq!(days(RuleId::G02), days(RuleId::G02b));
    assert_eq!(days(RuleId::G03), days(RuleId::G03b));
    assert_eq!(days(RuleId::G04), days(RuleId::G04b));
    let hr = &eu_transitions().transition[0];
    assert_eq!(
        days(RuleId::EU02),
        vec![(Some(hr.restricted_from), Some(hr.restricted_to))]
    );
    let d = districts();
    assert_eq!(
        days(RuleId::V03),
        vec![(Some(d.valid_from), Some(d.valid_to))]
    );
    for c in &safe_countries().country {
        assert!(
            Some(c.ban_from) >= table.first_day(RuleId::G10),
            "{}",
            c.code
        );
    }
}

#[test]
fn the_rule_table_renders_as_markdown_with_every_rule() {
    let md = rules_markdown();
    for &id in RuleId::ALL {
        assert!(
            md.contains(&format!("| {} |", id.as_str())),
            "{}",
            id.as_str()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Specifications
// ---------------------------------------------------------------------------------------------

fn d(s: &str) -> NaiveDate {
    s.parse().expect("test date")
}

fn gestattung(since: &str) -> ResidenceFacts {
    let mut f = ResidenceFacts::new(StatusType::Aufenthaltsgestattung);
    f.nationality = Some(CountryCode::known("SY"));
    f.asylum_request_date = Some(d(since));
    f.asylum_application_date = Some(d(since));
    f.papered_stay_since = Some(d(since));
    f.asylum_outcome = Some(AsylumOutcome::Pending);
    f.reception_facility_obligation = Some(false);
    f
}

fn duldung(status: StatusType, since: &str) -> ResidenceFacts {
    let mut f = ResidenceFacts::new(status);
    f.nationality = Some(CountryCode::known("AF"));
    f.papered_stay_since = Some(d(since));
    f.duldung_since = Some(d(since));
    f.asylum_outcome = Some(AsylumOutcome::Rejected);
    f.reception_facility_obligation = Some(false);
    f.identity_clarified = Some(true);
    f.removal_obstacle_self_caused = Some(false);
    f.entered_for_asylblg_benefits = Some(false);
    f.concrete_removal_measures_pending = Some(false);
    f
}

fn eval(f: &ResidenceFacts, work: WorkType, day: &str) -> Verdict {
    evaluate(f, work, &VacancyFacts::default(), d(day))
}

fn rule_ids(v: &Verdict) -> Vec<&'static str> {
    v.reasons.iter().map(|r| r.rule.as_str()).collect()
}

#[test]
fn a_duldung_60b_holder_may_not_work() {
    let f = duldung(StatusType::Duldung60b, "2019-01-01");
    for work in WorkType::ALL {
        let v = eval(&f, work, "2024-06-01");
        assert_eq!(v.outcome, Outcome::NotAllowed, "{work:?}");
        assert!(
            v.reasons.contains(RuleId::D01) || v.reasons.contains(RuleId::D00),
            "{work:?}"
        );
    }
}

#[test]
fn gestattung_waiting_period_ends_the_day_after_three_months() {
    let f = gestattung("2025-02-10");
    let on_the_day = eval(&f, WorkType::Employment, "2025-05-10");
    assert_eq!(on_the_day.outcome, Outcome::NotAllowed);
    assert!(on_the_day.has_flag(Flag::PeriodEndsToday));
    let next = eval(&f, WorkType::Employment, "2025-05-11");
    assert_eq!(next.outcome, Outcome::PermissionRequired);
    assert_eq!(
        changes_on(
            &f,
            WorkType::Employment,
            &VacancyFacts::default(),
            d("2025-03-01")
        ),
        Some(d("2025-05-11"))
    );
}

#[test]
fn a_period_starting_on_the_31st_ends_on_the_last_day_of_a_shorter_month() {
    // 30.11.2024 + 3 months: there is no 30.02., the period ends on 28.02.2025 (§ 188 Abs. 3 BGB).
    let f = gestattung("2024-11-30");
    assert_eq!(
        eval(&f, WorkType::Employment, "2025-02-28").outcome,
        Outcome::NotAllowed
    );
    assert_eq!(
        eval(&f, WorkType::Employment, "2025-03-01").outcome,
        Outcome::PermissionRequired
    );
}

#[test]
fn the_waiting_period_also_covers_training_for_a_gestattung_but_not_for_a_duldung() {
    let g = gestattung("2025-01-05");
    assert_eq!(
        eval(&g, WorkType::VocationalTraining, "2025-03-01").outcome,
        Outcome::NotAllowed
    );
    let du = duldung(StatusType::Duldung, "2025-01-05");
    let v = eval(&du, WorkType::VocationalTraining, "2025-03-01");
    assert_eq!(
        (v.outcome, rule_ids(&v).contains(&"D-08")),
        (Outcome::PermissionRequired, true)
    );
}

#[test]
fn safe_country_cutoff_on_the_formal_application_is_flagged_as_contested() {
    let mut f = gestattung("2015-08-25");
    f.nationality = Some(CountryCode::known("XK"));
    f.asylum_application_date = Some(d("2015-10-05"));
    let v = eval(&f, WorkType::Employment, "2016-03-01");
    assert_eq!(v.outcome, Outcome::NotAllowed);
    assert!(v.has_flag(Flag::CutoffDateContested));
    assert_eq!(v.confidence, Confidence::Medium);
    // Applied on the cut-off day itself: no ban.
    f.asylum_application_date = Some(d("2015-08-31"));
    let v = eval(&f, WorkType::Employment, "2016-03-01");
    assert_eq!(v.outcome, Outcome::PermissionRequired);
    assert!(rule_ids(&v).contains(&"SC-01"));
}

#[test]
fn the_same_facts_give_the_answer_of_the_law_in_force_on_each_day() {
    // A Leiharbeit job for a Geduldeter with 10 months of papered stay: barred in 2015,
    // barred in 2017 without a listed district, possible since 06.08.2019.
    let f = duldung(StatusType::Duldung, "2014-11-01");
    assert_eq!(
        eval(&f, WorkType::TempAgencyWork, "2015-09-01").outcome,
        Outcome::NotAllowed
    );
    let mut g = duldung(StatusType::Duldung, "2016-11-01");
    g.papered_stay_since = Some(d("2016-11-01"));
    assert_eq!(
        eval(&g, WorkType::TempAgencyWork, "2017-09-01").outcome,
        Outcome::NotAllowed
    );
    let v = eval(&g, WorkType::TempAgencyWork, "2019-08-06");
    assert_eq!(
        (v.outcome, v.vorrangpruefung),
        (Outcome::PermissionRequired, false)
    );
}

#[test]
fn an_expired_document_cannot_be_relied_on() {
    let mut f = ResidenceFacts::new(StatusType::Aufenthaltserlaubnis);
    f.legal_basis = Some("AufenthG §25 Abs. 2".into());
    f.document_valid_until = Some(d("2024-07-19"));
    f.annotation = Some(Annotation::ErwerbErlaubt);
    assert_eq!(
        eval(&f, WorkType::Employment, "2024-07-19").outcome,
        Outcome::Allowed
    );
    let v = eval(&f, WorkType::Employment, "2024-07-20");
    assert_eq!(v.outcome, Outcome::NotAllowed);
    assert!(v.has_flag(Flag::DocumentExpired));
}

#[test]
fn a_document_that_forbids_what_the_statute_permits_governs_and_is_flagged() {
    let mut f = duldung(StatusType::Duldung, "2021-12-01");
    f.annotation = Some(Annotation::ErwerbNichtGestattet);
    let v = eval(&f, WorkType::Employment, "2024-01-10");
    assert_eq!(v.outcome, Outcome::NotAllowed);
    assert!(v.has_flag(Flag::AnnotationConflict));
    let response = passgenau::permission::respond(&v, None);
    assert_eq!(
        response.remedy.as_deref(),
        Some("apply to ABH to amend the Nebenbestimmung and for a job-specific permission")
    );
}

#[test]
fn a_general_permission_after_four_years_is_no_conflict_but_before_it_is() {
    let mut f = gestattung("2018-08-01");
    f.annotation = Some(Annotation::BeschErlaubt);
    let v = eval(&f, WorkType::Employment, "2023-03-01");
    assert_eq!(
        (v.outcome, v.has_flag(Flag::AnnotationConflict)),
        (Outcome::Allowed, false)
    );
    let v = eval(&f, WorkType::Employment, "2019-03-01");
    assert_eq!(
        (v.outcome, v.has_flag(Flag::AnnotationConflict)),
        (Outcome::Allowed, true)
    );
}

#[test]
fn missing_facts_give_a_verdict_and_name_the_fact() {
    let f = ResidenceFacts::new(StatusType::Duldung);
    let v = eval(&f, WorkType::Employment, "2025-01-01");
    assert_eq!(v.outcome, Outcome::PermissionRequired);
    assert_eq!(v.confidence, Confidence::Medium);
    let flags: Vec<&str> = v.flag_strings().collect();
    assert!(
        flags.contains(&"FACT_MISSING:candidate.papered_stay_since"),
        "{flags:?}"
    );
    assert!(flags.contains(&"ABH_DETERMINATION_REQUIRED"), "{flags:?}");
}

#[test]
fn geas_2026_is_applied_provisionally() {
    let mut f = gestattung("2026-03-01");
    f.nationality = Some(CountryCode::known("TR"));
    f.reception_facility_obligation = Some(true);
    let v = eval(&f, WorkType::Employment, "2026-07-01");
    assert_eq!(v.outcome, Outcome::PermissionRequired);
    assert!(v.has_flag(Flag::RuleProvisional));
    assert_eq!(v.confidence, Confidence::Medium);
    // Before the GEAS date the 6-month rule applies: not yet.
    assert_eq!(
        eval(&f, WorkType::Employment, "2026-06-11").outcome,
        Outcome::NotAllowed
    );
}

#[test]
fn contradictory_facts_are_rejected_with_the_field_named() {
    let mut f = gestattung("2025-01-01");
    f.status_issued_date = Some(d("2025-01-10"));
    f.document_valid_until = Some(d("2024-12-31"));
    let req = CheckRequest {
        as_of_date: d("2025-06-01"),
        candidate: f,
        work_type: WorkType::Employment,
        vacancy: None,
    };
    let errors = check(&req).expect_err("rejected");
    assert_eq!(errors[0].field, "candidate.document_valid_until");
    let mut g = gestattung("2025-01-01");
    g.asylum_application_date = Some(d("2025-09-01"));
    let req = CheckRequest {
        as_of_date: d("2025-06-01"),
        candidate: g,
        work_type: WorkType::Employment,
        vacancy: None,
    };
    let fields: Vec<String> = check(&req)
        .expect_err("rejected")
        .into_iter()
        .map(|e| e.field)
        .collect();
    assert!(fields.contains(&"candidate.asylum_application_date".to_owned()));
}

#[test]
fn the_matrix_covers_every_status_and_work_type() {
    let m = matrix(d("2026-03-01"));
    assert_eq!(m.rows.len(), StatusType::ALL.len());
    for row in &m.rows {
        assert_eq!(row.cells.len(), WorkType::ALL.len());
        assert!(!row.assumptions.is_empty());
    }
    let gest = &m.rows[0];
    assert_eq!(gest.status_type, StatusType::Aufenthaltsgestattung);
    assert_eq!(gest.cells[0].verdict, Outcome::PermissionRequired);
    assert!(serde_json::to_string(&m).is_ok());
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

fn date_in(from: i32, to: i32) -> impl Strategy<Value = NaiveDate> {
    (from..=to).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap_or(NaiveDate::MIN))
}

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2010-01-01 .. 2029-12-31
    date_in(733_773, 741_077)
}

fn opt<T: std::fmt::Debug + Clone + 'static>(
    s: impl Strategy<Value = T> + 'static,
) -> BoxedStrategy<Option<T>> {
    proptest::option::of(s).boxed()
}

fn any_facts() -> impl Strategy<Value = ResidenceFacts> {
    let countries = [
        "SY", "AF", "AL", "XK", "GE", "MD", "HR", "GB", "PL", "MA", "TR", "CH", "RS",
    ];
    let bases = [
        "AufenthG §25 Abs. 2",
        "AufenthG §25 Abs. 3",
        "AufenthG §25 Abs. 4",
        "AufenthG §25 Abs. 5",
        "AufenthG §24",
        "AufenthG §104c",
        "AufenthG §16a",
        "AufenthG §18a",
        "AufenthG §81 Abs. 3 (Antrag §24)",
        "AsylG §55",
        "§",
        "xyz",
    ];
    let outcomes = [
        AsylumOutcome::Pending,
        AsylumOutcome::Recognised,
        AsylumOutcome::Rejected,
        AsylumOutcome::RejectedManifestlyUnfounded,
        AsylumOutcome::RejectedInadmissible,
        AsylumOutcome::Withdrawn,
        AsylumOutcome::WithdrawnAfterBamfCounselling,
        AsylumOutcome::NeverApplied,
    ];
    let annotations = [
        Annotation::ErwerbErlaubt,
        Annotation::BeschErlaubt,
        Annotation::BeschSpezifisch,
        Annotation::BeschNurMitErlaubnis,
        Annotation::ErwerbNichtGestattet,
        Annotation::SelbstNicht,
    ];
    (
        (
            proptest::sample::select(StatusType::ALL.to_vec()),
            opt(proptest::sample::select(bases.to_vec())),
            opt(proptest::sample::select(countries.to_vec())),
            opt(any_date()),
            opt(any_date()),
            opt(any_date()),
        ),
        (
            opt(proptest::sample::select(outcomes.to_vec())),
            opt(any::<bool>()),
            opt(any_date()),
            opt(any_date()),
            opt(any_date()),
        ),
        (
            opt(any::<bool>()),
            opt(any::<bool>()),
            opt(any::<bool>()),
            opt(any::<bool>()),
            opt(any::<bool>()),
            opt(any::<bool>()),
        ),
        (
            opt(proptest::sample::select(annotations.to_vec())),
            opt(Just("Beschäftigung nur als Helfer bei Firma A gestattet")),
            opt(Just("Firma A")),
            opt(0.0f32..60.0),
        ),
    )
        .prop_map(
            |(
                (status, basis, nat, request, application, papered),
                (outcome, suspensive, duldung, issued, valid),
                (eae, identity, self_caused, asylblg, removal, uma),
                (annotation, text, employer, hours),
            )| {
                let mut f = ResidenceFacts::new(status);
                f.legal_basis = basis.map(str::to_owned);
                f.nationality = nat.map(CountryCode::known);
                f.asylum_request_date = request;
                f.asylum_application_date = application;
                f.papered_stay_since = papered;
                f.asylum_outcome = outcome;
                f.suspensive_effect_ordered = suspensive;
                f.duldung_since = duldung;
                f.status_issued_date = issued;
                f.document_valid_until = valid;
                f.reception_facility_obligation = eae;
                f.identity_clarified = identity;
                f.removal_obstacle_self_caused = self_caused;
                f.entered_for_asylblg_benefits = asylblg;
                f.concrete_removal_measures_pending = removal;
                f.unaccompanied_minor = uma;
                f.annotation = annotation;
                f.annotation_text = text.map(str::to_owned);
                f.title_employer = employer.map(str::to_owned);
                f.hours_cap = hours;
                f
            },
        )
}

fn any_vacancy() -> impl Strategy<Value = VacancyFacts> {
    (
        opt(Just("Firma A")),
        opt(Just("AA Köln")),
        opt(Just("AA Rostock")),
        opt(0.0f32..60.0),
        opt(any::<bool>()),
    )
        .prop_map(
            |(employer, listed, excluded, hours, fachkraft)| VacancyFacts {
                employer: employer.map(str::to_owned),
                job: None,
                workplace_agency_district: listed.or(excluded).map(str::to_owned),
                hours_per_week: hours,
                fachkraft_exception_32_5_1: fachkraft,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_engine_is_total(f in any_facts(), v in any_vacancy(), work in proptest::sample::select(WorkType::ALL.to_vec()), day in any_date()) {
        let verdict = evaluate(&f, work, &v, day);
        prop_assert!(!verdict.reasons.is_empty());
        if verdict.outcome != Outcome::PermissionRequired {
            prop_assert!(verdict.permissions.is_empty());
        }
        if verdict.vorrangpruefung {
            prop_assert!(verdict.permissions.contains(Permission::BaConsent) || verdict.permissions.contains(Permission::BaArbeitsgenehmigungEu));
        }
        let req = CheckRequest { as_of_date: day, candidate: f, work_type: work, vacancy: Some(v) };
        let _ = check(&req);
    }

    #[test]
    fn changes_on_is_the_first_day_the_verdict_changes(f in any_facts(), v in any_vacancy(), work in proptest::sample::select(WorkType::ALL.to_vec()), day in any_date(), samples in proptest::collection::vec(0.0f64..1.0, 8)) {
        let start = evaluate(&f, work, &v, day);
        let change = changes_on(&f, work, &v, day);
        let horizon = change.unwrap_or_else(|| day + chrono::Days::new(4000));
        let span = (horizon - day).num_days();
        for s in samples {
            // Any day strictly before the change gives the same verdict.
            let offset = (s * span as f64) as i64;
            let probe = day + chrono::Duration::days(offset.min(span - 1).max(0));
            prop_assert_eq!(evaluate(&f, work, &v, probe).key(), start.key(), "on {}", probe);
        }
        if let Some(change) = change {
            prop_assert!(change > day);
            let before = evaluate(&f, work, &v, change.pred_opt().unwrap_or(change));
            prop_assert_eq!(before.key(), start.key());
            prop_assert_ne!(evaluate(&f, work, &v, change).key(), start.key());
        }
    }

    #[test]
    fn erwerb_erlaubt_on_a_valid_document_allows_dependent_work(f in any_facts(), v in any_vacancy(), work in proptest::sample::select(WorkType::ALL.to_vec()), day in any_date()) {
        prop_assume!(work != WorkType::SelfEmployment);
        let mut f = f;
        f.annotation = Some(Annotation::ErwerbErlaubt);
        if f.document_valid_until.is_some_and(|until| until < day) {
            f.document_valid_until = None;
        }
        prop_assert_eq!(evaluate(&f, work, &v, day).outcome, Outcome::Allowed);
    }
}

#[test]
fn the_reference_data_sets_are_complete() {
    let codes: BTreeSet<&str> = safe_countries()
        .country
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    let expected: BTreeSet<&str> = ["AL", "BA", "GE", "GH", "MD", "ME", "MK", "RS", "SN", "XK"]
        .into_iter()
        .collect();
    assert_eq!(codes, expected);
}
