package jp.tsunagu.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.stereotype.Service;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A consistent backup of the whole hub (バックアップ): every table of the database read in one
 * snapshot (a repeatable-read, read-only transaction, so an import running meanwhile is either wholly
 * in it or not at all), each written with binary {@code COPY} to its own file, the sequences' values,
 * and the files the modules keep outside the database ({@link BackedUpFiles}). The manifest with
 * every file's size and SHA-256 is written last and renamed into place, so that a folder without one
 * is an interrupted backup. The tables are found in the catalog, not named here: a module's new table
 * is backed up without a change to this class.
 */
@Service
public class DatabaseBackup {

    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** The tables of the current schema: plain ones and partitioned parents (partitions come with them). */
    static final String TABLES = """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition
             ORDER BY c.relname""";

    /** A table's stored columns (generated ones are computed again on restore). */
    static final String COLUMNS = """
            SELECT a.attname FROM pg_attribute a
             WHERE a.attrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
               AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
             ORDER BY a.attnum""";

    /** Partitions made at run time (importing makes one per source): made again by a restore. */
    static final String PARTITIONS = """
            SELECT c.relname, p.relname, pg_get_expr(c.relpartbound, c.oid)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_inherits i ON i.inhrelid = c.oid JOIN pg_class p ON p.oid = i.inhparent
             WHERE n.nspname = current_schema() AND c.relispartition AND c.relkind IN ('r', 'p')
             ORDER BY c.relname""";

    /** A partition's indexes of its own (not those it inherits from its parent's). */
    static final String OWN_INDEXES = """
            SELECT pg_get_indexdef(x.indexrelid) FROM pg_index x
             WHERE x.indrelid = (quote_ident(current_schema()) || '.' || quote_ident(?))::regclass
               AND NOT EXISTS (SELECT 1 FROM pg_inherits h WHERE h.inhrelid = x.indexrelid)
             ORDER BY 1""";

    static final String SCHEMA = """
            SELECT version || ':' || description FROM flyway_schema_history
             WHERE success AND version IS NOT NULL ORDER BY installed_rank""";

    private final DataSource dataSource;
    private final List<BackedUpFiles> files;

    DatabaseBackup(DataSource dataSource, List<BackedUpFiles> files) {
        this.dataSource = dataSource;
        this.files = files;
    }

    /** Writes a backup into {@code folder}, which must not exist or be empty; says what it does on {@code progress}. */
    public BackupManifest write(Path folder, Consumer<String> progress) throws IOException, SQLException {
        requireEmpty(folder);
        Path db = Files.createDirectories(folder.resolve("db"));
        List<BackupManifest.Table> tables = new ArrayList<>();
        List<BackupManifest.Sequence> sequences = new ArrayList<>();
        List<BackupManifest.Partition> partitions = new ArrayList<>();
        List<String> schema = new ArrayList<>();
        String createdAt;
        int serverVersion;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            c.setReadOnly(true);
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int")) {
                rs.next();
                createdAt = OffsetDateTime.now().toString();
                serverVersion = rs.getInt(1);
            }
            for (String name : strings(c, TABLES)) {
                List<String> columns = columns(c, name);
                String file = "db/" + name + ".copy";
                long[] rows = new long[1];
                Digested written = writeFile(folder.resolve(file), out -> rows[0] = c.unwrap(PGConnection.class)
                        .getCopyAPI().copyOut("COPY (SELECT " + String.join(", ", columns.stream()
                                .map(DatabaseBackup::quote).toList()) + " FROM " + quote(name)
                                + ") TO STDOUT (FORMAT binary)", out));
                tables.add(new BackupManifest.Table(name, columns, file, rows[0], written.bytes(), written.sha256()));
                progress.accept(String.format("表 %s: %,d 行 (%,d バイト)", name, rows[0], written.bytes()));
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(PARTITIONS)) {
                while (rs.next()) {
                    partitions.add(new BackupManifest.Partition(rs.getString(1), rs.getString(2), rs.getString(3),
                            List.of()));
                }
            }
            for (int i = 0; i < partitions.size(); i++) {
                BackupManifest.Partition p = partitions.get(i);
                List<String> indexes = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(OWN_INDEXES)) {
                    ps.setString(1, p.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            indexes.add(rs.getString(1));
                        }
                    }
                }
                partitions.set(i, new BackupManifest.Partition(p.name(), p.parent(), p.bound(), indexes));
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = current_schema()
                     ORDER BY sequencename""")) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    long value = rs.getLong(2);
                    sequences.add(new BackupManifest.Sequence(name, rs.wasNull() ? null : value));
                }
            }
            schema.addAll(strings(c, SCHEMA));
            c.rollback();
        }
        fsync(db);
        List<BackupManifest.Stored> stored = new ArrayList<>();
        for (BackedUpFiles owner : files) {
            stored.addAll(copyFiles(owner, folder.resolve("files").resolve(owner.name())));
            progress.accept("ファイル " + owner.name() + ": " + owner.path());
        }
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, createdAt, serverVersion, schema, tables,
                partitions, sequences, stored);
        Path tmp = folder.resolve(BackupManifest.FILE_NAME + ".tmp");
        writeFile(tmp, out -> out.write(JSON.writeValueAsBytes(manifest)));
        Files.move(tmp, folder.resolve(BackupManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
        fsync(folder);
        return manifest;
    }

    /** A backup is written only into a new or empty folder. */
    static void requireEmpty(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (var entries = Files.list(folder)) {
                if (entries.findAny().isPresent()) {
                    throw new IllegalArgumentException("バックアップ先のフォルダが空ではありません: " + folder
                            + "。新しいフォルダを指定してください");
                }
            }
        }
    }

    static List<BackupManifest.Stored> copyFiles(BackedUpFiles owner, Path into) throws IOException {
        List<BackupManifest.Stored> stored = new ArrayList<>();
        Path from = owner.path();
        if (!Files.exists(from)) {
            return stored;
        }
        List<Path> sources;
        if (owner.folder()) {
            try (var walk = Files.walk(from)) {
                sources = walk.filter(Files::isRegularFile).sorted().toList();
            }
        } else {
            sources = List.of(from);
        }
        for (Path source : sources) {
            String relative = owner.folder() ? from.relativize(source).toString().replace('\\', '/')
                    : source.getFileName().toString();
            Path target = into.resolve(relative);
            Files.createDirectories(target.getParent());
            Digested written;
            try (InputStream in = Files.newInputStream(source)) {
                written = writeFile(target, in::transferTo);
            }
            stored.add(new BackupManifest.Stored(owner.name(), relative, written.bytes(), written.sha256()));
        }
        return stored;
    }

    static List<String> strings(Connection c, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }

    static List<String> columns(Connection c, String table) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS)) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        return columns;
    }

    static String quote(String identifier) {
        // a double quote inside is written twice (the catalog's names have none, but a name is data here)
        return "\"" + String.join("\"\"", identifier.split("\"", -1)) + "\"";
    }

    /** What was written: its size and SHA-256 (hex). */
    record Digested(long bytes, String sha256) {
    }

    interface Writer {
        void write(OutputStream out) throws IOException, SQLException;
    }

    /** Writes a file, fsynced, counting and hashing what was written. */
    static Digested writeFile(Path file, Writer writer) throws IOException {
        MessageDigest sha = sha256();
        try (FileChannel channel = FileChannel.open(file, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE), ownerOnly(file));
                var counting = new CountingStream(new DigestOutputStream(
                        new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 1 << 16),
                        sha))) {
            writer.write(counting);
            counting.flush();
            channel.force(true);
            return new Digested(counting.count, HexFormat.of().formatHex(sha.digest()));
        } catch (SQLException e) {
            throw new IOException("データベースを読めません: " + e.getMessage(), e);
        }
    }

    /**
     * Read and write for the owner only, where the file system has POSIX permissions: a backup holds
     * every resident's data and the audit key.
     */
    static java.nio.file.attribute.FileAttribute<?>[] ownerOnly(Path file) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new java.nio.file.attribute.FileAttribute<?>[0];
        }
        return new java.nio.file.attribute.FileAttribute<?>[] {java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"))};
    }

    /** The size and SHA-256 of a file as it is on disk. */
    static Digested digest(Path file) throws IOException {
        MessageDigest sha = sha256();
        long bytes;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            bytes = in.transferTo(OutputStream.nullOutputStream());
        }
        return new Digested(bytes, HexFormat.of().formatHex(sha.digest()));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void fsync(Path folder) {
        // a folder's entry list is made durable by syncing the folder itself (where the platform allows)
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a folder as a channel; its file system commits renames itself
        }
    }

    private static final class CountingStream extends java.io.FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
