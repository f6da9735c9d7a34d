-- 却下された値: the value a problem is about is kept apart from the reason. The import screen shows
-- the reason to every staff member and the value, often a name or an address in a shifted column,
-- only to administrators (masked until one asks, which is audited).
ALTER TABLE import_error ADD COLUMN rejected_value TEXT;

-- Problems recorded before this version end their message with ": value". Move the value out for
-- every reason that named one, so that those reports are shown by the same rule.
UPDATE import_error e
   SET message = m.parts[1], rejected_value = m.parts[2]
  FROM (SELECT run_id, seq, regexp_match(message,
               '^(日付として読めません|存在しない日付です|この項目では使えない日付の形式です（[^）]*）'
               || '|元号の番号が不明です（[^）]*）|明治6年1月1日より前の日付は旧暦のため扱えません'
               || '|宛名番号に数字以外の文字があります|宛名番号の桁数が多すぎます（[^）]*）'
               || '|宛名番号のチェックデジットが合いません|コード表にない値です|整数として読めません'
               || '|数値として読めません|レコードキーが重複しています \([^)]*\)): (.*)$') AS parts
          FROM import_error) m
 WHERE e.run_id = m.run_id AND e.seq = m.seq AND m.parts IS NOT NULL;
