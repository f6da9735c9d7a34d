package jp.tsunagu.importing;

/**
 * One valid row of a snapshot, normalised.
 *
 * @param line the line where the record starts
 * @param recordKey the record key (columns joined by U+001F)
 * @param keyHash a 64-bit hash of the record key
 * @param personKey the normalised person key
 * @param json the normalised values as a JSON object
 * @param json the normalised values as a JSON object, or null when the row was recognised as
 *     unchanged from its raw fields and not normalised
 * @param rowHash a 64-bit hash of the person key and the normalised values
 * @param rawHash a 64-bit hash of the raw fields and the source definition
 */
record ParsedRow(long line, String recordKey, long keyHash, String personKey, String json, long rowHash,
        long rawHash) {

    boolean unchangedByRawFields() {
        return json == null;
    }
}
