-- programs' published SQL (公開する SQL 関数): who the given sources involve now. Other modules' SQL may
-- call it where the module may depend on programs (resident's department list does), instead of
-- receiving the persons as an array parameter on every page. A LANGUAGE sql, STABLE function of one
-- SELECT is inlined by the planner, so the caller's statement is planned as a semi-join with
-- involvement (its index on source_id) and stops at the caller's LIMIT. The table stays programs' own.
CREATE FUNCTION programs_involved(sources TEXT[]) RETURNS TABLE (person_key TEXT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT i.person_key FROM involvement i WHERE i.source_id = ANY(sources) AND i.records > 0
$$;
