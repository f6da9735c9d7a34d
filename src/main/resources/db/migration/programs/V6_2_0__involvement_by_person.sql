-- A person's active involvements in one index descent, read from the index alone: the badges of a search's or a
-- department list's page (person_key = ANY(...)) and the department list's probe of each person against its
-- sources (person_key = p.person_key AND source_id = ANY(...)), which went through involvement_active_by_source
-- once for each of the department's sources.
CREATE INDEX involvement_active_by_person ON involvement (person_key, source_id) WHERE records > 0;
