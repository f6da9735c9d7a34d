package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Import edge cases (issue 19, point 8): a skipped row keeps the person's current record, a UTF-8
 * file declared Shift_JIS is named as mojibake, and a CR-only file reports the right lines.
 */
@TsunaguTest
class ImportEdgeCaseTests {

    static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    static final String HEADER = "宛名番号,認定日,状態,備考\n";

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    // ---- (b) a skipped row keeps the person's current record ----

    @Test
    void aSkippedRowKeepsThePersonsCurrentRecordUnchangedAndTheReportSaysSo() {
        SourceDefinition source = skipping(5);
        ImportReport first = importUtf8(source, "day1.csv", HEADER
                + "0000100002,R01.05.01,1,a\n"
                + "0000100010,R01.05.01,1,b\n"
                + "0000100029,R01.05.01,1,c\n");
        assertThat(first.status()).isEqualTo(ImportStatus.APPLIED);
        String keptBefore = record(source, "0000100010");

        ImportReport next = importUtf8(source, "day2.csv", HEADER
                + "0000100002,R01.05.01,1,a2\n"
                + "0000100010,令和元年2月30日,2,b2\n"
                + "0000100029,R01.05.01,1,c\n");

        assertThat(next.status()).as("%s", next.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(next.rejectedRows()).isEqualTo(1);
        assertThat(next.message()).isEqualTo("反映しました。読み込めない 1 行は、前回の記録をそのまま残しました");
        assertThat(next.ended()).as("the skipped person was not ended").isZero();
        assertThat(next.changed()).isEqualTo(1);
        assertThat(record(source, "0000100010")).as("kept exactly as it was, run included").isEqualTo(keptBefore);
        assertThat(jdbc.sql("SELECT count(*) FROM record_change WHERE run_id = :r AND person_key = '0000100010'")
                .param("r", next.runId()).query(Long.class).single()).isZero();
        assertThat(next.problems()).contains(
                "day2.csv:3: 警告: [宛名番号] 読み込めない行のため、この宛名番号の前回の記録をそのまま残しました: 0000100010");
    }

    @Test
    void aSkippedRowKeepsNothingWhenAValidRowOfTheSameKeyFollows() {
        SourceDefinition source = skipping(5);
        importUtf8(source, "day1.csv", HEADER + "0000100002,R01.05.01,1,a\n");

        ImportReport next = importUtf8(source, "day2.csv", HEADER
                + "0000100002,令和元年2月30日,1,bad\n"
                + "0000100002,R01.05.01,2,good\n");

        assertThat(next.status()).as("%s", next.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(next.changed()).isEqualTo(1);
        assertThat(record(source, "0000100002")).contains("good");
        assertThat(next.problems()).noneSatisfy(p -> assertThat(p).contains("前回の記録"));
    }

    @Test
    void aSkippedRowWhosePersonKeyCannotBeReadCannotKeepARecordAndTheReportSaysSo() {
        SourceDefinition source = skipping(5);
        importUtf8(source, "day1.csv", HEADER
                + "0000100002,R01.05.01,1,a\n"
                + "0000100010,R01.05.01,1,b\n");

        ImportReport next = importUtf8(source, "day2.csv", HEADER
                + "0000100002,R01.05.01,1,a\n"
                + "00001000X0,令和元年2月30日,1,b\n");

        assertThat(next.status()).as("%s", next.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(next.ended()).as("no key to keep it by: the record of 0000100010 is ended").isEqualTo(1);
        assertThat(record(source, "0000100010")).isNull();
        assertThat(next.problems()).anySatisfy(p -> assertThat(p).startsWith("day2.csv:3: 警告: ")
                .contains("宛名番号 (レコードキー) が読めないため、前回の記録を残せません"));
        assertThat(next.problems()).noneSatisfy(p -> assertThat(p).contains("そのまま残しました"));
    }

    @Test
    void aSkippedRowOfAPersonWithNoCurrentRecordAddsNothingAndKeepsNothing() {
        SourceDefinition source = skipping(5);
        importUtf8(source, "day1.csv", HEADER + "0000100002,R01.05.01,1,a\n");

        ImportReport next = importUtf8(source, "day2.csv", HEADER
                + "0000100002,R01.05.01,1,a\n"
                + "0000100045,令和元年2月30日,1,new\n");

        assertThat(next.status()).as("%s", next.problems()).isEqualTo(ImportStatus.UNCHANGED);
        assertThat(record(source, "0000100045")).isNull();
        assertThat(next.problems()).noneSatisfy(p -> assertThat(p).contains("前回の記録"));
    }

    // ---- (c) UTF-8 read as Shift_JIS ----

    /** あい in UTF-8 (E3 81 82 E3 81 84) decodes in windows-31j without error, as 縺ゅ≠. */
    static final String MOJIBAKE_PRONE = HEADER
            + "0000100002,R01.05.01,1,abc\n"
            + "0000100010,R01.05.01,1,あい\n";

    /** The same rows without the header, for a source read by column position. */
    static final String MOJIBAKE_PRONE_ROWS = MOJIBAKE_PRONE.substring(HEADER.length());

    static final String MOJIBAKE_WARNING = "UTF-8 の文字を Shift_JIS として読んだように見えます (文字化け)。"
            + "連携元の定義の encoding を確認してください";

    @Autowired
    DataSource dataSource;
    @Autowired
    ImportRuns runs;
    @Autowired
    SnapshotApply apply;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    jp.tsunagu.platform.ApplicationStop stop;

    @Test
    void aUtf8FileThatDecodesAsShiftJisIsImportedWithAWarningNamingFileAndLine() {
        byte[] utf8 = MOJIBAKE_PRONE_ROWS.getBytes(StandardCharsets.UTF_8);
        assertThat(new String(utf8, WINDOWS_31J)).as("the premise: it decodes, as mojibake").contains("縺");
        String id = TestSources.uniqueId("mojibake");
        catalog.register(id, EncodingTests.positional("Shift_JIS", ","));

        ImportReport report = imports.importFile(id, TestSources.write(dir, "utf8.csv", utf8), "test", "t");

        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.problems()).containsExactly("utf8.csv:2: 警告: " + MOJIBAKE_WARNING);
    }

    @Test
    void aUtf8FileWithAJapaneseHeaderDeclaredShiftJisSaysWhyTheHeaderDidNotMatch() {
        // 宛名番号 in UTF-8 does not even decode as windows-31j; a header of あい does, and matches nothing
        SourceDefinition source = TestSources.basic(catalog, "Shift_JIS", ",", 0.10);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "utf8.csv",
                ("あい,あい,あい,あい\n" + MOJIBAKE_PRONE_ROWS).getBytes(StandardCharsets.UTF_8)), "test", "t");

        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).contains("utf8.csv:1: 警告: " + MOJIBAKE_WARNING)
                .anySatisfy(p -> assertThat(p).contains("見出し行に"));
        assertThat(count(source.id())).isZero();
    }

    @Test
    void aUtf8FileDeclaredShiftJisIsRejectedWhenTheSourceSaysRejectAndNothingChanges() {
        String id = TestSources.uniqueId("mojibake");
        catalog.register(id, EncodingTests.positional("CP932", ",") + "encodingMismatch: reject\n");
        ImportReport first = imports.importFile(id, TestSources.write(dir, "utf8.csv",
                MOJIBAKE_PRONE_ROWS.getBytes(StandardCharsets.UTF_8)), "test", "t");

        assertThat(first.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(first.problems()).containsExactly("utf8.csv:2: " + MOJIBAKE_WARNING);
        assertThat(count(id)).isZero();

        ImportReport good = imports.importFile(id, TestSources.write(dir, "sjis.csv",
                MOJIBAKE_PRONE_ROWS.getBytes(WINDOWS_31J)), "test", "t");
        assertThat(good.status()).as("%s", good.problems()).isEqualTo(ImportStatus.APPLIED);
        String before = String.join("\n", jdbc.sql("SELECT data::jsonb::text || valid_from_run FROM source_record"
                + " WHERE source_id = :s ORDER BY record_key").param("s", id).query(String.class).list());

        ImportReport next = imports.importFile(id, TestSources.write(dir, "utf8-again.csv",
                (MOJIBAKE_PRONE_ROWS + "0000100029,R01.05.01,1,あい\n").getBytes(StandardCharsets.UTF_8)), "test", "t");
        assertThat(next.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(next.problems()).containsExactly("utf8-again.csv:2: " + MOJIBAKE_WARNING);
        assertThat(String.join("\n", jdbc.sql("SELECT data::jsonb::text || valid_from_run FROM source_record"
                + " WHERE source_id = :s ORDER BY record_key").param("s", id).query(String.class).list()))
                .contains("あい").isEqualTo(before);
    }

    @Test
    void theGlobalSettingRejectsUnlessTheSourceSaysWarn() {
        ImportingProperties bound = new Binder(new MapConfigurationPropertySource(
                Map.of("tsunagu.importing.encoding-mismatch", "reject"))).bind("tsunagu.importing", ImportingProperties.class)
                .get();
        assertThat(bound.encodingMismatch()).isEqualTo(SourceDefinition.EncodingMismatch.REJECT);
        assertThat(new ImportingProperties(null, null, null, 0, null).encodingMismatch())
                .as("the default").isEqualTo(SourceDefinition.EncodingMismatch.WARN);
        SnapshotImport rejecting = new SnapshotImport(dataSource, catalog, runs, apply, bound, transactions, stop);
        byte[] utf8 = MOJIBAKE_PRONE_ROWS.getBytes(StandardCharsets.UTF_8);

        String silent = TestSources.uniqueId("mojibake");
        catalog.register(silent, EncodingTests.positional("Shift_JIS", ","));
        ImportReport rejected = rejecting.importFile(silent, TestSources.write(dir, "a.csv", utf8), "test", "t");
        assertThat(rejected.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(rejected.problems()).containsExactly("a.csv:2: " + MOJIBAKE_WARNING);

        String warning = TestSources.uniqueId("mojibake");
        catalog.register(warning, EncodingTests.positional("Shift_JIS", ",") + "encodingMismatch: warn\n");
        ImportReport warned = rejecting.importFile(warning, TestSources.write(dir, "b.csv", utf8), "test", "t");
        assertThat(warned.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(warned.problems()).containsExactly("b.csv:2: 警告: " + MOJIBAKE_WARNING);
    }

    @Test
    void anUnknownEncodingMismatchSettingIsADefinitionError() {
        assertThatThrownBy(() -> catalog.register(TestSources.uniqueId("mojibake"),
                EncodingTests.positional("Shift_JIS", ",") + "encodingMismatch: ignore\n"))
                .hasMessageContaining("encodingMismatch").hasMessageContaining("warn, reject");
    }

    @Test
    void aRealShiftJisFileGivesNoMojibakeWarning() {
        SourceDefinition source = TestSources.basic(catalog, "Shift_JIS", ",", 0.10);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "sjis.csv",
                (MOJIBAKE_PRONE + "0000100029,R01.05.01,1,渡邊 齋藤 ｱｲｳ 髙橋\n").getBytes(WINDOWS_31J)), "test", "t");

        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.problems()).isEmpty();
    }

    @Test
    void aUtf8FileDeclaredUtf8GivesNoMojibakeWarning() {
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport report = importUtf8(source, "utf8.csv", MOJIBAKE_PRONE);
        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.problems()).isEmpty();
    }

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

    @Test
    void mojibakeInACrOnlyFileIsReportedOnItsLine() {
        String id = TestSources.uniqueId("mojibake");
        catalog.register(id, EncodingTests.positional("Shift_JIS", ","));
        ImportReport report = imports.importFile(id, TestSources.write(dir, "mac.csv",
                ("0000100029,R01.05.01,1,x\r\n" + MOJIBAKE_PRONE_ROWS.replace("\n", "\r"))
                        .getBytes(StandardCharsets.UTF_8)), "test", "t");
        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.problems()).containsExactly("mac.csv:3: 警告: " + MOJIBAKE_WARNING);
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
