//! Bulk import: good rows land, bad rows are reported with line and reason.

use passgenau::import::{Format, import_file};
use passgenau::store::Entity;

use crate::helpers::{candidate_json, spawn_app};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

#[tokio::test]
async fn one_bad_ndjson_row_does_not_stop_the_import() {
    let t = spawn_app();
    let mut lines = Vec::new();
    for i in 0..4 {
        let mut c = candidate_json();
        c["external_ref"] = serde_json::json!(format!("DN-{i}"));
        if i == 2 {
            c["home_postcode"] = serde_json::json!("00000");
        }
        lines.push(c.to_string());
    }
    lines.insert(1, "{ not json".into());
    let text = lines.join("\n");
    let s = import_file(
        &**t.app.store(),
        Entity::Candidate,
        Format::Ndjson,
        text.as_bytes(),
        today(),
        |_| {},
    )
    .unwrap();
    assert_eq!(s.accepted, 3);
    assert_eq!(s.rejected.len(), 2);
    assert_eq!(
        (s.rejected[0].line, s.rejected[0].code.as_str()),
        (2, "malformed_json")
    );
    assert_eq!(
        (s.rejected[1].line, s.rejected[1].field.as_str()),
        (4, "home_postcode")
    );
    // Importing the same file again updates instead of duplicating.
    let again = import_file(
        &**t.app.store(),
        Entity::Candidate,
        Format::Ndjson,
        text.as_bytes(),
        today(),
        |_| {},
    )
    .unwrap();
    assert_eq!((again.created, again.updated), (0, 3));
}

#[tokio::test]
async fn a_spreadsheet_of_employers_and_vacancies_imports() {
    let t = spawn_app();
    let employers = "external_ref;name;postcode;email\nAG-1;Bäckerei Beispiel;52349;info@example.org\nAG-2;Ohne PLZ;;\n";
    let s = import_file(
        &**t.app.store(),
        Entity::Employer,
        Format::Csv,
        employers.as_bytes(),
        today(),
        |_| {},
    )
    .unwrap();
    assert_eq!(s.accepted, 1);
    assert_eq!(
        (
            s.rejected[0].line,
            s.rejected[0].code.as_str(),
            s.rejected[0].field.as_str()
        ),
        (3, "missing_field", "postcode")
    );
    let e = t
        .app
        .store()
        .get_by_ref(Entity::Employer, "AG-1")
        .unwrap()
        .unwrap()
        .id;
    let vacancies = format!(
        "external_ref,employer_id,title,work_type,postcode,required_skills,languages,start_date\n\
         V-1,{e},Bäckereihilfe,employment,52349,Teig kneten;Hygiene,de:A2,01.02.2027\n\
         V-2,{e},Fahrer,employment,52349,,de:Z1,\n"
    );
    let s = import_file(
        &**t.app.store(),
        Entity::Vacancy,
        Format::Csv,
        vacancies.as_bytes(),
        today(),
        |_| {},
    )
    .unwrap();
    assert_eq!(s.accepted, 1, "{:?}", s.rejected);
    assert_eq!(
        (s.rejected[0].line, s.rejected[0].field.as_str()),
        (3, "languages[0].min_level")
    );
}
