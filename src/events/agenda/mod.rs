//! Agendas (*Gesprächspläne*) of a Meeting Point: per candidate, per employer and for the
//! interpreters, in German, plain English and a few candidate languages; rendered as JSON,
//! CSV, iCalendar and a printable HTML page. Pure: the caller gathers the lines.
//!
//! Privacy: an agenda names a candidate only by participant number.

mod html;
mod ics;
mod words;

use chrono::{NaiveDate, NaiveTime};
use serde::Serialize;
use utoipa::ToSchema;

pub use html::to_html;
pub use ics::to_ics;
pub use words::{Lang, Words};

/// Whose agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum AgendaOf {
    Candidate { participant_no: u32 },
    Employer { employer: String },
    Interpreters,
}

/// One conversation on an agenda.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct AgendaLine {
    /// Stable id of the meeting (the iCalendar UID).
    pub meeting_id: String,
    pub slot: u32,
    #[schema(value_type = String)]
    pub start: NaiveTime,
    #[schema(value_type = String)]
    pub end: NaiveTime,
    pub table: u32,
    pub employer: String,
    pub job_title: String,
    pub participant_no: Option<u32>,
    /// Interpreter language (ISO 639-1), if the conversation has one.
    pub interpreter: Option<String>,
}

/// An agenda, ready to render.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Agenda {
    pub of: AgendaOf,
    /// Language of the labels.
    #[schema(value_type = String)]
    pub lang: Lang,
    pub title: String,
    pub event_name: String,
    pub date: NaiveDate,
    pub venue: String,
    pub lines: Vec<AgendaLine>,
}

impl Agenda {
    /// The heading: "Gesprächsplan – Teilnehmer/in Nr. 17" and the like.
    pub fn heading(&self) -> String {
        let w = self.lang.words();
        match &self.of {
            AgendaOf::Candidate { participant_no } => {
                format!("{} – {} {participant_no}", w.title, w.participant)
            }
            AgendaOf::Employer { employer } => format!("{} – {employer}", w.title),
            AgendaOf::Interpreters => format!("{} – {}", w.title, w.interpreter),
        }
    }
}

/// The header of the CSV export (stable, English, for programs).
pub const CSV_HEADER: [&str; 9] = [
    "meeting_id",
    "slot",
    "start",
    "end",
    "table",
    "employer",
    "job_title",
    "participant_no",
    "interpreter",
];

/// The agenda as CSV (one row per conversation).
pub fn to_csv(a: &Agenda) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(CSV_HEADER)?;
    for l in &a.lines {
        w.write_record([
            l.meeting_id.clone(),
            l.slot.to_string(),
            l.start.format("%H:%M").to_string(),
            l.end.format("%H:%M").to_string(),
            l.table.to_string(),
            l.employer.clone(),
            l.job_title.clone(),
            l.participant_no.map(|n| n.to_string()).unwrap_or_default(),
            l.interpreter.clone().unwrap_or_default(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
pub(crate) fn sample() -> Agenda {
    let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
    Agenda {
        of: AgendaOf::Candidate { participant_no: 17 },
        lang: Lang::De,
        title: "Gesprächsplan".into(),
        event_name: "Meeting Point Düren; Winter, 2026".into(),
        date: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
        venue: "52349 Düren".into(),
        lines: vec![AgendaLine {
            meeting_id: "m1".into(),
            slot: 0,
            start: t(9, 0),
            end: t(9, 15),
            table: 2,
            employer: "Bäckerei <Schmitz> & Söhne, Düren".into(),
            job_title: "Bäckereifachverkäufer/in (m/w/d) mit einem sehr langen Titel, der gefaltet werden muss".into(),
            participant_no: Some(17),
            interpreter: Some("ar".into()),
        }],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_the_header_and_one_row_per_line() {
        let csv = to_csv(&sample()).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), CSV_HEADER.join(","));
        assert_eq!(lines.count(), 1);
    }
}
