-- 相談記録の検索索引 (the search rows' two GIN indexes): each record is written by a member of staff as it happens (a call, a note, a correction), a
-- few rows at a time. A GIN index with fastupdate (PostgreSQL's default) takes those rows into a pending list that
-- every search through the index reads to its end, until a vacuum or the writer that fills it past
-- gin_pending_list_limit (4 MB) moves it into the index: the searches of a busy office grow slower through the day,
-- and one save now and then waits for the whole list. Without fastupdate each write puts its words into the index
-- itself (a few more pages written per entry), and a search reads only the posting lists of its words.
ALTER INDEX consultation_search_words SET (fastupdate = off);
ALTER INDEX consultation_search_marks SET (fastupdate = off);

-- what is pending already goes into the indexes now (fastupdate = off leaves an existing list to the next vacuum)
SELECT gin_clean_pending_list('consultation_search_words'::regclass);
SELECT gin_clean_pending_list('consultation_search_marks'::regclass);
