-- 生年つき読みの文字片 (the reading's 2-grams with the birth year): a reading fragment with a birth year
-- ("よしまつ S51", "やまざ S45" when the prefix finds too few) reads the few persons born that year whose
-- reading has each 2-gram (k1976:ヨシ, k1976:シマ, k1976:マツ) instead of intersecting the reading's grams
-- (k:ヨシ, about 100,000 persons in a city of 4,000,000) with the year's (y:1976, about 50,000) in the gram
-- index. A GIN index of its own, on an expression: no column to fill, and the first index builds it beside the
-- large gram index on the other core. The 2-grams are those of SearchGrams for k: (kana_key is the normalised
-- reading they are made from); TermTiers writes the same expression so that the planner matches it.
CREATE FUNCTION kana_year_grams(kana TEXT, born DATE) RETURNS TEXT[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
    AS $$
DECLARE
    grams TEXT[] := '{}';
    prefix TEXT;
BEGIN
    IF kana IS NULL OR born IS NULL THEN
        RETURN grams;
    END IF;
    prefix := 'k' || extract(YEAR FROM born)::int || ':';
    FOR i IN 1 .. char_length(kana) - 1 LOOP
        grams := grams || (prefix || substr(kana, i, 2));
    END LOOP;
    RETURN grams;
END
$$;
SET LOCAL maintenance_work_mem = '512MB';
CREATE INDEX person_by_kana_year ON person USING gin (kana_year_grams(kana_key, birth_date));
ANALYZE person;
