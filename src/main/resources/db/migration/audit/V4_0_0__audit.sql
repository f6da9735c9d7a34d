-- アクセス記録: an append-only, hash-chained record of every look at personal data and every
-- change of who may look. Each row's hash is SHA-256 over the previous row's hash and this row's
-- content, so that a changed, removed or inserted row breaks the chain at that row.
CREATE TABLE audit_event (
    seq        BIGINT PRIMARY KEY,
    at         TIMESTAMPTZ NOT NULL,
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,
    person_key TEXT,
    detail     TEXT NOT NULL,          -- JSON, as hashed
    flagged    BOOLEAN NOT NULL,
    prev_hash  BYTEA NOT NULL,
    hash       BYTEA NOT NULL
);
CREATE INDEX audit_event_by_person ON audit_event (person_key, seq) WHERE person_key IS NOT NULL;
CREATE INDEX audit_event_by_actor ON audit_event (actor, seq);
CREATE INDEX audit_event_by_time ON audit_event (at);

-- The head of the chain: one row, locked by each batch of appends.
CREATE TABLE audit_head (
    id    BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    seq   BIGINT NOT NULL,
    hash  BYTEA NOT NULL
);
INSERT INTO audit_head (seq, hash) VALUES (0, '\x0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'アクセス記録は追記のみです (% は許されません)', TG_OP;
END $$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_is_append_only();
