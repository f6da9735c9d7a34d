-- 連携取込: sources, import runs, current records with history, and changes.

CREATE TABLE source (
    source_id     TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    program       TEXT NOT NULL,
    department    TEXT NOT NULL,
    contact       TEXT,
    role          TEXT,
    definition    TEXT NOT NULL,              -- the YAML as read
    current_run   BIGINT,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE import_run (
    run_id          BIGSERIAL PRIMARY KEY,
    source_id       TEXT NOT NULL REFERENCES source,
    file_name       TEXT NOT NULL,
    file_size       BIGINT NOT NULL DEFAULT 0,
    sha256          TEXT NOT NULL,
    origin          TEXT NOT NULL,              -- cli, upload, inbox
    requested_by    TEXT,
    status          TEXT NOT NULL CHECK (status IN
                      ('RUNNING', 'APPLIED', 'UNCHANGED', 'DUPLICATE', 'HELD', 'REJECTED', 'DISCARDED', 'FAILED')),
    phase           TEXT,
    base_run        BIGINT,                     -- the source's current run when the diff was taken
    bytes_read      BIGINT NOT NULL DEFAULT 0,
    rows_read       BIGINT NOT NULL DEFAULT 0,
    added           BIGINT NOT NULL DEFAULT 0,
    changed         BIGINT NOT NULL DEFAULT 0,
    ended           BIGINT NOT NULL DEFAULT 0,
    unchanged       BIGINT NOT NULL DEFAULT 0,
    rejected_rows   BIGINT NOT NULL DEFAULT 0,
    warnings        BIGINT NOT NULL DEFAULT 0,
    error_count     BIGINT NOT NULL DEFAULT 0,
    message         TEXT,
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at     TIMESTAMPTZ,
    decided_by      TEXT,
    decided_at      TIMESTAMPTZ
);
CREATE INDEX import_run_by_source ON import_run (source_id, run_id DESC);
CREATE INDEX import_run_by_sha ON import_run (source_id, sha256);

-- The first 1,000 errors and warnings of a run, each with line and column.
CREATE TABLE import_error (
    run_id    BIGINT NOT NULL REFERENCES import_run ON DELETE CASCADE,
    seq       INT NOT NULL,
    severity  TEXT NOT NULL CHECK (severity IN ('ERROR', 'WARNING')),
    line      BIGINT,
    col       INT,
    column_name TEXT,
    message   TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- The current version of every record of every source.
CREATE TABLE source_record (
    source_id      TEXT NOT NULL REFERENCES source,
    record_key     TEXT NOT NULL,
    key_hash       BIGINT NOT NULL,
    person_key     TEXT NOT NULL,
    data           JSONB NOT NULL,
    row_hash       BIGINT NOT NULL,
    valid_from_run BIGINT NOT NULL,
    PRIMARY KEY (source_id, record_key)
);
CREATE INDEX source_record_by_person ON source_record (person_key);
-- Lets an import read (key, hash) pairs of a source from the index alone.
CREATE INDEX source_record_hashes ON source_record (source_id, key_hash) INCLUDE (row_hash);

-- Closed versions: a record as it was from valid_from_run until valid_to_run replaced or ended it.
CREATE TABLE source_record_history (
    source_id      TEXT NOT NULL,
    record_key     TEXT NOT NULL,
    person_key     TEXT NOT NULL,
    data           JSONB NOT NULL,
    row_hash       BIGINT NOT NULL,
    valid_from_run BIGINT NOT NULL,
    valid_to_run   BIGINT NOT NULL
);
CREATE INDEX source_record_history_by_key ON source_record_history (source_id, record_key);
CREATE INDEX source_record_history_by_person ON source_record_history (person_key);

-- What an applied run changed: A added, C changed, E ended. Before and after are the versions
-- closed (history, valid_to_run = run) and opened (valid_from_run = run) by that run.
CREATE TABLE record_change (
    run_id     BIGINT NOT NULL,
    source_id  TEXT NOT NULL,
    record_key TEXT NOT NULL,
    person_key TEXT NOT NULL,
    kind       CHAR(1) NOT NULL CHECK (kind IN ('A', 'C', 'E'))
);
CREATE INDEX record_change_by_run ON record_change (run_id);
CREATE INDEX record_change_by_person ON record_change (person_key);

CREATE VIEW record_change_detail AS
SELECT c.run_id, c.source_id, c.record_key, c.person_key, c.kind,
       b.data AS before,
       COALESCE(cur.data, h.data) AS after
  FROM record_change c
  LEFT JOIN source_record_history b
         ON b.source_id = c.source_id AND b.record_key = c.record_key AND b.valid_to_run = c.run_id
  LEFT JOIN source_record cur
         ON cur.source_id = c.source_id AND cur.record_key = c.record_key AND cur.valid_from_run = c.run_id
  LEFT JOIN source_record_history h
         ON h.source_id = c.source_id AND h.record_key = c.record_key AND h.valid_from_run = c.run_id;

-- Staging tables of running and held imports live here, one per run; they are throw-away.
CREATE SCHEMA import_stage;
