package jp.tsunagu.resident;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture: a small 住民記録 of a test's own — a uniquely named master source (UTF-8, ISO dates)
 * holding exactly the residents the test names, imported and indexed.
 */
final class TestRegistry {

    /** One resident as the registry lists them. */
    record Resident(String key, String name, String kana, LocalDate born, String address) {
    }

    static final String DEFINITION = """
            name: 試験用住民記録
            program: 住民基本台帳
            department: {id: shimin, name: 市民課, contact: 内線 1210}
            role: resident-registry
            encoding: UTF-8
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            recordKey: [宛名番号]
            fields:
              - {name: name, column: 氏名, label: 氏名, type: text}
              - {name: kana, column: カナ氏名, label: カナ氏名, type: text}
              - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [iso]}
              - {name: address, column: 住所, label: 住所, type: text}
            master: {name: name, kana: kana, birthDate: birth_date, address: address}
            """;

    private static final AtomicInteger SOURCES = new AtomicInteger();
    private static final AtomicLong KEYS = new AtomicLong(9_000_000_000L);

    private TestRegistry() {
    }

    /** A person key no other resident of this test JVM has. */
    static String nextKey() {
        return Long.toString(KEYS.incrementAndGet());
    }

    /** The registry's file: a header and one line per resident. */
    static String csv(List<Resident> residents) {
        StringBuilder csv = new StringBuilder("宛名番号,氏名,カナ氏名,生年月日,住所\n");
        residents.forEach(r -> csv.append(String.join(",", r.key(), r.name(), r.kana(), r.born().toString(),
                r.address())).append('\n'));
        return csv.toString();
    }

    /** Registers a registry of its own, imports the residents and waits until the index holds them. */
    static void importResidents(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc, Path dir,
            List<Resident> residents) {
        String id = "test-registry-" + ProcessHandle.current().pid() + "-" + SOURCES.incrementAndGet();
        catalog.register(id, DEFINITION);
        try {
            Path file = Files.writeString(dir.resolve(id + ".csv"), csv(residents), StandardCharsets.UTF_8);
            imports.importFile(id, file, "test", "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> keys = residents.stream().map(Resident::key).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM person WHERE master_source = :s AND person_key IN (:k)")
                .param("s", id).param("k", keys).query(Long.class).single() == keys.size());
    }
}
