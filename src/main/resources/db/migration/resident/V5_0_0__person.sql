-- 宛名・住民: the person index, built from the master sources (住民記録, 住登外) by their imports.
CREATE TABLE person (
    person_key     TEXT PRIMARY KEY,
    master_source  TEXT NOT NULL,
    registered     BOOLEAN NOT NULL,       -- in the master's current snapshot
    status         TEXT NOT NULL,          -- 住民, 住登外, 消除 (no longer in the registry)
    name           TEXT,
    kana           TEXT,
    birth_date     DATE,
    sex            TEXT,
    address        TEXT,
    address_detail TEXT,
    household_key  TEXT,
    relation       TEXT,
    resident_type  TEXT,
    moved_on       DATE,
    move_reason    TEXT,
    support_measure BOOLEAN NOT NULL DEFAULT FALSE,  -- 支援措置: address and household not to be disclosed
    name_key       TEXT,                   -- kanji folded (異体字, IVS, width, spaces)
    kana_key       TEXT,                   -- katakana, full width, no spaces
    kana_loose     TEXT,                   -- kana without voicing, small kana, long vowels
    updated_run    BIGINT NOT NULL
);
CREATE INDEX person_by_kana ON person (kana_key COLLATE "C");
CREATE INDEX person_by_name ON person (name_key COLLATE "C");
CREATE INDEX person_by_birth ON person (birth_date);
CREATE INDEX person_by_household ON person (household_key);

-- Names, addresses and households a person had before: they stay searchable and visible.
CREATE TABLE person_history (
    person_key     TEXT NOT NULL,
    replaced_by_run BIGINT NOT NULL,
    name           TEXT,
    kana           TEXT,
    address        TEXT,
    address_detail TEXT,
    household_key  TEXT,
    status         TEXT,
    name_key       TEXT,
    kana_key       TEXT
);
CREATE INDEX person_history_by_person ON person_history (person_key);
CREATE INDEX person_history_by_kana ON person_history (kana_key COLLATE "C");
