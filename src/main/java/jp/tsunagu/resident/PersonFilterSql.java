package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;

/**
 * 人の絞り込み条件 (person filters) as SQL on the person table aliased {@code p}: 状態, 年齢 from and to,
 * 町丁目, and the 支援措置 rule that an address never finds a protected person for a viewer who may not
 * see their whereabouts. One place for the conditions that every list of persons narrows by (the
 * search's tiers, and the department list when it takes them up), each served by an index.
 */
public final class PersonFilterSql {

    private PersonFilterSql() {
    }

    /**
     * The condition that leaves out persons whose address is withheld, to be put beside any condition
     * on the address (empty when the viewer may see protected addresses). support_measure too: the
     * index sets address_protected with it, a row written otherwise may not.
     */
    public static String unprotected(PersonSearch.Filters filters) {
        return filters.protectedAddresses() ? "" : " AND NOT (p.address_protected OR p.support_measure)";
    }

    /**
     * The filters' conditions, each to be ANDed, their values added to {@code params}.
     *
     * @param today the day ages are counted on (Japan's)
     */
    public static List<String> conditions(PersonSearch.Filters filters, MapSqlParameterSource params, LocalDate today) {
        List<String> where = new ArrayList<>();
        if (filters.status() != null && !filters.status().isBlank()) {
            params.addValue("status", filters.status());
            where.add("p.status = :status");
        }
        if (filters.minAge() != null) {
            params.addValue("bornBefore", today.minusYears(filters.minAge()).plusDays(1));
            where.add("p.birth_date < :bornBefore");
        }
        if (filters.maxAge() != null) {
            params.addValue("bornAfter", today.minusYears(filters.maxAge() + 1L));
            where.add("p.birth_date > :bornAfter");
        }
        if (filters.town() != null && !filters.town().isBlank()) {
            // 町丁目 as the address grams have it: 3丁目 and 三丁目 are one
            params.addValue("town", GramCode.ofQuery(SearchGrams.query("a:", SearchGrams.addressKey(filters.town()))));
            where.add("p.grams @> :town::bigint[]" + unprotected(filters));
        }
        return where;
    }
}
