package jp.tsunagu.documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The store's consistency check (保存先の検査), {@code documents check [--repair]}: files without a row (an upload
 * interrupted between its rename and its commit), temporary files left behind (interrupted before the rename),
 * contents no file or row names any more (a disposal interrupted), and rows whose file is missing (lost from the
 * disk: only a backup brings it back). It holds the store's exclusive lock, so uploads wait for it and none is
 * taken for an orphan halfway. With repair, what can be repaired is: orphan and temporary files deleted,
 * unreferenced contents deleted with their files.
 */
@Component
class StoreCheck {

    /** What the check found, and what it repaired. */
    record Result(List<String> orphanFiles, List<String> leftovers, List<String> unreferenced, List<String> missing,
            boolean repaired) {

        boolean clean() {
            return orphanFiles.isEmpty() && leftovers.isEmpty() && unreferenced.isEmpty() && missing.isEmpty();
        }

        /** Whether something is wrong that a repair cannot put right. */
        boolean lost() {
            return !missing.isEmpty();
        }
    }

    private final JdbcClient jdbc;
    private final FileStore files;
    private final TransactionTemplate transactions;

    StoreCheck(JdbcClient jdbc, FileStore files, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.files = files;
        this.transactions = transactions;
    }

    Result run(boolean repair) {
        return transactions.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:k)").param("k", ContentStore.LOCK).query(Object.class).single();
            try {
                return check(repair);
            } catch (IOException e) {
                throw new UncheckedIOException("添付ファイルの保存先を検査できません: " + files.describe(), e);
            }
        });
    }

    private Result check(boolean repair) throws IOException {
        Map<String, byte[]> rows = new HashMap<>();
        jdbc.sql("SELECT storage_name, content_hash FROM document_content")
                .query((rs, i) -> rows.put(rs.getString(1), rs.getBytes(2))).list();
        Set<String> referenced = jdbc.sql("""
                SELECT c.storage_name FROM document_content c
                 WHERE EXISTS (SELECT 1 FROM document d WHERE d.content_hash = c.content_hash
                                  OR d.thumbnail_hash = c.content_hash OR d.original_hash = c.content_hash)""")
                .query(String.class).set();
        Set<String> stored = files.list().stream().map(FileStore.Stored::name).collect(Collectors.toSet());

        List<String> orphanFiles = stored.stream().filter(n -> !rows.containsKey(n)).sorted().toList();
        List<String> leftovers = files.leftovers().stream().map(FileStore.Stored::name).sorted().toList();
        List<String> unreferenced = rows.keySet().stream().filter(n -> !referenced.contains(n)).sorted().toList();
        List<String> missing = rows.keySet().stream().filter(n -> referenced.contains(n) && !stored.contains(n))
                .sorted().toList();
        if (repair) {
            for (String name : orphanFiles) {
                files.delete(name);
            }
            for (String name : leftovers) {
                files.deleteLeftover(name);
            }
            List<byte[]> hashes = new ArrayList<>();
            unreferenced.forEach(n -> hashes.add(rows.get(n)));
            for (byte[] hash : hashes) {
                jdbc.sql("DELETE FROM document_content WHERE content_hash = :h").param("h", hash).update();
            }
            for (String name : unreferenced) {
                files.delete(name);
            }
        }
        return new Result(orphanFiles, leftovers, unreferenced, missing, repair);
    }

    /** The documents whose file is missing, for the report: id, person and title. */
    List<String> documentsOf(List<String> storageNames) {
        if (storageNames.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                SELECT d.id, d.person_key, d.title FROM document d JOIN document_content c
                    ON c.content_hash IN (d.content_hash, d.thumbnail_hash, d.original_hash)
                 WHERE c.storage_name = ANY(:n) ORDER BY d.id""")
                .param("n", storageNames.toArray(String[]::new))
                .query((rs, i) -> "添付 " + rs.getLong(1) + " (宛名番号 " + rs.getString(2) + ")").list();
    }

    static String shortName(String name) {
        return name.length() > 16 ? name.substring(0, 16) + "…" : name;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
