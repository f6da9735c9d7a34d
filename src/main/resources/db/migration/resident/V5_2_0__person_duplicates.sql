-- データ品質: suspected duplicates are persons with the same kana key and birth date. Grouping the
-- whole index in this order, page by page, reads this index instead of sorting the person table.
CREATE INDEX person_by_kana_birth ON person (kana_key COLLATE "C", birth_date)
    WHERE kana_key <> '' AND birth_date IS NOT NULL;
