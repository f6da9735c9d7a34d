package jp.tsunagu.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import jp.tsunagu.platform.TokyoTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Watches the inbox (受信フォルダ): one folder per source, {@code inbox/<source-id>/}. Each poll imports
 * the files that are complete, oldest first, and moves each out of the way with its run id in the name:
 * to {@code .done/} when the import ended normally (applied, unchanged, duplicate, held) or to
 * {@code .rejected/} when it did not (rejected, failed). A file is thus imported once and never lost.
 *
 * <p>A file is complete when its size and modification time did not change since the previous poll, or
 * when it was last modified more than {@link #SETTLED} ago: an export still being copied in is left for
 * the next poll. Names starting with {@code .} are ignored, so that a sender can write {@code .name.csv}
 * and rename it when done.
 *
 * <p>Polls every {@code tsunagu.importing.inbox-poll-interval}; zero turns the schedule off (tests), and
 * the command line ({@code cli} profile) never watches.
 */
@Component
class InboxWatcher implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(InboxWatcher.class);

    /** A file untouched for this long is taken to be complete even if this poll sees it for the first time. */
    static final Duration SETTLED = Duration.ofSeconds(10);

    static final String DONE = ".done";
    static final String REJECTED = ".rejected";

    private static final Set<ImportStatus> DONE_STATUSES = Set.of(ImportStatus.APPLIED, ImportStatus.UNCHANGED,
            ImportStatus.DUPLICATE, ImportStatus.HELD);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(TokyoTime.ZONE);

    private final SourceCatalog catalog;
    private final SnapshotImport imports;
    private final ImportingProperties properties;
    private final JdbcClient jdbc;
    private final Environment environment;
    /** What each waiting file looked like at the previous poll. */
    private final Map<Path, Seen> seen = new HashMap<>();

    InboxWatcher(SourceCatalog catalog, SnapshotImport imports, ImportingProperties properties, JdbcClient jdbc,
            Environment environment) {
        this.catalog = catalog;
        this.imports = imports;
        this.properties = properties;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        Duration interval = properties.inboxPollInterval();
        if (interval.isZero() || interval.isNegative() || environment.matchesProfiles("cli")) {
            log.info("受信フォルダの監視は行いません (tsunagu.importing.inbox-poll-interval={})", interval);
            return;
        }
        log.info("受信フォルダ {} を {} 秒ごとに確認します", properties.inboxDir().toAbsolutePath(),
                interval.toSeconds());
        registrar.addFixedDelayTask(this::scheduledPoll, interval);
    }

    /**
     * Looks into every source's inbox once and imports the complete files, oldest first.
     *
     * @return how many files were imported
     */
    synchronized int pollOnce() {
        int imported = 0;
        for (SourceDefinition source : catalog.all()) {
            Path inbox = properties.inboxDir().resolve(source.id());
            if (Files.isDirectory(inbox)) {
                imported += pollSource(source.id(), inbox);
            }
        }
        return imported;
    }

    private void scheduledPoll() {
        try {
            pollOnce();
        } catch (ImportInterruptedException e) {
            // logged where it happened; the application is stopping
        } catch (RuntimeException e) {
            // the next poll tries again; a scheduled task that throws would only be logged by the scheduler
            log.error("受信フォルダの確認中にエラーが発生しました", e);
        }
    }

    private int pollSource(String sourceId, Path inbox) {
        int imported = 0;
        List<Waiting> waiting = waitingFiles(inbox);
        seen.keySet().removeIf(p -> p.getParent().equals(inbox)
                && waiting.stream().noneMatch(w -> w.path().equals(p)));
        for (Waiting file : waiting) {
            if (!complete(file)) {
                // a snapshot must not overtake an older one still being written
                break;
            }
            seen.remove(file.path());
            importAndMove(sourceId, inbox, file.path());
            imported++;
        }
        return imported;
    }

    private List<Waiting> waitingFiles(Path inbox) {
        try (Stream<Path> files = Files.list(inbox)) {
            return files.filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(InboxWatcher::waiting)
                    .filter(w -> w != null && w.regularFile())
                    .sorted(Comparator.comparing(Waiting::modified).thenComparing(w -> w.path().getFileName()))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("受信フォルダ " + inbox + " を読めません", e);
        }
    }

    private boolean complete(Waiting file) {
        Seen now = new Seen(file.size(), file.modified());
        Seen before = seen.put(file.path(), now);
        return now.equals(before) || file.modified().isBefore(Instant.now().minus(SETTLED));
    }

    private void importAndMove(String sourceId, Path inbox, Path file) {
        String name = file.getFileName().toString();
        long startedAfter = lastRunId();
        ImportReport report;
        try {
            report = imports.importFile(sourceId, file, "inbox", "inbox");
        } catch (ImportInterruptedException e) {
            // nothing applied: the file stays for the next start, which imports it again
            log.warn("受信フォルダのファイル {} (連携元 {}) の取込 {} は停止により中断しました。ファイルは受信フォルダに残し、"
                    + "次の起動で取り込み直します", name, sourceId, e.runId());
            // the application is stopping: no further file is begun
            throw e;
        } catch (RuntimeException e) {
            Long runId = runOf(sourceId, name, startedAfter);
            String prefix = runId != null ? runId.toString() : "failed-" + STAMP.format(Instant.now());
            Path moved = move(file, inbox.resolve(REJECTED), prefix + "-" + name);
            log.error("受信フォルダのファイル {} (連携元 {}) の取込に失敗しました。{} に移動しました", name, sourceId, moved, e);
            return;
        }
        boolean done = DONE_STATUSES.contains(report.status());
        Path moved = move(file, inbox.resolve(done ? DONE : REJECTED), report.runId() + "-" + name);
        log.info("受信フォルダのファイル {} を取り込みました: 連携元 {}、取込番号 {}、{}。{} に移動しました", name, sourceId,
                report.runId(), report.status().label(), moved);
    }

    /** The run an import that threw had started, if it got that far. */
    private Long runOf(String sourceId, String fileName, long startedAfter) {
        return jdbc.sql("""
                SELECT max(run_id) FROM import_run
                 WHERE source_id = :s AND file_name = :f AND origin = 'inbox' AND run_id > :after
                """).param("s", sourceId).param("f", fileName).param("after", startedAfter)
                .query(Long.class).optional().orElse(null);
    }

    private long lastRunId() {
        return jdbc.sql("SELECT coalesce(max(run_id), 0) FROM import_run").query(Long.class).single();
    }

    private static Path move(Path file, Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            try {
                return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                return Files.move(file, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("取込んだファイル " + file + " を " + dir + " に移動できません", e);
        }
    }

    private static Waiting waiting(Path path) {
        try {
            BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
            return new Waiting(path, a.isRegularFile(), a.size(), a.lastModifiedTime().toInstant());
        } catch (IOException e) {
            // gone between listing and looking: the sender renamed or removed it
            return null;
        }
    }

    private record Waiting(Path path, boolean regularFile, long size, Instant modified) {
    }

    private record Seen(long size, Instant modified) {
    }
}
