package jp.tsunagu.programs;

import java.util.List;
import java.util.Map;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.SourceDefinition;

/**
 * A source as the programs module describes it to other modules (制度の連携元): its names, the owning
 * department and its contact, and the fields of its records — what a screen needs to show a record,
 * without the intake details of the source definition.
 *
 * @param master a master source (住民記録, 住登外) feeds the person index; it is no program card
 * @param staleAfterDays the age after which the source's snapshot is flagged stale
 */
public record ProgramSource(String id, String name, String program, Department department, int staleAfterDays,
        boolean master, List<Field> fields) {

    /** The owning department (所管課) and whom to call (連絡先). */
    public record Department(String id, String name, String contact) {
    }

    /** The type of a field's values (項目の型): how a value is read and shown. */
    public enum Type {
        TEXT, INTEGER, DECIMAL, CODE, DATE
    }

    /**
     * One field of the source's records (項目).
     *
     * @param sensitive masked unless the viewer's department is granted the sensitive fields
     * @param revealsWhereabouts tells where the person can be found (住所, 電話 …): withheld for 支援措置 persons
     */
    public record Field(String name, String label, Type type, Map<String, String> codes, boolean sensitive,
            boolean revealsWhereabouts) {

        /** The label of a code value, or the value itself when it has none. */
        public String codeLabel(String code) {
            return codes == null ? code : codes.getOrDefault(code, code);
        }
    }

    static ProgramSource of(SourceDefinition s) {
        return new ProgramSource(s.id(), s.name(), s.program(),
                new Department(s.department().id(), s.department().name(), s.department().contact()),
                s.staleAfterDays(), s.role().isMaster(), s.fields().stream().map(ProgramSource::field).toList());
    }

    private static Field field(FieldDefinition f) {
        return new Field(f.name(), f.label(), Type.valueOf(f.type().name()), f.codes(), f.sensitive(),
                f.revealsWhereabouts());
    }
}
