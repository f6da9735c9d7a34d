-- 添付: files and photos per resident. The bytes live encrypted on the file system (or object storage),
-- named by a keyed hash of their content; these rows are what the hub knows about them.

-- One stored content (the same photo uploaded twice is stored once). content_hash is the SHA-256 of the
-- stored plaintext; storage_name is what the file is called on disk (an HMAC of the hash, so that a copied
-- disk does not tell whether it holds a given known file).
CREATE TABLE document_content (
    content_hash BYTEA PRIMARY KEY,
    storage_name TEXT NOT NULL UNIQUE,
    size         BIGINT NOT NULL,
    media_type   TEXT NOT NULL,
    stored_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE document (
    id             BIGSERIAL PRIMARY KEY,
    person_key     TEXT NOT NULL,
    title          TEXT NOT NULL,
    kind           TEXT NOT NULL,
    department_id  TEXT NOT NULL,
    source_id      TEXT,
    life_event     TEXT,
    shared         BOOLEAN NOT NULL DEFAULT FALSE,
    original_name  TEXT NOT NULL,
    media_type     TEXT NOT NULL,
    size           BIGINT NOT NULL,
    content_hash   BYTEA REFERENCES document_content,
    thumbnail_hash BYTEA REFERENCES document_content,
    original_hash  BYTEA REFERENCES document_content,
    pages          INT,
    uploaded_by    TEXT NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL,
    keep_until     DATE NOT NULL,
    disposed_at    TIMESTAMPTZ,
    disposed_by    TEXT,
    disposal_note  TEXT,
    CHECK ((disposed_at IS NULL) = (content_hash IS NOT NULL))
);
CREATE INDEX document_by_person ON document (person_key, uploaded_at DESC, id DESC) WHERE disposed_at IS NULL;
CREATE INDEX document_due ON document (keep_until, id) WHERE disposed_at IS NULL;
CREATE INDEX document_by_content ON document (content_hash);
CREATE INDEX document_by_thumbnail ON document (thumbnail_hash);
CREATE INDEX document_by_original ON document (original_hash);

-- 伝言: a message about a resident to a department or a person. Never edited or deleted: a correction is
-- another message that follows it.
CREATE TABLE message (
    id             BIGSERIAL PRIMARY KEY,
    person_key     TEXT NOT NULL,
    sender         TEXT NOT NULL,
    sender_department TEXT,
    to_department  TEXT,
    to_user        TEXT,
    urgent         BOOLEAN NOT NULL,
    body           TEXT NOT NULL,
    follows        BIGINT REFERENCES message,
    sent_at        TIMESTAMPTZ NOT NULL,
    CHECK ((to_department IS NULL) <> (to_user IS NULL))
);
CREATE INDEX message_to_department ON message (to_department, sent_at DESC) WHERE to_department IS NOT NULL;
CREATE INDEX message_to_user ON message (to_user, sent_at DESC) WHERE to_user IS NOT NULL;
CREATE INDEX message_by_person ON message (person_key, sent_at DESC);
CREATE INDEX message_by_sender ON message (sender, sent_at DESC);

-- 既読 / 対応済: each at most once per message, never changed.
CREATE TABLE message_ack (
    message_id BIGINT NOT NULL REFERENCES message,
    state      TEXT NOT NULL CHECK (state IN ('READ', 'DONE')),
    by_user    TEXT NOT NULL,
    at         TIMESTAMPTZ NOT NULL,
    note       TEXT,
    PRIMARY KEY (message_id, state)
);

CREATE FUNCTION message_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '伝言は変更も削除もできません。続けて新しい伝言を送ってください (% は許されません)', TG_OP;
END $$;
CREATE TRIGGER message_no_change BEFORE UPDATE OR DELETE ON message
    FOR EACH ROW EXECUTE FUNCTION message_is_append_only();
CREATE TRIGGER message_no_truncate BEFORE TRUNCATE ON message
    FOR EACH STATEMENT EXECUTE FUNCTION message_is_append_only();
CREATE TRIGGER message_ack_no_change BEFORE UPDATE OR DELETE ON message_ack
    FOR EACH ROW EXECUTE FUNCTION message_is_append_only();
