//! The synthetic demo data set shipped in `fixtures/demo/` (never real people).

use crate::domain::event::{EmployerRegistration, Event};
use crate::domain::{EntityId, Placement};
use crate::import::{self, Format};
use crate::store::{Entity, EventStore, NewPlacement, PlacementStore, Store};

const EMPLOYERS: &str = include_str!("../fixtures/demo/employers.ndjson");
const VACANCIES: &str = include_str!("../fixtures/demo/vacancies.ndjson");
const CANDIDATES: &str = include_str!("../fixtures/demo/candidates.ndjson");
const PLACEMENTS: &str = include_str!("../fixtures/demo/placements.ndjson");
/// One Meeting Point event with a dozen employers and their vacancies registered.
const EVENT: &str = include_str!("../fixtures/demo/event.json");

/// The id of the demo Meeting Point event.
pub const EVENT_ID: &str = crate::fixtures::event::DEMO_EVENT_ID;

/// What the demo set loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Loaded {
    pub employers: usize,
    pub vacancies: usize,
    pub candidates: usize,
    pub placements: usize,
    pub events: usize,
}

/// Loads the demo set into the store.
pub fn load(
    store: &dyn Store,
    placements: &dyn PlacementStore,
    events: &dyn EventStore,
) -> anyhow::Result<Loaded> {
    let today = chrono::Utc::now().date_naive();
    let mut counts = [0usize; 3];
    for (i, (entity, text)) in [
        (Entity::Employer, EMPLOYERS),
        (Entity::Vacancy, VACANCIES),
        (Entity::Candidate, CANDIDATES),
    ]
    .into_iter()
    .enumerate()
    {
        let summary = import::import_file(
            store,
            entity,
            Format::Ndjson,
            text.as_bytes(),
            today,
            |_| {},
        )?;
        if let Some(r) = summary.rejected.first() {
            anyhow::bail!(
                "demo {} line {} rejected: {} [{}]",
                entity.as_str(),
                r.line,
                r.field,
                r.code
            );
        }
        counts[i] = summary.accepted;
    }
    Ok(Loaded {
        employers: counts[0],
        vacancies: counts[1],
        candidates: counts[2],
        placements: load_placements(placements)?,
        events: load_event(events)?,
    })
}

/// The demo event file: the event and its employer registrations.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoEvent {
    id: EntityId,
    event: Event,
    employers: Vec<DemoEmployer>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoEmployer {
    employer_id: EntityId,
    vacancy_ids: Vec<EntityId>,
}

/// The demo Meeting Point event.
fn load_event(store: &dyn EventStore) -> anyhow::Result<usize> {
    let demo: DemoEvent = serde_json::from_str(EVENT)?;
    if let Err(errors) = demo.event.validate() {
        anyhow::bail!("demo event invalid: {errors:?}");
    }
    store.insert_event(demo.id, &serde_json::to_string(&demo.event)?)?;
    for e in &demo.employers {
        let doc = serde_json::to_string(&EmployerRegistration {
            vacancy_ids: e.vacancy_ids.clone(),
            tables: None,
            preferences: Vec::new(),
        })?;
        store.put_event_employer(demo.id, e.employer_id, &doc, &[])?;
    }
    Ok(1)
}

/// The demo placements: each names its municipality, candidate and employer.
fn load_placements(store: &dyn PlacementStore) -> anyhow::Result<usize> {
    let mut n = 0;
    for (i, line) in PLACEMENTS.lines().enumerate() {
        let p: Placement = serde_json::from_str(line)
            .map_err(|e| anyhow::anyhow!("demo placement line {}: {e}", i + 1))?;
        if let Err(errors) = p.validate() {
            anyhow::bail!("demo placement line {} invalid: {:?}", i + 1, errors);
        }
        let municipality = p
            .municipality
            .as_deref()
            .ok_or_else(|| anyhow::anyhow!("demo placement line {} has no municipality", i + 1))?;
        store.insert_placement(&NewPlacement {
            id: EntityId::generate(),
            external_ref: p.external_ref.as_deref().map(str::to_owned),
            candidate_id: p.candidate_id,
            employer_id: p.employer_id,
            vacancy_id: p.vacancy_id,
            placement_type: p.placement_type,
            start_date: p.start_date,
            municipality: municipality.to_owned(),
            source: p.source,
            event_id: p.event_id.as_deref().map(str::to_owned),
            probation_end: p.probation_end,
            ended_on: p.ended_on,
            end_reason: p.end_reason,
        })?;
        n += 1;
    }
    Ok(n)
}
