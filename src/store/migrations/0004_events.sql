-- Meeting Point events (Kontaktbörsen). The event and the registrations are JSON documents
-- in the shape of the API; who meets whom, preferences and attendance are rows, so that
-- erasing a person is a few statements in the erasing transaction. No names, no free text
-- about people: candidates appear by id and a per-event participant number.
CREATE TABLE events (
    id         TEXT PRIMARY KEY,
    doc        TEXT NOT NULL,
    -- First slot not yet held on the event day; NULL before the day starts.
    now_slot   INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE event_employers (
    event_id    TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id TEXT NOT NULL REFERENCES employers (id) ON DELETE CASCADE,
    doc         TEXT NOT NULL,
    present     INTEGER NOT NULL DEFAULT 1,
    position    INTEGER NOT NULL,
    PRIMARY KEY (event_id, employer_id)
);
CREATE TABLE event_candidates (
    event_id       TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    candidate_id   TEXT NOT NULL REFERENCES candidates (id) ON DELETE CASCADE,
    participant_no INTEGER NOT NULL,
    doc            TEXT NOT NULL,
    attendance     TEXT NOT NULL DEFAULT 'expected'
                   CHECK (attendance IN ('expected', 'no_show', 'walk_in')),
    PRIMARY KEY (event_id, candidate_id),
    UNIQUE (event_id, participant_no)
);
CREATE INDEX event_candidates_candidate ON event_candidates (candidate_id);
-- by: who stated it ('employer' about a candidate, 'candidate' about an employer).
CREATE TABLE event_preferences (
    event_id     TEXT NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    employer_id  TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    by           TEXT NOT NULL CHECK (by IN ('employer', 'candidate')),
    preference   TEXT NOT NULL CHECK (preference IN ('must_meet', 'would_like', 'no')),
    PRIMARY KEY (event_id, employer_id, candidate_id, by)
);
CREATE INDEX event_preferences_candidate ON event_preferences (candidate_id);
CREATE TABLE event_schedules (
    event_id          TEXT PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    candidates_at_min INTEGER NOT NULL,
    objective         REAL NOT NULL,
    upper_bound       REAL NOT NULL,
    replan            TEXT,
    computed_at       TEXT NOT NULL
);
-- candidate_id and participant_no are emptied when the person is erased; a held meeting
-- stays (without the person) for the statistics.
CREATE TABLE event_meetings (
    id             TEXT PRIMARY KEY,
    event_id       TEXT NOT NULL REFERENCES event_schedules (event_id) ON DELETE CASCADE,
    employer_id    TEXT NOT NULL,
    candidate_id   TEXT,
    participant_no INTEGER,
    vacancy_id     TEXT,
    slot           INTEGER NOT NULL,
    table_no       INTEGER NOT NULL,
    interpreter    TEXT,
    score          REAL NOT NULL,
    outcome        TEXT,
    placement_id   TEXT
);
CREATE INDEX event_meetings_event ON event_meetings (event_id, slot);
CREATE INDEX event_meetings_candidate ON event_meetings (candidate_id);
