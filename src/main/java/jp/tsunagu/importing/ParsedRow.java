package jp.tsunagu.importing;

/**
 * One valid row of a snapshot, normalised.
 *
 * @param line the line where the record starts
 * @param recordKey the record key (columns joined by U+001F)
 * @param keyHash a 64-bit hash of the record key
 * @param personKey the normalised person key
 * @param json the normalised values as a JSON object
 * @param rowHash a 64-bit hash of the person key and the values
 */
record ParsedRow(long line, String recordKey, long keyHash, String personKey, String json, long rowHash) {
}
