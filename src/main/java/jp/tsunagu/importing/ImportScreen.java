package jp.tsunagu.importing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.tsunagu.japanese.JapaneseDates;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.platform.TokyoTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What the import screen (取込画面) shows: every source with its last run and staleness, one run with
 * its progress, and a source's run history. Read-only queries; imports are started elsewhere.
 */
@Component
class ImportScreen {

    /** Runs per page of a source's history. */
    static final int PAGE_SIZE = 20;

    /** Times on screen are the city's local time. */

    private static final String RUN_COLUMNS = """
            run_id, source_id, file_name, file_size, sha256, origin, requested_by, status, phase, bytes_read,
            rows_read, added, changed, ended, unchanged, rejected_rows, warnings, error_count, message,
            started_at, finished_at, decided_by, decided_at
            """;

    private final JdbcClient jdbc;
    private final SourceCatalog catalog;

    ImportScreen(JdbcClient jdbc, SourceCatalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** Every source, in id order, with its latest run, its latest finished run and its held runs. */
    List<SourceRow> sources() {
        Map<String, Run> latest = runsBy("""
                SELECT DISTINCT ON (source_id) %s FROM import_run ORDER BY source_id, run_id DESC
                """.formatted(RUN_COLUMNS));
        Map<String, Run> latestFinished = runsBy("""
                SELECT DISTINCT ON (source_id) %s FROM import_run WHERE status <> 'RUNNING'
                 ORDER BY source_id, run_id DESC
                """.formatted(RUN_COLUMNS));
        Map<String, List<Run>> held = jdbc.sql("SELECT " + RUN_COLUMNS
                        + " FROM import_run WHERE status = 'HELD' ORDER BY run_id")
                .query(ImportScreen::run).list().stream()
                .collect(Collectors.groupingBy(Run::sourceId));
        Instant now = Instant.now();
        return catalog.all().stream()
                .sorted(SourceOrder.FOR_CLERKS)
                .map(s -> new SourceRow(s, latest.get(s.id()),
                        staleness(s, latestFinished.get(s.id()), latest.get(s.id()), now),
                        held.getOrDefault(s.id(), List.of())))
                .toList();
    }

    /** One run, whatever its state. */
    Optional<Run> run(long runId) {
        return jdbc.sql("SELECT " + RUN_COLUMNS + " FROM import_run WHERE run_id = :r").param("r", runId)
                .query(ImportScreen::run).optional();
    }

    /** A page (0-based) of a source's runs, newest first. */
    /** A page of a source's runs, newest first; {@code page} is the number from 1, kept within the list. */
    PageSlice<Run> history(String sourceId, int page) {
        long total = jdbc.sql("SELECT count(*) FROM import_run WHERE source_id = :s").param("s", sourceId)
                .query(Long.class).single();
        PageNumbers numbers = PageNumbers.of(page, PAGE_SIZE, total);
        List<Run> runs = jdbc.sql("SELECT " + RUN_COLUMNS
                        + " FROM import_run WHERE source_id = :s ORDER BY run_id DESC LIMIT :n OFFSET :o")
                .param("s", sourceId).param("n", PAGE_SIZE).param("o", numbers.offset())
                .query(ImportScreen::run).list();
        return numbers.slice(runs);
    }

    /**
     * The kept problems of a run as the run page lists them. The rejected value is never read here
     * in full: administrators get its first characters and length (see {@link ProblemLine}), others
     * nothing of it.
     */
    List<ProblemLine> problems(long runId, boolean withMaskedValues) {
        return jdbc.sql("""
                SELECT seq, severity, line, col, column_name, message,
                       CASE WHEN :masked THEN left(rejected_value, :head) END,
                       CASE WHEN :masked THEN char_length(rejected_value) END
                  FROM import_error WHERE run_id = :r ORDER BY seq
                """).param("r", runId).param("masked", withMaskedValues).param("head", ProblemLine.HEAD)
                .query((rs, i) -> new ProblemLine(rs.getInt(1), ImportProblem.Severity.valueOf(rs.getString(2)),
                        rs.getLong(3), rs.getInt(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getInt(8)))
                .list();
    }

    /** How many records the source holds now: what a held snapshot is weighed against. */
    long currentRecords(String sourceId) {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", sourceId)
                .query(Long.class).single();
    }

    /** Flags a source whose last file is older than its {@code staleAfterDays}, or that never had one. */
    static Staleness staleness(SourceDefinition source, Run lastFinished, Run latest, Instant now) {
        if (lastFinished == null) {
            return latest == null ? Staleness.NEVER : Staleness.FRESH;
        }
        long days = Duration.between(lastFinished.startedAt(), now).toDays();
        return days >= source.staleAfterDays() && source.staleAfterDays() > 0
                ? new Staleness(true, false, days) : Staleness.FRESH;
    }

    private Map<String, Run> runsBy(String sql) {
        return jdbc.sql(sql).query(ImportScreen::run).list().stream()
                .collect(Collectors.toMap(Run::sourceId, Function.identity()));
    }

    private static Run run(ResultSet rs, int row) throws SQLException {
        return new Run(rs.getLong("run_id"), rs.getString("source_id"), rs.getString("file_name"),
                rs.getLong("file_size"), rs.getString("sha256"), rs.getString("origin"), rs.getString("requested_by"),
                ImportStatus.valueOf(rs.getString("status")), rs.getString("phase"), rs.getLong("bytes_read"),
                rs.getLong("rows_read"), rs.getLong("added"), rs.getLong("changed"), rs.getLong("ended"),
                rs.getLong("unchanged"), rs.getLong("rejected_rows"), rs.getLong("warnings"),
                rs.getLong("error_count"), rs.getString("message"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getString("decided_by"), instant(rs, "decided_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /**
     * One problem on the run page (取込エラーの一行). For administrators it carries the rejected value
     * masked: its first characters, at most {@link #HEAD} and at most a third of it, and its length
     * in characters (「栗田…（全18文字）」); the whole value is shown only on request, which is audited.
     *
     * @param seq the problem's place in the run's list, which names it when its value is asked for
     * @param valueStart the first characters of the rejected value, or {@code null} when there is none
     *     or the viewer may not see it
     * @param valueLength the rejected value's length in characters (code points)
     */
    record ProblemLine(int seq, ImportProblem.Severity severity, long line, int column, String columnName,
            String reason, String valueStart, int valueLength) {

        static final int HEAD = 2;

        public boolean hasMaskedValue() {
            return valueStart != null;
        }

        /** What of the value may show before it is asked for: nothing of a value of one or two characters. */
        public String maskedStart() {
            int shown = Math.min(Math.min(HEAD, valueLength / 3), valueStart.codePointCount(0, valueStart.length()));
            return valueStart.substring(0, valueStart.offsetByCodePoints(0, shown));
        }
    }

    /** A source's line on the screen. */
    record SourceRow(SourceDefinition source, Run latest, Staleness staleness, List<Run> held) {
    }

    /**
     * Whether a source is overdue (未着): {@code never} when it was never imported, {@code stale} when
     * its last file is {@code days} old or more than its {@code staleAfterDays}.
     */
    record Staleness(boolean stale, boolean never, long days) {
        static final Staleness NEVER = new Staleness(false, true, 0);
        static final Staleness FRESH = new Staleness(false, false, 0);
    }

    /** One page of a source's runs. */
    /** An import run (取込) as the screen shows it. */
    record Run(long runId, String sourceId, String fileName, long fileSize, String sha256, String origin,
            String requestedBy, ImportStatus status, String phase, long bytesRead, long rowsRead, long added,
            long changed, long ended, long unchanged, long rejectedRows, long warnings, long errorCount,
            String message, Instant startedAt, Instant finishedAt, String decidedBy, Instant decidedAt) {

        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("H:mm:ss");

        public boolean running() {
            return status == ImportStatus.RUNNING;
        }

        public boolean held() {
            return status == ImportStatus.HELD;
        }

        /** The message key of where the file came from: inbox, upload, the command line. */
        public String originKey() {
            return switch (origin == null ? "" : origin) {
                case "inbox", "upload", "cli" -> "origin." + origin;
                default -> "origin.other";
            };
        }

        /** The status in words (the badge shows it as text, its colour only repeats it). */
        public String statusLabel() {
            return status.label();
        }

        /** A CSS class per status: {@code ok}, {@code warn}, {@code error}, {@code info}. */
        public String statusTone() {
            return switch (status) {
                case APPLIED, UNCHANGED, DUPLICATE -> "ok";
                case HELD -> "warn";
                case REJECTED, FAILED, INTERRUPTED -> "error";
                case RUNNING, DISCARDED -> "info";
            };
        }

        /** Per mille of the file read; 0 while the size is unknown. */
        public long progressPermille() {
            if (fileSize <= 0) {
                return 0;
            }
            return Math.min(1000, bytesRead * 1000 / fileSize);
        }

        public int progressPercent() {
            return (int) (progressPermille() / 10);
        }

        /** 令和6年4月1日 (2024) 9:05:03, in the city's time. */
        public String startedText() {
            return dateTime(startedAt);
        }

        public String decidedText() {
            return dateTime(decidedAt);
        }

        /** How long the run took, or has taken so far. */
        public String durationText() {
            Instant end = finishedAt == null ? Instant.now() : finishedAt;
            return duration(Duration.between(startedAt, end));
        }

        private static String dateTime(Instant t) {
            if (t == null) {
                return "";
            }
            var local = t.atZone(TokyoTime.ZONE);
            return JapaneseDates.warekiWithYear(local.toLocalDate()) + " " + TIME.format(local);
        }
    }

    /** 1時間2分, 3分4秒, 5.6秒. */
    static String duration(Duration d) {
        long millis = Math.max(0, d.toMillis());
        if (millis < 60_000) {
            return String.format("%.1f秒", millis / 1000.0);
        }
        long seconds = millis / 1000;
        if (seconds < 3600) {
            return seconds / 60 + "分" + seconds % 60 + "秒";
        }
        return seconds / 3600 + "時間" + seconds % 3600 / 60 + "分";
    }
}
