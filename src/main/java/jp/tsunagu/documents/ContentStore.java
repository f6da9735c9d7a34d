package jp.tsunagu.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Content-addressed storage (内容による保存): a content is stored once, under a name derived from the SHA-256
 * of its plaintext, encrypted; its row in {@code document_content} is written in the caller's transaction only
 * after the file is durably in place. Writers hold a shared advisory lock for their transaction and whoever
 * deletes files ({@code documents check --repair}, disposal) the exclusive one, so a check never takes a file
 * that an upload is about to commit for an orphan.
 */
@Component
class ContentStore {

    /** The advisory lock of the store (an arbitrary number of this module's own). */
    static final long LOCK = 0x7473_676e_646f_6331L;

    /** One stored content. */
    record Content(byte[] hash, String storageName, long size, String mediaType) {
    }

    /** A content as {@link #store} left it, and whether it was there already (the same bytes stored before). */
    record Stored(Content content, boolean reused) {
    }

    private final JdbcClient jdbc;
    private final FileStore files;
    private final FileCipher cipher;
    private final DocumentKeys keys;
    private final org.springframework.transaction.support.TransactionTemplate transactions;

    ContentStore(JdbcClient jdbc, FileStore files, FileCipher cipher, DocumentKeys keys,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        this.transactions = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.transactions.setPropagationBehavior(
                org.springframework.transaction.TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.files = files;
        this.cipher = cipher;
        this.keys = keys;
    }

    /**
     * Stores the plaintext (once: the same bytes again reuse the stored file) and returns its content; must run
     * in the transaction that writes the rows naming it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Stored store(byte[] plaintext, String mediaType) throws IOException {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(:k)").param("k", LOCK).query(Object.class).single();
        byte[] hash = DocumentKeys.sha256(plaintext);
        String name = keys.storageName(hash);
        Optional<Content> known = find(hash);
        if (known.isPresent() && files.exists(name)) {
            return new Stored(known.get(), true);
        }
        Path tmp = files.temporaryFile();
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                cipher.encrypt(plaintext, out);
            }
            files.put(tmp, name);
        } finally {
            Files.deleteIfExists(tmp);
        }
        jdbc.sql("""
                INSERT INTO document_content (content_hash, storage_name, size, media_type)
                VALUES (:h, :n, :s, :m) ON CONFLICT (content_hash) DO NOTHING""")
                .param("h", hash).param("n", name).param("s", (long) plaintext.length).param("m", mediaType)
                .update();
        return new Stored(new Content(hash, name, plaintext.length, mediaType), known.isPresent());
    }

    /**
     * Deletes the files of these contents that no committed row names (after an upload's transaction failed),
     * holding the store's exclusive lock, so that no upload of the same content is between its rename and its
     * commit meanwhile.
     */
    void discardUnreferenced(java.util.List<byte[]> hashes) {
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("SELECT pg_advisory_xact_lock(:k)").param("k", LOCK).query(Object.class).single();
                for (byte[] hash : hashes) {
                    if (find(hash).isEmpty()) {
                        try {
                            files.delete(keys.storageName(hash));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }
            });
        } catch (RuntimeException e) {
            // what is left is an orphan that documents check finds; the upload's own failure is what the caller reports
            org.slf4j.LoggerFactory.getLogger(ContentStore.class).warn("登録に失敗したファイルを片付けられませんでした"
                    + " (documents check --repair で片付けてください): {}", e.toString());
        }
    }

    /** The stored content of this hash, if any. */
    Optional<Content> find(byte[] hash) {
        return jdbc.sql("SELECT content_hash, storage_name, size, media_type FROM document_content WHERE content_hash = :h")
                .param("h", hash)
                .query((rs, i) -> new Content(rs.getBytes(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .optional();
    }

    /**
     * The stored contents of these hashes, in one query (a page's thumbnails), keyed by the hash in hex; a hash
     * nothing is stored under is absent.
     */
    java.util.Map<String, Content> findAll(java.util.Collection<byte[]> hashes) {
        if (hashes.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, Content> found = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT content_hash, storage_name, size, media_type FROM document_content
                 WHERE content_hash IN (SELECT decode(h, 'hex') FROM unnest(CAST(:h AS text[])) h)""")
                .param("h", hashes.stream().map(java.util.HexFormat.of()::formatHex).toArray(String[]::new))
                .query((rs, i) -> new Content(rs.getBytes(1), rs.getString(2), rs.getLong(3), rs.getString(4)))
                .list().forEach(c -> found.put(java.util.HexFormat.of().formatHex(c.hash()), c));
        return found;
    }

    /** The plaintext of a stored content, as a stream (decrypted as it is read). */
    InputStream open(Content content) throws IOException {
        return cipher.decrypt(files.open(content.storageName()));
    }

    /** The whole plaintext of a stored content. */
    byte[] read(Content content) throws IOException {
        try (InputStream in = open(content)) {
            return in.readAllBytes();
        }
    }
}
