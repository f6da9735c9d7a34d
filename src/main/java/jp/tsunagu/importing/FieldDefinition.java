package jp.tsunagu.importing;

import java.util.Map;
import java.util.Set;
import jp.tsunagu.japanese.DateNotation;

/**
 * One field of a source (項目): where it is in the file, its label and type, and whether it is
 * sensitive.
 *
 * @param name the field's name in the hub
 * @param column the header name, or the 1-based position as text when the file has no header
 * @param label the label shown on screens
 * @param type the type
 * @param codes for {@link FieldType#CODE}: the code list with labels, in order
 * @param dateFormats for {@link FieldType#DATE}: the accepted notations
 * @param sensitive masked unless the viewer's department is granted it
 * @param required an empty value is an error
 * @param kind what the field tells about where the person can be found ({@code null}: nothing); such a
 *     field is withheld for a 支援措置 person from viewers without the permission
 */
public record FieldDefinition(String name, String column, String label, FieldType type, Map<String, String> codes,
        Set<DateNotation> dateFormats, boolean sensitive, boolean required, FieldKind kind) {

    /** A field without a kind (tests and older callers). */
    public FieldDefinition(String name, String column, String label, FieldType type, Map<String, String> codes,
            Set<DateNotation> dateFormats, boolean sensitive, boolean required) {
        this(name, column, label, type, codes, dateFormats, sensitive, required, null);
    }

    /** Whether this field tells where the person can be found (住所, 電話, 世帯 …): withheld for 支援措置 persons. */
    public boolean revealsWhereabouts() {
        return kind != null;
    }

    /** The label of a code value, or the value itself when it has none. */
    public String codeLabel(String code) {
        return codes == null ? code : codes.getOrDefault(code, code);
    }
}
