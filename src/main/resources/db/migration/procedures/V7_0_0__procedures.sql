-- ライフイベント・手続き: life events, their procedure items and every change of an item.

-- Events are numbered by this sequence under one advisory lock held until the commit (LifeEvents):
-- numbers become visible in the order they were handed out, so a reader that pages by number never
-- skips an event that commits later with a smaller one.
CREATE SEQUENCE life_event_seq;

CREATE TABLE life_event (
    seq           BIGINT PRIMARY KEY,
    person_key    TEXT NOT NULL,
    kind          TEXT NOT NULL,              -- the registry's event kind (file name): birth, death …
    occurred_on   DATE NOT NULL,              -- the day it happened (異動日, birthday, the day recorded)
    origin        TEXT NOT NULL CHECK (origin IN ('IMPORT', 'DAILY', 'MANUAL')),
    source_id     TEXT,                       -- the master source of an imported event
    run_id        BIGINT,                     -- its import run
    household_key TEXT,
    town          TEXT,                       -- 町丁目 of the address then (withheld like the address)
    note          TEXT,
    recorded_by   TEXT NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    UNIQUE (person_key, kind, occurred_on)
);
CREATE INDEX life_event_by_person ON life_event (person_key, occurred_on DESC);

CREATE TABLE procedure_item (
    item_id       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_seq     BIGINT NOT NULL REFERENCES life_event (seq),
    person_key    TEXT NOT NULL,
    event_kind    TEXT NOT NULL,
    town          TEXT,
    procedure_id  TEXT NOT NULL,              -- the registry's id within the kind, or manual-<n>
    program       TEXT NOT NULL,
    name          TEXT NOT NULL,
    department_id TEXT NOT NULL,
    source_id     TEXT,                       -- whose grants open the item's details
    due_on        DATE,
    place         TEXT,
    documents     TEXT[] NOT NULL DEFAULT '{}',
    note          TEXT,
    status        TEXT NOT NULL CHECK (status IN ('OPEN', 'GUIDED', 'DONE', 'NOT_APPLICABLE')),
    reason        TEXT,
    version       INT NOT NULL DEFAULT 1,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_by    TEXT NOT NULL,
    UNIQUE (event_seq, procedure_id),
    CHECK (status <> 'NOT_APPLICABLE' OR reason IS NOT NULL)
);
-- a department's worklist: its open items by due date, read page by page
CREATE INDEX procedure_item_open ON procedure_item (department_id, due_on, item_id)
    WHERE status IN ('OPEN', 'GUIDED');
-- the worklist's filters by event kind and by 町丁目 (a prefix), counted and paged within the department
CREATE INDEX procedure_item_open_kind ON procedure_item (department_id, event_kind, due_on)
    WHERE status IN ('OPEN', 'GUIDED');
CREATE INDEX procedure_item_open_town ON procedure_item (department_id, town text_pattern_ops)
    WHERE status IN ('OPEN', 'GUIDED');
CREATE INDEX procedure_item_by_person ON procedure_item (person_key);

-- Every state an item was in, the first one included: who, when, and why.
CREATE TABLE procedure_item_history (
    item_id    BIGINT NOT NULL REFERENCES procedure_item (item_id),
    version    INT NOT NULL,
    status     TEXT NOT NULL,
    reason     TEXT,
    note       TEXT,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, version)
);

-- Items and their history never vanish: a mistaken item is closed as 対象外 with a reason.
CREATE FUNCTION procedure_rows_never_vanish() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '手続きの記録は削除できません (%)', TG_TABLE_NAME;
END $$;
CREATE TRIGGER procedure_item_kept BEFORE DELETE ON procedure_item
    FOR EACH ROW EXECUTE FUNCTION procedure_rows_never_vanish();
CREATE TRIGGER procedure_item_history_kept BEFORE DELETE OR UPDATE ON procedure_item_history
    FOR EACH ROW EXECUTE FUNCTION procedure_rows_never_vanish();
CREATE TRIGGER life_event_kept BEFORE DELETE ON life_event
    FOR EACH ROW EXECUTE FUNCTION procedure_rows_never_vanish();

-- The daily age job: the last day it covered.
CREATE TABLE life_event_job (
    job             TEXT PRIMARY KEY,
    covered_through DATE NOT NULL
);
