-- What a problem is about (FILE, ROW, VALUE), so that nothing needs to match message text.
-- Rows written before this column stay NULL: their kind was never recorded.
ALTER TABLE import_error ADD COLUMN kind TEXT;
