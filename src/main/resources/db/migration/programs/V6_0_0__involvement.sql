-- 制度: who is involved in which program (one row per person and source), kept by the programs
-- module after every applied import. A person is involved while they have at least one current
-- record in the source (records > 0); since is when that involvement began (the oldest current
-- record's snapshot), until when their last record ended. Search badges of a page of persons and a
-- department's persons are read from here, one index probe per person or per source.
CREATE TABLE involvement (
    person_key TEXT NOT NULL,
    source_id  TEXT NOT NULL,
    records    INT NOT NULL CHECK (records >= 0),
    since      TIMESTAMPTZ,
    until      TIMESTAMPTZ,
    PRIMARY KEY (person_key, source_id)
);
-- a department's persons over its sources, in person key order
CREATE INDEX involvement_active_by_source ON involvement (source_id, person_key) WHERE records > 0;

-- The last run of each source whose changes the involvement table has taken in: a count over a
-- department's persons is reused while these stay the same.
CREATE TABLE involvement_source (
    source_id TEXT PRIMARY KEY,
    run_id    BIGINT NOT NULL
);
