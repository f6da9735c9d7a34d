-- 丁目・番・号 in any notation: the folded address as a block key (狭山台三丁目17番27号 → 狭山台3-17-27,
-- japanese.AddressText), which the address tiers of the search and the 町丁目 filter compare with the
-- searched text keyed the same way. address_key keeps the folded address as written (the department
-- list reads it). Migration 5.5.1 fills the column for persons indexed before; 5.5.2 moves the 町丁目
-- index onto it once it is filled.
ALTER TABLE person ADD COLUMN address_search TEXT;
