package jp.tsunagu.programs;

import java.time.OffsetDateTime;

/**
 * One version of one program record of a person (制度のレコード), as the source's definition describes
 * its values.
 *
 * @param data the values as JSON, by field name (dates ISO, codes as the code)
 * @param importedAt when the snapshot this version belongs to was imported
 */
public record ProgramRecord(String sourceId, String recordKey, String data, OffsetDateTime importedAt) {
}
