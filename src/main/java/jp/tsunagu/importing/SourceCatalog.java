package jp.tsunagu.importing;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The sources the hub knows (連携元一覧): read from the sources folder at start-up, validated, and
 * registered in the database.
 */
@Service
public class SourceCatalog {

    private static final Logger log = LoggerFactory.getLogger(SourceCatalog.class);

    private final JdbcClient jdbc;
    private final ImportingProperties properties;
    private final Map<String, SourceDefinition> sources = new ConcurrentSkipListMap<>();
    /** Counts the changes of {@link #sources}: a kept {@link #masterIds()} is good while it has not moved. */
    private final java.util.concurrent.atomic.AtomicLong changes = new java.util.concurrent.atomic.AtomicLong();
    private volatile MasterIds masterIds = new MasterIds(-1, List.of());

    /** The master sources' ids as they were at {@code change}. */
    private record MasterIds(long change, List<String> ids) {
    }

    SourceCatalog(JdbcClient jdbc, ImportingProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * Knows again the sources registered before (their definitions are kept in the database), then
     * reads every definition in the configured folder, which wins; refuses to start on any error.
     */
    @Transactional
    public void loadConfiguredFolder() {
        jdbc.sql("SELECT source_id, definition FROM source ORDER BY source_id")
                .query((rs, i) -> SourceDefinitionReader.read(rs.getString(1), "(登録済み) " + rs.getString(1) + ".yml",
                        new StringReader(rs.getString(2))))
                .list()
                .forEach(this::remember);
        Path dir = properties.sourcesDir();
        if (!Files.isDirectory(dir)) {
            log.info("連携元の定義フォルダ {} はまだありません", dir.toAbsolutePath());
            return;
        }
        registerFolder(dir);
    }

    /** Reads and registers every {@code *.yml} in a folder, all or none. */
    @Transactional
    public List<SourceDefinition> registerFolder(Path dir) {
        List<SourceDefinition> read = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".yml"))
                    .sorted(Comparator.naturalOrder()).toList()) {
                try {
                    read.add(SourceDefinitionReader.read(file));
                } catch (SourceDefinitionException e) {
                    problems.addAll(e.problems());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new SourceDefinitionException(problems);
        }
        checkConsistentPersonKeys(read);
        for (SourceDefinition definition : read) {
            store(definition, readText(dir.resolve(definition.id() + ".yml")));
            whereaboutsWarnings(definition, dir.resolve(definition.id() + ".yml").toString()).forEach(log::warn);
        }
        log.info("連携元 {} 件を読み込みました ({})", read.size(), dir);
        return read;
    }

    /** Registers one definition given as YAML text (tests, the admin screen). */
    @Transactional
    public SourceDefinition register(String id, String yaml) {
        SourceDefinition definition = SourceDefinitionReader.read(id, id + ".yml", new StringReader(yaml));
        List<SourceDefinition> all = new ArrayList<>(sources.values());
        all.removeIf(s -> s.id().equals(id));
        all.add(definition);
        checkConsistentPersonKeys(all);
        store(definition, yaml);
        whereaboutsWarnings(definition, id + ".yml").forEach(log::warn);
        return definition;
    }

    /**
     * The warnings for columns that look like an address, phone, postcode, school or workplace but
     * have no {@code kind} (支援措置 protection would not withhold them), naming the file and the column.
     */
    public static List<String> whereaboutsWarnings(SourceDefinition definition, String file) {
        return definition.unmarkedWhereabouts().stream()
                .map(f -> file + ": 列「" + f.column() + "」(" + f.label() + ") は住所・電話番号などに見えますが、種類 (kind) が"
                        + "ありません。支援措置の対象者に対して非表示にするには kind: address などを書いてください (docs/sources.md)")
                .toList();
    }

    /**
     * The source's definition; one registered before and not yet read again at this start is read from
     * the database (an event left unfinished by a crash is handed to its listeners again while the
     * context starts, before the start-up reads the definitions folder: the person index of a master
     * once failed there with 「連携元 … は定義されていません」).
     */
    public Optional<SourceDefinition> find(String id) {
        SourceDefinition known = sources.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<SourceDefinition> stored = jdbc.sql("SELECT definition FROM source WHERE source_id = :id")
                .param("id", id).query(String.class).optional()
                .map(yaml -> SourceDefinitionReader.read(id, "(登録済み) " + id + ".yml", new StringReader(yaml)));
        stored.ifPresent(d -> {
            // not over a definition registered meanwhile
            if (sources.putIfAbsent(id, d) == null) {
                changes.incrementAndGet();
            }
        });
        return stored;
    }

    public SourceDefinition get(String id) {
        return find(id).orElseThrow(() -> new UnknownSourceException(id));
    }

    public Collection<SourceDefinition> all() {
        return List.copyOf(sources.values());
    }

    /**
     * The ids of the master sources ({@link SourceRole#isMaster()}), in id order: asked at every
     * search (whether each has its first index), so kept until a source is registered, not copied from the
     * catalog each time.
     */
    public List<String> masterIds() {
        long change = changes.get();
        MasterIds kept = masterIds;
        if (kept.change() == change) {
            return kept.ids();
        }
        List<String> ids = sources.values().stream().filter(s -> s.role().isMaster()).map(SourceDefinition::id).toList();
        // a source registered while this ran moved the count past change: the next call reads the catalog again
        masterIds = new MasterIds(change, ids);
        return ids;
    }

    /** Every source of one hub must bring person keys into the same form, or one person becomes two. */
    private void checkConsistentPersonKeys(List<SourceDefinition> definitions) {
        List<SourceDefinition> all = new ArrayList<>(sources.values());
        for (SourceDefinition d : definitions) {
            all.removeIf(s -> s.id().equals(d.id()));
            all.add(d);
        }
        var forms = all.stream().map(s -> s.personKey().normalisation() + "/" + s.personKey().digits()).distinct()
                .toList();
        if (forms.size() > 1) {
            List<String> problems = all.stream().map(s -> s.id() + ".yml: personKey: normalise="
                    + s.personKey().normalisation().name().toLowerCase().replace('_', '-') + ", digits="
                    + s.personKey().digits()).toList();
            List<String> message = new ArrayList<>();
            message.add("すべての連携元で宛名番号の正規化 (personKey.normalise と digits) をそろえてください");
            message.addAll(problems);
            throw new SourceDefinitionException(message);
        }
    }

    private void store(SourceDefinition d, String yaml) {
        boolean known = jdbc.sql("SELECT count(*) FROM source WHERE source_id = :id").param("id", d.id())
                .query(Integer.class).single() > 0;
        if (known) {
            jdbc.sql("""
                    UPDATE source SET name = :name, program = :program, department = :dept, contact = :contact,
                        role = :role, definition = :yaml, updated_at = now()
                     WHERE source_id = :id
                    """)
                    .param("id", d.id()).param("name", d.name()).param("program", d.program())
                    .param("dept", d.department().name()).param("contact", d.department().contact())
                    .param("role", d.role().name()).param("yaml", yaml)
                    .update();
        } else {
            String partition = "source_record_" + jdbc.sql("SELECT nextval('source_partition_seq')")
                    .query(Long.class).single();
            jdbc.sql("""
                    INSERT INTO source (source_id, name, program, department, contact, role, definition, partition_table)
                    VALUES (:id, :name, :program, :dept, :contact, :role, :yaml, :partition)
                    """)
                    .param("id", d.id()).param("name", d.name()).param("program", d.program())
                    .param("dept", d.department().name()).param("contact", d.department().contact())
                    .param("role", d.role().name()).param("yaml", yaml).param("partition", partition)
                    .update();
            // the id is validated to [a-z0-9_-], so it is safe as a literal
            jdbc.sql("CREATE TABLE " + partition + " PARTITION OF source_record FOR VALUES IN ('" + d.id() + "')")
                    .update();
            jdbc.sql("CREATE UNIQUE INDEX " + partition + "_key ON " + partition + " (key_hash) INCLUDE (row_hash, raw_hash)")
                    .update();
        }
        remember(d);
    }

    /** Knows the definition from now on, counted as a change ({@link #masterIds()} reads the catalog again). */
    private void remember(SourceDefinition d) {
        sources.put(d.id(), d);
        changes.incrementAndGet();
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
