package jp.tsunagu;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.springframework.util.FileSystemUtils;

/**
 * The class path of a JVM a test starts (子プロセスのJVM: the application killed, stopped or run as a command),
 * with a class-data-sharing archive of the classes the application loads when it starts: about 35 such JVMs a
 * CI run, each of which spent seconds loading and verifying the same 15,000 classes (a start 11 → 9 s on a quiet
 * machine, more on a busy one).
 *
 * <p>The archive is made once a build, by one start of the application that ends when it has started
 * ({@code -XX:ArchiveClassesAtExit}), under a file lock that the other test JVM waits on. The JVM archives classes
 * from jars only, so the class path's folders ({@code target/classes}, {@code target/test-classes}) are given as
 * jars of themselves; the folder is named by a digest of the class path and of its folders' files, so that a
 * recompiled class makes a new archive. A child JVM that cannot use the archive ({@code -Xshare:auto}) loads its
 * classes as before; where no archive could be made, the class path is the test JVM's own.
 */
public final class ChildJvm {

    private static List<String> options;

    private ChildJvm() {
    }

    /** The options that give a child JVM the test JVM's classes: {@code -cp …}, with the archive when there is one. */
    public static synchronized List<String> classPath() {
        if (options == null) {
            options = prepare();
        }
        return options;
    }

    private static List<String> prepare() {
        String classPath = System.getProperty("java.class.path");
        List<String> plain = List.of("-cp", classPath);
        try {
            Path root = Path.of("target", "child-jvm").toAbsolutePath();
            Path folder = root.resolve(digest(classPath));
            Files.createDirectories(folder);
            try (FileChannel channel = FileChannel.open(folder.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
                Path done = folder.resolve("done");
                Path archive = folder.resolve("app.jsa");
                Map<String, Path> jars = jarsOf(classPath, folder);
                String jarred = String.join(java.io.File.pathSeparator, Stream.of(classPath.split(java.io.File.pathSeparator))
                        .map(e -> jars.containsKey(e) ? jars.get(e).toString() : e).toList());
                if (!Files.exists(done)) {
                    deleteOthers(root, folder);
                    Files.deleteIfExists(archive);
                    writeJars(jars);
                    train(jarred, folder, archive);
                    Files.writeString(done, Files.exists(archive) ? "archive" : "none");
                }
                return Files.exists(archive)
                        ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-cp", jarred) : plain;
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("ChildJvm: no class-data-sharing archive for child JVMs (" + e + ")");
            return plain;
        }
    }

    /** The class path's folders, each with the jar in {@code folder} that stands for it. */
    private static Map<String, Path> jarsOf(String classPath, Path folder) {
        Map<String, Path> jars = new LinkedHashMap<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            if (Files.isDirectory(Path.of(entry))) {
                jars.put(entry, folder.resolve("folder-" + jars.size() + ".jar"));
            }
        }
        return jars;
    }

    private static void writeJars(Map<String, Path> jars) throws IOException {
        for (Map.Entry<String, Path> jar : jars.entrySet()) {
            Path dir = Path.of(jar.getKey());
            try (OutputStream out = Files.newOutputStream(jar.getValue()); JarOutputStream jarOut = new JarOutputStream(out);
                    Stream<Path> files = Files.walk(dir)) {
                for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                    String name = dir.relativize(file).toString().replace(java.io.File.separatorChar, '/');
                    if (name.isEmpty()) {
                        continue;
                    }
                    if (Files.isDirectory(file)) {
                        jarOut.putNextEntry(new JarEntry(name + "/"));
                    } else {
                        jarOut.putNextEntry(new JarEntry(name));
                        Files.copy(file, jarOut);
                    }
                    jarOut.closeEntry();
                }
            }
        }
    }

    /**
     * One start of the application on a throw-away folder, ended (SIGTERM) once it has started: at its exit the
     * JVM writes the classes it loaded into the archive.
     */
    private static void train(String jarred, Path folder, Path archive) throws IOException {
        Path work = folder.resolve("training");
        Path partial = folder.resolve("app.jsa.partial");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8",
                "-XX:ArchiveClassesAtExit=" + partial, "-cp", jarred, "jp.tsunagu.TsunaguApplication",
                "--server.port=0", "--tsunagu.database.data-dir=" + work.resolve("pg"),
                "--tsunagu.importing.sources-dir=" + work.resolve("sources"),
                "--tsunagu.importing.inbox-dir=" + work.resolve("inbox"),
                "--tsunagu.evacuation.dir=" + work.resolve("evacuation"),
                "--tsunagu.audit.key-file=" + work.resolve("audit.key"),
                "--tsunagu.audit.checkpoint-file=" + work.resolve("checkpoints.log"),
                "--tsunagu.documents.files-dir=" + work.resolve("files"),
                "--tsunagu.documents.key-file=" + work.resolve("documents.key")));
        Files.createDirectories(work);
        Path log = work.resolve("training.log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("TSUNAGU_ADMIN_PASSWORD", "Child-jvm-training-1");
        Process process = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(4);
            boolean started = false;
            while (!started && process.isAlive() && System.nanoTime() < deadline) {
                started = Files.readString(log, StandardCharsets.UTF_8).contains("Started TsunaguApplication");
                if (!started) {
                    process.waitFor(200, TimeUnit.MILLISECONDS);
                }
            }
            process.destroy();
            boolean ended = process.waitFor(2, TimeUnit.MINUTES);
            if (started && ended && Files.exists(partial) && Files.size(partial) > 0) {
                Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE);
            } else {
                System.err.println("ChildJvm: the training start made no archive: "
                        + Files.readString(log, StandardCharsets.UTF_8).lines().reduce((a, b) -> b).orElse(""));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            FileSystemUtils.deleteRecursively(work);
            Files.deleteIfExists(partial);
        }
    }

    /** A digest of the class path and of the names, sizes and times of its folders' files. */
    private static String digest(String classPath) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(classPath.getBytes(StandardCharsets.UTF_8));
            sha.update(System.getProperty("java.home").getBytes(StandardCharsets.UTF_8));
            for (String entry : classPath.split(java.io.File.pathSeparator)) {
                Path dir = Path.of(entry);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                            sha.update((file + "\t" + Files.size(file) + "\t" + Files.getLastModifiedTime(file).toMillis()
                                    + "\n").getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The archives of earlier builds: 80 MB each. */
    private static void deleteOthers(Path root, Path keep) throws IOException {
        try (Stream<Path> others = Files.list(root)) {
            for (Path other : (Iterable<Path>) others.filter(p -> !p.equals(keep))::iterator) {
                FileSystemUtils.deleteRecursively(other);
            }
        }
    }
}
