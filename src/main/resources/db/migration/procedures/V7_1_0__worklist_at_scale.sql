-- The worklist at 100,000 open items of one department (bench lifeevents): every statement of its page
-- reads an index that fits its WHERE and ORDER BY, and its counts come from a small summary.

-- The event's day on each of its items (an event's day never changes: life_event rows are never
-- updated), so that the list sorted by the event's day reads an index instead of joining and sorting
-- every open item of the department.
ALTER TABLE procedure_item ADD COLUMN occurred_on DATE;
UPDATE procedure_item i SET occurred_on = e.occurred_on FROM life_event e WHERE e.seq = i.event_seq;
ALTER TABLE procedure_item ALTER COLUMN occurred_on SET NOT NULL;

-- One index per sort order of the page, each ending in item_id (the tie-break) so that a page is read
-- in order from the index, only its own 50 rows fetched.
DROP INDEX procedure_item_open_kind;
CREATE INDEX procedure_item_open_kind ON procedure_item (department_id, event_kind, due_on, item_id)
    WHERE status IN ('OPEN', 'GUIDED');
CREATE INDEX procedure_item_open_event ON procedure_item (department_id, occurred_on DESC, item_id)
    WHERE status IN ('OPEN', 'GUIDED');
-- the filter by 町丁目 (a prefix) is counted and sorted from this index alone: person_key leaves out
-- the persons whose whereabouts are withheld without reading the table
DROP INDEX procedure_item_open_town;
CREATE INDEX procedure_item_open_town ON procedure_item (department_id, town text_pattern_ops, due_on, item_id)
    INCLUDE (person_key) WHERE status IN ('OPEN', 'GUIDED');

-- Open items (要対応・案内済) per department, event kind and due date: the tabs' counts, the header's
-- badge and the count of a list filtered by kind, read from a few hundred rows instead of counting
-- every open item. Kept by the triggers below in the transaction that adds or changes the items, so it
-- is never behind them. (No CHECK (open_items >= 0): PostgreSQL checks the row proposed by INSERT … ON
-- CONFLICT before it finds the conflict, so a decrement proposed as -1 would fail; WorklistAtScaleTests
-- compares the summary with the items instead.)
CREATE TABLE procedure_open_count (
    department_id TEXT NOT NULL,
    event_kind    TEXT NOT NULL,
    due_on        DATE,
    open_items    BIGINT NOT NULL,
    CONSTRAINT procedure_open_count_key UNIQUE NULLS NOT DISTINCT (department_id, event_kind, due_on)
);

INSERT INTO procedure_open_count (department_id, event_kind, due_on, open_items)
SELECT department_id, event_kind, due_on, count(*) FROM procedure_item
 WHERE status IN ('OPEN', 'GUIDED') GROUP BY department_id, event_kind, due_on;

-- Set-based: one statement adds its whole batch of items, grouped, in key order (so that two
-- transactions lock the summary's rows in the same order and never deadlock).
CREATE FUNCTION procedure_open_count_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO procedure_open_count AS c (department_id, event_kind, due_on, open_items)
    SELECT department_id, event_kind, due_on, count(*) FROM added_items
     WHERE status IN ('OPEN', 'GUIDED')
     GROUP BY department_id, event_kind, due_on
     ORDER BY department_id, event_kind, due_on
    ON CONFLICT ON CONSTRAINT procedure_open_count_key DO UPDATE SET open_items = c.open_items + EXCLUDED.open_items;
    RETURN NULL;
END $$;

CREATE FUNCTION procedure_open_count_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO procedure_open_count AS c (department_id, event_kind, due_on, open_items)
    SELECT department_id, event_kind, due_on, sum(delta) FROM (
        SELECT department_id, event_kind, due_on, 1 AS delta FROM items_after WHERE status IN ('OPEN', 'GUIDED')
        UNION ALL
        SELECT department_id, event_kind, due_on, -1 FROM items_before WHERE status IN ('OPEN', 'GUIDED')) d
     GROUP BY department_id, event_kind, due_on
    HAVING sum(delta) <> 0
     ORDER BY department_id, event_kind, due_on
    ON CONFLICT ON CONSTRAINT procedure_open_count_key DO UPDATE SET open_items = c.open_items + EXCLUDED.open_items;
    RETURN NULL;
END $$;

CREATE TRIGGER procedure_item_counted_added AFTER INSERT ON procedure_item
    REFERENCING NEW TABLE AS added_items
    FOR EACH STATEMENT EXECUTE FUNCTION procedure_open_count_added();
CREATE TRIGGER procedure_item_counted_changed AFTER UPDATE ON procedure_item
    REFERENCING OLD TABLE AS items_before NEW TABLE AS items_after
    FOR EACH STATEMENT EXECUTE FUNCTION procedure_open_count_changed();
