-- 相談・通報: consultation and report records. A record is its header (when, channel, caller, category,
-- urgency, the recording department) and the entries appended to it; nothing of either is ever rewritten:
-- a correction, a link of an unidentified person, an answer to a referral and a closing are new entries.
-- The triggers below refuse UPDATE, DELETE and TRUNCATE on these four tables.
CREATE TABLE consultation (
    id            BIGSERIAL PRIMARY KEY,
    received_at   TIMESTAMPTZ NOT NULL,
    channel       TEXT NOT NULL,
    caller        TEXT NOT NULL,
    category      TEXT NOT NULL,
    urgency       TEXT NOT NULL,
    department_id TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    recorded_at   TIMESTAMPTZ NOT NULL,
    -- when the statutory clock runs out (児童虐待: 48 hours after the report), NULL without one
    clock_due     TIMESTAMPTZ
);
CREATE INDEX consultation_by_received ON consultation (received_at DESC, id DESC);
CREATE INDEX consultation_by_category ON consultation (category, received_at DESC);

CREATE TABLE consultation_entry (
    id                BIGSERIAL PRIMARY KEY,
    consultation_id   BIGINT NOT NULL REFERENCES consultation,
    kind              TEXT NOT NULL,
    at                TIMESTAMPTZ NOT NULL,
    author            TEXT NOT NULL,
    department_id     TEXT NOT NULL,
    body              TEXT,
    -- what a correction corrects, a link links, an answer answers, a completion completes
    refers_to         BIGINT REFERENCES consultation_entry,
    person_key        TEXT,
    target_department TEXT,
    assignee          TEXT,
    due_on            DATE,
    detail            JSONB NOT NULL DEFAULT '{}',
    -- the body's words as Lucene's kuromoji cut them (JapaneseText), one lexeme each
    search            TSVECTOR
);
CREATE INDEX consultation_entry_by_record ON consultation_entry (consultation_id, id);
CREATE INDEX consultation_entry_search ON consultation_entry USING gin (search);
CREATE INDEX consultation_entry_confirmation ON consultation_entry (consultation_id) WHERE kind = 'CONFIRMATION';

-- Who a record is about (宛名番号), as identified: a link adds a row, the unidentified subject stays in the entries.
CREATE TABLE consultation_person (
    consultation_id BIGINT NOT NULL REFERENCES consultation,
    person_key      TEXT NOT NULL,
    entry_id        BIGINT NOT NULL REFERENCES consultation_entry,
    PRIMARY KEY (consultation_id, person_key)
);
CREATE INDEX consultation_person_by_person ON consultation_person (person_key, consultation_id);

-- The departments a record is visible to by default: the recording one and those it was shared with or referred to.
CREATE TABLE consultation_department (
    consultation_id BIGINT NOT NULL REFERENCES consultation,
    department_id   TEXT NOT NULL,
    entry_id        BIGINT NOT NULL REFERENCES consultation_entry,
    PRIMARY KEY (consultation_id, department_id)
);
CREATE INDEX consultation_department_by_department ON consultation_department (department_id, consultation_id);

CREATE FUNCTION consultation_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '相談記録は追記のみです (% は許されません。訂正は訂正の記録として追加してください)', TG_OP;
END $$;
CREATE TRIGGER consultation_no_update BEFORE UPDATE OR DELETE ON consultation
    FOR EACH ROW EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_no_truncate BEFORE TRUNCATE ON consultation
    FOR EACH STATEMENT EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_entry_no_update BEFORE UPDATE OR DELETE ON consultation_entry
    FOR EACH ROW EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_entry_no_truncate BEFORE TRUNCATE ON consultation_entry
    FOR EACH STATEMENT EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_person_no_update BEFORE UPDATE OR DELETE ON consultation_person
    FOR EACH ROW EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_person_no_truncate BEFORE TRUNCATE ON consultation_person
    FOR EACH STATEMENT EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_department_no_update BEFORE UPDATE OR DELETE ON consultation_department
    FOR EACH ROW EXECUTE FUNCTION consultation_is_append_only();
CREATE TRIGGER consultation_department_no_truncate BEFORE TRUNCATE ON consultation_department
    FOR EACH STATEMENT EXECUTE FUNCTION consultation_is_append_only();

-- What is still open, for the hand-over board: derived from the entries in the same transaction that appends
-- them (a row goes when the record is closed, the referral answered, the follow-up done). Not the record:
-- the entries are; these tables could be rebuilt from them.
CREATE TABLE consultation_open (
    consultation_id BIGINT PRIMARY KEY REFERENCES consultation,
    urgency         TEXT NOT NULL,
    clock_due       TIMESTAMPTZ
);
CREATE TABLE consultation_pending_referral (
    entry_id        BIGINT PRIMARY KEY REFERENCES consultation_entry,
    consultation_id BIGINT NOT NULL REFERENCES consultation,
    from_department TEXT NOT NULL,
    to_department   TEXT NOT NULL,
    sent_at         TIMESTAMPTZ NOT NULL
);
CREATE INDEX consultation_pending_referral_by_record ON consultation_pending_referral (consultation_id);
CREATE TABLE consultation_open_follow_up (
    entry_id        BIGINT PRIMARY KEY REFERENCES consultation_entry,
    consultation_id BIGINT NOT NULL REFERENCES consultation,
    due_on          DATE NOT NULL
);
CREATE INDEX consultation_open_follow_up_by_due ON consultation_open_follow_up (due_on);
