-- ログイン試行の制限: failed logins are counted per user ID as typed (whether such an account exists
-- or not, so that the answer never tells) and per source address. After too many within a while,
-- further attempts are refused for a delay that doubles with each further failure. This replaces
-- the per-account lock, which anyone could set off for any account and which told existing IDs apart.
CREATE TABLE login_throttle (
    kind          TEXT NOT NULL CHECK (kind IN ('ACCOUNT', 'ADDRESS')),
    subject       TEXT NOT NULL,              -- the user ID as typed, or the address
    failures      INT NOT NULL DEFAULT 0,     -- failures since the last refusal began (or since the start)
    blocks        INT NOT NULL DEFAULT 0,     -- refusals so far in this run of failures
    blocked_until TIMESTAMPTZ,
    last_failure  TIMESTAMPTZ,
    PRIMARY KEY (kind, subject)
);
-- Runs long over are deleted a few at a time with each new failure: found by when they went quiet.
CREATE INDEX login_throttle_quiet_since ON login_throttle ((greatest(last_failure, blocked_until)));

ALTER TABLE staff_account DROP COLUMN failed_attempts, DROP COLUMN locked_until;
