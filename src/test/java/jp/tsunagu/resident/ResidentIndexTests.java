package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.DayEvents;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The person index follows the master sources' imports, keeping what persons were before. The
 * numbers come from the sample city's generator (its residents and the day's events) and from the
 * imported records, so that every count is exact.
 */
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
        assertThat(registry1.rows()).as("one registry row per resident").isEqualTo(day1.residents());
        imports.importFile("jumin-kiroku", registry1.file(), "test", "test");
        imports.importFile("jutogai", others1.file(), "test", "test");

        // the registry wins for a person in both masters: the non-residents are the others
        long nonResidents = count("""
                SELECT count(DISTINCT person_key) FROM source_record WHERE source_id = 'jutogai'
                   AND person_key NOT IN (SELECT person_key FROM source_record WHERE source_id = 'jumin-kiroku')""");
        assertThat(nonResidents).isPositive().isLessThanOrEqualTo(others1.rows());
        waitUntil("both masters indexed", () -> count("SELECT count(*) FROM person WHERE status = '住民'") == day1.residents()
                && count("SELECT count(*) FROM person WHERE status = '住登外'") == nonResidents);
        assertThat(count("SELECT count(*) FROM person")).isEqualTo(day1.residents() + nonResidents);
        assertThat(count("SELECT count(*) FROM person WHERE kana_key IS NULL OR kana_key !~ '^[ァ-ヶー]+$'")).isZero();
        assertThat(count("SELECT count(*) FROM person WHERE status = '住民' AND birth_date IS NULL")).isZero();
        String key = jdbc.sql("SELECT person_key FROM person WHERE status = '住民' ORDER BY person_key LIMIT 1")
                .query(String.class).single();
        Person person = index.find(key).orElseThrow();
        assertThat(person.name()).isNotBlank();
        assertThat(person.sex()).isIn("男", "女");
        long marked = count("""
                SELECT count(*) FROM source_record WHERE source_id = 'jumin-kiroku'
                   AND coalesce(data->>'support_measure', '0') NOT IN ('', '0')""");
        assertThat(marked).as("支援措置 rows of the sample registry").isPositive();
        assertThat(count("SELECT count(*) FROM person WHERE support_measure")).as("支援措置 persons of the sample")
                .isEqualTo(marked);

        ImportReport next = imports.importFile("jumin-kiroku", file(day2, "jumin-kiroku").file(), "test", "test");
        DayEvents events = day2.events();
        assertThat(events.registryAdded()).as("births and arrivals on day 2").isPositive();
        assertThat(events.registryChanged()).as("moves within the city on day 2").isPositive();
        assertThat(events.deaths() + events.movedOut()).as("deaths and departures on day 2").isPositive();
        assertThat(events.registryEnded()).as("their 除票 stay in the export").isZero();
        assertThat(next.added()).isEqualTo(events.registryAdded());
        assertThat(next.changed()).isEqualTo(events.registryChanged());
        assertThat(next.ended()).isEqualTo(events.registryEnded());
        long run = next.runId();
        long touched = next.added() + next.changed() + next.ended();
        waitUntil("day 2 indexed", () -> count("SELECT count(*) FROM person WHERE updated_run = " + run) == touched);
        // the day's new and changed persons are in the GIN indexes themselves, not in a pending list that every
        // search would read to its end (cleaning it again finds nothing to move)
        java.util.List<String> gin = jdbc.sql("""
                SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                  JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'person'::regclass AND a.amname = 'gin'
                 ORDER BY 1""").query(String.class).list();
        assertThat(gin).contains("person_by_grams", "person_by_kana_year");
        for (String index : gin) {
            assertThat(count("SELECT gin_clean_pending_list('" + index + "'::regclass)")).as("pending pages of " + index)
                    .isZero();
        }
        assertThat(count("SELECT count(*) FROM person WHERE status = '消除' AND NOT registered"))
                .as("a 除票 (異動事由 死亡・転出) is no longer registered").isEqualTo(events.deaths() + events.movedOut());
        assertThat(count("SELECT count(*) FROM person WHERE status = '住民'")).isEqualTo(day2.residents())
                .isEqualTo(file(day2, "jumin-kiroku").rows() - events.deaths() - events.movedOut());

        // a history row for each person whose name, kana, address, 方書 or household changed, and for
        // each newcomer the index knew before (as 住登外); nobody else
        long renamedOrMoved = count("""
                SELECT count(*) FROM record_change_detail WHERE run_id = %d AND kind = 'C'
                   AND (before->>'name' IS DISTINCT FROM after->>'name' OR before->>'kana' IS DISTINCT FROM after->>'kana'
                     OR before->>'address' IS DISTINCT FROM after->>'address'
                     OR before->>'katagaki' IS DISTINCT FROM after->>'katagaki'
                     OR before->>'household' IS DISTINCT FROM after->>'household'
                     OR after->>'move_reason' IN ('11', '12'))""".formatted(run));
        long knownNewcomers = count("""
                SELECT count(*) FROM record_change WHERE run_id = %d AND kind = 'A'
                   AND person_key IN (SELECT person_key FROM source_record WHERE source_id = 'jutogai')""".formatted(run));
        assertThat(renamedOrMoved).as("persons who moved within the city, died or moved out").isPositive()
                .isLessThanOrEqualTo(next.changed());
        assertThat(count("SELECT count(*) FROM person_history WHERE replaced_by_run = " + run))
                .as("changed persons keep their previous name or address").isEqualTo(renamedOrMoved + knownNewcomers);
    }

    private static GenerationResult.SourceFile file(GenerationResult day, String id) {
        return day.sources().stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private static void waitUntil(String what, java.util.concurrent.Callable<Boolean> condition) {
        await(what).pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(2)).until(condition);
    }
}
