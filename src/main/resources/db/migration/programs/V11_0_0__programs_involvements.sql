-- programs' published SQL for the insights module (統計): every involvement, active or ended, with
-- since and until, so that coverage and overlaps are counted in one set-based statement instead of
-- streaming a million rows through Java. Inlined by the planner like programs_involved; the table
-- stays programs' own. (Version 11: the insights module's Flyway range, which brought this need.)
CREATE FUNCTION programs_involvements()
RETURNS TABLE (person_key TEXT, source_id TEXT, active BOOLEAN, since TIMESTAMPTZ, until TIMESTAMPTZ)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT i.person_key, i.source_id, i.records > 0, i.since, i.until FROM involvement i
$$;
