package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Import edge cases (issue 19, point 8): a CR-only file reports the right lines.
 */
@TsunaguTest
class ImportEdgeCaseTests {

    static final String HEADER = "宛名番号,認定日,状態,備考\n";

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    // ---- (d) CR-only line endings ----

    @Test
    void aCrOnlyFileIsReadWithItsRecordsAndProblemsOnTheRightLines() {
        SourceDefinition source = skipping(5);
        String csv = (HEADER
                + "0000100002,R01.05.01,1,a\n"
                + "0000100010,令和元年2月30日,1,b\n"
                + "0000100029,R01.05.01,1,\"一行目\r二行目\"\n"
                + "0000100037,R01.05.01,9,d\n").replace("\n", "\r");
        ImportReport report = importUtf8(source, "mac.csv", csv);

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.added()).isEqualTo(2);
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("mac.csv:3:2: [認定日]"));
        assertThat(report.problems()).anySatisfy(p -> assertThat(p).startsWith("mac.csv:6:3: [状態（受給状態）]"));
        assertThat(record(source, "0000100029")).contains("一行目\\r二行目");
    }

    @Test
    void undecodableBytesInACrOnlyFileAreReportedOnTheirLine() {
        SourceDefinition source = TestSources.basic(catalog);
        byte[] head = (HEADER + "0000100002,R01.05.01,1,a\n0000100010,R01.05.01,1,").replace("\n", "\r")
                .getBytes(StandardCharsets.UTF_8);
        byte[] file = EncodingTests.concat(head, new byte[] {(byte) 0xFF, '\r'});
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "mac.csv", file), "test", "t");

        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString().startsWith("mac.csv:3:24: ");
    }

    @Test
    void aCrOnlyFileCutInsideAQuotedFieldNamesTheLineWhereTheRecordStarts() {
        SourceDefinition source = TestSources.basic(catalog);
        String csv = (HEADER + "1,20190501,1,a\n2,20190501,1,\"x\ny\n").replace("\n", "\r");
        ImportReport report = importUtf8(source, "mac.csv", csv);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString().startsWith("mac.csv:3: ");
    }

    @Test
    void aCharacterAfterAClosingQuoteInACrOnlyFileIsNamedOnItsLine() {
        SourceDefinition source = TestSources.basic(catalog);
        String csv = (HEADER + "1,20190501,1,\"a\nb\"\n2,20190501,1,\"c\"x\n").replace("\n", "\r");
        ImportReport report = importUtf8(source, "mac.csv", csv);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString().startsWith("mac.csv:4: CSVの構造が壊れています");
    }

    // ---- helpers ----

    private SourceDefinition skipping(int maxSkipped) {
        return catalog.register(TestSources.uniqueId("skip"), TestSources.BASIC.formatted("UTF-8", ",", 0.5)
                + "invalidRows: skip\nmaxSkippedRows: " + maxSkipped + "\n");
    }

    private ImportReport importUtf8(SourceDefinition source, String name, String csv) {
        return imports.importFile(source.id(), TestSources.write(dir, name, csv, StandardCharsets.UTF_8), "test", "t");
    }

    private long count(String sourceId) {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", sourceId)
                .query(Long.class).single();
    }

    /** The current record of a person: its data and the run it is valid from, or null. */
    private String record(SourceDefinition source, String personKey) {
        List<String> rows = jdbc.sql("SELECT data::jsonb::text || '|' || valid_from_run FROM source_record"
                + " WHERE source_id = :s AND person_key = :p").param("s", source.id()).param("p", personKey)
                .query(String.class).list();
        return rows.isEmpty() ? null : rows.get(0);
    }
}
