-- 相談記録の検索: the words of each record's search row marked with the periods it was received in, so that the
-- search asks "these words, in these days" of a GIN index without walking a range of times.
--
-- A GIN index cannot give its matches newest first: the search asks a window of time at a time, newest first, and
-- stops at the first window that holds as many hits as it wants (every other match is older). The window was a
-- range of received_at in the (words, received_at) index (btree_gin): a scan of one index entry per record of the
-- window, which made a window of 64,000 records cost 10-37 ms. Here every word is also indexed three times with the
-- period it was received in, in Tokyo days since 1970-01-01: `d20790|狭山` (that day), `w2598|狭山` (that block of
-- eight days, floor(day / 8)) and `m324|狭山` (that block of 64 days, floor(day / 64)). A window is then a few marked lexemes
-- (the newest two days, two blocks of eight, two of 64), each with a short posting list.
--
-- The function is immutable: extract(epoch FROM timestamptz) does not depend on the session's time zone.
CREATE FUNCTION consultation_marks(words TSVECTOR, received TIMESTAMPTZ) RETURNS TSVECTOR
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT array_to_tsvector(array(
        SELECT v.mark || l
          FROM unnest(tsvector_to_array(words)) l,
               (SELECT floor((extract(epoch FROM received) + 32400) / 86400)::int AS day) d,
               LATERAL (VALUES ('d' || d.day || '|'), ('w' || floor(d.day / 8.0)::int || '|'),
                                   ('m' || floor(d.day / 64.0)::int || '|')) v(mark)))
$$;

CREATE INDEX consultation_search_marks ON consultation_search USING gin (consultation_marks(words, received_at));

-- statistics of the marked lexemes for the planner (without them it guesses ten thousand matches a window)
ANALYZE consultation_search;
