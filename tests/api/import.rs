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

#[test]
fn export_then_import_round_trips_and_reindex_rebuilds_the_index() {
    use passgenau::config::Settings;
    use passgenau::index::{IndexConfig, IndexedEntity, SearchIndex};

    let source = tempfile::tempdir().unwrap();
    let target = tempfile::tempdir().unwrap();
    let settings = |dir: &tempfile::TempDir| {
        let mut s = Settings {
            data_dir: dir.path().to_path_buf(),
            ..Settings::default()
        };
        s.store.durability = passgenau::store::Durability::Normal;
        s
    };
    let (from, to) = (settings(&source), settings(&target));
    let file = source.path().join("in.ndjson");
    let lines: Vec<String> = (0..3)
        .map(|i| {
            let mut c = candidate_json();
            c["external_ref"] = serde_json::json!(format!("DN-{i}"));
            c.to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n")).unwrap();
    let s = passgenau::commands::import(&from, Entity::Candidate, &file, None).unwrap();
    assert_eq!(s.accepted, 3);

    let exported = source.path().join("out.ndjson");
    assert_eq!(
        passgenau::commands::export(&from, Entity::Candidate, Some(&exported)).unwrap(),
        3
    );
    passgenau::commands::import(&to, Entity::Candidate, &exported, None).unwrap();
    let store = passgenau::commands::open_store(&to).unwrap();
    let mut ids = Vec::new();
    store
        .scan(Entity::Candidate, &mut |r| {
            ids.push(r.id);
            Ok(())
        })
        .unwrap();
    let original = passgenau::commands::open_store(&from).unwrap();
    let mut original_ids = Vec::new();
    original
        .scan(Entity::Candidate, &mut |r| {
            original_ids.push(r.id);
            Ok(())
        })
        .unwrap();
    assert_eq!(ids, original_ids, "ids survive export and import");

    // Both commands left their audit entry: one each, naming every person they carried.
    let access = passgenau::store::SqliteStore::open(
        &source.path().join(passgenau::app::DB_FILE),
        passgenau::store::Durability::Normal,
    )
    .unwrap();
    use passgenau::store::AccessStore;
    for id in &original_ids {
        let log = access.audit_of(*id, 0, 10).unwrap();
        let seen: Vec<(&str, &str)> = log
            .iter()
            .map(|r| (r.endpoint.as_str(), r.action.as_str()))
            .collect();
        assert_eq!(
            seen,
            [
                ("passgenau import candidates", "create"),
                ("passgenau export candidates", "read")
            ]
        );
    }

    // Remove the index entirely; reindex rebuilds it from the store.
    let cfg = IndexConfig::embedded();
    std::fs::remove_dir_all(SearchIndex::dir_for(target.path(), &cfg)).unwrap();
    assert_eq!(passgenau::commands::reindex(&to).unwrap(), 3);
    let index = SearchIndex::open(&SearchIndex::dir_for(target.path(), &cfg), cfg).unwrap();
    assert_eq!(index.ids(IndexedEntity::Candidate).unwrap(), ids);
}

#[tokio::test]
async fn a_windows_1252_spreadsheet_row_with_three_errors_reports_all_three() {
    let t = spawn_app();
    // As German Excel saves it: `;` between cells, ü as the byte 0xFC.
    let mut csv = b"external_ref;given_name;family_name;home_postcode;max_commute_km;consent;languages;municipality\n".to_vec();
    csv.extend_from_slice(b"DN-10;Amal;M\xFCller;52351;25;ja;de:A2;J\xFClich\n");
    csv.extend_from_slice(b"DN-11;Jonas;Sch\xFCtz;00000;weit;vielleicht;de:A2;D\xFCren\n");
    let s = import_file(
        &**t.app.store(),
        Entity::Candidate,
        Format::Csv,
        csv.as_slice(),
        today(),
        |_| {},
    )
    .unwrap();
    assert_eq!(s.accepted, 1, "{:?}", s.rejected);
    let mut fields: Vec<(usize, &str)> = s
        .rejected
        .iter()
        .map(|r| (r.line, r.field.as_str()))
        .collect();
    fields.sort();
    assert_eq!(
        fields,
        [(3, "consent"), (3, "home_postcode"), (3, "max_commute_km")],
        "{:?}",
        s.rejected
    );
    let list = t.get("/api/v1/candidates?limit=10").await;
    assert_eq!(
        list.body["items"][0]["name"]["family"], "Müller",
        "{}",
        list.body
    );
    assert_eq!(
        list.body["items"][0]["municipality"], "Jülich",
        "{}",
        list.body
    );
}
