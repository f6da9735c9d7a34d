package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Import problems in the clerk's words: the file's own column header, date notations by their
 * Japanese names, and a file that is no CSV named for what it is. Each problem carries its kind.
 */
@TsunaguTest
class ImportProblemWordingTests {

    /** The file says 認定日 where the hub calls the field 認定年月日; 状態 is 受給状態 in the hub. */
    static final String RENAMED = """
            name: テスト見出し
            program: 児童手当
            department: {id: kodomo, name: こども課, contact: 内線 1234}
            encoding: UTF-8
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: started_on, column: 認定日, label: 認定年月日, type: date, formats: [wareki, yyyyMMdd]}
              - {name: status, column: 状態, label: 受給状態, type: code, codes: {"1": 受給中, "2": 停止}}
              - {name: note, column: 備考, label: 備考, type: text}
            """;

    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    ImportRuns runs;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void aValueErrorNamesTheFilesHeaderWithTheHubsLabelInBracketsAndItsLineAndColumn() {
        SourceDefinition source = catalog.register(TestSources.uniqueId("renamed"), RENAMED);

        ImportReport report = importText(source, """
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,a
                0000100010,令和元年2月30日,9,b
                """);

        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        List<ImportProblem> problems = runs.problems(report.runId());
        assertThat(problems).extracting(ImportProblem::line, ImportProblem::column, ImportProblem::columnName,
                ImportProblem::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3L, 2, "認定日（認定年月日）", ImportProblem.Kind.VALUE),
                org.assertj.core.groups.Tuple.tuple(3L, 3, "状態（受給状態）", ImportProblem.Kind.VALUE));
        assertThat(report.problems()).anyMatch(p -> p.contains(":3:2: [認定日（認定年月日）] "))
                .noneMatch(p -> p.contains("[認定年月日]"));
        assertThat(records(source)).isZero();
    }

    @Test
    void aColumnWhoseHeaderIsTheHubsLabelIsNamedOnce() {
        SourceDefinition source = catalog.register(TestSources.uniqueId("renamed"), RENAMED);

        ImportReport report = importText(source, """
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,
                0000100010,令和元年5月1日,1,x
                """);
        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);

        SourceDefinition basic = TestSources.basic(catalog);
        ImportReport broken = importText(basic, """
                宛名番号,認定日,状態,備考
                0000100002,令和元年2月30日,1,a
                """);
        assertThat(runs.problems(broken.runId())).extracting(ImportProblem::columnName).containsExactly("認定日");
    }

    @Test
    void aNotationTheFieldDoesNotTakeIsAnsweredWithTheJapaneseNamesOfTheOnesItDoes() {
        SourceDefinition source = catalog.register(TestSources.uniqueId("renamed"), RENAMED);

        ImportReport report = importText(source, """
                宛名番号,認定日,状態,備考
                0000100002,R6.4.1,1,a
                """);

        ImportProblem problem = runs.problems(report.runId()).get(0);
        assertThat(problem.reason()).isEqualTo(
                "この項目では使えない日付の形式です（使える形式: 和暦 (令和8年4月1日)、西暦8桁 yyyyMMdd (20260401)）");
        assertThat(problem.reason()).doesNotContain("wareki").doesNotContain(", yyyyMMdd");
        assertThat(problem.value()).isEqualTo("R6.4.1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            xlsx | Excel ファイル (.xlsx) です。CSV 形式で書き出してから取り込んでください
            xls  | Excel 97-2003 ファイル (.xls) です。CSV 形式で書き出してから取り込んでください
            zip  | ZIP 圧縮ファイルです。展開して、中の CSV ファイルを取り込んでください
            pdf  | PDF ファイルです。PDF からは取り込めません。元のシステムから CSV 形式で書き出してください
            """)
    void aFileThatIsNoCsvIsNamedForWhatItIsAndNothingIsImported(String type, String expected) throws IOException {
        SourceDefinition source = TestSources.basic(catalog, "windows-31j", ",", 0.10);

        ImportReport report = imports.importFile(source.id(),
                TestSources.write(dir, "mistake." + type, bytesOf(type)), "test", "tester");

        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.message()).isEqualTo("ファイルを読めないため取り込みませんでした。何も変更していません");
        List<ImportProblem> problems = runs.problems(report.runId());
        assertThat(problems).extracting(ImportProblem::reason).containsExactly(expected);
        assertThat(problems).extracting(ImportProblem::kind).containsExactly(ImportProblem.Kind.FILE);
        assertThat(report.problems()).noneMatch(p -> p.contains("windows-31j") || p.contains("文字コード"));
        assertThat(records(source)).isZero();
    }

    @Test
    void aCsvThatMerelyStartsWithPkIsReadAsCsv() {
        SourceDefinition source = TestSources.basic(catalog);

        ImportReport report = importText(source, "宛名番号,認定日,状態,備考\n0000100002,令和元年5月1日,1,PK\n");

        assertThat(report.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(records(source)).isEqualTo(1);
    }

    @Test
    void brokenCsvStructureIsAFileProblemWhoseRunSaysTheFileCannotBeRead() {
        SourceDefinition source = TestSources.basic(catalog);

        ImportReport report = importText(source, "宛名番号,認定日,状態,備考\n0000100002,\"令和元年5月1日,1,a\n");

        assertThat(report.message()).isEqualTo("ファイルを読めないため取り込みませんでした。何も変更していません");
        assertThat(runs.problems(report.runId())).extracting(ImportProblem::kind).contains(ImportProblem.Kind.FILE);
    }

    @Test
    void valueErrorsAloneAreCountedNotCalledAnUnreadableFile() {
        SourceDefinition source = TestSources.basic(catalog);

        ImportReport report = importText(source, "宛名番号,認定日,状態,備考\n0000100002,令和元年2月30日,1,CSVの構造\n");

        assertThat(report.message()).isEqualTo("エラーが 1 件あるため取り込みませんでした。何も変更していません");
    }

    private static byte[] bytesOf(String type) throws IOException {
        return switch (type) {
            case "xlsx" -> zip("[Content_Types].xml", "<Types/>");
            case "zip" -> zip("jido-teate.csv", "宛名番号,認定日\n");
            case "xls" -> concat(new byte[] {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1,
                0x1A, (byte) 0xE1}, new byte[504]);
            case "pdf" -> "%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n".getBytes(StandardCharsets.ISO_8859_1);
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static byte[] zip(String entry, String content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private long records(SourceDefinition source) {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", source.id())
                .query(Long.class).single();
    }

    private ImportReport importText(SourceDefinition source, String text) {
        return importText(source, text, StandardCharsets.UTF_8);
    }

    private ImportReport importText(SourceDefinition source, String text, Charset charset) {
        return imports.importFile(source.id(), TestSources.write(dir, TestSources.uniqueId("f") + ".csv", text, charset),
                "test", "tester");
    }
}
