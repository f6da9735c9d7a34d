-- The auditor's start page lists the latest flagged entries (支援措置, 緊急閲覧) first.
CREATE INDEX audit_event_flagged ON audit_event (seq) WHERE flagged;
