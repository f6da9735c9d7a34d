package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Lists of given persons from the person index (人の一覧): filtered by status, age and 町丁目, sorted and
 * paged — the department view's persons, chosen by another module (the programs they are in) and
 * handed over as keys. A 支援措置 person is never found, nor placed among neighbours, by the address,
 * unless the viewer's department may see protected addresses.
 */
@Service
public class PersonDirectory {

    /**
     * The filters and the order.
     *
     * @param sort {@code kana} (default), {@code birth} or {@code address}
     * @param seesProtected the viewer's department may see 支援措置 persons' addresses
     */
    public record Criteria(String status, Integer minAge, Integer maxAge, String town, String sort,
            boolean seesProtected) {
    }

    /** A person of the list, as stored (access rules are the caller's). */
    public record Entry(String personKey, String name, String kana, LocalDate birthDate, String address,
            String addressDetail, String status, boolean supportMeasure, boolean addressProtected) {
    }

    /**
     * Whom a list is of (一覧の対象): the persons the programs module says these sources involve now —
     * read in the same statement through programs' published SQL function {@code programs_involved}, so
     * that a program of a quarter of a large city is not shipped here as an array on every page — and,
     * when {@code keys} is given, only those of them.
     */
    public record Chosen(List<String> sources, String[] keys) {

        /** The persons these sources involve now. */
        public static Chosen involvedIn(List<String> sources) {
            return new Chosen(List.copyOf(sources), null);
        }

        /** These persons, as far as the sources involve them. */
        public Chosen only(String[] personKeys) {
            return new Chosen(sources, personKeys);
        }

        boolean none() {
            return sources.isEmpty() || keys != null && keys.length == 0;
        }
    }

    /** How many persons a list has, and whether any of them is a 支援措置 person (for the audit flag). */
    public record Tally(long count, boolean anyProtected) {
    }

    private final JdbcClient jdbc;

    PersonDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many of these persons the filters let through. */
    public long count(Chosen chosen, Criteria criteria) {
        if (chosen.none()) {
            return 0;
        }
        Where where = where(chosen, criteria);
        var query = jdbc.sql("SELECT count(*) FROM person p WHERE " + where.sql);
        where.bind(query);
        return query.query(Long.class).single();
    }

    /** {@link #count} and whether a 支援措置 person is among them, in one read. */
    public Tally tally(Chosen chosen, Criteria criteria) {
        if (chosen.none()) {
            return new Tally(0, false);
        }
        Where where = where(chosen, criteria);
        var query = jdbc.sql("SELECT count(*), coalesce(bool_or(p.address_protected OR p.support_measure), false)"
                + " FROM person p WHERE " + where.sql);
        where.bind(query);
        return query.query((rs, i) -> new Tally(rs.getLong(1), rs.getBoolean(2))).single();
    }

    /**
     * The keys of these persons that the filters let through, in the list's order (the order of
     * {@link #page}): an export then reads them {@link #entries a batch at a time}. Only keys are held
     * (a quarter of a large city is a few megabytes of them), and no cursor stays open while the caller
     * asks other modules about each batch.
     */
    public String[] orderedKeys(Chosen chosen, Criteria criteria) {
        if (chosen.none()) {
            return new String[0];
        }
        Where where = where(chosen, criteria);
        var query = jdbc.sql("SELECT p.person_key FROM person p WHERE %s ORDER BY %s".formatted(where.sql,
                order(criteria)));
        where.bind(query);
        return query.query(String.class).list().toArray(String[]::new);
    }

    /**
     * These persons as the list shows them, in the order of the keys given; a key no longer in the index
     * is left out.
     */
    public List<Entry> entries(String[] personKeys) {
        if (personKeys.length == 0) {
            return List.of();
        }
        Map<String, Entry> byKey = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT p.person_key, p.name, p.kana, p.birth_date, p.address, p.address_detail, p.status,
                       p.support_measure, p.address_protected OR p.support_measure
                  FROM person p WHERE p.person_key = ANY(:keys::text[])""").param("keys", personKeys)
                .query(rs -> {
                    Entry e = entry(rs);
                    byKey.put(e.personKey(), e);
                });
        List<Entry> ordered = new java.util.ArrayList<>(personKeys.length);
        for (String key : personKeys) {
            Entry e = byKey.get(key);
            if (e != null) {
                ordered.add(e);
            }
        }
        return ordered;
    }

    private static final String SELECT = """
            SELECT p.person_key, p.name, p.kana, p.birth_date, p.address, p.address_detail, p.status, p.support_measure,
                   p.address_protected OR p.support_measure
              FROM person p WHERE %s ORDER BY %s%s""";

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, LocalDate.class),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getBoolean(9));
    }

    /** One page of these persons, filtered and sorted; with {@code limit} ≤ 0 all of them. */
    public List<Entry> page(Chosen chosen, Criteria criteria, int limit, long offset) {
        if (chosen.none()) {
            return List.of();
        }
        Where where = where(chosen, criteria);
        var query = jdbc.sql(SELECT.formatted(where.sql, order(criteria),
                limit > 0 ? " LIMIT :limit OFFSET :offset" : ""));
        if (limit > 0) {
            query = query.param("limit", limit).param("offset", offset);
        }
        where.bind(query);
        return query.query((rs, i) -> entry(rs)).list();
    }

    private static String order(Criteria criteria) {
        return sortKey(criteria) + " NULLS LAST, p.person_key";
    }

    /**
     * The expression the list is sorted by, before the person key. The kana in the order of
     * person_by_kana (COLLATE "C": katakana in 五十音 order), so that a page of a large program is read
     * from the index, not sorted out of every person in it.
     */
    private static String sortKey(Criteria criteria) {
        return switch (criteria.sort() == null ? "" : criteria.sort()) {
            case "birth" -> "p.birth_date";
            case "address" -> criteria.seesProtected() ? "p.address_key"
                    : "(CASE WHEN p.address_protected OR p.support_measure THEN NULL ELSE p.address_key END)";
            default -> "p.kana_key COLLATE \"C\"";
        };
    }

    /**
     * Where a page starts in the list's order (ページ位置): after (or, {@code backward}, before) the row
     * with this sort key ({@code null} where the row has none) and person key.
     */
    public record Position(boolean backward, String sortKey, String personKey) {
    }

    /**
     * Rows with their sort keys (for the positions of the pages before and after them), in the list's
     * order.
     */
    public record Keyed(List<Entry> entries, List<String> sortKeys) {
    }

    /**
     * Up to {@code limit} of these persons after (or before) a position, filtered and sorted as
     * {@link #page}: a keyset read, so that a page stays the same while imports add or end persons
     * before it (an offset would shift by them).
     */
    public Keyed pageFrom(Chosen chosen, Criteria criteria, int limit, Position from) {
        if (chosen.none() || limit <= 0) {
            return new Keyed(List.of(), List.of());
        }
        Where where = where(chosen, criteria);
        String key = sortKey(criteria);
        // the bound is given as text and cast as the key is: a date for the birth order
        String boundText = "birth".equals(criteria.sort()) ? ":sortKey::date" : ":sortKey";
        String after;
        String order;
        if (from.backward()) {
            after = from.sortKey() == null
                    ? "(%1$s IS NOT NULL OR p.person_key < :personKey)".formatted(key)
                    : "(%1$s < %2$s OR %1$s = %2$s AND p.person_key < :personKey)".formatted(key, boundText);
            order = key + " DESC NULLS FIRST, p.person_key DESC";
        } else {
            after = from.sortKey() == null
                    ? "(%1$s IS NULL AND p.person_key > :personKey)".formatted(key)
                    : "(%1$s > %2$s OR %1$s = %2$s AND p.person_key > :personKey OR %1$s IS NULL)"
                            .formatted(key, boundText);
            order = order(criteria);
        }
        var query = jdbc.sql("""
                SELECT p.person_key, p.name, p.kana, p.birth_date, p.address, p.address_detail, p.status,
                       p.support_measure, p.address_protected OR p.support_measure, (%s)::text
                  FROM person p WHERE %s AND %s ORDER BY %s LIMIT :limit""".formatted(key, where.sql, after, order))
                .param("personKey", from.personKey()).param("limit", limit);
        if (from.sortKey() != null) {
            query = query.param("sortKey", from.sortKey());
        }
        where.bind(query);
        List<String> keys = new java.util.ArrayList<>();
        List<Entry> entries = new java.util.ArrayList<>(query.query((rs, i) -> {
            keys.add(rs.getString(10));
            return entry(rs);
        }).list());
        if (from.backward()) {
            java.util.Collections.reverse(entries);
            java.util.Collections.reverse(keys);
        }
        return new Keyed(entries, keys);
    }

    /** The sort keys of rows read by {@link #page}, as {@link #pageFrom} gives them. */
    public Keyed keyed(List<Entry> entries, Criteria criteria) {
        if (entries.isEmpty()) {
            return new Keyed(List.of(), List.of());
        }
        Map<String, String> keys = new java.util.HashMap<>();
        jdbc.sql("SELECT p.person_key, (%s)::text FROM person p WHERE p.person_key = ANY(:keys::text[])"
                .formatted(sortKey(criteria))).param("keys", entries.stream().map(Entry::personKey).toArray(String[]::new))
                .query(rs -> {
                    keys.put(rs.getString(1), rs.getString(2));
                });
        return new Keyed(entries, entries.stream().map(e -> keys.get(e.personKey())).toList());
    }

    private record Where(String sql, java.util.Map<String, Object> params) {

        void bind(JdbcClient.StatementSpec query) {
            params.forEach(query::param);
        }
    }

    /**
     * The filters as the search has them ({@link PersonFilterSql}): the 町丁目 through the address grams,
     * which key 丁目・番・号 in one notation (三丁目 = 3丁目), so the list finds whom the search finds.
     */
    private static Where where(Chosen chosen, Criteria c) {
        org.springframework.jdbc.core.namedparam.MapSqlParameterSource params =
                new org.springframework.jdbc.core.namedparam.MapSqlParameterSource();
        List<String> conditions = new java.util.ArrayList<>();
        // programs' published function, inlined by the planner: a semi-join with the involvement table
        conditions.add("p.person_key IN (SELECT i.person_key FROM programs_involved(:sources::text[]) i)");
        params.addValue("sources", chosen.sources().toArray(String[]::new));
        if (chosen.keys() != null) {
            conditions.add("p.person_key = ANY(:keys::text[])");
            params.addValue("keys", chosen.keys());
        }
        conditions.addAll(PersonFilterSql.conditions(
                new PersonSearch.Filters(c.status(), c.minAge(), c.maxAge(), c.town(), c.seesProtected()), params,
                LocalDate.now(TokyoTime.ZONE)));
        java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
        for (String name : params.getParameterNames()) {
            values.put(name, params.getValue(name));
        }
        return new Where(String.join(" AND ", conditions), values);
    }
}
