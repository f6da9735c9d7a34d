-- 統計: coverage, overlaps and trends, counted after each import into the module's own tables.

-- The program sources the figures are kept for, each with its bit in a person's program mask.
-- Bits are given once and never reused, so that a kept month's masks keep their meaning.
CREATE TABLE insights_source (
    source_id       TEXT PRIMARY KEY,
    bit             SMALLINT NOT NULL UNIQUE CHECK (bit BETWEEN 0 AND 62),
    name            TEXT NOT NULL,
    department_id   TEXT NOT NULL,
    department_name TEXT NOT NULL,
    welfare         BOOLEAN NOT NULL
);

-- One row per month: the figures as of the last refresh in that month. The latest is "now"; the
-- earlier ones are the month-end snapshots, kept so that the past is never recomputed.
CREATE TABLE insights_period (
    month        DATE PRIMARY KEY CHECK (extract(day FROM month) = 1),
    as_of        TIMESTAMPTZ NOT NULL,
    residents    INT NOT NULL,
    covered      INT NOT NULL,
    welfare_mask BIGINT NOT NULL
);

-- The cube every figure is summed from: residents by age band, sex, 町丁目 and household type, and
-- the welfare programs they are involved with (mask over insights_source.bit; 0 = none).
CREATE TABLE insights_cube (
    month          DATE NOT NULL REFERENCES insights_period ON DELETE CASCADE,
    age_band       SMALLINT NOT NULL,
    sex            TEXT NOT NULL,
    town           TEXT NOT NULL,
    household_type TEXT NOT NULL,
    mask           BIGINT NOT NULL,
    persons        INT NOT NULL
);
CREATE INDEX insights_cube_by_month ON insights_cube (month, town);

-- Involvements that began and ended per month and source (from programs' since and until).
CREATE TABLE insights_flow (
    month     DATE NOT NULL,
    source_id TEXT NOT NULL,
    added     INT NOT NULL,
    ended     INT NOT NULL,
    PRIMARY KEY (month, source_id)
);

-- Per source and day of refresh: its snapshot's time, its rows and how many of its persons the
-- person index does not know (データの鮮度と品質, over time).
CREATE TABLE insights_freshness (
    day          DATE NOT NULL,
    source_id    TEXT NOT NULL,
    snapshot_at  TIMESTAMPTZ,
    records      BIGINT NOT NULL,
    persons      BIGINT NOT NULL,
    unindexed    BIGINT NOT NULL,
    PRIMARY KEY (day, source_id)
);

-- Households whose registered members are involved with programs of several departments now
-- (複数の課が関わる世帯): the member keys and the welfare programs involved.
CREATE TABLE insights_household (
    household_key TEXT PRIMARY KEY,
    departments   INT NOT NULL,
    mask          BIGINT NOT NULL,
    members       TEXT[] NOT NULL
);
CREATE INDEX insights_household_by_departments ON insights_household (departments DESC, household_key);
