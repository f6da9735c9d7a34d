package jp.tsunagu.importing;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Who an applied run added, changed and ended (取込の変更一覧): personal data (宛名番号), so it is not on
 * the import report every staff member sees but on an administrator's page that records each look
 * (in the administration module, because the audit trail depends on importing).
 */
@Component
public class RunChanges {

    private final JdbcClient jdbc;
    private final ImportScreen screen;
    private final SourceCatalog catalog;

    RunChanges(JdbcClient jdbc, ImportScreen screen, SourceCatalog catalog) {
        this.jdbc = jdbc;
        this.screen = screen;
        this.catalog = catalog;
    }

    /**
     * Who the run added, changed and ended (取込の変更一覧): per kind the first {@link #CHANGES_SHOWN}
     * records by 宛名番号, and for a changed record the labels of the fields whose values differ
     * (never the values). A first load writes no change rows: its records are the ones it made.
     */
    public Optional<ChangeList> of(long runId) {
        Optional<ImportScreen.Run> found = screen.run(runId);
        if (found.isEmpty() || found.get().status() != ImportStatus.APPLIED) {
            return Optional.empty();
        }
        ImportScreen.Run run = found.get();
        SourceDefinition source = catalog.find(run.sourceId()).orElse(null);
        List<ChangeLine> lines = jdbc.sql("""
                WITH picked AS (
                    SELECT * FROM (SELECT c.*, row_number() OVER (PARTITION BY kind ORDER BY person_key, record_key) AS n
                                     FROM record_change c WHERE c.run_id = :r) x
                     WHERE n <= :cap)
                SELECT p.kind, p.person_key, p.record_key,
                       CASE WHEN p.kind = 'C' THEN
                           (SELECT string_agg(coalesce(a.key, b.key), ',' ORDER BY coalesce(a.key, b.key))
                              FROM json_each_text(before.data) b
                              FULL JOIN json_each_text(coalesce(cur.data, after.data)) a ON a.key = b.key
                             WHERE a.value IS DISTINCT FROM b.value) END
                  FROM picked p
                  LEFT JOIN source_record_history before
                         ON before.source_id = p.source_id AND before.key_hash = p.key_hash AND before.valid_to_run = p.run_id
                  LEFT JOIN source_record cur
                         ON cur.source_id = p.source_id AND cur.key_hash = p.key_hash AND cur.valid_from_run = p.run_id
                  LEFT JOIN source_record_history after
                         ON after.source_id = p.source_id AND after.key_hash = p.key_hash AND after.valid_from_run = p.run_id
                 ORDER BY p.kind, p.n
                """).param("r", run.runId()).param("cap", CHANGES_SHOWN)
                .query((rs, i) -> new ChangeLine(rs.getString(1).charAt(0), rs.getString(2),
                        rs.getString(3).replace('\u001F', '+'), labels(source, rs.getString(4))))
                .list();
        if (lines.isEmpty() && run.added() > 0 && run.changed() == 0 && run.ended() == 0) {
            lines = firstLoad(run);
        }
        return Optional.of(new ChangeList(run.runId(), run.sourceId(), run.fileName(), kind(lines, 'A'), run.added(),
                kind(lines, 'C'), run.changed(), kind(lines, 'E'), run.ended()));
    }

    /** Records per kind shown on a run's page; the rest is counted as 「ほか N 件」. */
    public static final int CHANGES_SHOWN = 100;

    private List<ChangeLine> firstLoad(ImportScreen.Run run) {
        return jdbc.sql("""
                SELECT person_key, record_key FROM (
                    SELECT person_key, record_key FROM source_record WHERE source_id = :s AND valid_from_run = :r
                    UNION ALL
                    SELECT person_key, record_key FROM source_record_history WHERE source_id = :s AND valid_from_run = :r) x
                 ORDER BY person_key, record_key LIMIT :cap
                """).param("s", run.sourceId()).param("r", run.runId()).param("cap", CHANGES_SHOWN)
                .query((rs, i) -> new ChangeLine('A', rs.getString(1), rs.getString(2).replace('\u001F', '+'),
                        List.of()))
                .list();
    }

    private static List<ChangeLine> kind(List<ChangeLine> lines, char kind) {
        return lines.stream().filter(l -> l.kind() == kind).toList();
    }

    /** The labels of the named fields, in the order the source defines its fields. */
    private static List<String> labels(SourceDefinition source, String names) {
        if (names == null || names.isEmpty() || source == null) {
            return List.of();
        }
        List<String> changed = List.of(names.split(","));
        return source.fields().stream().filter(f -> changed.contains(f.name())).map(FieldDefinition::label).toList();
    }

    /**
     * One record a run added ({@code A}), changed ({@code C}) or ended ({@code E}).
     *
     * @param changedFields for a change, the labels of the fields whose values differ
     */
    public record ChangeLine(char kind, String personKey, String recordKey, List<String> changedFields) {

        /** The changed fields as one line: 「要介護度・有効期間終了日」. */
        public String changedText() {
            return String.join("・", changedFields);
        }
    }

    /** The records of a run's page, per kind, with how many there are in all. */
    public record ChangeList(long runId, String sourceId, String fileName, List<ChangeLine> added, long addedTotal, List<ChangeLine> changed, long changedTotal,
            List<ChangeLine> ended, long endedTotal) {

        public long moreAdded() {
            return Math.max(0, addedTotal - added.size());
        }

        public long moreChanged() {
            return Math.max(0, changedTotal - changed.size());
        }

        public long moreEnded() {
            return Math.max(0, endedTotal - ended.size());
        }

        public boolean isEmpty() {
            return added.isEmpty() && changed.isEmpty() && ended.isEmpty();
        }
    }
}
