-- A 町丁目 search with a birth year ("入間川 S7") checks the year inside the town index too, instead of
-- reading every person born that year from person_by_birth.
DROP INDEX person_by_town;
CREATE INDEX person_by_town ON person (address_town(address_key) COLLATE "C", birth_date);
