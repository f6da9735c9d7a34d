package jp.tsunagu.resident;

import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * A search statement's parameters (検索文の引数), which know which of their values are arrays for the gram index: the
 * statement is made with the grams as texts (the combinations and the statistics' shares are worked out on them),
 * and {@link #coded()} gives each such array as the numbers the index holds ({@link GramCode}).
 */
final class SearchParams extends MapSqlParameterSource {

    private final Set<String> grams = new HashSet<>();

    /** Adds an array of grams and gives the condition that a person's grams hold every one of them. */
    String grams(String name, String[] value) {
        addValue(name, value);
        grams.add(name);
        return held(name);
    }

    /** The condition that a person's grams hold every gram of the array added as {@code name} by {@link #grams}. */
    String held(String name) {
        if (!grams.contains(name)) {
            throw new IllegalArgumentException("not an array of grams: " + name);
        }
        return "p.grams @> :" + name + "::bigint[]";
    }

    /** The parameters with each array of grams as numbers; the other values as they are. */
    MapSqlParameterSource coded() {
        MapSqlParameterSource coded = new MapSqlParameterSource();
        for (String name : getParameterNames()) {
            Object value = getValue(name);
            coded.addValue(name, grams.contains(name) ? GramCode.ofQuery((String[]) value) : value);
        }
        return coded;
    }
}
