-- Search reads each way a term matches (prefix, fragment, near reading, address) in an index's order
-- and stops at the limit. For a name or reading with a birth year ("やまざき S7"), the year is checked
-- in the prefix index itself, not on every row of the prefix.
DROP INDEX person_by_kana;
CREATE INDEX person_by_kana ON person (kana_key COLLATE "C", birth_date);
DROP INDEX person_by_name;
CREATE INDEX person_by_name ON person (name_key COLLATE "C", birth_date);
DROP INDEX person_by_kana_loose;
CREATE INDEX person_by_kana_loose ON person (kana_loose COLLATE "C", birth_date);
-- the suspected-duplicate grouping (same kana key and birth date) reads person_by_kana now
DROP INDEX person_by_kana_birth;

-- 町丁目 search: the folded address from the 町丁目 (or 大字) on, without prefecture, 郡 and
-- municipality (埼玉県狭山市入間川一丁目15番2号 → 入間川一丁目15番2号), so that a town name is a
-- prefix and its residents come out of a B-tree in address order.
CREATE FUNCTION address_town(address TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
SELECT regexp_replace($1,
    '^(東京都|北海道|京都府|大阪府|[^都道府県市区町村]{2,3}県)?([^都道府県市区町村]{1,5}郡)?'
    || '([^都道府県市区町村]{1,6}市[^市区町村]{1,4}区|[^都道府県市区町村]{1,6}[市区町村])?(大字|字)?', '')
$$;
CREATE INDEX person_by_town ON person (address_town(address_key) COLLATE "C");
