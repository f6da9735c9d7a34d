-- 中断: a run that a stop of the application (or a crash) interrupted; nothing of it was applied, and the
-- same file can be imported again (an inbox file is left in the inbox for the next start)
ALTER TABLE import_run DROP CONSTRAINT import_run_status_check;
ALTER TABLE import_run ADD CONSTRAINT import_run_status_check CHECK (status IN
    ('RUNNING', 'APPLIED', 'UNCHANGED', 'DUPLICATE', 'HELD', 'REJECTED', 'DISCARDED', 'FAILED', 'INTERRUPTED'));
