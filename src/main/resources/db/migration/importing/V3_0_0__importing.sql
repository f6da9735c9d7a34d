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
    record_count  BIGINT NOT NULL DEFAULT 0,    -- records in the current snapshot
    partition_table TEXT NOT NULL,              -- this source's partition of source_record
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

-- The current version of every record of every source, one partition per source: an import
-- compares one source's records only, and a first import builds its partition whole (COPY into a
-- fresh table, indexes built after) and attaches it in the apply transaction.
-- The record key is unique within a source; it is looked up by its 64-bit hash (key_hash), and
-- Tsunagu rejects a file in which two different keys share a hash, so key_hash is unique too.
-- The values are JSON text (type json, not jsonb): Tsunagu writes it itself, and jsonb's binary
-- conversion tripled the cost of loading a snapshot; json still supports ->> in queries.
CREATE TABLE source_record (
    source_id      TEXT NOT NULL,
    record_key     TEXT NOT NULL,
    key_hash       BIGINT NOT NULL,
    person_key     TEXT NOT NULL,
    data           JSON NOT NULL,
    row_hash       BIGINT NOT NULL,
    raw_hash       BIGINT NOT NULL,
    valid_from_run BIGINT NOT NULL
) PARTITION BY LIST (source_id);
-- row_hash: a hash of the normalised values, which decides whether a record changed.
-- raw_hash: a hash of the row's fields as the file had them (and of the source definition): a row
-- whose raw fields are the same as yesterday's is unchanged without being normalised again, which
-- makes a nightly import of a mostly unchanged file cheap.
-- Each partition also has a unique index on (key_hash) INCLUDE (row_hash, raw_hash), made with it.
CREATE INDEX source_record_by_person ON source_record (person_key);
CREATE SEQUENCE source_partition_seq;

-- Closed versions: a record as it was from valid_from_run until valid_to_run replaced or ended it.
CREATE TABLE source_record_history (
    source_id      TEXT NOT NULL,
    record_key     TEXT NOT NULL,
    key_hash       BIGINT NOT NULL,
    person_key     TEXT NOT NULL,
    data           JSON NOT NULL,
    row_hash       BIGINT NOT NULL,
    raw_hash       BIGINT NOT NULL,
    valid_from_run BIGINT NOT NULL,
    valid_to_run   BIGINT NOT NULL
);
CREATE INDEX source_record_history_by_key ON source_record_history (source_id, key_hash);
CREATE INDEX source_record_history_by_person ON source_record_history (person_key);

-- What an applied run changed: A added, C changed, E ended. Before and after are the versions
-- closed (history, valid_to_run = run) and opened (valid_from_run = run) by that run.
-- A source's first snapshot is its baseline, not a change: nothing happened to those persons on
-- that day, the hub only began to know them. Changes are recorded from the second snapshot on.
CREATE TABLE record_change (
    run_id     BIGINT NOT NULL,
    source_id  TEXT NOT NULL,
    record_key TEXT NOT NULL,
    key_hash   BIGINT NOT NULL,
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
         ON b.source_id = c.source_id AND b.key_hash = c.key_hash AND b.valid_to_run = c.run_id
  LEFT JOIN source_record cur
         ON cur.source_id = c.source_id AND cur.key_hash = c.key_hash AND cur.valid_from_run = c.run_id
  LEFT JOIN source_record_history h
         ON h.source_id = c.source_id AND h.key_hash = c.key_hash AND h.valid_from_run = c.run_id;

-- Staging tables of running and held imports live here, one per run; they are throw-away.
CREATE SCHEMA import_stage;
