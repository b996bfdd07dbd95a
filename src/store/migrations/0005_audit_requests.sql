-- The audit log as one row per request, with the candidates it disclosed as bare ids beside
-- it; the purpose as a code from a fixed list, plus an optional note that erasure removes.
CREATE TABLE audit_requests (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    at           TEXT NOT NULL,
    token_id     TEXT NOT NULL,
    role         TEXT NOT NULL,
    employer_id  TEXT,
    action       TEXT NOT NULL,
    method       TEXT NOT NULL,
    endpoint     TEXT NOT NULL,
    request_id   TEXT,
    purpose      TEXT,
    purpose_note TEXT
);
CREATE INDEX audit_requests_at ON audit_requests (at);

CREATE TABLE audit_disclosed (
    candidate_id TEXT NOT NULL,
    request_seq  INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, request_seq)
) WITHOUT ROWID;
CREATE INDEX audit_disclosed_request ON audit_disclosed (request_seq);

-- Earlier rows: one request row per row (the free-text purpose becomes the note of `other`).
INSERT INTO audit_requests (seq, at, token_id, role, employer_id, action, method, endpoint,
                            request_id, purpose, purpose_note)
    SELECT seq, at, token_id, role, employer_id, action, method, endpoint, request_id,
           CASE WHEN purpose IS NULL THEN NULL ELSE 'other' END, purpose
    FROM audit;
INSERT INTO audit_disclosed (candidate_id, request_seq) SELECT candidate_id, seq FROM audit;
DROP TABLE audit;
