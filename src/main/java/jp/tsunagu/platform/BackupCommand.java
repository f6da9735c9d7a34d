package jp.tsunagu.platform;

import java.nio.file.Path;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar tsunagu.jar backup DIR}: a consistent backup of the database and the files kept
 * beside it ({@link DatabaseBackup}), while the web application may keep running (the command
 * attaches to its embedded server).
 */
@Component
class BackupCommand implements Command {

    private final DatabaseBackup backup;

    BackupCommand(DatabaseBackup backup) {
        this.backup = backup;
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String usage() {
        return "backup DIR";
    }

    @Override
    public int run(List<String> args) throws Exception {
        if (args.size() != 1) {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 2;
        }
        Path folder = Path.of(args.get(0));
        long started = System.nanoTime();
        try {
            BackupManifest manifest = backup.write(folder, line -> System.out.println("  " + line));
            long rows = manifest.tables().stream().mapToLong(BackupManifest.Table::rows).sum();
            System.out.printf("バックアップしました: %s (表 %d、%,d 行、ファイル %d 件、%.1f 秒)%n", folder,
                    manifest.tables().size(), rows, manifest.files().size(), (System.nanoTime() - started) / 1e9);
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
