package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A broken file is rejected whole, each error named by file, line and column, and changes nothing. */
@TsunaguTest
class BadInputTests {

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    SourceDefinition source;
    String before;

    @BeforeEach
    void importAGoodSnapshotFirst() {
        source = TestSources.basic(catalog);
        ImportReport first = imports.importFile(source.id(), TestSources.write(dir, "good.csv", """
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,a
                0000100010,R01.05.01,1,b
                """, StandardCharsets.UTF_8), "test", "t");
        assertThat(first.status()).isEqualTo(ImportStatus.APPLIED);
        before = snapshot();
    }

    @Test
    void wrongColumnCountIsRejectedWithLineAndColumn() {
        ImportReport report = importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,a
                0000100010,R01.05.01,1
                """);
        assertRejectedWith(report, "bad.csv:3:4: 列の数が 3 です (4 列のはずです)");
    }

    @Test
    void impossibleDateIsRejectedWithLineAndColumn() {
        ImportReport report = importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年2月30日,1,a
                0000100010,R01.05.01,1,b
                """);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString()
                .startsWith("bad.csv:2:2: [認定日]").contains("令和元年2月30日");
        assertUnchanged(report);
    }

    @Test
    void emptyPersonKeyIsRejectedWithLineAndColumn() {
        ImportReport report = importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,a
                ,R01.05.01,1,b
                """);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString().startsWith("bad.csv:3:1: [宛名番号]");
        assertUnchanged(report);
    }

    @Test
    void duplicateRecordKeyIsRejectedNamingBothLines() {
        ImportReport report = importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,a
                0000100010,R01.05.01,1,b
                100002,R01.05.01,2,c
                """);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString()
                .startsWith("bad.csv:4").contains("重複").contains("2 行目").contains("0000100002");
        assertUnchanged(report);
    }

    @Test
    void duplicateOfAnUnchangedRowOrOfANewRecordIsRejectedToo() {
        // the first repeats a current record exactly (recognised by its raw fields), the second a new one
        ImportReport report = importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,a
                0000100010,R01.05.01,1,b
                0000100002,令和元年5月1日,1,a
                0000100028,R01.05.01,1,c
                0000100028,R01.05.01,1,c
                """);
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).hasSize(2);
        assertThat(report.problems().get(0).toString()).startsWith("bad.csv:4").contains("2 行目");
        assertThat(report.problems().get(1).toString()).startsWith("bad.csv:6").contains("5 行目");
        assertUnchanged(report);
    }

    @Test
    void unknownCodeAndBadQuotingAreRejected() {
        assertRejectedWith(importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,9,a
                """), "bad.csv:2:3: [状態（受給状態）] コード表にない値です: 9");
        ImportReport quoting = importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,"a"b
                """);
        assertThat(quoting.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(quoting.problems()).singleElement().asString().startsWith("bad.csv:2").contains("CSVの構造");
        assertUnchanged(quoting);
    }

    @Test
    void bytesThatDoNotDecodeAreRejectedWithLineAndColumnAndNothingIsStored() {
        byte[] head = "宛名番号,認定日,状態,備考\n0000100002,令和元年5月1日,1,ab".getBytes(StandardCharsets.UTF_8);
        byte[] bad = {(byte) 0xE3, (byte) 0x81};
        byte[] tail = "\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(bad, 0, file, head.length, bad.length);
        System.arraycopy(tail, 0, file, head.length + bad.length, tail.length);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "bad.csv", file), "test", "t");
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString().startsWith("bad.csv:2:25:").contains("UTF-8");
        assertUnchanged(report);
    }

    @Test
    void replacementCharacterInTheFileIsNeverStored() {
        assertRejectedWith(importText("""
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,文字\uFFFD化け
                """), "bad.csv:2:4: [備考] 置換文字 (U+FFFD) を含みます。書き出し元で文字化けしています");
        assertThat(jdbc.sql("SELECT count(*) FROM source_record WHERE data::text LIKE '%' || chr(65533) || '%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void errorsAreAllListedUpToTheLimitThenCounted() {
        StringBuilder csv = new StringBuilder("宛名番号,認定日,状態,備考\n");
        for (int i = 0; i < 1_500; i++) {
            csv.append(1000 + i).append(",令和元年2月30日,1,x\n");
        }
        ImportReport report = importText(csv.toString());
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.errorCount()).isEqualTo(1_500);
        assertThat(report.problems()).hasSize(1_000);
        assertUnchanged(report);
    }

    @Test
    void skipModeSkipsInvalidRowsUpToTheLimitAndReportsEach() {
        SourceDefinition skipping = catalog.register(TestSources.uniqueId("skip"),
                TestSources.BASIC.formatted("UTF-8", ",", 0.5) + "invalidRows: skip\nmaxSkippedRows: 1\n");
        ImportReport oneBad = imports.importFile(skipping.id(), TestSources.write(dir, "one.csv", """
                宛名番号,認定日,状態,備考
                0000100002,令和元年2月30日,1,a
                0000100010,R01.05.01,1,b
                """, StandardCharsets.UTF_8), "test", "t");
        assertThat(oneBad.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(oneBad.added()).isEqualTo(1);
        assertThat(oneBad.rejectedRows()).isEqualTo(1);
        assertThat(oneBad.problems()).singleElement().asString().startsWith("one.csv:2:2:");

        ImportReport twoBad = imports.importFile(skipping.id(), TestSources.write(dir, "two.csv", """
                宛名番号,認定日,状態,備考
                0000100002,令和元年2月30日,1,a
                0000100010,R01.05.32,1,b
                """, StandardCharsets.UTF_8), "test", "t");
        assertThat(twoBad.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(twoBad.message()).contains("上限 1 行");
    }

    private ImportReport importText(String csv) {
        return imports.importFile(source.id(), TestSources.write(dir, "bad.csv", csv, StandardCharsets.UTF_8),
                "test", "t");
    }

    private void assertRejectedWith(ImportReport report, String problem) {
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.exitCode()).isEqualTo(2);
        assertThat(report.problems()).containsExactly(problem);
        assertUnchanged(report);
    }

    private void assertUnchanged(ImportReport report) {
        assertThat(snapshot()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM record_change WHERE run_id = :r").param("r", report.runId())
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'import_stage' AND tablename = :t")
                .param("t", "run_" + report.runId()).query(Long.class).single()).isZero();
    }

    private String snapshot() {
        List<String> rows = jdbc.sql("""
                SELECT record_key || '|' || data::text || '|' || valid_from_run FROM source_record
                 WHERE source_id = :s ORDER BY record_key""").param("s", source.id()).query(String.class).list();
        return String.join("\n", rows) + "#" + jdbc.sql("SELECT current_run FROM source WHERE source_id = :s")
                .param("s", source.id()).query(String.class).single();
    }
}
