package jp.tsunagu.importing;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The type of a field of a source (項目の型). */
public enum FieldType {
    TEXT, INTEGER, DECIMAL, CODE, DATE;

    static FieldType fromName(String name) {
        for (FieldType type : values()) {
            if (type.name().equalsIgnoreCase(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("'" + name + "' は使えません ("
                + Arrays.stream(values()).map(t -> t.name().toLowerCase()).collect(Collectors.joining(", ")) + ")");
    }
}
