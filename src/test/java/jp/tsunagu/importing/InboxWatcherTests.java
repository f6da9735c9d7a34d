package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TsunaguTest
class InboxWatcherTests {

    static final String DAY1 = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            0000100010,R01.05.01,1,b
            0000100029,3640107,2,
            0000100037,2019/5/1,1,ok
            """;

    /** Ends three of four records: more than the 10% a source may end without being held. */
    static final String DAY2_ENDS_MOST = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            """;

    /** Line 3 has a day that never existed. */
    static final String BROKEN = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,a
            0000100010,令和元年2月30日,1,b
            """;

    @Autowired
    InboxWatcher watcher;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    ImportRuns runs;
    @Autowired
    ImportingProperties properties;
    @Autowired
    JdbcClient jdbc;

    @Test
    void fileDroppedInTheInboxIsImportedOnceAndMovedToDone() throws IOException {
        SourceDefinition source = TestSources.basic(catalog);
        Path inbox = inbox(source);
        drop(inbox, "day1.csv", DAY1, Duration.ofMinutes(1));

        assertThat(watcher.pollOnce()).isEqualTo(1);

        ImportReport report = lastReport(source);
        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.added()).isEqualTo(4);
        assertThat(origin(report)).isEqualTo("inbox");
        assertThat(names(inbox)).isEmpty();
        assertThat(names(inbox.resolve(".done"))).containsExactly(report.runId() + "-day1.csv");

        assertThat(watcher.pollOnce()).as("nothing is imported twice").isZero();
        assertThat(runCount(source)).isEqualTo(1);
    }

    @Test
    void brokenFileIsMovedToRejectedWithItsRunId() throws IOException {
        SourceDefinition source = TestSources.basic(catalog);
        Path inbox = inbox(source);
        drop(inbox, "broken.csv", BROKEN, Duration.ofMinutes(1));

        assertThat(watcher.pollOnce()).isEqualTo(1);

        ImportReport report = lastReport(source);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(names(inbox)).isEmpty();
        assertThat(names(inbox.resolve(".rejected"))).containsExactly(report.runId() + "-broken.csv");
        assertThat(Files.readString(inbox.resolve(".rejected").resolve(report.runId() + "-broken.csv")))
                .as("nothing is lost").isEqualTo(BROKEN);
    }

    @Test
    void heldSnapshotIsMovedToDoneAndWaitsForAnAdministrator() throws IOException {
        SourceDefinition source = TestSources.basic(catalog);
        Path inbox = inbox(source);
        drop(inbox, "day1.csv", DAY1, Duration.ofMinutes(2));
        drop(inbox, "day2.csv", DAY2_ENDS_MOST, Duration.ofMinutes(1));

        assertThat(watcher.pollOnce()).isEqualTo(2);

        ImportReport held = lastReport(source);
        assertThat(held.status()).isEqualTo(ImportStatus.HELD);
        assertThat(held.fileName()).as("oldest first: day2 came after day1").isEqualTo("day2.csv");
        assertThat(names(inbox.resolve(".done"))).hasSize(2).contains(held.runId() + "-day2.csv");
    }

    @Test
    void fileStillBeingWrittenWaitsUntilItStopsChanging() throws IOException {
        SourceDefinition source = TestSources.basic(catalog);
        Path inbox = inbox(source);
        Path file = drop(inbox, "day1.csv", "宛名番号,認定日,状態,備考\n", Duration.ZERO);

        assertThat(watcher.pollOnce()).as("just written: may still be growing").isZero();

        Files.writeString(file, DAY1, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));
        assertThat(watcher.pollOnce()).as("it grew since the previous poll").isZero();
        assertThat(runCount(source)).isZero();

        assertThat(watcher.pollOnce()).as("unchanged since the previous poll").isEqualTo(1);
        assertThat(lastReport(source).added()).isEqualTo(4);
    }

    @Test
    void namesStartingWithADotAreLeftAlone() throws IOException {
        SourceDefinition source = TestSources.basic(catalog);
        Path inbox = inbox(source);
        drop(inbox, ".day1.csv.part", DAY1, Duration.ofMinutes(1));

        assertThat(watcher.pollOnce()).isZero();
        assertThat(names(inbox)).containsExactly(".day1.csv.part");
        assertThat(runCount(source)).isZero();
    }

    private Path inbox(SourceDefinition source) throws IOException {
        return Files.createDirectories(properties.inboxDir().resolve(source.id()));
    }

    private static Path drop(Path inbox, String name, String text, Duration age) throws IOException {
        Path file = TestSources.write(inbox, name, text, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    /** File names directly in a folder (not in its sub-folders). */
    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private ImportReport lastReport(SourceDefinition source) {
        long runId = jdbc.sql("SELECT max(run_id) FROM import_run WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single();
        return runs.report(runId);
    }

    private String origin(ImportReport report) {
        return jdbc.sql("SELECT origin FROM import_run WHERE run_id = :r").param("r", report.runId())
                .query(String.class).single();
    }

    private long runCount(SourceDefinition source) {
        return jdbc.sql("SELECT count(*) FROM import_run WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single();
    }
}
