//! Agendas of a stored schedule: per candidate (by participant number), per employer, and
//! for the interpreters; rendered by `events::agenda`.

use std::collections::BTreeMap;

use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::{load_event, parse_doc};
use crate::app::App;
use crate::domain::{Employer, EntityId, Vacancy};
use crate::error::AppError;
use crate::events::agenda::{Agenda, AgendaLine, AgendaOf, Lang, to_csv, to_html, to_ics};
use crate::store::events::MeetingRow;
use crate::store::{Entity, Store};

/// Export format of an agenda.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgendaFormat {
    #[default]
    Json,
    Csv,
    Ics,
    Html,
}

/// Language and format of an agenda.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgendaQuery {
    /// `de` (default), `en`, or a candidate language we have the words for: `ar`, `fa`, `uk`,
    /// `tr`.
    pub lang: Option<String>,
    /// `json` (default), `csv`, `ics` or `html`.
    pub format: Option<AgendaFormat>,
}

/// A rendered agenda.
pub enum Rendered {
    Json(Box<Agenda>),
    /// A file: content type, file name, body.
    File(&'static str, String, String),
}

/// Whose agenda to build.
enum Whose {
    Candidate(EntityId),
    Employer(EntityId),
    Interpreters,
}

fn lang(q: &AgendaQuery) -> Result<Lang, AppError> {
    match q.lang.as_deref() {
        None => Ok(Lang::De),
        Some(code) => Lang::parse(code.trim()).ok_or_else(|| {
            AppError::invalid(
                "lang",
                "unsupported_language",
                "agendas are available in de, en, ar, fa, uk and tr",
            )
        }),
    }
}

/// Employer names and vacancy titles by id.
type Names = (BTreeMap<EntityId, String>, BTreeMap<EntityId, String>);
/// Which meetings an agenda shows.
type Keep = Box<dyn Fn(&MeetingRow) -> bool>;

fn names(store: &dyn Store, meetings: &[&MeetingRow]) -> Result<Names, AppError> {
    let mut employers = BTreeMap::new();
    let mut titles = BTreeMap::new();
    for m in meetings {
        if let std::collections::btree_map::Entry::Vacant(e) = employers.entry(m.employer_id) {
            let name = match store.get(Entity::Employer, m.employer_id)? {
                Some(r) => parse_doc::<Employer>(&r.doc)?.name.as_str().to_owned(),
                None => String::new(),
            };
            e.insert(name);
        }
        if let Some(v) = m.vacancy_id
            && !titles.contains_key(&v)
        {
            let title = match store.get(Entity::Vacancy, v)? {
                Some(r) => parse_doc::<Vacancy>(&r.doc)?.title.as_str().to_owned(),
                None => String::new(),
            };
            titles.insert(v, title);
        }
    }
    Ok((employers, titles))
}

impl App {
    async fn agenda(
        &self,
        event_id: EntityId,
        whose: Whose,
        q: AgendaQuery,
    ) -> Result<Rendered, AppError> {
        let lang = lang(&q)?;
        let format = q.format.unwrap_or_default();
        let (store, events) = (self.store.clone(), self.event_store());
        let agenda = self
            .cpu
            .run(move || {
                let (_, event) = load_event(&*events, event_id)?;
                let schedule =
                    events
                        .get_schedule(event_id)?
                        .ok_or_else(|| AppError::Conflict {
                            code: "no_schedule",
                            message: "the event has no schedule yet".into(),
                            existing: None,
                        })?;
                let regs = events.registrations(event_id)?;
                let (of, keep): (AgendaOf, Keep) = match whose {
                    Whose::Candidate(c) => {
                        let reg = regs.candidates.iter().find(|r| r.candidate_id == c).ok_or(
                            AppError::NoSuch {
                                what: "candidate registration",
                                id: c.to_string(),
                            },
                        )?;
                        (
                            AgendaOf::Candidate {
                                participant_no: reg.participant_no,
                            },
                            Box::new(move |m| m.candidate_id == Some(c)),
                        )
                    }
                    Whose::Employer(e) => {
                        if !regs.employers.iter().any(|r| r.employer_id == e) {
                            return Err(AppError::NoSuch {
                                what: "employer registration",
                                id: e.to_string(),
                            });
                        }
                        let name = match store.get(Entity::Employer, e)? {
                            Some(r) => parse_doc::<Employer>(&r.doc)?.name.as_str().to_owned(),
                            None => String::new(),
                        };
                        (
                            AgendaOf::Employer { employer: name },
                            Box::new(move |m| m.employer_id == e),
                        )
                    }
                    Whose::Interpreters => (
                        AgendaOf::Interpreters,
                        Box::new(|m: &MeetingRow| m.interpreter.is_some()),
                    ),
                };
                let meetings: Vec<&MeetingRow> =
                    schedule.meetings.iter().filter(|m| keep(m)).collect();
                let (employers, titles) = names(&*store, &meetings)?;
                let slots = event.slots();
                let mut lines: Vec<AgendaLine> = meetings
                    .iter()
                    .filter_map(|m| {
                        let s = slots.get(m.slot as usize)?;
                        Some(AgendaLine {
                            meeting_id: m.id.to_string(),
                            slot: m.slot,
                            start: s.start,
                            end: s.end,
                            table: m.table,
                            employer: employers.get(&m.employer_id).cloned().unwrap_or_default(),
                            job_title: m
                                .vacancy_id
                                .and_then(|v| titles.get(&v).cloned())
                                .unwrap_or_default(),
                            participant_no: m.participant_no,
                            interpreter: m.interpreter.clone(),
                        })
                    })
                    .collect();
                lines.sort_by(|a, b| {
                    (a.slot, &a.interpreter, &a.employer, a.table).cmp(&(
                        b.slot,
                        &b.interpreter,
                        &b.employer,
                        b.table,
                    ))
                });
                let info = event.venue_postcode.info();
                Ok::<_, AppError>(Agenda {
                    of,
                    lang,
                    title: lang.words().title.to_owned(),
                    event_name: event.name.as_str().to_owned(),
                    date: event.date,
                    venue: format!("{} {}", event.venue_postcode, info.place),
                    lines,
                })
            })
            .await??;
        let stem = match &agenda.of {
            AgendaOf::Candidate { participant_no } => format!("agenda-{participant_no}"),
            AgendaOf::Employer { .. } => "agenda-employer".to_owned(),
            AgendaOf::Interpreters => "agenda-interpreters".to_owned(),
        };
        Ok(match format {
            AgendaFormat::Json => Rendered::Json(Box::new(agenda)),
            AgendaFormat::Csv => Rendered::File(
                "text/csv; charset=utf-8",
                format!("{stem}.csv"),
                to_csv(&agenda).map_err(AppError::internal)?,
            ),
            AgendaFormat::Ics => Rendered::File(
                "text/calendar; charset=utf-8",
                format!("{stem}.ics"),
                to_ics(&agenda),
            ),
            AgendaFormat::Html => Rendered::File(
                "text/html; charset=utf-8",
                format!("{stem}.html"),
                to_html(&agenda),
            ),
        })
    }

    /// A candidate's agenda (by participant number; no name).
    pub async fn candidate_agenda(
        &self,
        event: EntityId,
        candidate: EntityId,
        q: AgendaQuery,
    ) -> Result<Rendered, AppError> {
        self.agenda(event, Whose::Candidate(candidate), q).await
    }

    /// An employer's list of conversations.
    pub async fn employer_agenda(
        &self,
        event: EntityId,
        employer: EntityId,
        q: AgendaQuery,
    ) -> Result<Rendered, AppError> {
        self.agenda(event, Whose::Employer(employer), q).await
    }

    /// The interpreters' list: every conversation with an interpreter, by slot and language.
    pub async fn interpreter_agenda(
        &self,
        event: EntityId,
        q: AgendaQuery,
    ) -> Result<Rendered, AppError> {
        self.agenda(event, Whose::Interpreters, q).await
    }
}
