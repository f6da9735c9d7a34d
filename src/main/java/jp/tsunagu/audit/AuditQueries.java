package jp.tsunagu.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the audit trail for auditors (記録の検索): pages of matching entries, newest first, and the
 * whole match streamed for an export.
 *
 * <p>Pages are found by sequence number rather than by offset ({@code before}/{@code after} a row):
 * the trail only grows, and an offset would have PostgreSQL walk every skipped row, and the pages
 * shift as entries arrive. For the same reason the count shown is capped at {@link #COUNT_CAP}.
 */
@Component
class AuditQueries {

    static final int PAGE_SIZE = 50;
    static final int COUNT_CAP = 10_000;

    private static final String COLUMNS = "seq, at, actor, action, person_key, detail, flagged";
    private static final TypeReference<TreeMap<String, String>> DETAIL = new TypeReference<>() {
    };

    /** One page of entries, newest first, with whether there are newer or older ones beside it. */
    record Page(List<AuditEntry> entries, long matched, boolean matchedCapped, boolean hasNewer, boolean hasOlder) {

        public boolean isEmpty() {
            return entries.isEmpty();
        }

        public long newestSeq() {
            return entries.get(0).seq();
        }

        public long oldestSeq() {
            return entries.get(entries.size() - 1).seq();
        }
    }

    /** How many entries an export will write, and the last sequence number it covers. */
    record Extent(long rows, long upTo) {
    }

    /** Receives the rows of an export one by one. */
    @FunctionalInterface
    interface RowHandler {
        void accept(AuditEntry entry) throws java.io.IOException;
    }

    private final DataSource dataSource;
    private final JdbcClient jdbc;

    AuditQueries(DataSource dataSource, JdbcClient jdbc) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    /**
     * A page of entries matching the query.
     *
     * @param before only entries older than this sequence number (the next page), or {@code null}
     * @param after only entries newer than this sequence number (the previous page), or {@code null}
     */
    Page page(AuditQuery query, Long before, Long after) {
        Where where = Where.of(query);
        List<AuditEntry> entries;
        if (after != null && before == null) {
            entries = new ArrayList<>(select(where.and("seq > ?", after), "ORDER BY seq ASC", PAGE_SIZE));
            Collections.reverse(entries);
        } else {
            entries = select(before == null ? where : where.and("seq < ?", before), "ORDER BY seq DESC", PAGE_SIZE);
        }
        long matched = count(where, COUNT_CAP + 1);
        if (entries.isEmpty()) {
            return new Page(entries, Math.min(matched, COUNT_CAP), matched > COUNT_CAP, false, false);
        }
        boolean hasNewer = exists(where.and("seq > ?", entries.get(0).seq()));
        boolean hasOlder = exists(where.and("seq < ?", entries.get(entries.size() - 1).seq()));
        return new Page(entries, Math.min(matched, COUNT_CAP), matched > COUNT_CAP, hasNewer, hasOlder);
    }

    /** The latest flagged entries (支援措置, 緊急閲覧): what an auditor looks at first. */
    List<AuditEntry> latestFlagged(int limit) {
        return select(Where.of(AuditQuery.ALL).and("flagged"), "ORDER BY seq DESC", limit);
    }

    /** The latest entries of one action, newest first. */
    List<AuditEntry> latest(AuditAction action, int limit) {
        return select(Where.of(AuditQuery.ALL).and("action = ?", action.name()), "ORDER BY seq DESC", limit);
    }

    /** One entry, if that row exists. */
    Optional<AuditEntry> entry(long seq) {
        return select(new Where("seq = ?", List.of(seq)), "", 1).stream().findFirst();
    }

    /** What an export of the query would write now; later entries are not part of it. */
    Extent extent(AuditQuery query) {
        Where where = Where.of(query);
        return jdbc.sql("SELECT count(*), coalesce(max(seq), 0) FROM audit_event WHERE " + where.sql)
                .params(where.args).query((rs, n) -> new Extent(rs.getLong(1), rs.getLong(2))).single();
    }

    /**
     * Streams the entries of an export, oldest first, up to and including {@code upTo}, without holding
     * them all in memory: PostgreSQL sends them in batches through a cursor.
     */
    void stream(AuditQuery query, long upTo, RowHandler handler) throws java.io.IOException {
        Where where = Where.of(query).and("seq <= ?", upTo);
        try (Connection c = dataSource.getConnection()) {
            // the driver uses a cursor, rather than reading the whole result, only inside a transaction
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit_event WHERE " + where.sql + " ORDER BY seq")) {
                ps.setFetchSize(1_000);
                for (int i = 0; i < where.args.size(); i++) {
                    ps.setObject(i + 1, where.args.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        handler.accept(entry(rs, 0));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("アクセス記録を読めません: " + e.getMessage(), e);
        }
    }

    private List<AuditEntry> select(Where where, String order, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_event WHERE " + where.sql + " " + order + " LIMIT " + limit)
                .params(where.args).query(AuditQueries::entry).list();
    }

    private long count(Where where, int cap) {
        return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM audit_event WHERE " + where.sql + " LIMIT " + cap + ") m")
                .params(where.args).query(Long.class).single();
    }

    private boolean exists(Where where) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM audit_event WHERE " + where.sql + ")").params(where.args)
                .query(Boolean.class).single();
    }

    private static AuditEntry entry(ResultSet rs, int row) throws SQLException {
        Map<String, String> detail = JsonMapper.shared().readValue(rs.getString("detail"), DETAIL);
        return new AuditEntry(rs.getLong("seq"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getString("action"), rs.getString("person_key"), detail,
                rs.getBoolean("flagged"));
    }

    /** A WHERE clause with positional parameters; values are always bound, never spliced into the SQL. */
    private record Where(String sql, List<Object> args) {

        static Where of(AuditQuery q) {
            Where w = new Where("TRUE", List.of());
            if (q.personKey() != null) {
                w = w.and("person_key = ?", q.personKey());
            }
            if (q.actor() != null) {
                w = w.and("actor = ?", q.actor());
            }
            if (q.action() != null) {
                w = w.and("action = ?", q.action().name());
            }
            if (q.fromInstant() != null) {
                w = w.and("at >= ?", q.fromInstant());
            }
            if (q.toInstantExclusive() != null) {
                w = w.and("at < ?", q.toInstantExclusive());
            }
            if (q.flaggedOnly()) {
                w = w.and("flagged");
            }
            return w;
        }

        Where and(String condition) {
            return new Where(sql + " AND " + condition, args);
        }

        Where and(String condition, Object arg) {
            List<Object> args = new ArrayList<>(this.args);
            args.add(arg);
            return new Where(sql + " AND " + condition, args);
        }
    }
}
