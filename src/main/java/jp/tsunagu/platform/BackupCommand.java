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
    private final BaseBackup base;

    BackupCommand(DatabaseBackup backup, BaseBackup base) {
        this.backup = backup;
        this.base = base;
    }

    @Override
    public String name() {
        return "backup";
    }

    @Override
    public String usage() {
        return "backup DIR [--base]";
    }

    @Override
    public int run(List<String> args) throws Exception {
        List<String> folders = args.stream().filter(a -> !a.equals("--base")).toList();
        if (folders.size() != 1 || folders.get(0).startsWith("--")) {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 2;
        }
        Path folder = Path.of(folders.get(0));
        long started = System.nanoTime();
        try {
            if (args.contains("--base")) {
                BaseBackupManifest manifest = base.write(folder, line -> System.out.println("  " + line));
                System.out.printf("ベースバックアップを取りました: %s (データフォルダのファイル %,d 件、%s から %s、%.1f 秒)。"
                        + "%s より後の時点へ restore %s --until … で復旧できます%n", folder, manifest.data().size(),
                        manifest.startLsn(), manifest.stopLsn(), (System.nanoTime() - started) / 1e9,
                        manifest.finishedAt(), folder);
                return 0;
            }
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
