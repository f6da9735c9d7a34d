-- 生年で始まる索引 (indexes led by the birth year): a reading, name or 町丁目 prefix with a birth year
-- ("やまざ S45", "入間川 S45") reads the persons of that year and that prefix only. The indexes led by the
-- prefix read every person with the prefix (about 20,000 for ヤマザ in a city of 4,000,000) and check the
-- year on each index entry. The expression is TermTiers.YEAR, written the same way so that the planner
-- matches it.
SET LOCAL maintenance_work_mem = '512MB';
CREATE INDEX person_by_year_kana ON person ((extract(YEAR FROM birth_date)::int), kana_key COLLATE "C");
CREATE INDEX person_by_year_kana_loose ON person ((extract(YEAR FROM birth_date)::int), kana_loose COLLATE "C");
CREATE INDEX person_by_year_name ON person ((extract(YEAR FROM birth_date)::int), name_key COLLATE "C");
CREATE INDEX person_by_year_town ON person ((extract(YEAR FROM birth_date)::int),
    address_town(address_search) COLLATE "C");
ANALYZE person;
