//! The synthetic demo data set shipped in `fixtures/demo/` (never real people).

use crate::import::{self, Format};
use crate::store::{Entity, Store};

const EMPLOYERS: &str = include_str!("../fixtures/demo/employers.ndjson");
const VACANCIES: &str = include_str!("../fixtures/demo/vacancies.ndjson");
const CANDIDATES: &str = include_str!("../fixtures/demo/candidates.ndjson");

/// Loads the demo set into the store; returns (employers, vacancies, candidates) stored.
pub fn load(store: &dyn Store) -> anyhow::Result<(usize, usize, usize)> {
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
    Ok((counts[0], counts[1], counts[2]))
}
