package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * The one search box (人の検索): finds persons by key, birth date in any notation, birth year, kana or
 * kanji name (variants folded) and address fragment, in any combination; ranked exact, then
 * prefix, then fragment, then near reading. Previous names are searched too.
 *
 * <p>Every condition is served by an index: a {@code COLLATE "C"} B-tree range for prefixes and a
 * GIN index of 1- and 2-character grams for fragments.
 */
@Service
public class PersonSearch {

    /** Filters beside the query. */
    public record Filters(String status, Integer minAge, Integer maxAge, String town) {
        public static final Filters NONE = new Filters(null, null, null, null);
    }

    /** One hit, before access rules are applied. */
    public record Hit(String personKey, String name, String kana, LocalDate birthDate, String sex, String address,
            String addressDetail, String householdKey, String relation, String status, boolean supportMeasure,
            int rank) {
    }

    /** How many matches beyond the exact and prefix ones are ranked at most. */
    static final int WIDE = 200;

    private final NamedParameterJdbcTemplate jdbc;

    private final org.springframework.transaction.support.TransactionTemplate transactions;

    PersonSearch(NamedParameterJdbcTemplate jdbc, org.springframework.transaction.PlatformTransactionManager manager) {
        this.jdbc = jdbc;
        this.transactions = new org.springframework.transaction.support.TransactionTemplate(manager);
        this.transactions.setReadOnly(true);
    }

    public List<Hit> search(String text, Filters filters, int limit) {
        Statement statement = statement(text, filters, limit);
        if (statement == null) {
            return List.of();
        }
        // a LIMIT without ORDER BY tempts the planner into a sequential scan that hopes to find matches
        // early; a search must never read the whole person table, so that plan is ruled out
        return transactions.execute(tx -> {
            jdbc.getJdbcTemplate().execute("SET LOCAL enable_seqscan = off");
            return jdbc.query(statement.sql(), statement.params(), (rs, n) -> new Hit(rs.getString(1),
                    rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class), rs.getString(5),
                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                    rs.getBoolean(11), rs.getInt(12)));
        });
    }

    /** The SQL and parameters of a search (for the plan checks of the tests and the benchmark). */
    record Statement(String sql, MapSqlParameterSource params) {
    }

    Statement statement(String text, Filters filters, int limit) {
        SearchQuery query = SearchQuery.parse(text);
        if (query.terms().isEmpty()) {
            return null;
        }
        MapSqlParameterSource params = new MapSqlParameterSource();
        List<String> where = new ArrayList<>();
        List<String> rank = new ArrayList<>();
        int i = 0;
        String[] primary = null;
        for (SearchQuery.Term term : query.terms()) {
            i++;
            String p = "t" + i;
            if (term instanceof SearchQuery.Key k) {
                    params.addValue(p, k.personKey());
                    if (k.orDate() != null) {
                        params.addValue(p + "d", k.orDate());
                        where.add("(p.person_key = :" + p + " OR p.birth_date = :" + p + "d)");
                    } else {
                        where.add("p.person_key = :" + p);
                    }
                    rank.add("0");
            } else if (term instanceof SearchQuery.BirthDate d) {
                    params.addValue(p, d.date());
                    where.add("p.birth_date = :" + p);
                    rank.add("0");
            } else if (term instanceof SearchQuery.BirthYear y) {
                    params.addValue(p + "a", LocalDate.of(y.year(), 1, 1));
                    params.addValue(p + "b", LocalDate.of(y.year() + 1, 1, 1));
                    where.add("(p.birth_date >= :" + p + "a AND p.birth_date < :" + p + "b)");
                    rank.add("0");
            } else if (term instanceof SearchQuery.Kana k) {
                    params.addValue(p + "a", k.key());
                    params.addValue(p + "b", k.key() + '\uFFFF');
                    params.addValue(p + "la", k.loose());
                    params.addValue(p + "lb", k.loose() + '\uFFFF');
                    String prefix = range("p.kana_key", p + "a", p + "b");
                    if (primary == null) {
                        primary = new String[] {prefix, "p.kana_key"};
                    }
                    String loose = range("p.kana_loose", p + "la", p + "lb");
                    String history = "p.person_key = ANY(ARRAY(SELECT h.person_key FROM person_history h WHERE "
                            + range("h.kana_key", p + "a", p + "b") + "))";
                    StringBuilder or = new StringBuilder("(").append(prefix).append(" OR ").append(loose)
                            .append(" OR ").append(history);
                    String fragment = "false";
                    if (k.key().codePointCount(0, k.key().length()) >= 2) {
                        params.addValue(p + "g", SearchGrams.query("k:", k.key()));
                        fragment = "p.grams @> :" + p + "g::text[]";
                        or.append(" OR ").append(fragment);
                    }
                    where.add(or.append(')').toString());
                    rank.add("CASE WHEN p.kana_key = :" + p + "a THEN 0 WHEN " + prefix + " THEN 1 WHEN " + fragment
                            + " THEN 2 ELSE 3 END");
            } else if (term instanceof SearchQuery.Kanji k) {
                    params.addValue(p + "a", k.key());
                    params.addValue(p + "b", k.key() + '\uFFFF');
                    params.addValue(p + "n", SearchGrams.query("n:", k.key()));
                    params.addValue(p + "r", SearchGrams.query("a:", k.key()));
                    String prefix = range("p.name_key", p + "a", p + "b");
                    if (primary == null) {
                        primary = new String[] {prefix, "p.name_key"};
                    }
                    String name = "p.grams @> :" + p + "n::text[]";
                    String address = "p.grams @> :" + p + "r::text[]";
                    String history = "p.person_key = ANY(ARRAY(SELECT h.person_key FROM person_history h WHERE "
                            + range("h.name_key", p + "a", p + "b") + "))";
                    where.add("(" + prefix + " OR " + name + " OR " + address + " OR " + history + ")");
                    rank.add("CASE WHEN p.name_key = :" + p + "a THEN 0 WHEN " + prefix + " THEN 1 WHEN " + name
                            + " THEN 2 ELSE 3 END");
            }
        }
        if (filters.status() != null && !filters.status().isBlank()) {
            params.addValue("status", filters.status());
            where.add("p.status = :status");
        }
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Tokyo"));
        if (filters.minAge() != null) {
            params.addValue("bornBefore", today.minusYears(filters.minAge()).plusDays(1));
            where.add("p.birth_date < :bornBefore");
        }
        if (filters.maxAge() != null) {
            params.addValue("bornAfter", today.minusYears(filters.maxAge() + 1L));
            where.add("p.birth_date > :bornAfter");
        }
        if (filters.town() != null && !filters.town().isBlank()) {
            params.addValue("town", SearchGrams.query("a:", jp.tsunagu.japanese.KanjiText.fold(filters.town())));
            where.add("p.grams @> :town::text[]");
        }
        params.addValue("limit", limit);
        params.addValue("wide", WIDE);
        String columns = "p.person_key, p.name, p.kana, p.birth_date, p.sex, p.address, p.address_detail, "
                + "p.household_key, p.relation, p.status, p.support_measure, p.kana_key";
        String rankExpression = String.join(" + ", rank);
        String conditions = String.join(" AND ", where);
        // Never fetch and sort every match: exact and prefix matches of the first name term come in
        // index order, up to the limit; any other matches (fragments, near readings) are taken up
        // to WIDE without order. Ranking then orders these candidates only.
        StringBuilder candidates = new StringBuilder();
        if (primary != null) {
            candidates.append("(SELECT ").append(columns).append(", (").append(rankExpression).append(") AS rank")
                    .append(" FROM person p WHERE ").append(conditions).append(" AND ").append(primary[0])
                    .append(" ORDER BY ").append(primary[1]).append(" COLLATE \"C\" LIMIT :limit) UNION ALL ");
        }
        candidates.append("(SELECT ").append(columns).append(", (").append(rankExpression).append(") AS rank")
                .append(" FROM person p WHERE ").append(conditions).append(" LIMIT :wide)");
        String sql = """
                SELECT person_key, name, kana, birth_date, sex, address, address_detail, household_key, relation,
                       status, support_measure, rank
                  FROM (SELECT DISTINCT ON (c.person_key) c.* FROM (%s) c ORDER BY c.person_key, c.rank) r
                 ORDER BY rank, kana_key, person_key
                 LIMIT :limit""".formatted(candidates);
        return new Statement(sql, params);
    }

    /** The programs (source names) each person is in, for badges. */
    public Map<String, List<String>> sourcesOf(List<String> personKeys) {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        if (personKeys.isEmpty()) {
            return sources;
        }
        jdbc.query("""
                SELECT DISTINCT r.person_key, r.source_id FROM source_record r
                 WHERE r.person_key IN (:keys) ORDER BY r.person_key, r.source_id""",
                new MapSqlParameterSource("keys", personKeys),
                rs -> {
                    sources.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return sources;
    }

    private static String range(String column, String from, String to) {
        return "(" + column + " COLLATE \"C\" >= :" + from + " AND " + column + " COLLATE \"C\" < :" + to + ")";
    }
}
