package jp.tsunagu.importing;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import jp.tsunagu.japanese.PersonKeys;

/**
 * A source (連携元): one departmental system's CSV export, as described by its YAML file.
 *
 * @param id the source id (the file name without {@code .yml})
 * @param name the name shown on screens
 * @param program the program (制度) it feeds
 * @param department the owning department and its contact
 * @param charset the encoding of its files
 * @param delimiter the field separator
 * @param header whether the first row names the columns
 * @param personKey where the person key (宛名番号) is and how it is normalised
 * @param recordKey the columns that identify a record
 * @param fields the fields
 * @param invalidRows what to do with rows with invalid values
 * @param maxSkippedRows how many invalid rows may be skipped
 * @param holdShare the share of current records a snapshot may end before it is held
 * @param staleAfterDays the age after which the source is flagged stale
 * @param role program, resident registry or non-resident master
 * @param master for masters: the person attributes mapped to field names
 * @param encodingMismatch what to do with a file declared Shift_JIS whose bytes are UTF-8, or
 *     {@code null} to follow {@code tsunagu.importing.encoding-mismatch}
 */
public record SourceDefinition(String id, String name, String program, Department department, Charset charset,
        char delimiter, boolean header, PersonKeyColumn personKey, List<String> recordKey,
        List<FieldDefinition> fields, InvalidRows invalidRows, int maxSkippedRows, double holdShare,
        int staleAfterDays, SourceRole role, Map<String, String> master, EncodingMismatch encodingMismatch) {

    /** The owning department (所管課) and whom to call (連絡先). */
    public record Department(String id, String name, String contact) {
    }

    /** The person-key column and its normalisation. */
    public record PersonKeyColumn(String column, PersonKeys.Normalisation normalisation, int digits,
            boolean checkDigit) {
    }

    /**
     * What to do with a file declared in the Shift_JIS family whose bytes are UTF-8 (文字コードの食い違い),
     * which would be stored as mojibake: report it and import it, or reject the file.
     */
    public enum EncodingMismatch {
        WARN, REJECT
    }

    /** What to do with a row whose values are invalid. */
    public enum InvalidRows {
        REJECT, SKIP
    }

    /**
     * The fields whose header or label looks like an address, a phone number, a school or a
     * workplace ({@link FieldKind#HINTS}) but that carry no {@code kind}: their values would be shown
     * for a 支援措置 person. Reported at start.
     */
    public List<FieldDefinition> unmarkedWhereabouts() {
        return fields.stream().filter(f -> f.kind() == null)
                .filter(f -> FieldKind.looksLike(f.column()) || FieldKind.looksLike(f.label())).toList();
    }

    public FieldDefinition field(String name) {
        return fields.stream().filter(f -> f.name().equals(name)).findFirst().orElse(null);
    }
}
