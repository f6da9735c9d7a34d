-- 相談記録の検索: one row per record with what the search filters on and finds by, so that the search is one
-- index-driven statement over one row a record rather than a walk over every record's entries.
-- Derived from the entries in the same transaction that appends them (like consultation_open): the words are the
-- union of every entry's words and grams, the departments and persons those of consultation_department and
-- consultation_person. It could be rebuilt from them; it is not the record.
--
-- The index holds the words and the time received together (btree_gin, a trusted extension of PostgreSQL's
-- contrib), so that "these words, received since T" is answered inside one GIN index scan: the search asks for
-- the newest records first (a window of time), and fetches only the matches in it, however common the words are.
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE TABLE consultation_search (
    consultation_id BIGINT PRIMARY KEY REFERENCES consultation,
    received_at     TIMESTAMPTZ NOT NULL,
    category        TEXT NOT NULL,
    departments     TEXT[] NOT NULL DEFAULT '{}',
    persons         TEXT[] NOT NULL DEFAULT '{}',
    words           TSVECTOR NOT NULL DEFAULT ''
);

-- the union of the words of a record's entries (tsvector || tsvector, folded over the entries)
CREATE AGGREGATE consultation_words(tsvector) (SFUNC = tsvector_concat, STYPE = tsvector, INITCOND = '');

INSERT INTO consultation_search (consultation_id, received_at, category, departments, persons, words)
SELECT c.id, c.received_at, c.category, coalesce(d.departments, '{}'), coalesce(p.persons, '{}'),
       coalesce(w.words, '')
  FROM consultation c
  LEFT JOIN (SELECT consultation_id, array_agg(department_id ORDER BY entry_id) AS departments
               FROM consultation_department GROUP BY consultation_id) d ON d.consultation_id = c.id
  LEFT JOIN (SELECT consultation_id, array_agg(person_key ORDER BY entry_id) AS persons
               FROM consultation_person GROUP BY consultation_id) p ON p.consultation_id = c.id
  LEFT JOIN (SELECT consultation_id, consultation_words(search) AS words
               FROM consultation_entry WHERE search IS NOT NULL GROUP BY consultation_id) w ON w.consultation_id = c.id;

CREATE INDEX consultation_search_words ON consultation_search USING gin (words, received_at);

-- the entries' own GIN index answered the search before; the record's row does now (an entry's words are still
-- read, through the index of a record's entries, to show which entry matched)
DROP INDEX consultation_entry_search;

ANALYZE consultation_search;
