-- 生年つき住所の文字片を検索用文字片へ (the address's 2-grams with the birth year into the grams): from this version
-- the index writes a person's a1985:間川 with their other grams (SearchGrams), and the index of their own
-- (person_by_address_year, 5.12.0) goes. In the gram index they are intersected with a name's grams of the year:
-- 「柏原 鈴木 S60」's combination of 柏原 by the address and 鈴木 by the name read every person of 柏原 (a tenth
-- of the city) beside the few 鈴木 born that year, 2.5-6 ms at 4,000,000 residents; with the address's grams of
-- the year, 0.88 -> 0.029 ms warm at 1,000,000, the same persons. The gram index grows by about a fifth
-- (199 -> 236 MB at 1,000,000) and takes about a fifth longer to build.
-- Persons indexed before get the grams that address_year_grams computes, which are the ones SearchGrams writes
-- (SearchPlanTests compares them): the index is dropped, the grams added where missing (running this again adds
-- nothing), and the index built again in one pass, as for the year gram (5.7.0). At 4,000,000 residents this
-- rewrites every row once: a few minutes at the start of the upgrade.
DROP INDEX IF EXISTS person_by_address_year;
DROP INDEX IF EXISTS person_by_grams;
UPDATE person p
   SET grams = p.grams || ARRAY(SELECT DISTINCT g FROM unnest(address_year_grams(p.address_search, p.birth_date)) g
                                 WHERE g <> ALL (coalesce(p.grams, '{}')))
 WHERE p.address_search IS NOT NULL AND p.birth_date IS NOT NULL
   AND NOT coalesce(p.grams, '{}') @> address_year_grams(p.address_search, p.birth_date);
SET LOCAL maintenance_work_mem = '1GB';
CREATE INDEX person_by_grams ON person USING gin (grams);
ANALYZE person;
