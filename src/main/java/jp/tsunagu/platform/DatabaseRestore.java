package jp.tsunagu.platform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Service;

/**
 * Puts a backup ({@link DatabaseBackup}) back (復元). Nothing is changed until every file of the
 * backup has been checked against its manifest and the backup's schema (its applied migrations) is
 * this version's; then every table is emptied and loaded in one transaction, so that a failure
 * leaves the database as it was. Triggers and foreign keys are not fired while loading
 * ({@code session_replication_role = replica}): the rows are the ones they checked when first
 * written, and the append-only tables' triggers would refuse the emptying. Then the sequences are
 * set, materialized views refreshed, statistics gathered, and the files outside the database put
 * back.
 */
@Service
public class DatabaseRestore {

    private final DataSource dataSource;
    private final List<BackedUpFiles> files;

    DatabaseRestore(DataSource dataSource, List<BackedUpFiles> files) {
        this.dataSource = dataSource;
        this.files = files;
    }

    /** Reads and checks a backup's manifest and every file it lists; throws naming the first that differs. */
    public BackupManifest check(Path folder) throws IOException {
        Path file = folder.resolve(BackupManifest.FILE_NAME);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(folder + " に " + BackupManifest.FILE_NAME
                    + " がありません: バックアップではないか、途中で止まったバックアップです");
        }
        BackupManifest manifest = DatabaseBackup.JSON.readValue(file.toFile(), BackupManifest.class);
        if (manifest.format() != BackupManifest.FORMAT) {
            throw new IllegalArgumentException("このバックアップの形式 (" + manifest.format() + ") は読めません");
        }
        for (BackupManifest.Table t : manifest.tables()) {
            expect(folder.resolve(t.file()), t.bytes(), t.sha256());
        }
        for (BackupManifest.Stored s : manifest.files()) {
            expect(folder.resolve("files").resolve(s.owner()).resolve(s.path()), s.bytes(), s.sha256());
        }
        return manifest;
    }

    private static void expect(Path file, long bytes, String sha256) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("バックアップのファイルがありません: " + file);
        }
        DatabaseBackup.Digested found = DatabaseBackup.digest(file);
        if (found.bytes() != bytes || !found.sha256().equals(sha256)) {
            throw new IllegalArgumentException("バックアップのファイルが目録と一致しません (壊れているか書き換えられています): "
                    + file);
        }
    }

    /** Restores a checked backup into this database, replacing everything in it. */
    public void restore(Path folder, BackupManifest manifest, Consumer<String> progress) throws IOException, SQLException {
        // the files are copied beside their places first and moved in only once the database is restored:
        // an audit row written with another key than the restored rows' would break the chain
        Map<Path, Path> staged = stage(folder, manifest.files(), progress);
        try (Connection c = dataSource.getConnection()) {
            List<String> schema = DatabaseBackup.strings(c, DatabaseBackup.SCHEMA);
            if (!schema.equals(manifest.schema())) {
                throw new IllegalArgumentException("バックアップのデータベース構成 (" + last(manifest.schema())
                        + ") がこの版の Tsunagu (" + last(schema) + ") と違います。バックアップを取った版で復元してください");
            }
            List<String> tables = DatabaseBackup.strings(c, DatabaseBackup.TABLES);
            Set<String> backedUp = manifest.tables().stream().map(BackupManifest.Table::name).collect(Collectors.toSet());
            if (!backedUp.equals(new HashSet<>(tables))) {
                throw new IllegalArgumentException("バックアップの表がこのデータベースの表と一致しません");
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SET LOCAL session_replication_role = replica");
                // the partitions as the backup had them: those this start made for its own sources go
                Set<String> wanted = manifest.partitions().stream().map(BackupManifest.Partition::name)
                        .collect(Collectors.toSet());
                List<String> present = DatabaseBackup.strings(c, DatabaseBackup.PARTITIONS);
                for (String extra : present) {
                    if (!wanted.contains(extra)) {
                        st.execute("DROP TABLE " + DatabaseBackup.quote(extra));
                    }
                }
                for (BackupManifest.Partition p : manifest.partitions()) {
                    if (!present.contains(p.name())) {
                        st.execute("CREATE TABLE " + DatabaseBackup.quote(p.name()) + " PARTITION OF "
                                + DatabaseBackup.quote(p.parent()) + " " + p.bound());
                        for (String index : p.indexes()) {
                            st.execute(index);
                        }
                    }
                }
                st.execute("TRUNCATE " + String.join(", ", tables.stream().map(DatabaseBackup::quote).toList()));
            }
            var copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (BackupManifest.Table t : manifest.tables()) {
                List<String> columns = DatabaseBackup.columns(c, t.name());
                if (!columns.equals(t.columns())) {
                    throw new IllegalArgumentException("表 " + t.name() + " の列がバックアップと違います");
                }
                long rows;
                try (InputStream in = Files.newInputStream(folder.resolve(t.file()))) {
                    rows = copy.copyIn("COPY " + DatabaseBackup.quote(t.name()) + " ("
                            + String.join(", ", columns.stream().map(DatabaseBackup::quote).toList())
                            + ") FROM STDIN (FORMAT binary)", in, 1 << 16);
                }
                if (rows != t.rows()) {
                    throw new IllegalStateException("表 " + t.name() + ": " + rows + " 行を読みました (目録では " + t.rows() + " 行)");
                }
                progress.accept(String.format("表 %s: %,d 行", t.name(), rows));
            }
            try (Statement st = c.createStatement()) {
                for (BackupManifest.Sequence s : manifest.sequences()) {
                    st.execute(s.lastValue() == null ? "ALTER SEQUENCE " + DatabaseBackup.quote(s.name()) + " RESTART"
                            : "SELECT setval('" + DatabaseBackup.quote(s.name()).replace("'", "''") + "', "
                                    + s.lastValue() + ", true)");
                }
            }
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                for (String view : DatabaseBackup.strings(c,
                        "SELECT matviewname FROM pg_matviews WHERE schemaname = current_schema() ORDER BY 1")) {
                    st.execute("REFRESH MATERIALIZED VIEW " + DatabaseBackup.quote(view));
                }
                st.execute("ANALYZE");
            }
        } catch (IOException | SQLException | RuntimeException e) {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp);
            }
            throw e;
        }
        moveIntoPlace(staged, manifest.files(), progress);
    }

    /**
     * Puts the files outside the database back from a backup's {@code files/} folder, where this installation's
     * settings say they live (after a point-in-time recovery, whose database is already in place).
     */
    public void putBack(Path folder, List<BackupManifest.Stored> stored, Consumer<String> progress) throws IOException {
        moveIntoPlace(stage(folder, stored, progress), stored, progress);
    }

    private void moveIntoPlace(Map<Path, Path> staged, List<BackupManifest.Stored> stored, Consumer<String> progress)
            throws IOException {
        for (Map.Entry<Path, Path> e : staged.entrySet()) {
            Files.move(e.getKey(), e.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        // a single file the backup did not have (no checkpoint had been written) must not stay as this start
        // wrote it: it would be signed with a key the restored ring does not hold
        Set<String> carried = stored.stream().map(BackupManifest.Stored::owner).collect(Collectors.toSet());
        for (BackedUpFiles owner : files) {
            if (!owner.folder() && !carried.contains(owner.name()) && Files.deleteIfExists(owner.path())) {
                progress.accept("ファイル " + owner.path() + " はバックアップになかったため削除しました");
            }
        }
        progress.accept("ファイル " + staged.size() + " 件を戻しました");
    }

    /** Copies each backed-up file beside the place it goes to; returns the copies and their places. */
    private Map<Path, Path> stage(Path folder, List<BackupManifest.Stored> stored, Consumer<String> progress)
            throws IOException {
        Map<String, BackedUpFiles> owners = files.stream().collect(Collectors.toMap(BackedUpFiles::name, f -> f));
        Map<Path, Path> staged = new java.util.LinkedHashMap<>();
        for (BackupManifest.Stored s : stored) {
            BackedUpFiles owner = owners.get(s.owner());
            if (owner == null) {
                progress.accept("ファイル " + s.owner() + "/" + s.path() + " の置き場所がこの版にはないため戻しません");
                continue;
            }
            Path target = (owner.folder() ? owner.path().resolve(s.path()) : owner.path()).toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".restoring");
            Files.deleteIfExists(tmp);
            try (InputStream in = Files.newInputStream(folder.resolve("files").resolve(s.owner()).resolve(s.path()))) {
                DatabaseBackup.writeFile(tmp, in::transferTo);
            }
            staged.put(tmp, target);
        }
        return staged;
    }

    private static String last(List<String> schema) {
        return schema.isEmpty() ? "なし" : schema.get(schema.size() - 1);
    }
}
