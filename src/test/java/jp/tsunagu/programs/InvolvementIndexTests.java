package jp.tsunagu.programs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.RecordReader;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The involvement table (関わりの索引) against the records it is made from: built from scratch at a first
 * start, and kept by the imports that end and bring back a person's records.
 */
@TsunaguTest
class InvolvementIndexTests {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A program whose records are keyed by person and number, so that a person can hold several. */
    private static final String SOURCE = """
            name: テスト制度
            program: テスト制度
            department: {id: test-programs, name: テスト課, contact: 内線 1}
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            recordKey: [宛名番号, 番号]
            fields:
              - {name: no, column: 番号, label: 番号, type: text}
            holdShare: 1.0
            """;

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    RecordReader records;
    @Autowired
    Programs programs;
    @Autowired
    InvolvementIndex index;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void aFirstStartBuildsExactlyTheInvolvementsTheRecordsSay() {
        String source = register();
        ImportReport run = importSnapshot(source, """
                宛名番号,番号
                9100000001,1
                9100000001,2
                9100000002,1
                """);
        SampleCity.awaitListeners(jdbc);
        // a city that ran Tsunagu before the programs module: records, but no involvement at all
        jdbc.sql("DELETE FROM involvement").update();
        jdbc.sql("DELETE FROM involvement_source").update();
        assertThat(programs.involvements("9100000001")).isEmpty();

        index.buildIfMissing();

        assertThat(involvementRows()).as("every current record's person and source, with its number of records")
                .isEqualTo(countedFromRecords()).isNotEmpty();
        OffsetDateTime imported = records.finishedAt(run.runId());
        assertThat(programs.involvements("9100000001"))
                .containsExactly(new Involvement(source, 2, imported, null));
        assertThat(programs.involvements("9100000002"))
                .containsExactly(new Involvement(source, 1, imported, null));
        assertThat(programs.activeSources(List.of("9100000001", "9100000003")))
                .containsOnlyKeys("9100000001");
        assertThat(jdbc.sql("SELECT run_id FROM involvement_source WHERE source_id = :s").param("s", source)
                .query(Long.class).single()).as("the run the table was built from").isEqualTo(run.runId());
    }

    /** A rebuild from the records keeps the past: who was in a program once, and until when. */
    @Test
    void aRebuildKeepsTheInvolvementsThatEndedWithTheirDays() {
        String source = register();
        ImportReport day1 = importSnapshot(source, """
                宛名番号,番号
                9100000031,1
                9100000032,1
                9100000032,2
                """);
        ImportReport day2 = importSnapshot(source, """
                宛名番号,番号
                9100000031,1
                """);
        SampleCity.awaitListeners(jdbc);
        List<Involvement> ended = programs.involvements("9100000032");
        List<Involvement> active = programs.involvements("9100000031");
        assertThat(ended).as("kept by the running index").containsExactly(
                new Involvement(source, 0, records.finishedAt(day1.runId()), records.finishedAt(day2.runId())));

        jdbc.sql("DELETE FROM involvement").update();
        jdbc.sql("DELETE FROM involvement_source").update();
        index.buildIfMissing();

        assertThat(programs.involvements("9100000032")).as("the past involvement, rebuilt").isEqualTo(ended);
        assertThat(programs.involvements("9100000031")).as("the present one, rebuilt").isEqualTo(active);
        assertThat(jdbc.sql("""
                SELECT count(*) FROM involvement i WHERE records = 0
                   AND NOT EXISTS (SELECT 1 FROM source_record r WHERE r.source_id = i.source_id
                                                                AND r.person_key = i.person_key)""")
                .query(Long.class).single()).as("every ended involvement holds no record now")
                .isEqualTo(jdbc.sql("SELECT count(*) FROM involvement WHERE records = 0").query(Long.class).single())
                .isPositive();
    }

    @Test
    void aBuiltTableIsLeftAsItIs() {
        String source = register();
        importSnapshot(source, """
                宛名番号,番号
                9100000011,1
                """);
        SampleCity.awaitListeners(jdbc);
        // a row the records do not say: only a build from scratch would drop it
        jdbc.sql("UPDATE involvement SET records = 7 WHERE source_id = :s").param("s", source).update();

        index.buildIfMissing();

        assertThat(programs.involvements("9100000011")).extracting(Involvement::records).containsExactly(7);
    }

    @Test
    void aRecordThatEndsEndsTheInvolvementAndOneThatComesBackRestartsIt() {
        String source = register();
        ImportReport day1 = importSnapshot(source, """
                宛名番号,番号
                9100000021,1
                9100000022,1
                """);
        ImportReport day2 = importSnapshot(source, """
                宛名番号,番号
                9100000021,1
                """);
        SampleCity.awaitListeners(jdbc);
        OffsetDateTime first = records.finishedAt(day1.runId());
        OffsetDateTime second = records.finishedAt(day2.runId());

        assertThat(programs.involvements("9100000022")).as("ended on day 2")
                .containsExactly(new Involvement(source, 0, first, second));
        assertThat(programs.involvements("9100000022").get(0).active()).isFalse();
        assertThat(programs.activeSources(List.of("9100000021", "9100000022")))
                .isEqualTo(Map.of("9100000021", List.of(source)));
        assertThat(List.of(programs.personsIn(List.of(source)))).containsExactly("9100000021");

        ImportReport day3 = importSnapshot(source, """
                宛名番号,番号
                9100000021,1
                9100000022,1
                """);
        SampleCity.awaitListeners(jdbc);
        OffsetDateTime third = records.finishedAt(day3.runId());

        assertThat(third).isAfter(second);
        assertThat(programs.involvements("9100000022")).as("begun again on day 3, no longer ended")
                .containsExactly(new Involvement(source, 1, third, null));
        assertThat(programs.involvements("9100000021")).as("never ended: still since day 1")
                .containsExactly(new Involvement(source, 1, first, null));
        assertThat(List.of(programs.personsIn(List.of(source)))).containsExactly("9100000021", "9100000022");
    }

    /**
     * Two runs of one source imported back to back have their listeners running at once: the earlier
     * run's listener may come last (seen in the full suite on a loaded machine: the person ended on day 2
     * had no row at all). Taken in the reverse order, the runs must leave the rows the forward order
     * leaves.
     */
    @Test
    void runsTakenInTheReverseOrderLeaveTheSameRows() {
        String source = register();
        ImportReport day1 = importSnapshot(source, """
                宛名番号,番号
                9100000041,1
                9100000042,1
                9100000043,1
                """);
        ImportReport day2 = importSnapshot(source, """
                宛名番号,番号
                9100000041,1
                9100000041,2
                9100000043,1
                """);
        SampleCity.awaitListeners(jdbc);
        List<Involvement> forward = List.of("9100000041", "9100000042", "9100000043").stream()
                .flatMap(k -> programs.involvements(k).stream()).toList();
        assertThat(forward).as("the forward order, by the listeners")
                .extracting(Involvement::records).containsExactly(2, 0, 1);

        jdbc.sql("DELETE FROM involvement WHERE source_id = :s").param("s", source).update();
        index.update(day2.runId(), source);
        index.update(day1.runId(), source);

        List<Involvement> reverse = List.of("9100000041", "9100000042", "9100000043").stream()
                .flatMap(k -> programs.involvements(k).stream()).toList();
        assertThat(reverse).as("day 2's listener first, then day 1's").isEqualTo(forward);
        assertThat(reverse.get(1).until()).as("ended when day 2 finished")
                .isEqualTo(records.finishedAt(day2.runId()));
    }

    private String register() {
        String id = "inv-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
        catalog.register(id, SOURCE);
        return id;
    }

    private ImportReport importSnapshot(String source, String csv) {
        try {
            Path file = Files.writeString(dir.resolve(source + "-" + SEQ.incrementAndGet() + ".csv"), csv,
                    StandardCharsets.UTF_8);
            ImportReport report = imports.importFile(source, file, "test", "tester");
            assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
            return report;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> involvementRows() {
        return jdbc.sql("""
                SELECT source_id || '/' || person_key || '=' || records FROM involvement WHERE records > 0 ORDER BY 1""")
                .query(String.class).list();
    }

    /** Independently of the module: counted straight from importing's current records. */
    private List<String> countedFromRecords() {
        return jdbc.sql("""
                SELECT source_id || '/' || person_key || '=' || count(*) FROM source_record
                 GROUP BY source_id, person_key ORDER BY 1""").query(String.class).list();
    }
}
