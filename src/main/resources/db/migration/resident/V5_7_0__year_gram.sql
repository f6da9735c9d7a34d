-- The birth year as a gram of its own (y:1985, SearchGrams): a reading or an address fragment with a
-- year ("やまざ S60", "入間川 S60") is the intersection of its grams with the year's in the gram index,
-- instead of a check of the year on every person whose reading or address has the fragment. The index
-- writes the gram from this version on; this gives it to the persons indexed before.
UPDATE person
   SET grams = array_append(grams, 'y:' || extract(YEAR FROM birth_date)::int)
 WHERE birth_date IS NOT NULL AND grams IS NOT NULL
   AND NOT grams @> ARRAY['y:' || extract(YEAR FROM birth_date)::int];
ANALYZE person;
