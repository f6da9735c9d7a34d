-- The 町丁目 index on the block key (filled by 5.5.1): "狭山台3丁目" and "狭山台三丁目" are one prefix.
DROP INDEX person_by_town;
CREATE INDEX person_by_town ON person (address_town(address_search) COLLATE "C", birth_date);
ANALYZE person;
