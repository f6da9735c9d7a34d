-- APIトークン: lets another system (the one-stop counter system, 総合窓口システム) call /api/** as a
-- service account of its own. Only the SHA-256 of the secret is kept; the secret is shown once.

-- A service account is a staff_account row that exists to carry a department for the API: always
-- a viewer (閲覧者), and never enabled, so that it can never log in through the login page whatever
-- is done to it on the staff screens.
ALTER TABLE staff_account
    ADD COLUMN api_service BOOLEAN NOT NULL DEFAULT FALSE,
    ADD CONSTRAINT staff_account_api_service CHECK (NOT api_service OR (role = 'VIEWER' AND NOT enabled));

CREATE TABLE api_token (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT NOT NULL,
    service_account TEXT NOT NULL UNIQUE REFERENCES staff_account (username),
    token_hash      BYTEA NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    -- path patterns under /api/ the token may call, e.g. /api/v1/persons or /api/v1/**
    endpoints       TEXT[] NOT NULL CHECK (cardinality(endpoints) > 0),
    -- source IDs whose data the token may receive; empty = none, {*} = whatever the department is granted
    sources         TEXT[] NOT NULL DEFAULT '{}',
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    revoked_by      TEXT,
    last_used_at    TIMESTAMPTZ,
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
