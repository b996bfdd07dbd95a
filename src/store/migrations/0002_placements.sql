-- Placements (Vermittlungen) keep, in columns of their own, everything the reports and the
-- bonus statements count: municipality, type, dates and a pseudonym. Erasing a person
-- empties candidate_id and keeps the row, so counts survive and the person does not.
-- No names, no free text.
CREATE TABLE placements (
    id             TEXT PRIMARY KEY,
    external_ref   TEXT UNIQUE,
    candidate_id   TEXT,
    pseudonym      TEXT NOT NULL,
    employer_id    TEXT NOT NULL,
    vacancy_id     TEXT,
    placement_type TEXT NOT NULL,
    start_date     TEXT NOT NULL,
    municipality   TEXT NOT NULL,
    source         TEXT NOT NULL CHECK (source IN ('meeting_point', 'direct')),
    event_id       TEXT,
    probation_end  TEXT,
    ended_on       TEXT,
    end_reason     TEXT,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX placements_start ON placements (start_date);
CREATE INDEX placements_candidate ON placements (candidate_id);
CREATE INDEX placements_vacancy ON placements (vacancy_id);
CREATE INDEX placements_municipality ON placements (municipality, start_date);
