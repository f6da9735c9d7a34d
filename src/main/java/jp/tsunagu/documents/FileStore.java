package jp.tsunagu.documents;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Where encrypted files are kept (保存先): the file system by default ({@link FileSystemStore}), or object storage
 * (an S3 API, {@link S3Store}) by {@code tsunagu.documents.store=s3}. A file is always written whole to a local
 * temporary file first ({@link #temporaryFile()}), then handed over with {@link #put}, durably, before the row
 * that names it commits.
 */
interface FileStore {

    /** One stored file as a listing sees it. */
    record Stored(String name, Instant modified) {
    }

    /** A new local temporary file to write an encrypted file into before {@link #put}. */
    Path temporaryFile() throws IOException;

    /**
     * Makes the written temporary file the stored file of this name, durably and whole (on the file system: the
     * file fsynced, renamed, its folder fsynced; on S3: one put, which S3 shows only whole). A file already of this name holds the same content and is replaced.
     */
    void put(Path written, String name) throws IOException;

    /** Whether a file of this name is stored. */
    boolean exists(String name);

    /** Reads a stored file. */
    InputStream open(String name) throws IOException;

    /** The raw bytes as stored (encrypted), for checks. */
    byte[] raw(String name) throws IOException;

    /** Removes a stored file; no error when it is not there. */
    void delete(String name) throws IOException;

    /** Every stored file. */
    List<Stored> list() throws IOException;

    /** Temporary files left behind (an upload interrupted before its rename). */
    List<Stored> leftovers() throws IOException;

    /** Removes a temporary file left behind. */
    void deleteLeftover(String name) throws IOException;

    /** Where the files are, for messages. */
    String describe();
}
