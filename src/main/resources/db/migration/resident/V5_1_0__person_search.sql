-- Search keys beyond prefixes: 1- and 2-character grams of the folded name ("n:"), the kana ("k:")
-- and the folded address ("a:"), in one GIN index. pg_trgm cannot serve Japanese names: a 1- or
-- 2-character fragment (翔, 佐藤) has no trigram.
ALTER TABLE person ADD COLUMN address_key TEXT;
ALTER TABLE person ADD COLUMN grams TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX person_by_grams ON person USING gin (grams);
CREATE INDEX person_by_kana_loose ON person (kana_loose COLLATE "C");
CREATE INDEX person_history_by_name ON person_history (name_key COLLATE "C");
