package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every encoding, delimiter, header mode, line ending, quoting, date notation and key form that
 * departmental exports use reaches {@code source_record} as the same values.
 *
 * <p>Characters: the rows written in every encoding use only JIS X 0208 characters and half-width
 * kana (EUC-JP has no NEC/IBM extensions). The windows-31j extensions 髙 ① ㈱ ～ (U+FF5E) and －
 * are written only in the Shift_JIS family: the minus of windows-31j is U+FF0D (0x817C); U+2212
 * cannot be encoded in windows-31j at all.
 */
@TsunaguTest
class EncodingTests {

    /** Rows every encoding can carry. */
    static final String COMMON = """
            宛名番号,認定日,状態,備考
            0000100002,令和元年5月1日,1,"渡邊 齋藤, ｱｲｳ"
            100010,平成31年4月30日,2,"一行目
            二行目"
            0000100029,昭和64年1月7日,1,"ダブル""引用""符"
            """;

    /** A row only the Shift_JIS family (and UTF-8) can carry. */
    static final String EXTENDED = "0000100037,R01.05.01,1,髙橋①㈱～－\n";

    static final Map<String, String> COMMON_STORED = Map.of(
            "0000100002", "{\"note\": \"渡邊 齋藤, ｱｲｳ\", \"status\": \"1\", \"started_on\": \"2019-05-01\"}",
            "0000100010", "{\"note\": \"一行目\\n二行目\", \"status\": \"2\", \"started_on\": \"2019-04-30\"}",
            "0000100029", "{\"note\": \"ダブル\\\"引用\\\"符\", \"status\": \"1\", \"started_on\": \"1989-01-07\"}");

    static final Map.Entry<String, String> EXTENDED_STORED = Map.entry("0000100037",
            "{\"note\": \"髙橋①㈱～－\", \"status\": \"1\", \"started_on\": \"2019-05-01\"}");

    static final Charset WINDOWS_31J = Charset.forName("windows-31j");
    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void theSameRowsStoreExactlyTheSameValuesInEveryEncoding() {
        Map<String, String> common = canonical(COMMON_STORED);
        Map<String, String> extended = new TreeMap<>(common);
        extended.put(EXTENDED_STORED.getKey(), canonical(EXTENDED_STORED.getValue()));
        String full = COMMON + EXTENDED;

        assertThat(importBasic("UTF-8", "utf8.csv", full.getBytes(StandardCharsets.UTF_8))).isEqualTo(extended);
        assertThat(importBasic("UTF-8", "utf8bom.csv", concat(BOM, full.getBytes(StandardCharsets.UTF_8))))
                .as("UTF-8 with BOM: the header matched, so the BOM did not reach 宛名番号").isEqualTo(extended);
        assertThat(importBasic("Shift_JIS", "sjis.csv", full.getBytes(WINDOWS_31J))).isEqualTo(extended);
        assertThat(importBasic("windows-31j", "cp932.csv", full.getBytes(WINDOWS_31J))).isEqualTo(extended);
        assertThat(importBasic("EUC-JP", "eucjp.csv", COMMON.getBytes(Charset.forName("EUC-JP"))))
                .isEqualTo(common);
    }

    @Test
    void charactersOutsideTheBmpAndEscapesSurviveTheFirstImportAndARe_import() {
        // the first import writes COPY's binary format, a re-import stages in COPY's text format
        SourceDefinition source = TestSources.basic(catalog);
        String header = "宛名番号,認定日,状態,備考\n";
        ImportReport first = imports.importFile(source.id(), TestSources.write(dir, "d1.csv", (header
                + "0000100002,R01.05.01,1,\"𠮷野家 😀 a\\b\tc\"\n"
                + "0000100010,R01.05.01,1,ｱ\n").getBytes(StandardCharsets.UTF_8)), "test", "t");
        assertThat(first.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(note(records(source.id()), "0000100002")).isEqualTo("𠮷野家 😀 a\\b\tc");
        ImportReport next = imports.importFile(source.id(), TestSources.write(dir, "d2.csv", (header
                + "0000100002,R01.05.01,1,\"𠮷野家 😀 a\\b\tc\"\n"
                + "0000100010,R01.05.01,1,\"𩸽 \\N\r\nx\"\n").getBytes(StandardCharsets.UTF_8)), "test", "t");
        assertThat(next.status()).isEqualTo(ImportStatus.APPLIED);
        assertThat(next.changed()).isEqualTo(1);
        Map<String, String> stored = records(source.id());
        assertThat(note(stored, "0000100002")).isEqualTo("𠮷野家 😀 a\\b\tc");
        assertThat(note(stored, "0000100010")).isEqualTo("𩸽 \\N\r\nx");
    }

    @Test
    void aFileDeclaredShiftJisDecodesTakaAsTakaNotAsReplacementCharacter() {
        Map<String, String> stored = importBasic("Shift_JIS", "taka.csv",
                "宛名番号,認定日,状態,備考\n0000100045,20190501,1,髙木 ①\n".getBytes(WINDOWS_31J));
        assertThat(stored.get("0000100045")).contains("髙木 ①").doesNotContain("\uFFFD");
        assertThat(jdbc.sql("SELECT count(*) FROM source_record WHERE data::text LIKE '%' || chr(65533) || '%'")
                .query(Long.class).single()).isZero();
    }

    @Test
    void aUtf8FileDeclaredShiftJisIsRejectedWithLineAndColumnAndNothingIsStored() {
        SourceDefinition source = TestSources.basic(catalog, "Shift_JIS", ",", 0.10);
        byte[] utf8 = (COMMON + EXTENDED).getBytes(StandardCharsets.UTF_8);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "utf8.csv", utf8), "test", "t");

        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString()
                .startsWith("utf8.csv:" + firstUndecodable(utf8, WINDOWS_31J) + ": ")
                .contains("windows-31j");
        assertThat(records(source.id())).isEmpty();
    }

    @Test
    void theByteOrderMarkNeverReachesTheFirstFieldOfAHeaderlessFile() {
        String id = TestSources.uniqueId("bom");
        catalog.register(id, positional("UTF-8", ","));
        byte[] file = concat(BOM, "0000100002,令和元年5月1日,1,a\n".getBytes(StandardCharsets.UTF_8));
        ImportReport report = imports.importFile(id, TestSources.write(dir, "bom.csv", file), "test", "t");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(jdbc.sql("SELECT person_key || '|' || record_key FROM source_record WHERE source_id = :s")
                .param("s", id).query(String.class).single()).isEqualTo("0000100002|0000100002");
        assertThat(records(id).get("0000100002")).doesNotContain("\uFEFF");
    }

    @Test
    void aTabDelimitedFileStoresWhatTheCommaFileStores() {
        String tsv = """
                宛名番号\t認定日\t状態\t備考
                0000100002\t令和元年5月1日\t1\t渡邊 齋藤, ｱｲｳ
                100010\t平成31年4月30日\t2\t"一行目
                二行目"
                0000100029\t昭和64年1月7日\t1\t"ダブル""引用""符"
                """;
        SourceDefinition source = TestSources.basic(catalog, "UTF-8", "\\t", 0.10);
        assertThat(source.delimiter()).isEqualTo('\t');
        assertThat(importInto(source.id(), "tab.tsv", tsv.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(canonical(COMMON_STORED));
    }

    @Test
    void aHeaderlessFileIsReadByColumnPosition() {
        String id = TestSources.uniqueId("pos");
        catalog.register(id, positional("UTF-8", ","));
        String rows = COMMON.substring(COMMON.indexOf('\n') + 1);
        assertThat(importInto(id, "nohead.csv", rows.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(canonical(COMMON_STORED));
    }

    @Test
    void crlfAndLfLineEndingsStoreIdenticalData() {
        String lf = """
                宛名番号,認定日,状態,備考
                0000100002,令和元年5月1日,1,"渡邊 齋藤, ｱｲｳ"
                0000100029,昭和64年1月7日,1,"ダブル""引用""符"
                """;
        Map<String, String> fromLf = importBasic("UTF-8", "lf.csv", lf.getBytes(StandardCharsets.UTF_8));
        Map<String, String> fromCrlf = importBasic("Shift_JIS", "crlf.csv",
                lf.replace("\n", "\r\n").getBytes(WINDOWS_31J));
        assertThat(fromCrlf).isEqualTo(fromLf).hasSize(2);
        assertThat(fromCrlf.get("0000100029")).isEqualTo(canonical(COMMON_STORED.get("0000100029")));
    }

    @Test
    void quotedFieldsKeepCommasDoubledQuotesAndTheirOwnLineBreaks() {
        String csv = "宛名番号,認定日,状態,備考\r\n"
                + "1,20190501,1,\"札幌市, 北区\"\r\n"
                + "2,20190501,1,\"彼は\"\"はい\"\"と言った\"\r\n"
                + "3,20190501,1,\"一行目\r\n二行目\"\r\n"
                + "4,20190501,1,\"一行目\n二行目\"\r\n"
                + "5,20190501,1,\"\"\r\n";
        Map<String, String> stored = importBasic("UTF-8", "quoted.csv", csv.getBytes(StandardCharsets.UTF_8));
        assertThat(stored).containsOnlyKeys("0000000001", "0000000002", "0000000003", "0000000004", "0000000005");
        assertThat(note(stored, "0000000001")).isEqualTo("札幌市, 北区");
        assertThat(note(stored, "0000000002")).isEqualTo("彼は\"はい\"と言った");
        assertThat(note(stored, "0000000003")).isEqualTo("一行目\r\n二行目");
        assertThat(note(stored, "0000000004")).isEqualTo("一行目\n二行目");
        assertThat(note(stored, "0000000005")).as("an empty value is not stored").isNull();
    }

    @Test
    void aFileCutInsideAQuotedFieldIsRejectedNotStoredTruncated() {
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "cut.csv",
                "宛名番号,認定日,状態,備考\r\n1,20190501,1,a\r\n2,20190501,1,\"一行目\r\n二行", StandardCharsets.UTF_8),
                "test", "t");
        assertThat(report.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(report.problems()).singleElement().asString().startsWith("cut.csv:3: ").contains("CSVの構造");
        assertThat(records(source.id())).isEmpty();
    }

    @Test
    void everyDateNotationIsStoredAsAnIsoDate() {
        Map<String, String> notations = new LinkedHashMap<>();
        notations.put("令和元年5月1日", "2019-05-01");
        notations.put("平成31年4月30日", "2019-04-30");
        notations.put("昭和64年1月7日", "1989-01-07");
        notations.put("3640107", "1989-01-07");
        notations.put("R01.05.01", "2019-05-01");
        notations.put("2019/5/1", "2019-05-01");
        notations.put("20190501", "2019-05-01");
        notations.put("2019-05-01", "2019-05-01");
        StringBuilder csv = new StringBuilder("宛名番号,認定日,状態,備考\n");
        int key = 100;
        for (String notation : notations.keySet()) {
            csv.append(key++).append(',').append(notation).append(",1,").append(notation).append('\n');
        }
        SourceDefinition source = TestSources.basic(catalog);
        ImportReport report = imports.importFile(source.id(), TestSources.write(dir, "dates.csv", csv.toString(),
                StandardCharsets.UTF_8), "test", "t");
        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);

        Map<String, String> stored = jdbc.sql("SELECT data->>'note', data->>'started_on' FROM source_record"
                + " WHERE source_id = :s").param("s", source.id())
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(stored).isEqualTo(notations);
    }

    @Test
    void paddedUnpaddedAndFullWidthKeysAreOnePerson() {
        String padded = importText("padded.csv", "宛名番号,認定日,状態,備考\n0000100002,20190501,1,a\n");
        String unpadded = importText("unpadded.csv", "宛名番号,認定日,状態,備考\n100002,20190501,1,b\n");
        String fullWidth = importText("fullwidth.csv", "宛名番号,認定日,状態,備考\n１００００２,20190501,1,c\n");

        assertThat(personKeys(padded)).containsExactly("0000100002");
        assertThat(personKeys(unpadded)).containsExactly("0000100002");
        assertThat(personKeys(fullWidth)).containsExactly("0000100002");
        assertThat(jdbc.sql("SELECT count(DISTINCT source_id) FROM source_record WHERE person_key = '0000100002'"
                + " AND source_id IN (:a, :b, :c)").param("a", padded).param("b", unpadded).param("c", fullWidth)
                .query(Long.class).single()).isEqualTo(3);
    }

    // ---- helpers ----

    /** Imports into a new BASIC source declared with the encoding; the stored data by record key. */
    private Map<String, String> importBasic(String encoding, String name, byte[] bytes) {
        SourceDefinition source = TestSources.basic(catalog, encoding, ",", 0.10);
        return importInto(source.id(), name, bytes);
    }

    private Map<String, String> importInto(String sourceId, String name, byte[] bytes) {
        ImportReport report = imports.importFile(sourceId, TestSources.write(dir, name, bytes), "test", "t");
        assertThat(report.status()).as("%s: %s", name, report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.problems()).as(name).isEmpty();
        return records(sourceId);
    }

    /** A BASIC source per file; returns its id. */
    private String importText(String name, String csv) {
        SourceDefinition source = TestSources.basic(catalog);
        importInto(source.id(), name, csv.getBytes(StandardCharsets.UTF_8));
        return source.id();
    }

    private java.util.List<String> personKeys(String sourceId) {
        return jdbc.sql("SELECT person_key FROM source_record WHERE source_id = :s").param("s", sourceId)
                .query(String.class).list();
    }

    private Map<String, String> records(String sourceId) {
        return jdbc.sql("SELECT record_key, data::jsonb::text FROM source_record WHERE source_id = :s")
                .param("s", sourceId)
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getString(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private String note(Map<String, String> stored, String key) {
        return jdbc.sql("SELECT CAST(:j AS jsonb)->>'note'").param("j", stored.get(key)).query(String.class)
                .list().get(0);
    }

    /** JSON text as PostgreSQL's jsonb prints it. */
    private String canonical(String json) {
        return jdbc.sql("SELECT CAST(:j AS jsonb)::text").param("j", json).query(String.class).single();
    }

    private Map<String, String> canonical(Map<String, String> byKey) {
        Map<String, String> result = new TreeMap<>();
        byKey.forEach((k, v) -> result.put(k, canonical(v)));
        return result;
    }

    /** The BASIC fields by position: 1 宛名番号, 2 認定日, 3 状態, 4 備考. */
    static String positional(String encoding, String delimiter) {
        return """
                name: 位置指定のテスト
                program: 児童手当
                department: {id: kodomo, name: こども課, contact: 内線 1234}
                encoding: %s
                delimiter: "%s"
                header: false
                personKey: {column: 1, normalise: zero-pad, digits: 10}
                fields:
                  - {name: started_on, column: 2, label: 認定日, type: date, formats: [wareki, era-letter, era-code7, yyyyMMdd, yyyy/M/d, iso]}
                  - {name: status, column: 3, label: 受給状態, type: code, codes: {"1": 受給中, "2": 停止}}
                  - {name: note, column: 4, label: 備考, type: text}
                """.formatted(encoding, delimiter);
    }

    /** {@code line:column} of the first bytes that do not decode, as a strict reader finds them. */
    static String firstUndecodable(byte[] bytes, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(ByteBuffer.wrap(bytes), out, true);
        assertThat(result.isError()).as("the bytes decode in %s", charset).isTrue();
        out.flip();
        String decoded = out.toString();
        long line = 1 + decoded.chars().filter(c -> c == '\n').count();
        int column = decoded.length() - (decoded.lastIndexOf('\n') + 1) + 1;
        return line + ":" + column;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
