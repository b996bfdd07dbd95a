//! The CSV layout: one row per record, the columns named in the README. Lists inside a cell
//! are separated by `|`, or by the other of `,`/`;` than the file's delimiter (German
//! spreadsheets write `;` between cells). Dates as `2026-12-01` or `01.12.2026`; yes/no as
//! `ja`/`nein`, `yes`/`no`, `true`/`false`, `x`/empty.

use std::io::BufRead;

use serde_json::{Map, Value, json};

use crate::domain::FieldError;
use crate::store::Entity;

/// Columns per entity, in the order of the template.
pub fn columns(entity: Entity) -> &'static [&'static str] {
    match entity {
        Entity::Candidate => &[
            "external_ref",
            "given_name",
            "family_name",
            "birth_date",
            "phone",
            "email",
            "home_postcode",
            "max_commute_km",
            "driving_licences",
            "has_car",
            "languages",
            "skills",
            "occupations",
            "work_types",
            "hours",
            "available_from",
            "residence_status",
            "residence_since",
            "residence_valid_until",
            "nationality",
            "annotation",
            "consent",
            "municipality",
            "notes",
        ],
        Entity::Vacancy => &[
            "external_ref",
            "employer_id",
            "title",
            "description",
            "occupation",
            "work_type",
            "hours",
            "positions",
            "postcode",
            "required_skills",
            "optional_skills",
            "languages",
            "driving_licence",
            "start_date",
            "valid_until",
            "workplace_agency_district",
        ],
        Entity::Employer => &[
            "external_ref",
            "name",
            "contact_person",
            "phone",
            "email",
            "postcode",
            "website",
        ],
        Entity::Placement => &[],
    }
}

/// Rows of a CSV file as JSON objects in the API's shape.
pub fn rows(
    entity: Entity,
    reader: impl BufRead,
) -> anyhow::Result<impl Iterator<Item = (usize, super::Row)>> {
    let mut buf = Vec::new();
    let mut reader = reader;
    reader.read_to_end(&mut buf)?;
    let buf = to_utf8(buf);
    let first_line = buf.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.iter().filter(|b| **b == b';').count()
        > first_line.iter().filter(|b| **b == b',').count()
    {
        b';'
    } else {
        b','
    };
    let list_sep = if delimiter == b';' { ',' } else { ';' };
    let mut rdr = ::csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(::csv::Trim::All)
        .from_reader(std::io::Cursor::new(buf));
    let headers: Vec<String> = rdr
        .headers()?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
        .collect();
    let known = columns(entity);
    if let Some(bad) = headers.iter().find(|h| !known.contains(&h.as_str())) {
        anyhow::bail!(
            "unknown column `{bad}`; the columns are: {}",
            known.join(", ")
        );
    }
    let records: Vec<_> = rdr.into_records().collect();
    Ok(records.into_iter().enumerate().map(move |(i, rec)| {
        let line = i + 2;
        let row = match rec {
            Ok(r) => r,
            Err(_) => {
                let e = FieldError::new("", "malformed_csv", "the row cannot be read");
                return (line, (Value::Null, vec![e]));
            }
        };
        let cells: Vec<(&str, &str)> = headers
            .iter()
            .map(String::as_str)
            .zip(row.iter())
            .filter(|(_, v)| !v.is_empty())
            .collect();
        (line, to_json(entity, &cells, list_sep))
    }))
}

/// The file as UTF-8 without a byte-order mark: UTF-8 as it is, anything else read as
/// Windows-1252, what German Excel writes ("CSV (Trennzeichen-getrennt)").
fn to_utf8(buf: Vec<u8>) -> Vec<u8> {
    let body = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
    if std::str::from_utf8(body).is_ok() {
        return body.to_vec();
    }
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(&buf);
    text.into_owned().into_bytes()
}

fn list(cell: &str, sep: char) -> Vec<String> {
    cell.split(['|', sep])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

fn yes_no(col: &str, v: &str) -> Result<Value, FieldError> {
    match v.to_lowercase().as_str() {
        "ja" | "j" | "yes" | "y" | "true" | "1" | "x" => Ok(Value::Bool(true)),
        "nein" | "n" | "no" | "false" | "0" | "-" => Ok(Value::Bool(false)),
        _ => Err(FieldError::new(
            col,
            "invalid_value",
            "expected ja/nein, yes/no or true/false",
        )),
    }
}

/// `01.12.2026` → `2026-12-01`; ISO dates pass unchanged.
fn date(v: &str) -> Value {
    let parts: Vec<&str> = v.split('.').collect();
    if let [d, m, y] = parts.as_slice()
        && y.len() == 4
    {
        return Value::String(format!("{y}-{m:0>2}-{d:0>2}"));
    }
    Value::String(v.to_owned())
}

fn integer(col: &str, v: &str) -> Result<Value, FieldError> {
    v.parse::<u64>()
        .map(|n| json!(n))
        .map_err(|_| FieldError::new(col, "invalid_number", "expected a whole number"))
}

/// `de:B1` pairs.
fn languages(col: &str, v: &str, sep: char, level_key: &str) -> Result<Value, FieldError> {
    list(v, sep)
        .iter()
        .map(|entry| {
            let (code, level) = entry.split_once(':').ok_or_else(|| {
                FieldError::new(
                    col,
                    "invalid_value",
                    "write languages as code:level, e.g. de:B1",
                )
            })?;
            let level = level.trim();
            let level = if level.eq_ignore_ascii_case("native")
                || level.eq_ignore_ascii_case("muttersprache")
            {
                "native".to_owned()
            } else {
                level.to_ascii_uppercase()
            };
            Ok(json!({ "code": code.trim(), level_key: level }))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Value::Array)
}

/// A skill or occupation entry: an ESCO URI or a label, optionally `:years` at the end.
fn concept(entry: &str, with_years: bool) -> Value {
    let (text, years) = match entry.rsplit_once(':') {
        Some((t, y)) if with_years && y.trim().parse::<f32>().is_ok() => {
            (t.trim(), y.trim().parse::<f32>().ok())
        }
        _ => (entry.trim(), None),
    };
    let mut m = Map::new();
    if text.starts_with("http://data.europa.eu/esco/")
        || text.starts_with("https://data.europa.eu/esco/")
    {
        m.insert("esco".into(), json!(text));
    } else {
        m.insert("label".into(), json!(text));
    }
    if let Some(y) = years {
        m.insert("years".into(), json!(y));
    }
    Value::Object(m)
}

/// A row's cells as a record in the API's shape, and the errors of the cells that could not
/// be read (left out of the record), all of them.
fn to_json(entity: Entity, cells: &[(&str, &str)], sep: char) -> (Value, Vec<FieldError>) {
    let mut o = Map::new();
    let mut residence = Map::new();
    let mut name = Map::new();
    let mut contact = Map::new();
    let mut skills: Vec<Value> = Vec::new();
    let mut errors = Vec::new();
    for &(col, v) in cells {
        let mut cell = || -> Result<(), FieldError> {
            match (entity, col) {
                (
                    _,
                    "external_ref"
                    | "municipality"
                    | "notes"
                    | "title"
                    | "description"
                    | "workplace_agency_district"
                    | "name"
                    | "website"
                    | "employer_id",
                ) => {
                    o.insert(col.into(), json!(v));
                }
                (_, "given_name") => {
                    name.insert("given".into(), json!(v));
                }
                (_, "family_name") => {
                    name.insert("family".into(), json!(v));
                }
                (_, "phone" | "email") => {
                    contact.insert(col.into(), json!(v));
                }
                (_, "contact_person") => {
                    contact.insert("person".into(), json!(v));
                }
                (_, "birth_date" | "available_from" | "start_date" | "valid_until") => {
                    o.insert(col.into(), date(v));
                }
                (_, "home_postcode" | "postcode" | "hours" | "work_type" | "driving_licence") => {
                    o.insert(col.into(), json!(v));
                }
                (_, "max_commute_km" | "positions") => {
                    o.insert(col.into(), integer(col, v)?);
                }
                (_, "driving_licences" | "work_types") => {
                    o.insert(col.into(), json!(list(v, sep)));
                }
                (_, "has_car") => {
                    o.insert(col.into(), yes_no(col, v)?);
                }
                (_, "consent") => {
                    o.insert("consent_employer_visibility".into(), yes_no(col, v)?);
                }
                (Entity::Candidate, "languages") => {
                    o.insert(col.into(), languages(col, v, sep, "level")?);
                }
                (Entity::Vacancy, "languages") => {
                    o.insert(col.into(), languages(col, v, sep, "min_level")?);
                }
                (_, "skills") => {
                    o.insert(
                        col.into(),
                        Value::Array(list(v, sep).iter().map(|e| concept(e, true)).collect()),
                    );
                }
                (_, "occupations") => {
                    o.insert(
                        col.into(),
                        Value::Array(list(v, sep).iter().map(|e| concept(e, true)).collect()),
                    );
                }
                (_, "occupation") => {
                    o.insert(col.into(), concept(v, false));
                }
                (_, "required_skills" | "optional_skills") => {
                    for e in list(v, sep) {
                        let mut s = concept(&e, false);
                        if let Value::Object(m) = &mut s {
                            m.insert("required".into(), json!(col == "required_skills"));
                        }
                        skills.push(s);
                    }
                }
                (_, "residence_status") => {
                    residence.insert("status_type".into(), json!(v));
                }
                (_, "residence_since") => {
                    residence.insert("papered_stay_since".into(), date(v));
                }
                (_, "residence_valid_until") => {
                    residence.insert("document_valid_until".into(), date(v));
                }
                (_, "nationality") => {
                    residence.insert("nationality".into(), json!(v));
                }
                (_, "annotation") => {
                    residence.insert("annotation".into(), json!(v));
                }
                _ => {
                    return Err(FieldError::new(
                        col,
                        "unknown_column",
                        "this column is not taken for this kind of record",
                    ));
                }
            }
            Ok(())
        };
        if let Err(e) = cell() {
            errors.push(e);
        }
    }
    if !name.is_empty() {
        o.insert("name".into(), Value::Object(name));
    }
    if !contact.is_empty() {
        o.insert("contact".into(), Value::Object(contact));
    }
    if !residence.is_empty() {
        o.insert("residence".into(), Value::Object(residence));
    }
    if !skills.is_empty() {
        o.insert("skills".into(), Value::Array(skills));
    }
    (Value::Object(o), errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_german_spreadsheet_row_becomes_a_candidate() {
        let csv = "external_ref;family_name;home_postcode;languages;skills;work_types;consent;available_from\n\
                   DN-1;Haddad;52351;de:A2, ar:Muttersprache;Gabelstapler fahren:3, Kommissionierung;employment;ja;01.12.2026\n";
        let rows: Vec<_> = rows(Entity::Candidate, csv.as_bytes()).unwrap().collect();
        let (line, (v, errors)) = &rows[0];
        assert_eq!(*line, 2);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(v["languages"][1]["level"], "native");
        assert_eq!(v["skills"][0]["years"], 3.0);
        assert_eq!(v["available_from"], "2026-12-01");
        assert_eq!(v["consent_employer_visibility"], true);
    }

    #[test]
    fn a_file_saved_by_german_excel_is_read_as_windows_1252() {
        // "Müller;Jülich" with ü as the single byte 0xFC, as Excel writes it.
        let mut csv = b"external_ref;family_name;municipality;home_postcode\nDN-2;M".to_vec();
        csv.extend_from_slice(b"\xFCller;J\xFClich;52428\n");
        let read: Vec<_> = rows(Entity::Candidate, csv.as_slice()).unwrap().collect();
        let v = &read[0].1.0;
        assert_eq!(v["name"]["family"], "Müller");
        assert_eq!(v["municipality"], "Jülich");
        // UTF-8 with a byte-order mark, comma-separated, reads the same.
        let utf8 = "\u{feff}external_ref,family_name,municipality\nDN-3,Müller,Jülich\n";
        let read: Vec<_> = rows(Entity::Candidate, utf8.as_bytes()).unwrap().collect();
        let v = &read[0].1.0;
        assert_eq!(v["name"]["family"], "Müller");
        assert_eq!(v["external_ref"], "DN-3");
    }

    #[test]
    fn an_unknown_column_is_refused_up_front() {
        assert!(rows(Entity::Employer, "name,shoe_size\nX,42\n".as_bytes()).is_err());
    }
}
