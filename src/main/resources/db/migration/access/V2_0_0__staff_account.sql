-- 職員アカウント: who may log in, in which department and role.
CREATE TABLE department (
    department_id TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    extension     TEXT
);

CREATE TABLE staff_account (
    username        TEXT PRIMARY KEY,
    display_name    TEXT NOT NULL,
    password_hash   TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('VIEWER', 'CASEWORKER', 'ADMIN', 'AUDITOR')),
    department_id   TEXT REFERENCES department,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    failed_attempts INT NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);
