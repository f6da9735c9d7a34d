-- 支援措置 protection follows the household (同伴者): the persons registered in the household of a
-- 支援措置 person live at the same address, so their address, household and whereabouts are withheld
-- with hers. ResidentIndex keeps this flag after every master import; this fills it for the persons
-- indexed before.
ALTER TABLE person ADD COLUMN address_protected BOOLEAN NOT NULL DEFAULT FALSE;

-- the few persons with the measure and those protected, so that the flag is kept in a few index reads
CREATE INDEX person_support_measure ON person (household_key) WHERE support_measure;
CREATE INDEX person_address_protected ON person (person_key) WHERE address_protected;

UPDATE person p SET address_protected = TRUE
 WHERE p.support_measure
    OR (p.registered AND p.household_key IN (SELECT q.household_key FROM person q
                                              WHERE q.support_measure AND q.registered AND q.household_key IS NOT NULL));
