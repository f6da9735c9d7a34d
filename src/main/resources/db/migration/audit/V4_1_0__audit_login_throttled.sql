-- Administrators list the latest login throttles (ログイン制限); they are rare among the trail's rows,
-- so they get an index of their own rather than a walk back through the whole trail.
CREATE INDEX audit_event_login_throttled ON audit_event (seq) WHERE action = 'LOGIN_THROTTLED';
