-- Need-to-know: what each department may see of each source (detail, summary or none), whether it
-- may see fields marked sensitive, and which departments may see 支援措置 persons' addresses.
CREATE TABLE source_grant (
    department_id TEXT NOT NULL REFERENCES department,
    source_id     TEXT NOT NULL,
    level         TEXT NOT NULL CHECK (level IN ('DETAIL', 'SUMMARY', 'NONE')),
    sensitive     BOOLEAN NOT NULL DEFAULT FALSE,
    granted_by    TEXT NOT NULL,
    granted_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (department_id, source_id)
);

ALTER TABLE department ADD COLUMN sees_protected_address BOOLEAN NOT NULL DEFAULT FALSE;

-- 緊急閲覧: one person's full detail, for a limited time, after a typed reason.
CREATE TABLE break_glass (
    id         BIGSERIAL PRIMARY KEY,
    username   TEXT NOT NULL,
    person_key TEXT NOT NULL,
    reason     TEXT NOT NULL,
    opened_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX break_glass_by_user ON break_glass (username, person_key, expires_at);
