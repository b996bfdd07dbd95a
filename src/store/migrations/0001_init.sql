-- Records are JSON documents in the exact shape of the API; a few columns are lifted out
-- for lookups. The change log holds no personal data: (seq, entity, id, op) only.
CREATE TABLE candidates (
    id           TEXT PRIMARY KEY,
    external_ref TEXT UNIQUE,
    doc          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE vacancies (
    id           TEXT PRIMARY KEY,
    external_ref TEXT UNIQUE,
    doc          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE employers (
    id           TEXT PRIMARY KEY,
    external_ref TEXT UNIQUE,
    doc          TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE changes (
    seq    INTEGER PRIMARY KEY AUTOINCREMENT,
    entity TEXT NOT NULL,
    id     TEXT NOT NULL,
    op     TEXT NOT NULL CHECK (op IN ('upsert', 'delete')),
    at     TEXT NOT NULL
);
