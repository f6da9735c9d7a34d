package jp.tsunagu.administration;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tsunagu.access.AccessGrants.DepartmentAccess;
import jp.tsunagu.access.AccessGrants.Grant;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.SourceDefinition;

/**
 * The grants matrix (閲覧範囲の一覧): departments down, sources across grouped by program (制度),
 * each cell the level the department has on the source, explicit or by default.
 */
record GrantMatrix(List<Program> programs, List<Row> rows) {

    /** The sources of one program, in the order of their IDs. */
    record Program(String name, List<Column> columns) {
    }

    /** One source, with the labels of its sensitive fields (要配慮項目). */
    record Column(SourceDefinition source, List<String> sensitiveFields) {

        static Column of(SourceDefinition source) {
            return new Column(source, GrantMatrix.sensitiveFields(source));
        }
    }

    record Row(DepartmentAccess department, List<Cell> cells) {
    }

    record Cell(Column column, EffectiveGrant grant) {
    }

    static GrantMatrix of(Collection<SourceDefinition> sources, List<DepartmentAccess> departments,
            List<Grant> grants) {
        Map<String, List<Column>> byProgram = new LinkedHashMap<>();
        for (SourceDefinition source : sources) {
            byProgram.computeIfAbsent(source.program(), p -> new ArrayList<>()).add(Column.of(source));
        }
        List<Program> programs = byProgram.entrySet().stream().map(e -> new Program(e.getKey(), e.getValue())).toList();
        List<Column> columns = programs.stream().flatMap(p -> p.columns().stream()).toList();
        Map<String, Grant> explicit = grants.stream()
                .collect(Collectors.toMap(g -> g.departmentId() + "\u0000" + g.sourceId(), Function.identity()));
        List<Row> rows = departments.stream().map(d -> new Row(d, columns.stream()
                .map(c -> new Cell(c, EffectiveGrant.of(d.department().id(), c.source().department().id(),
                        Optional.ofNullable(explicit.get(d.department().id() + "\u0000" + c.source().id())))))
                .toList())).toList();
        return new GrantMatrix(programs, rows);
    }

    static List<String> sensitiveFields(SourceDefinition source) {
        return source.fields().stream().filter(FieldDefinition::sensitive).map(FieldDefinition::label).toList();
    }
}
