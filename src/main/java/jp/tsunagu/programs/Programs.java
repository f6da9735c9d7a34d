package jp.tsunagu.programs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import jp.tsunagu.importing.RecordReader;
import jp.tsunagu.importing.SourceCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The programs module's API (制度): what the hub knows about persons' program records. Records, their
 * versions and their changes come from importing (through {@link RecordReader}); who is involved in
 * which program comes from this module's own involvement table, kept current after every import.
 * Access rules are the caller's: these answers are what is stored, for the caller to show or withhold.
 */
@Service
public class Programs {

    /** One person's involvement in one source, for a list of persons. */
    public record Involved(String sourceId, String personKey, int records) {
    }

    private final RecordReader records;
    private final SourceCatalog catalog;
    private final JdbcClient jdbc;

    Programs(RecordReader records, SourceCatalog catalog, JdbcClient jdbc) {
        this.records = records;
        this.catalog = catalog;
        this.jdbc = jdbc;
    }

    /** The source with this id, program or master. */
    public Optional<ProgramSource> source(String sourceId) {
        return catalog.find(sourceId).map(ProgramSource::of);
    }

    /** The program sources (masters left out), in catalog order. */
    public List<ProgramSource> programSources() {
        return catalog.all().stream().filter(s -> !s.role().isMaster()).map(ProgramSource::of).toList();
    }

    /** The person's current records, per source (in source id order), each with its snapshot's import time. */
    public Map<String, List<ProgramRecord>> records(String personKey) {
        return bySource(records.current(personKey));
    }

    /**
     * The person's records as they were at {@code end} (the end of a day, as of which a past view is
     * shown): per source the versions valid in the snapshot that was current then.
     */
    public Map<String, List<ProgramRecord>> recordsAsOf(String personKey, Instant end) {
        return bySource(records.asOf(personKey, end));
    }

    /** The person's last {@code limit} changes, newest first; with {@code end}, only those before it. */
    public List<TimelineEntry> timeline(String personKey, Instant end, int limit) {
        return records.changes(personKey, end, limit).stream()
                .map(c -> new TimelineEntry(c.sourceId(), c.kind(), c.at())).toList();
    }

    /** The sources that had no snapshot by {@code end}. */
    public List<String> sourcesWithoutSnapshot(Instant end) {
        return records.sourcesWithoutSnapshot(end);
    }

    /** The person's involvements, active and ended, by source. */
    public List<Involvement> involvements(String personKey) {
        return jdbc.sql("""
                SELECT source_id, records, since, until FROM involvement WHERE person_key = :k ORDER BY source_id""")
                .param("k", personKey)
                .query((rs, i) -> new Involvement(rs.getString(1), rs.getInt(2),
                        rs.getObject(3, java.time.OffsetDateTime.class), rs.getObject(4, java.time.OffsetDateTime.class)))
                .list();
    }

    /**
     * The involvements, active and ended, of many persons in one query (for the procedure checklists'
     * conditions over a whole import's life events), by person key; persons in none are absent.
     */
    public Map<String, List<Involvement>> involvements(Collection<String> personKeys) {
        Map<String, List<Involvement>> all = new LinkedHashMap<>();
        if (personKeys.isEmpty()) {
            return all;
        }
        jdbc.sql("""
                SELECT person_key, source_id, records, since, until FROM involvement
                 WHERE person_key = ANY(:keys::text[]) ORDER BY person_key, source_id""")
                .param("keys", personKeys.toArray(String[]::new))
                .query(rs -> {
                    all.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Involvement(rs.getString(2),
                            rs.getInt(3), rs.getObject(4, java.time.OffsetDateTime.class),
                            rs.getObject(5, java.time.OffsetDateTime.class)));
                });
        return all;
    }

    /**
     * The sources each of these persons is involved in now (バッジ), in source id order, in one query:
     * one probe of the involvement table's primary key per person. Persons in none are absent.
     */
    public Map<String, List<String>> activeSources(List<String> personKeys) {
        Map<String, List<String>> sources = new LinkedHashMap<>();
        if (personKeys.isEmpty()) {
            return sources;
        }
        jdbc.sql("""
                SELECT person_key, source_id FROM involvement
                 WHERE person_key = ANY(:keys::text[]) AND records > 0 ORDER BY person_key, source_id""")
                .param("keys", personKeys.toArray(String[]::new))
                .query(rs -> {
                    sources.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        return sources;
    }

    /** The persons involved now in any of these sources, each once, in person key order. */
    public String[] personsIn(Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return new String[0];
        }
        return jdbc.sql("""
                SELECT DISTINCT person_key FROM involvement
                 WHERE source_id = ANY(:sources::text[]) AND records > 0 ORDER BY person_key""")
                .param("sources", sourceIds.toArray(String[]::new))
                .query(String.class).list().toArray(String[]::new);
    }

    /**
     * The persons whose current record in this source has this code in the field, or a date in it from
     * and to these days ({@code null}: open), in person key order.
     */
    public String[] personsWhere(String sourceId, String field, String code, java.time.LocalDate from,
            java.time.LocalDate to) {
        return records.personsWhere(sourceId, field, code, from, to).toArray(String[]::new);
    }

    /**
     * Streams who is involved now in each of these sources, by source and person key, with their number
     * of records (for checks over a whole source).
     */
    @Transactional(readOnly = true)
    public void forEachInvolved(Collection<String> sourceIds, Consumer<Involved> consumer) {
        if (sourceIds.isEmpty()) {
            return;
        }
        jdbc.sql("""
                SELECT source_id, person_key, records FROM involvement
                 WHERE source_id = ANY(:sources::text[]) AND records > 0 ORDER BY source_id, person_key""")
                .param("sources", sourceIds.toArray(String[]::new)).withFetchSize(5_000)
                .query(rs -> {
                    consumer.accept(new Involved(rs.getString(1), rs.getString(2), rs.getInt(3)));
                });
    }

    /** How many persons are involved now in each source (統計); sources without any are absent. */
    public Map<String, Long> involvedCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("SELECT source_id, count(*) FROM involvement WHERE records > 0 GROUP BY source_id ORDER BY source_id")
                .query(rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                });
        return counts;
    }

    /**
     * The current records' values of these persons in these sources: person key → source → the records'
     * JSON, by record key.
     */
    public Map<String, Map<String, List<String>>> currentData(Collection<String> sourceIds,
            Collection<String> personKeys) {
        Map<String, Map<String, List<String>>> data = new LinkedHashMap<>();
        records.data(sourceIds, personKeys).forEach(d -> data.computeIfAbsent(d.personKey(), k -> new LinkedHashMap<>())
                .computeIfAbsent(d.sourceId(), k -> new ArrayList<>()).add(d.data()));
        return data;
    }

    /** The record keys of these persons' current records in one source: person key → record keys. */
    public Map<String, List<String>> recordKeys(String sourceId, Collection<String> personKeys) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        records.recordKeys(sourceId, personKeys)
                .forEach(d -> keys.computeIfAbsent(d.personKey(), k -> new ArrayList<>()).add(d.recordKey()));
        return keys;
    }

    /**
     * A text that changes exactly when the involvement of one of these sources changes, after an import
     * of it was taken in: a count over {@link #personsIn} can be reused until then.
     */
    public String snapshots(Collection<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            return "";
        }
        // the runs this module has taken in, not the sources' current runs: a count taken between an
        // import's commit and its involvement update must not be reused after that update
        return jdbc.sql("""
                SELECT coalesce(string_agg(source_id || ':' || run_id, ',' ORDER BY source_id), '')
                  FROM involvement_source WHERE source_id = ANY(:sources::text[])""")
                .param("sources", sourceIds.toArray(String[]::new)).query(String.class).single();
    }

    /** The number of records in each source's current snapshot. */
    public Map<String, Long> recordCounts(Collection<String> sourceIds) {
        return records.recordCounts(sourceIds);
    }

    /** How many of these sources have been imported (have a current snapshot). */
    public long importedSources(Collection<String> sourceIds) {
        return records.importedSources(sourceIds);
    }

    private static Map<String, List<ProgramRecord>> bySource(List<RecordReader.Version> versions) {
        Map<String, List<ProgramRecord>> bySource = new LinkedHashMap<>();
        versions.forEach(v -> bySource.computeIfAbsent(v.sourceId(), k -> new ArrayList<>())
                .add(new ProgramRecord(v.sourceId(), v.recordKey(), v.data(), v.importedAt())));
        return bySource;
    }
}
