package jp.tsunagu.importing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Read access to imported records (取込レコードの参照) for the {@code programs} module: the only way into
 * importing's record tables from outside. Every method is one index-backed query.
 *
 * <p>Times are those of the run that made a snapshot current; "as of" means the end of a day: the run
 * current then is the last {@code APPLIED} or {@code UNCHANGED} run that became current before that
 * instant (a held run becomes current when it is confirmed, so {@code coalesce(decided_at, finished_at)}).
 * Run numbers of one source grow in the order the runs became current, because an apply refuses a
 * diff whose base run is no longer current.
 */
@Service
public class RecordReader {

    /**
     * One version of a record.
     *
     * @param importedAt when the snapshot it belongs to (the current one, or the one current on the day
     *     asked for) was imported; {@code null} while that run has no finish time
     */
    public record Version(String sourceId, String recordKey, String data, OffsetDateTime importedAt) {
    }

    /** One change of a person's records: when, which source, {@code A} added, {@code C} changed, {@code E} ended. */
    public record Change(String sourceId, char kind, OffsetDateTime at) {
    }

    /** One person's records in one source: how many, and when the oldest of them became current. */
    public record Holding(String sourceId, String personKey, int records, OffsetDateTime since) {
    }

    /** A current record's data for a person in a source. */
    public record Data(String personKey, String sourceId, String recordKey, String data) {
    }

    private final JdbcClient jdbc;

    RecordReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's current records, each source's with the time its current snapshot was imported. */
    public List<Version> current(String personKey) {
        return jdbc.sql("""
                SELECT r.source_id, r.record_key, r.data::text, run.finished_at
                  FROM source_record r
                  JOIN source s ON s.source_id = r.source_id
                  LEFT JOIN import_run run ON run.run_id = s.current_run
                 WHERE r.person_key = :k
                 ORDER BY r.source_id, r.record_key""").param("k", personKey)
                .query((rs, i) -> new Version(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /**
     * The person's records as they were at {@code end}, in one query: per source the run current then,
     * and the versions valid at that run, from the current records and the closed versions
     * ({@code valid_from_run <= R < valid_to_run}).
     */
    public List<Version> asOf(String personKey, Instant end) {
        return jdbc.sql("""
                WITH versions AS (
                    SELECT source_id, record_key, data, valid_from_run, NULL::bigint AS valid_to_run
                      FROM source_record WHERE person_key = :k
                    UNION ALL
                    SELECT source_id, record_key, data, valid_from_run, valid_to_run
                      FROM source_record_history WHERE person_key = :k),
                snapshot AS (
                    SELECT DISTINCT ON (source_id) source_id, run_id, finished_at
                      FROM import_run
                     WHERE source_id IN (SELECT source_id FROM versions)
                       AND status IN ('APPLIED', 'UNCHANGED') AND coalesce(decided_at, finished_at) < :end
                     ORDER BY source_id, coalesce(decided_at, finished_at) DESC, run_id DESC)
                SELECT v.source_id, v.record_key, v.data::text, s.finished_at
                  FROM versions v JOIN snapshot s ON s.source_id = v.source_id
                 WHERE v.valid_from_run <= s.run_id AND (v.valid_to_run IS NULL OR s.run_id < v.valid_to_run)
                 ORDER BY v.source_id, v.record_key""").param("k", personKey).param("end", utc(end))
                .query((rs, i) -> new Version(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /** The person's last {@code limit} changes, newest first; with {@code end}, only those before it. */
    public List<Change> changes(String personKey, Instant end, int limit) {
        var query = end == null ? jdbc.sql("""
                SELECT c.source_id, c.kind, r.finished_at FROM record_change c JOIN import_run r ON r.run_id = c.run_id
                 WHERE c.person_key = :k ORDER BY c.run_id DESC LIMIT :limit""")
                : jdbc.sql("""
                        SELECT c.source_id, c.kind, r.finished_at FROM record_change c JOIN import_run r ON r.run_id = c.run_id
                         WHERE c.person_key = :k AND coalesce(r.decided_at, r.finished_at) < :end
                         ORDER BY c.run_id DESC LIMIT :limit""").param("end", utc(end));
        return query.param("k", personKey).param("limit", limit)
                .query((rs, i) -> new Change(rs.getString(1), rs.getString(2).charAt(0),
                        rs.getObject(3, OffsetDateTime.class)))
                .list();
    }

    /** The sources that had no snapshot by {@code end} (never imported, or only later). */
    public List<String> sourcesWithoutSnapshot(Instant end) {
        return jdbc.sql("""
                SELECT s.source_id FROM source s
                 WHERE NOT EXISTS (SELECT 1 FROM import_run r WHERE r.source_id = s.source_id
                                      AND r.status IN ('APPLIED', 'UNCHANGED')
                                      AND coalesce(r.decided_at, r.finished_at) < :end)
                 ORDER BY s.source_id""").param("end", utc(end)).query(String.class).list();
    }

    /** The current records of these persons in these sources, by person, source and record key. */
    public List<Data> data(Collection<String> sourceIds, Collection<String> personKeys) {
        if (sourceIds.isEmpty() || personKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT person_key, source_id, record_key, data::text FROM source_record
                 WHERE source_id IN (:sources) AND person_key IN (:keys) ORDER BY person_key, source_id, record_key""")
                .param("sources", List.copyOf(sourceIds)).param("keys", List.copyOf(personKeys))
                .query((rs, i) -> new Data(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                .list();
    }

    /**
     * The persons with a current record in this source whose field has this code, or a date (ISO 8601 in
     * the record) from and to these days (either may be {@code null}), in person key order. For the
     * department list's filters by a program's own values (要介護度, 有効期間終了日).
     */
    public List<String> personsWhere(String sourceId, String field, String code, java.time.LocalDate from,
            java.time.LocalDate to) {
        StringBuilder sql = new StringBuilder(
                "SELECT DISTINCT person_key FROM source_record WHERE source_id = :source AND person_key IS NOT NULL");
        var params = new java.util.LinkedHashMap<String, Object>();
        params.put("source", sourceId);
        params.put("field", field);
        if (code != null) {
            sql.append(" AND data->>:field = :code");
            params.put("code", code);
        }
        if (from != null) {
            sql.append(" AND data->>:field >= :from");
            params.put("from", from.toString());
        }
        if (to != null) {
            sql.append(" AND data->>:field <= :to");
            params.put("to", to.toString());
        }
        var query = jdbc.sql(sql + " ORDER BY person_key");
        params.forEach(query::param);
        return query.query(String.class).list();
    }

    /** How many of these sources have a current snapshot. */
    public long importedSources(Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT count(*) FROM source WHERE source_id IN (:ids) AND current_run IS NOT NULL")
                .param("ids", List.copyOf(sourceIds)).query(Long.class).single();
    }

    /** The number of records in each source's current snapshot (sources never imported: 0). */
    public Map<String, Long> recordCounts(Collection<String> sourceIds) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (sourceIds.isEmpty()) {
            return counts;
        }
        jdbc.sql("SELECT source_id, record_count FROM source WHERE source_id IN (:ids)")
                .param("ids", List.copyOf(sourceIds)).query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /** The record keys of a source's current records of these persons, by person key and record key. */
    public List<Data> recordKeys(String sourceId, Collection<String> personKeys) {
        if (personKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT person_key, record_key FROM source_record
                 WHERE source_id = :s AND person_key IN (:keys) ORDER BY person_key, record_key""")
                .param("s", sourceId).param("keys", List.copyOf(personKeys))
                .query((rs, i) -> new Data(rs.getString(1), sourceId, rs.getString(2), null)).list();
    }

    /** Whether any source has a current record (an index that is empty then has to be built). */
    public boolean anyRecords() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM source_record)").query(Boolean.class).single();
    }

    /**
     * Streams every person's holding in every source's current snapshot, by source and person key (to
     * build an index from scratch).
     */
    @Transactional(readOnly = true)
    public void forEachHolding(Consumer<Holding> consumer) {
        jdbc.sql("""
                SELECT r.source_id, r.person_key, count(*), min(run.finished_at)
                  FROM source_record r LEFT JOIN import_run run ON run.run_id = r.valid_from_run
                 GROUP BY r.source_id, r.person_key ORDER BY r.source_id, r.person_key""")
                .withFetchSize(5_000)
                .query(rs -> {
                    consumer.accept(new Holding(rs.getString(1), rs.getString(2), rs.getInt(3),
                            rs.getObject(4, OffsetDateTime.class)));
                });
    }

    /**
     * A person who held records in a source and holds none now (a past involvement): since the run that
     * brought their first record, until the run that ended their last.
     */
    public record Ended(String sourceId, String personKey, OffsetDateTime since, OffsetDateTime until) {
    }

    /** Past involvements from the history (persons with no current record there), filtered by the {@code %s}. */
    private static final String ENDED = """
            SELECT g.source_id, g.person_key, coalesce(f.decided_at, f.finished_at), coalesce(t.decided_at, t.finished_at)
              FROM (SELECT h.source_id, h.person_key, min(h.valid_from_run) AS first_run, max(h.valid_to_run) AS last_run
                      FROM source_record_history h
                     WHERE %s
                       AND NOT EXISTS (SELECT 1 FROM source_record r
                                        WHERE r.source_id = h.source_id AND r.person_key = h.person_key)
                     GROUP BY h.source_id, h.person_key) g
              LEFT JOIN import_run f ON f.run_id = g.first_run
              LEFT JOIN import_run t ON t.run_id = g.last_run""";

    /**
     * Streams every past involvement kept in the records' history, by source and person key (to build
     * an index from scratch without losing who was once in a program and until when).
     */
    @Transactional(readOnly = true)
    public void forEachEnded(Consumer<Ended> consumer) {
        jdbc.sql(ENDED.formatted("TRUE") + " ORDER BY g.source_id, g.person_key")
                .withFetchSize(5_000)
                .query(rs -> {
                    consumer.accept(new Ended(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                            rs.getObject(4, OffsetDateTime.class)));
                });
    }

    /**
     * The past involvements of these persons in one source: those who held records there once and hold
     * none now, since the run that brought their first record, until the run that ended their last
     * (persons who hold a record now, or never held one, are absent).
     */
    public List<Ended> ended(String sourceId, List<String> personKeys) {
        if (personKeys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(ENDED.formatted("h.source_id = :s AND h.person_key = ANY(:keys)"))
                .param("s", sourceId).param("keys", personKeys.toArray(String[]::new))
                .query((rs, n) -> new Ended(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class),
                        rs.getObject(4, OffsetDateTime.class)))
                .list();
    }

    /**
     * The persons whose records an applied run touched — added, changed (under the old and the new
     * person key) or ended; for a source's first snapshot, every person in it.
     */
    @Transactional(readOnly = true)
    public List<String> personsTouchedBy(long runId) {
        boolean baseline = jdbc.sql("""
                SELECT base_run IS NULL OR NOT EXISTS (SELECT 1 FROM record_change WHERE run_id = :r)
                  FROM import_run WHERE run_id = :r""").param("r", runId).query(Boolean.class).single();
        String sql = baseline
                ? """
                  SELECT DISTINCT r.person_key
                    FROM source_record r JOIN import_run i ON i.source_id = r.source_id
                   WHERE i.run_id = :r AND r.valid_from_run = :r"""
                : """
                  SELECT c.person_key FROM record_change c WHERE c.run_id = :r
                  UNION
                  SELECT h.person_key FROM record_change c
                    JOIN source_record_history h
                      ON h.source_id = c.source_id AND h.key_hash = c.key_hash AND h.valid_to_run = c.run_id
                   WHERE c.run_id = :r""";
        return jdbc.sql(sql).param("r", runId).withFetchSize(5_000).query(String.class).list();
    }

    /**
     * The current holdings of these persons in one source (persons without a record there are absent).
     * The keys go as one array parameter, whatever their number.
     */
    public List<Holding> holdings(String sourceId, List<String> personKeys) {
        if (personKeys.isEmpty()) {
            return List.of();
        }
        List<Holding> holdings = new ArrayList<>();
        jdbc.sql("""
                SELECT r.person_key, count(*), min(run.finished_at)
                  FROM source_record r LEFT JOIN import_run run ON run.run_id = r.valid_from_run
                 WHERE r.source_id = :s AND r.person_key = ANY(:keys)
                 GROUP BY r.person_key""").param("s", sourceId).param("keys", personKeys.toArray(String[]::new))
                .query(rs -> {
                    holdings.add(new Holding(sourceId, rs.getString(1), rs.getInt(2),
                            rs.getObject(3, OffsetDateTime.class)));
                });
        return holdings;
    }

    /** Each imported source's current run. */
    public Map<String, Long> currentRuns() {
        Map<String, Long> runs = new LinkedHashMap<>();
        jdbc.sql("SELECT source_id, current_run FROM source WHERE current_run IS NOT NULL ORDER BY source_id")
                .query(rs -> {
                    runs.put(rs.getString(1), rs.getLong(2));
                });
        return runs;
    }

    /** When a run finished, {@code null} if it has not. */
    public OffsetDateTime finishedAt(long runId) {
        return jdbc.sql("SELECT coalesce(decided_at, finished_at) FROM import_run WHERE run_id = :r").param("r", runId)
                .query((rs, i) -> rs.getObject(1, OffsetDateTime.class)).optional().orElse(null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
