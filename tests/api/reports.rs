//! The placement report and the bonus statement, every figure checked against a known set of
//! placements: one that spans the turn of the year, and a bonus rule that changes mid-year.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_problem, spawn_app_with_reporting};

/// Project year 1 runs from 2025-04-01 to 2026-03-31. Kreuzau's bonus changes on
/// 2025-10-01 (and from then on pays nothing for placements ended within probation).
const CONFIG: &str = r#"
version = 1
[project]
start = "2025-04-01"
counted_types = ["job_social_insurance", "vocational_training"]
retention_months = 6
[[targets]]
from_year = 1
placements = 4
[[targets]]
from_year = 2
placements = 6
[[bonus]]
municipality = "Kreuzau"
from = "2025-04-01"
to = "2025-09-30"
amounts_eur = { job_social_insurance = 1000, vocational_training = 800 }
[[bonus]]
municipality = "Kreuzau"
from = "2025-10-01"
amounts_eur = { job_social_insurance = 1200, vocational_training = 900, mini_job = 100 }
exclude_ended_in_probation = true
[[bonus]]
municipality = "Nideggen"
from = "2025-04-01"
amounts_eur = { job_social_insurance = 500 }
[[bonus]]
municipality = "Heimbach & <Eifel>"
from = "2025-04-01"
amounts_eur = { job_social_insurance = 700 }
[statistics]
min_cell_count = 5
"#;

/// (label, municipality, type, start, probation_end, ended_on, end_reason)
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

const PLACEMENTS: [Spec; 9] = [
    (
        "A",
        "Kreuzau",
        "job_social_insurance",
        "2025-05-10",
        None,
        None,
        None,
    ),
    // The last day of Kreuzau's first rule.
    (
        "B",
        "Kreuzau",
        "vocational_training",
        "2025-09-30",
        None,
        None,
        None,
    ),
    // The first day of the second rule; ended within probation.
    (
        "C",
        "Kreuzau",
        "job_social_insurance",
        "2025-10-01",
        Some("2026-03-31"),
        Some("2026-01-15"),
        Some("dismissed_by_employer"),
    ),
    // Starts in December 2025 and runs on into 2026.
    (
        "D",
        "Kreuzau",
        "job_social_insurance",
        "2025-12-15",
        None,
        None,
        None,
    ),
    ("E", "Kreuzau", "mini_job", "2026-02-01", None, None, None),
    // Three months' probation; left after it, before the six-month mark.
    (
        "F",
        "Nideggen",
        "job_social_insurance",
        "2025-06-01",
        Some("2025-08-31"),
        Some("2025-11-15"),
        Some("resigned_by_employee"),
    ),
    (
        "G",
        "Nideggen",
        "internship",
        "2025-07-01",
        None,
        None,
        None,
    ),
    // Project year 2.
    (
        "H",
        "Kreuzau",
        "job_social_insurance",
        "2026-04-01",
        None,
        None,
        None,
    ),
    (
        "I",
        "Heimbach & <Eifel>",
        "job_social_insurance",
        "2025-08-01",
        None,
        None,
        None,
    ),
];

/// Records the placements; returns each one's pseudonym by label.
async fn known_placements(t: &TestApp) -> Vec<(&'static str, String)> {
    let employer = t.employer().await;
    let mut out = Vec::new();
    for (i, (label, municipality, kind, start, probation, ended, reason)) in
        PLACEMENTS.into_iter().enumerate()
    {
        let c = t.candidate_in(&format!("DN-{i}"), municipality).await;
        let mut body = json!({ "candidate_id": c, "employer_id": employer, "type": kind,
                               "start_date": start, "source": "direct" });
        for (k, v) in [
            ("probation_end", probation),
            ("ended_on", ended),
            ("end_reason", reason),
        ] {
            if let Some(v) = v {
                body[k] = v.into();
            }
        }
        let r = t.post("/api/v1/placements", body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{label}: {}", r.body);
        out.push((label, r.body["pseudonym"].as_str().unwrap().to_owned()));
    }
    out
}

fn month(report: &Value, m: &str) -> (u64, u64) {
    let row = report["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["month"] == m)
        .unwrap();
    (
        row["placements"].as_u64().unwrap(),
        row["counted"].as_u64().unwrap(),
    )
}

#[tokio::test]
async fn the_report_counts_a_project_year_against_its_target() {
    let t = spawn_app_with_reporting(CONFIG);
    known_placements(&t).await;
    let r = t
        .get("/api/v1/reports/placements?year=1&as_of=2026-03-31")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    assert_eq!(
        (b["from"].clone(), b["to"].clone()),
        (json!("2025-04-01"), json!("2026-03-31"))
    );
    // A–G and I started in year 1; H in year 2.
    assert_eq!(b["placements"], 8);
    // Jobs and vocational training: A, B, C, D, F, I.
    assert_eq!(b["counted"], 6);
    assert_eq!(b["target"], 4);
    assert_eq!(b["target_met"], true);
    assert_eq!(
        b["by_type"],
        json!([{ "type": "job_social_insurance", "placements": 5 },
               { "type": "mini_job", "placements": 1 },
               { "type": "vocational_training", "placements": 1 },
               { "type": "internship", "placements": 1 },
               { "type": "entry_qualification", "placements": 0 }])
    );
    assert_eq!(
        b["by_municipality"],
        json!([{ "municipality": "Heimbach & <Eifel>", "placements": 1, "counted": 1 },
               { "municipality": "Kreuzau", "placements": 5, "counted": 4 },
               { "municipality": "Nideggen", "placements": 2, "counted": 1 }])
    );
    let months: Vec<&str> = b["by_month"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months.first(), Some(&"2025-04"));
    assert_eq!(months.last(), Some(&"2026-03"));
    assert_eq!(months.len(), 12);
    assert_eq!(month(b, "2025-05"), (1, 1));
    assert_eq!(month(b, "2025-07"), (1, 0));
    assert_eq!(month(b, "2025-08"), (1, 1));
    assert_eq!(month(b, "2025-12"), (1, 1));
    assert_eq!(month(b, "2026-01"), (0, 0));
    assert_eq!(month(b, "2026-02"), (1, 0));
    // Six-month marks passed by 2026-03-31: A, B (2026-03-30), F, G, I; C's is 2026-04-01.
    // F left before its mark.
    assert_eq!(
        b["retention"],
        json!({ "months": 6, "due": 5, "still_employed": 4, "share": 0.8 })
    );
    assert_eq!(
        b["early_ends"],
        json!({ "ended": 2, "within_probation": 1, "after_probation": 1,
                "by_reason": [{ "reason": "dismissed_by_employer", "ended": 1, "within_probation": 1 },
                              { "reason": "resigned_by_employee", "ended": 1, "within_probation": 0 }] })
    );
}

#[tokio::test]
async fn the_second_year_has_its_own_target_and_the_day_decides_who_is_due() {
    let t = spawn_app_with_reporting(CONFIG);
    known_placements(&t).await;
    let r = t
        .get("/api/v1/reports/placements?year=2&as_of=2026-05-01")
        .await;
    assert_eq!(r.body["placements"], 1);
    assert_eq!(r.body["target"], 6);
    assert_eq!(r.body["target_met"], false);
    assert_eq!(r.body["retention"]["due"], 0);
    assert_eq!(r.body["retention"]["share"], Value::Null);
    // Without a year, the year as_of falls in.
    let current = t.get("/api/v1/reports/placements?as_of=2026-05-01").await;
    assert_eq!(current.body["year"], 2);
}

#[tokio::test]
async fn the_report_keeps_counting_after_a_person_is_erased() {
    let t = spawn_app_with_reporting(CONFIG);
    known_placements(&t).await;
    let before = t
        .get("/api/v1/reports/placements?year=1&as_of=2026-03-31")
        .await
        .body;
    let candidates = t.get("/api/v1/candidates?limit=200").await.body;
    for c in candidates["items"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        assert_eq!(
            t.delete(&format!("/api/v1/candidates/{id}")).await.status,
            StatusCode::NO_CONTENT
        );
    }
    let after = t
        .get("/api/v1/reports/placements?year=1&as_of=2026-03-31")
        .await
        .body;
    assert_eq!(before, after);
}

fn pseudonym<'a>(known: &'a [(&str, String)], label: &str) -> &'a str {
    &known.iter().find(|(l, _)| *l == label).unwrap().1
}

#[tokio::test]
async fn the_statement_prices_each_placement_by_the_rule_in_force_on_its_start_date() {
    let t = spawn_app_with_reporting(CONFIG);
    let known = known_placements(&t).await;
    let r = t
        .get("/api/v1/reports/bonus?municipality=Kreuzau&from=2025-01-01&to=2025-12-31")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let lines = r.body["lines"].as_array().unwrap();
    let got: Vec<(&str, &str, u64, &Value)> = lines
        .iter()
        .map(|l| {
            (
                l["pseudonym"].as_str().unwrap(),
                l["rule_from"].as_str().unwrap(),
                l["amount_cents"].as_u64().unwrap(),
                &l["note"],
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (pseudonym(&known, "A"), "2025-04-01", 100_000, &Value::Null),
            (pseudonym(&known, "B"), "2025-04-01", 80_000, &Value::Null),
            (
                pseudonym(&known, "C"),
                "2025-10-01",
                0,
                &json!("ended_in_probation")
            ),
            (pseudonym(&known, "D"), "2025-10-01", 120_000, &Value::Null),
        ]
    );
    assert_eq!(r.body["placements"], 4);
    assert_eq!(r.body["total_cents"], 300_000);
    assert_eq!(r.body["total_eur"], "3000.00");
    assert_eq!(r.body["rule_basis"], "rule_in_force_on_start_date");
    // Names never appear; the candidates were all "Haddad".
    assert!(!r.text.contains("Haddad"));
}

#[tokio::test]
async fn a_placement_spanning_the_turn_of_the_year_is_billed_once_in_the_year_it_started() {
    let t = spawn_app_with_reporting(CONFIG);
    let known = known_placements(&t).await;
    let r = t
        .get("/api/v1/reports/bonus?municipality=Kreuzau&from=2026-01-01&to=2026-12-31")
        .await;
    let lines: Vec<(&str, u64)> = r.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["pseudonym"].as_str().unwrap(),
                l["amount_cents"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (pseudonym(&known, "E"), 10_000),
            (pseudonym(&known, "H"), 120_000)
        ]
    );
    assert_eq!(r.body["total_eur"], "1300.00");
}

#[tokio::test]
async fn a_type_the_rule_does_not_cover_is_listed_at_zero() {
    let t = spawn_app_with_reporting(CONFIG);
    known_placements(&t).await;
    let r = t
        .get("/api/v1/reports/bonus?municipality=Nideggen&from=2025-04-01&to=2026-03-31")
        .await;
    let notes: Vec<(u64, &Value)> = r.body["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["amount_cents"].as_u64().unwrap(), &l["note"]))
        .collect();
    // F ended after probation, and Nideggen's rule does not exclude early ends anyway.
    assert_eq!(
        notes,
        [(50_000, &Value::Null), (0, &json!("type_not_covered"))]
    );
    assert_eq!(r.body["total_eur"], "500.00");
}

#[tokio::test]
async fn the_statement_comes_as_csv_for_spreadsheets() {
    let t = spawn_app_with_reporting(CONFIG);
    let known = known_placements(&t).await;
    let r = t
        .get("/api/v1/reports/bonus?municipality=Kreuzau&from=2025-01-01&to=2025-12-31&format=csv")
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.content_type, "text/csv; charset=utf-8");
    let lines: Vec<&str> = r.text.lines().collect();
    assert_eq!(
        lines[0],
        "pseudonym;type;start_date;ended_on;ended_in_probation;rule_from;amount_eur;note"
    );
    assert_eq!(
        lines[1],
        format!(
            "{};job_social_insurance;2025-05-10;;nein;2025-04-01;1000,00;",
            pseudonym(&known, "A")
        )
    );
    assert_eq!(
        lines[3],
        format!(
            "{};job_social_insurance;2025-10-01;2026-01-15;ja;2025-10-01;0,00;ended_in_probation",
            pseudonym(&known, "C")
        )
    );
    assert_eq!(lines[5], "total;;;;;;3000,00;");
    assert_eq!(lines.len(), 6);
}

#[tokio::test]
async fn the_printable_page_escapes_everything_and_sends_security_headers() {
    let t = spawn_app_with_reporting(CONFIG);
    known_placements(&t).await;
    let r = t.get("/api/v1/reports/bonus?municipality=Heimbach%20%26%20%3CEifel%3E&from=2025-01-01&to=2025-12-31&format=html").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    assert!(r.text.contains("Heimbach &amp; &lt;Eifel&gt;"));
    assert!(!r.text.contains("<Eifel>"));
    assert!(r.text.contains("700,00"));
    let csp = r.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert_eq!(r.headers["x-frame-options"], "DENY");
    assert_eq!(r.headers["x-content-type-options"], "nosniff");
}

#[tokio::test]
async fn bad_report_queries_name_the_parameter() {
    let t = spawn_app_with_reporting(CONFIG);
    let bonus = "/api/v1/reports/bonus";
    assert_problem(
        &t.get(&format!("{bonus}?from=2025-01-01&to=2025-12-31"))
            .await,
        400,
        "required",
        "municipality",
    );
    assert_problem(
        &t.get(&format!("{bonus}?municipality=Kreuzau&to=2025-12-31"))
            .await,
        400,
        "required",
        "from",
    );
    assert_problem(
        &t.get(&format!(
            "{bonus}?municipality=Kreuzau&from=2025-12-31&to=2025-01-01"
        ))
        .await,
        400,
        "before_from",
        "to",
    );
    assert_problem(
        &t.get(&format!(
            "{bonus}?municipality=Kreuzau&from=2025-13-01&to=2025-12-31"
        ))
        .await,
        400,
        "invalid_parameter",
        "from",
    );
    assert_problem(
        &t.get(&format!(
            "{bonus}?municipality=Kreuzau&from=2025-01-01&to=2025-12-31&format=pdf"
        ))
        .await,
        400,
        "invalid_parameter",
        "format",
    );
    assert_problem(
        &t.get(&format!(
            "{bonus}?municipality=Atlantis&from=2025-01-01&to=2025-12-31"
        ))
        .await,
        422,
        "no_bonus_rule",
        "municipality",
    );
    assert_problem(
        &t.get("/api/v1/reports/placements?year=0").await,
        400,
        "out_of_range",
        "year",
    );
    assert_problem(
        &t.get("/api/v1/reports/placements?as_of=2020-01-01").await,
        400,
        "required",
        "year",
    );
}
