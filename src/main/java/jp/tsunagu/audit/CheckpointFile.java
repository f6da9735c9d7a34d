package jp.tsunagu.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The checkpoint file ({@code tsunagu.audit.checkpoint-file}, チェックポイントファイル): one signed line
 * per checkpoint, appended by every Tsunagu process that shares the folder (the web application and
 * the command line), under a file lock so that lines never interleave.
 */
@Component
class CheckpointFile {

    /** A line that is not a valid checkpoint: unreadable, or its signature does not hold. */
    record Problem(int line, long seq, String reason) {
    }

    /** What the file holds: the valid checkpoints in file order, and the lines that are not. */
    record Contents(List<Checkpoint> checkpoints, List<Problem> problems) {

        /** The checkpoint furthest along the chain. */
        Optional<Checkpoint> latest() {
            return checkpoints.stream().max(Comparator.comparingLong(Checkpoint::seq));
        }

        /**
         * Rows up to the first checkpoint may be of the unkeyed, earlier form; every later row must be
         * keyed (no checkpoint: no limit).
         */
        long unkeyedAllowedUpTo() {
            return checkpoints.stream().mapToLong(Checkpoint::seq).min().orElse(Long.MAX_VALUE);
        }
    }

    /**
     * A file lock is held by the whole JVM: a second lock on the same file from another thread of this JVM throws
     * (OverlappingFileLockException) instead of waiting, so the threads of this JVM take turns first.
     */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> IN_THIS_JVM =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final AuditKeys keys;

    CheckpointFile(AuditProperties properties, AuditKeys keys) {
        this.file = properties.checkpointFile();
        this.keys = keys;
    }

    Path path() {
        return file;
    }

    Contents read() {
        if (!Files.exists(file)) {
            return new Contents(List.of(), List.of());
        }
        List<Checkpoint> checkpoints = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        try {
            List<String> lines = lines();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                Checkpoint checkpoint;
                try {
                    checkpoint = Checkpoint.parse(lines.get(i));
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(i + 1, 0, e.getMessage()));
                    continue;
                }
                Optional<AuditKeys.Key> key = keys.byId(checkpoint.keyId());
                if (key.isEmpty()) {
                    problems.add(new Problem(i + 1, checkpoint.seq(),
                            "署名した鍵 " + checkpoint.keyId() + " が鍵束にありません"));
                } else if (!checkpoint.signedBy(key.get())) {
                    problems.add(new Problem(i + 1, checkpoint.seq(), "署名が合いません (書き換えられています)"));
                } else {
                    checkpoints.add(checkpoint);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("チェックポイントファイルを読めません: " + file, e);
        }
        return new Contents(List.copyOf(checkpoints), List.copyOf(problems));
    }

    /** The file's lines, read under a shared lock: never half a line that another process is appending. */
    private List<String> lines() throws IOException {
        synchronized (turn()) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
                    FileLock lock = channel.lock(0, Long.MAX_VALUE, true)) {
                return Files.readAllLines(file, StandardCharsets.UTF_8);
            }
        }
    }

    private Object turn() {
        return IN_THIS_JVM.computeIfAbsent(file.toAbsolutePath().normalize(), p -> new Object());
    }

    void append(Checkpoint checkpoint) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        synchronized (turn()) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND); FileLock lock = channel.lock()) {
                channel.write(ByteBuffer.wrap((checkpoint.line() + "\n").getBytes(StandardCharsets.UTF_8)));
                channel.force(true);
            }
        }
    }
}
