package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Japan Post's postal code files for Saitama (CP932, half-width kana, CRLF, every field quoted or
 * not) go through the intake declared {@code encoding: Shift_JIS} and decode with no U+FFFD.
 * Fixtures: {@code src/test/resources/conformance/postal/} (see its NOTICE).
 *
 * <p>Keys: the hub's person-key form is zero-pad 10 for every source of one hub, so the person key
 * here is the 7-digit postal code (digits only, never empty; stored zero-padded, also inside the record
 * key, e.g. {@code 0003310058}). The record key is what makes a row
 * unique in each file (checked on the files): KEN_ALL by 地方公共団体コード + 郵便番号 + 町域,
 * JIGYOSYO by 個別番号 + 事業所名, the multi-line records by 郵便番号 + 町域 fragment.
 */
@TsunaguTest
class PostalDataTests {

    static final Path POSTAL = CsvConformanceTests.resource("/conformance/postal");

    static final List<String> KEN_ALL_FIELDS = List.of("code", "old_zip", "zip", "pref_kana", "city_kana",
            "town_kana", "pref", "city", "town", "partial", "koaza", "chome", "shared", "updated", "reason");
    static final List<String> JIGYOSYO_FIELDS = List.of("code", "name_kana", "name", "pref", "city", "town",
            "address", "zip", "old_zip", "office", "kind", "multiple", "fixed");

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;

    @Test
    void kenAllSaitamaDecodesEveryRowWithNoReplacementCharacter() throws IOException {
        Path file = POSTAL.resolve("KEN_ALL_11_SAITAMA.CSV");
        String id = register("ken-all", KEN_ALL_FIELDS, 3, "1, 3, 9");
        ImportReport report = imports.importFile(id, file, "test", "postal");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(physicalLines(file)).isEqualTo(2977);
        assertThat(report.rowsRead()).isEqualTo(2977);
        assertThat(storedCount(id)).isEqualTo(2977);
        assertThat(replacementCharacters(id)).isZero();
        assertThat(jdbc.sql("""
                SELECT concat_ws('|', data->>'town_kana', data->>'town', data->>'city', data->>'old_zip')
                  FROM source_record WHERE source_id = :s AND record_key = :k""")
                .param("s", id).param("k", "11101\u001F0003310058\u001F飯田").query(String.class).single())
                .isEqualTo("ｲｲﾀﾞ|飯田|さいたま市西区|331");
    }

    @Test
    void jigyosyoSaitamaDecodesEveryRowAndKeepsTheWindows31jCharacters() throws IOException {
        Path file = POSTAL.resolve("JIGYOSYO_11_SAITAMA.CSV");
        String id = register("jigyosyo", JIGYOSYO_FIELDS, 8, "8, 3");
        ImportReport report = imports.importFile(id, file, "test", "postal");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(physicalLines(file)).isEqualTo(709);
        assertThat(report.rowsRead()).isEqualTo(709);
        assertThat(storedCount(id)).isEqualTo(709);
        assertThat(replacementCharacters(id)).isZero();
        // line 459: the Roman numeral Ⅰ (0x8754, an NEC special character) and the minus － (0x817C)
        assertThat(jdbc.sql("SELECT data->>'address' FROM source_record WHERE source_id = :s AND record_key = :k")
                .param("s", id).param("k", "0003628502\u001F日本ロジテム\u3000株式会社\u3000上尾営業所")
                .query(String.class).single()).isEqualTo("３６２－１Ｌａｎｄｐｏｒｔ上尾Ⅰ");
        // line 516: ― (0x815C) decodes to U+2015
        assertThat(jdbc.sql("SELECT data->>'name_kana' FROM source_record WHERE source_id = :s AND record_key = :k")
                .param("s", id).param("k", "0003518586\u001F株式会社\u3000Ｍ―ＴＥＣ").query(String.class).single())
                .isEqualTo("ｶﾌﾞｼｷｶﾞｲｼﾔ ｴﾑﾃﾂｸ");
    }

    /**
     * KEN_ALL splits a long 町域 over several physical lines (each a CSV record of its own). Every
     * fragment decodes; joined in file order they give the town of Japan Post's UTF-8 edition, which
     * writes U+2212 and U+301C where CP932 decodes to U+FF0D and U+FF5E.
     */
    @Test
    void multiLineRecordsDecodeAndJoinToTheUtf8Edition() throws IOException {
        Path file = POSTAL.resolve("KEN_ALL_multiline_records.CSV");
        String id = register("ken-multi", KEN_ALL_FIELDS, 3, "3, 9");
        ImportReport report = imports.importFile(id, file, "test", "postal");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.rowsRead()).isEqualTo(physicalLines(file)).isEqualTo(522);
        assertThat(replacementCharacters(id)).isZero();

        Map<String, List<String>> fragments = new HashMap<>();
        jdbc.sql("SELECT data->>'zip', data->>'town', data->>'city' FROM source_record WHERE source_id = :s")
                .param("s", id).query((rs, i) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .list().forEach(r -> fragments.computeIfAbsent(r[0] + "|" + r[2], k -> new ArrayList<>()).add(r[1]));
        List<List<String>> expected = readCsv(POSTAL.resolve("utf_ken_all_multiline_records_expected.csv"));
        assertThat(expected).hasSize(208);
        assertThat(fragments).hasSize(208);
        for (List<String> record : expected) {
            String town = record.get(8).replace('\u2212', '\uFF0D').replace('\u301C', '\uFF5E');
            List<String> parts = fragments.get(record.get(2) + "|" + record.get(7));
            assertThat(parts).as("fragments of %s %s", record.get(2), record.get(7)).isNotNull().hasSizeGreaterThan(1);
            assertThat(joinable(town, parts)).as("%s from %s", town, parts).isTrue();
        }
    }

    // ---- helpers ----

    /** A header-less Shift_JIS source with the fields at positions 1..n. */
    private String register(String prefix, List<String> fields, int personKey, String recordKey) {
        StringBuilder yaml = new StringBuilder("""
                name: 郵便番号データ
                program: テスト
                department: {id: test, name: テスト課, contact: 内線 0000}
                encoding: Shift_JIS
                delimiter: ","
                header: false
                personKey: {column: %d, normalise: zero-pad, digits: 10}
                recordKey: [%s]
                fields:
                """.formatted(personKey, recordKey));
        for (int i = 0; i < fields.size(); i++) {
            yaml.append("  - {name: ").append(fields.get(i)).append(", column: ").append(i + 1)
                    .append(", type: text}\n");
        }
        String id = TestSources.uniqueId(prefix);
        catalog.register(id, yaml.toString());
        return id;
    }

    private long storedCount(String id) {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s").param("s", id)
                .query(Long.class).single();
    }

    private long replacementCharacters(String id) {
        return jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s"
                + " AND (data::text LIKE '%' || chr(65533) || '%' OR record_key LIKE '%' || chr(65533) || '%')")
                .param("s", id).query(Long.class).single();
    }

    /** CRLF-terminated lines; 0x0D 0x0A never occurs inside a CP932 character. */
    static long physicalLines(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        long lines = 0;
        for (int i = 1; i < bytes.length; i++) {
            if (bytes[i - 1] == '\r' && bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /** Whether the parts, each used once in some order, concatenate to the whole. */
    static boolean joinable(String whole, List<String> parts) {
        if (parts.isEmpty()) {
            return whole.isEmpty();
        }
        for (int i = 0; i < parts.size(); i++) {
            if (whole.startsWith(parts.get(i))) {
                List<String> rest = new ArrayList<>(parts);
                rest.remove(i);
                if (joinable(whole.substring(parts.get(i).length()), rest)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The UTF-8 expected file is plain: every field is a quoted or unquoted single-line value. */
    static List<List<String>> readCsv(Path file) throws IOException {
        List<List<String>> records = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                var csv = de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(reader)) {
            csv.forEach(r -> records.add(r.getFields()));
        }
        return records;
    }
}
