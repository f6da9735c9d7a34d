-- 二段階認証 (TOTP, RFC 6238): the secret shared with a staff member's authenticator app (Base32),
-- and the last 30-second step whose code was accepted, so that one code cannot be used twice.
ALTER TABLE staff_account
    ADD COLUMN totp_secret    TEXT,
    ADD COLUMN totp_last_step BIGINT;

