-- Access control: bearer tokens (only a hash of the secret is kept), the audit log of who
-- saw or changed whose data, per-viewer pseudonyms, and employers' expressions of interest.
-- No candidate names, contact data or documents: ids only.
CREATE TABLE tokens (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('admin', 'staff', 'organiser', 'employer', 'analyst')),
    employer_id TEXT,
    secret_hash BLOB NOT NULL,
    created_at  TEXT NOT NULL,
    expires_on  TEXT,
    revoked_at  TEXT,
    CHECK ((role = 'employer') = (employer_id IS NOT NULL))
);

-- One row per candidate per disclosure or change. Kept after erasure (it holds ids only),
-- so a data-subject request can still be answered.
CREATE TABLE audit (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    token_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    employer_id  TEXT,
    candidate_id TEXT NOT NULL,
    action       TEXT NOT NULL,
    method       TEXT NOT NULL,
    endpoint     TEXT NOT NULL,
    request_id   TEXT,
    purpose      TEXT
);
CREATE INDEX audit_candidate ON audit (candidate_id, seq);

-- The pseudonym under which one viewer (an employer, or the organisers) knows a candidate.
-- Random, so it cannot be derived from the id; stable, so the viewer can refer to it.
CREATE TABLE pseudonyms (
    scope        TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    pseudonym    TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (scope, candidate_id),
    UNIQUE (scope, pseudonym)
);
CREATE INDEX pseudonyms_candidate ON pseudonyms (candidate_id);

-- An employer asks the employer service to put them in touch with a candidate.
CREATE TABLE interests (
    id           TEXT PRIMARY KEY,
    vacancy_id   TEXT NOT NULL,
    employer_id  TEXT NOT NULL,
    candidate_id TEXT NOT NULL,
    pseudonym    TEXT NOT NULL,
    message      TEXT,
    status       TEXT NOT NULL CHECK (status IN ('open', 'contacted', 'declined', 'closed')),
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    handled_by   TEXT,
    UNIQUE (vacancy_id, candidate_id)
);
CREATE INDEX interests_status ON interests (status, created_at);
CREATE INDEX interests_candidate ON interests (candidate_id);
