-- resident's published SQL for the insights module (統計): the facts statistics are cut by — whether
-- the person is a registered resident now, birth date, sex code, the 町丁目 (the address from the
-- town on, up to the first block number: 入間川一丁目15番2号 → 入間川一丁目, 大字 dropped by
-- address_town) and the household. No names, no full address. Inlined by the planner; the table stays
-- resident's own. (Version 11: the insights module's Flyway range, which brought this need.)
CREATE FUNCTION resident_persons()
RETURNS TABLE (person_key TEXT, resident BOOLEAN, birth_date DATE, sex TEXT, town TEXT, household_key TEXT)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    SELECT p.person_key, p.registered AND p.status = '住民', p.birth_date, p.sex,
           nullif(substring(address_town(p.address) from '^[^0-9０-９]+'), ''), p.household_key
      FROM person p
$$;
