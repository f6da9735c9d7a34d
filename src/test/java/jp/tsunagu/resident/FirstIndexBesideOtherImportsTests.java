package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A master source's first import is followed by its person index's first build, which reads the source's records
 * for as long as it writes the persons (99 s were seen). Another source's import must not wait for that (issue 19,
 * 8a): a first import swaps its own partition in, which needs the record table alone for a moment, and the build
 * used to hold a lock on the whole record table for its whole transaction. The build is held here in the middle
 * of reading the records by a latch the test opens; the other source's first import completes meanwhile.
 *
 * <p>A database of its own: the person index is empty, so the registry's first snapshot is built in bulk.
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-firstindex-beside")
class FirstIndexBesideOtherImportsTests {

    static final int PERSONS = 3_000;
    static final int RECORDS = 2_000;

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    FirstIndex firstIndex;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void openTheBuild() {
        release.countDown();
        firstIndex.afterBatchRead = () -> { };
    }

    @Test
    void anotherSourcesFirstImportCompletesWhileARegistrysFirstIndexReadsItsRecords() throws Exception {
        firstIndex.afterBatchRead = () -> {
            held.countDown();
            try {
                release.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        String registry = "beside-registry-" + ProcessHandle.current().pid();
        catalog.register(registry, TestRegistry.DEFINITION);
        String program = "beside-program-" + ProcessHandle.current().pid();
        catalog.register(program, """
                name: 試験用児童手当
                program: 児童手当
                department: {id: kodomo, name: こども課, contact: 内線 1234}
                encoding: UTF-8
                header: true
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: status, column: 状態, label: 受給状態, type: code, codes: {"1": 受給中, "2": 停止}}
                """);
        List<TestRegistry.Resident> residents = new ArrayList<>();
        for (int i = 0; i < PERSONS; i++) {
            residents.add(new TestRegistry.Resident(TestRegistry.nextKey(), "山田 太郎" + i, "ヤマダ タロウ",
                    LocalDate.of(1940 + i % 60, 1 + i % 12, 1 + i % 28), "狭山市入間川" + (1 + i % 4) + "丁目"));
        }
        Path registryFile = Files.writeString(dir.resolve("registry.csv"), TestRegistry.csv(residents),
                StandardCharsets.UTF_8);
        assertThat(imports.importFile(registry, registryFile, "test", "test").status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(held.await(2, TimeUnit.MINUTES)).as("the registry's first index reads its records").isTrue();

        StringBuilder csv = new StringBuilder("宛名番号,状態\n");
        for (int i = 0; i < RECORDS; i++) {
            csv.append(residents.get(i).key()).append(",1\n");
        }
        Path programFile = Files.writeString(dir.resolve("program.csv"), csv, StandardCharsets.UTF_8);
        CompletableFuture<ImportReport> other = CompletableFuture.supplyAsync(
                () -> imports.importFile(program, programFile, "test", "test"));
        await("the other source's first import, while the registry's index is held").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(other::isDone);
        assertThat(held.getCount()).isZero();
        assertThat(release.getCount()).as("the build is still held: the import did not wait for it").isOne();
        ImportReport report = other.get();
        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.added()).isEqualTo(RECORDS);
        assertThat(count("SELECT count(*) FROM source_record WHERE source_id = '" + program + "'")).isEqualTo(RECORDS);
        assertThat(count("SELECT count(*) FROM person WHERE master_source = '" + registry + "'"))
                .as("the registry's persons are not in the index yet").isZero();

        release.countDown();
        await("the registry's first index completes").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                .until(() -> count("SELECT count(*) FROM person WHERE master_source = '" + registry + "'") == PERSONS);
        assertThat(count("SELECT count(*) FROM person_index_source WHERE source_id = '" + registry + "'")).isOne();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
