package jp.tsunagu.procedures;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The procedure registry (手続きの登録): one YAML file per life-event kind under
 * {@code tsunagu.procedures.dir} ({@code ./procedures}), read and validated when the application starts —
 * a broken file stops the start with every problem named by file and key. Without that folder the
 * registry shipped for the sample city is used (the demo's departments and sources).
 */
@Component
public class ProcedureRegistry {

    private static final Logger log = LoggerFactory.getLogger(ProcedureRegistry.class);
    static final String BUNDLED = "classpath:procedures/sample/*.yml";

    private final Map<String, EventKind> kinds;
    private final String origin;

    ProcedureRegistry(ProceduresProperties properties) {
        Path dir = properties.dir();
        List<EventKind> read = Files.isDirectory(dir) ? readFolder(dir) : readBundled();
        origin = Files.isDirectory(dir) ? dir.toAbsolutePath().toString() : "サンプル自治体の登録 (同梱)";
        check(read);
        Map<String, EventKind> ordered = new LinkedHashMap<>();
        read.stream().sorted(Comparator.comparingInt(EventKind::order).thenComparing(EventKind::id))
                .forEach(k -> ordered.put(k.id(), k));
        kinds = Map.copyOf(ordered);
        this.ordered = List.copyOf(ordered.values());
        log.info("手続きの登録: 出来事 {} 種類、手続き {} 件 ({})", kinds.size(),
                read.stream().mapToInt(k -> k.procedures().size()).sum(), origin);
    }

    private final List<EventKind> ordered;

    /** Every event kind, in the registry's order. */
    public List<EventKind> kinds() {
        return ordered;
    }

    /** The event kind with this id. */
    public Optional<EventKind> kind(String id) {
        return Optional.ofNullable(kinds.get(id));
    }

    /** Where the registry was read from: the folder, or the bundled sample. */
    public String origin() {
        return origin;
    }

    /** The kind whose 異動事由 is this label, if any. */
    Optional<EventKind> byMoveReason(String label) {
        if (label == null) {
            return Optional.empty();
        }
        return ordered.stream().filter(k -> k.detection().moveReasons().contains(label)).findFirst();
    }

    /** The kind found by this change without a new 異動事由 (address, household, removed). */
    Optional<EventKind> byChange(String change) {
        return ordered.stream().filter(k -> change.equals(k.detection().change())).findFirst();
    }

    /** The kinds found by the daily job (an age or 就学). */
    List<EventKind> dailyKinds() {
        return ordered.stream().filter(k -> k.detection().age() != null || k.detection().schoolEntry()).toList();
    }

    static List<EventKind> readFolder(Path dir) {
        List<EventKind> read = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml")).sorted().toList()) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    read.add(RegistryReader.read(id(file.getFileName().toString()), file.toString(), reader));
                } catch (ProcedureRegistryException e) {
                    problems.addAll(e.problems());
                } catch (IOException e) {
                    problems.add(file + ": 読めません (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new ProcedureRegistryException(problems);
        }
        return read;
    }

    private static List<EventKind> readBundled() {
        List<EventKind> read = new ArrayList<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(BUNDLED)) {
                try (Reader reader = new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8)) {
                    read.add(RegistryReader.read(id(r.getFilename()), "procedures/sample/" + r.getFilename(), reader));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return read;
    }

    /** Across files: one kind per 異動事由, per change and per age, and at least one kind. */
    static void check(List<EventKind> kinds) {
        List<String> problems = new ArrayList<>();
        Map<String, String> claimed = new HashMap<>();
        for (EventKind k : kinds) {
            EventKind.Detection d = k.detection();
            List<String> keys = new ArrayList<>();
            d.moveReasons().forEach(r -> keys.add("異動事由「" + r + "」"));
            if (d.change() != null) {
                keys.add("change: " + d.change());
            }
            if (d.age() != null) {
                keys.add("age: " + d.age());
            }
            if (d.schoolEntry()) {
                keys.add("schoolEntry");
            }
            for (String key : keys) {
                String other = claimed.putIfAbsent(key, k.id());
                if (other != null) {
                    problems.add(k.id() + ".yml: detect: " + key + " は " + other + ".yml にもあります (一つの出来事にしてください)");
                }
            }
        }
        if (kinds.isEmpty()) {
            problems.add("手続きの登録に出来事のファイル (*.yml) が一つもありません");
        }
        if (!problems.isEmpty()) {
            throw new ProcedureRegistryException(problems);
        }
    }

    private static String id(String fileName) {
        return fileName.replaceFirst("\\.ya?ml$", "");
    }
}
