-- The chain becomes keyed: each row's hash is HMAC-SHA256 under a key kept outside the database
-- (tsunagu-data/audit.key or TSUNAGU_AUDIT_KEY), so that whoever can write to the database cannot
-- recompute it. key_id names the key of the ring that signed the row; rows written before have none
-- and keep their plain SHA-256. Adding a column without a default rewrites no row.
ALTER TABLE audit_event ADD COLUMN key_id TEXT;
