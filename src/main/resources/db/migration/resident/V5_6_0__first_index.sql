-- The first index of a master source (最初の索引作成) is built as a bulk load: the rows are copied into a
-- fresh table in this schema without its indexes, the indexes are built afterwards, and the table replaces
-- person in one short transaction. What is here is never read by search; a build interrupted by a stop or a
-- crash leaves its table behind, and the next attempt drops it and starts again.
CREATE SCHEMA person_build;

-- The master sources whose snapshots the person index has taken in. A master source with an applied
-- snapshot and no row here is still being indexed for the first time: search says so instead of
-- answering from a partial index.
CREATE TABLE person_index_source (
    source_id   TEXT PRIMARY KEY,
    first_run   BIGINT NOT NULL,
    indexed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- a city indexed before this version: its masters are those its persons came from
INSERT INTO person_index_source (source_id, first_run)
SELECT master_source, min(updated_run) FROM person GROUP BY master_source;

-- The progress of a first index while it is built (committed apart from the build, so that the import
-- screen and search can read it); deleted in the transaction that puts the built table in place.
CREATE TABLE person_index_build (
    run_id         BIGINT PRIMARY KEY,
    source_id      TEXT NOT NULL,
    phase          TEXT NOT NULL,          -- rows, indexes, swap
    rows_total     BIGINT NOT NULL,
    rows_done      BIGINT NOT NULL DEFAULT 0,
    indexes_total  INT NOT NULL DEFAULT 0,
    indexes_done   INT NOT NULL DEFAULT 0,
    percent        INT NOT NULL DEFAULT 0,
    rate           DOUBLE PRECISION,       -- persons a second while rows are written
    remaining_s    BIGINT,                 -- estimated seconds to go
    started_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
