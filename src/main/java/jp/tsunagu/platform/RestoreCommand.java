package jp.tsunagu.platform;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar tsunagu.jar restore DIR [--replace]}: restores a backup ({@link DatabaseRestore}).
 * {@code restore DIR --until TIME} (or {@code --until-name}, {@code --until-lsn}) restores a base backup to a moment
 * with the WAL archive ({@link PointInTimeRecovery}): the database is recovered before this command runs (the
 * context's embedded server does it), which then puts the files outside the database back and removes the
 * folder's mark of an unfinished recovery.
 * On the embedded server only into a data folder this command has just created (name a new one with
 * {@code --tsunagu.database.data-dir=…}), so that a mistyped command never overwrites the city's
 * data; on an external PostgreSQL only with {@code --replace}, which empties every table first.
 */
@Component
class RestoreCommand implements Command {

    private final DatabaseRestore restore;
    private final ObjectProvider<EmbeddedDatabase> embedded;

    RestoreCommand(DatabaseRestore restore, ObjectProvider<EmbeddedDatabase> embedded) {
        this.restore = restore;
        this.embedded = embedded;
    }

    @Override
    public String name() {
        return "restore";
    }

    @Override
    public String usage() {
        return "restore DIR [--replace] | restore DIR --until TIME [--archive DIR]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (PointInTimeRecovery.Request.asked(args)) {
            return recovered(args);
        }
        List<String> folders = args.stream().filter(a -> !a.equals("--replace")).toList();
        if (folders.size() != 1) {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 2;
        }
        boolean replace = args.contains("--replace");
        EmbeddedDatabase database = embedded.getIfAvailable();
        if (database != null && !createdByThisProcess(database.dataDir())) {
            System.err.println("復元先のデータフォルダ " + database.dataDir() + " には既にデータがあります。"
                    + "新しいフォルダを --tsunagu.database.data-dir=… で指定してください (既存のデータは上書きしません)");
            return 2;
        }
        if (database == null && !replace) {
            System.err.println("外部の PostgreSQL に復元すると、そのデータベースの内容はすべて置き換わります。"
                    + "よろしければ --replace を付けてください");
            return 2;
        }
        Path folder = Path.of(folders.get(0));
        if (Files.exists(folder.resolve(BaseBackupManifest.FILE_NAME))) {
            System.err.println(folder + " はベースバックアップ (backup --base) です。時点復旧として --until \"2026-12-03 10:15:00+09\""
                    + " (または --until-name 復元ポイント名) を付けて復元してください");
            return 2;
        }
        long started = System.nanoTime();
        try {
            BackupManifest manifest = restore.check(folder);
            System.out.println("  目録とファイル " + (manifest.tables().size() + manifest.files().size())
                    + " 件のチェックサムを確認しました (" + manifest.createdAt() + " のバックアップ)");
            restore.restore(folder, manifest, line -> System.out.println("  " + line));
            long rows = manifest.tables().stream().mapToLong(BackupManifest.Table::rows).sum();
            System.out.printf("復元しました: 表 %d、%,d 行 (%.1f 秒)。アクセス記録の検査: java -jar tsunagu.jar audit verify%n",
                    manifest.tables().size(), rows, (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }

    /** The database has been recovered when the context started: the files outside it go back, the mark goes. */
    private int recovered(List<String> args) throws Exception {
        EmbeddedDatabase database = embedded.getIfAvailable();
        PointInTimeRecovery.Prepared prepared = database == null ? null
                : PointInTimeRecovery.of(database.dataDir()).orElse(null);
        if (prepared == null) {
            // prepared before the context started (CommandLine); without it the embedded server was not restored
            System.err.println("時点復旧の準備がされていません (組込みPostgreSQLのデータフォルダ " + (database == null ? "なし"
                    : database.dataDir()) + ")");
            return CommandLine.EXIT_FAILURE;
        }
        restore.putBack(prepared.backup(), prepared.manifest().files(), line -> System.out.println("  " + line));
        PointInTimeRecovery.complete(database.dataDir());
        System.out.printf("時点復旧しました: %s から%sまで。最後に再生した取引: %s。データフォルダ: %s%n"
                + "アクセス記録の検査: java -jar tsunagu.jar audit verify --tsunagu.database.data-dir=%s%n",
                prepared.backup(), prepared.request().target().describe(), prepared.recoveredTo()[0], database.dataDir(),
                database.dataDir());
        return 0;
    }

    /** Whether initdb made the folder after this JVM started (PG_VERSION is written once, by initdb). */
    private static boolean createdByThisProcess(Path dataDir) throws IOException {
        Path version = dataDir.resolve("PG_VERSION");
        if (!Files.exists(version)) {
            return false;
        }
        long made = Files.readAttributes(version, BasicFileAttributes.class).lastModifiedTime().toMillis();
        return made >= ManagementFactory.getRuntimeMXBean().getStartTime() - 1000;
    }
}
