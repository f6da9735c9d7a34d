package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The person index follows the master sources' imports, keeping what persons were before. */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-resident")
class ResidentIndexTests {

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    ResidentIndex index;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void mastersFillTheIndexAndTheNextDayMovesAndEndsPersons() {
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, 7L, dir.resolve("d1"));
        GenerationResult day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, 7L, dir.resolve("d2"));
        catalog.registerFolder(dir.resolve("d1").resolve("sources"));
        GenerationResult.SourceFile registry1 = file(day1, "jumin-kiroku");
        GenerationResult.SourceFile others1 = file(day1, "jutogai");
        imports.importFile("jumin-kiroku", registry1.file(), "test", "test");
        imports.importFile("jutogai", others1.file(), "test", "test");

        waitUntil(() -> count("SELECT count(*) FROM person WHERE status = '住民'") == registry1.rows()
                && count("SELECT count(*) FROM person WHERE status = '住登外'") > 0);
        assertThat(count("SELECT count(*) FROM person WHERE status = '住登外'")).isLessThanOrEqualTo(others1.rows());
        assertThat(count("SELECT count(*) FROM person WHERE kana_key IS NULL OR kana_key !~ '^[ァ-ヶー]+$'")).isZero();
        assertThat(count("SELECT count(*) FROM person WHERE status = '住民' AND birth_date IS NULL")).isZero();
        String key = jdbc.sql("SELECT person_key FROM person WHERE status = '住民' ORDER BY person_key LIMIT 1")
                .query(String.class).single();
        Person person = index.find(key).orElseThrow();
        assertThat(person.name()).isNotBlank();
        assertThat(person.sex()).isIn("男", "女");
        assertThat(count("SELECT count(*) FROM person WHERE support_measure")).as("支援措置 persons of the sample")
                .isPositive().isLessThan(20);

        ImportReport next = imports.importFile("jumin-kiroku", file(day2, "jumin-kiroku").file(), "test", "test");
        assertThat(next.ended()).isPositive();
        long run = next.runId();
        waitUntil(() -> count("SELECT count(*) FROM person WHERE updated_run = " + run) >= next.added() + next.ended());
        assertThat(count("SELECT count(*) FROM person WHERE status = '消除' AND NOT registered"))
                .isEqualTo(next.ended());
        assertThat(count("SELECT count(*) FROM person WHERE status = '住民'"))
                .isEqualTo(file(day2, "jumin-kiroku").rows());
        assertThat(count("SELECT count(*) FROM person_history WHERE replaced_by_run = " + run))
                .as("changed persons keep their previous name or address").isPositive()
                .isLessThanOrEqualTo(next.changed());
    }

    private static GenerationResult.SourceFile file(GenerationResult day, String id) {
        return day.sources().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 30 s").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
