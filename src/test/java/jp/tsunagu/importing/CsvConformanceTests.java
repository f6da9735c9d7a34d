package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every case of two public CSV conformance suites, copied with their NOTICE/LICENSE into
 * {@code src/test/resources/conformance/}, goes through the intake ({@link SnapshotImport}) unchanged,
 * and what Tsunagu stores (or why it rejects the file) is compared with what the suite expects.
 *
 * <ul>
 * <li><b>csv-spectrum</b>: {@code csvs/NAME.csv} with {@code json/NAME.json} (objects keyed by the header).
 * <li><b>FastCSV spec</b>: every check of {@code spec/*.yaml}. In {@code input} and {@code records},
 * ␍ is CR, ␊ LF, ␤ CRLF, and ⏎ stands for each of CR, LF and CRLF: such a check runs three times.
 * Plus the {@code bom/} files (UTF-8 with and without BOM, UTF-16 and UTF-32 with BOM).
 * </ul>
 *
 * <h2>How a case is run (the input passes through unchanged)</h2>
 * The file is written byte for byte and imported into its own source: {@code header: false} (so a
 * csv-spectrum header row is checked as the first record), fields {@code c1..cN} at columns 1..N of
 * type text (N = the widest expected record), person key = column 1 with {@code normalise: none}, and
 * the default record key (the person-key column). No synthetic key column is added, so Tsunagu's own
 * rules decide the outcome, and the test predicts it from the suite's expected records:
 * <ol>
 * <li>a record whose field count differs from the first record's: rejected, {@code line:column}
 * "列の数が …"; in a record with the first record's count, each defined field past its end:
 * {@code line:column} "列がありません" (the fields are as many as the widest expected record);
 * <li>an empty person key (column 1 empty after trimming): rejected, {@code line:1} "宛名番号が空です";
 * <li>a value containing U+FFFD: rejected, {@code line:column} (U+FFFD is never stored);
 * <li>a record key (column 1) seen before: rejected as a duplicate record key, naming the first line;
 * <li>otherwise applied, and {@code source_record} holds exactly the expected records: person key
 * = column 1, data = {@code {"c1": …}} with values <em>trimmed</em> (Tsunagu trims ASCII white space,
 * control characters and U+3000 around every value, so {@code ' D '} is stored as {@code D}) and
 * <em>empty values left out</em> (Tsunagu does not store empty values).
 * </ol>
 * Line numbers are computed from the expected records (one line per record plus the line breaks
 * inside its fields, plus leading empty lines), so a rejection is asserted with its exact
 * {@code file:line:column: reason}.
 *
 * <h2>Settings Tsunagu does not offer (run anyway, under Tsunagu's fixed policy)</h2>
 * Tsunagu has no comment lines, always skips empty lines and requires one field count per file.
 * <ul>
 * <li>{@code commentMode: READ} and {@code SKIP}: run with '#' as an ordinary character; the expected
 * records are those of the {@code commentMode: NONE} check with the same input (asserted to exist).
 * <li>{@code skipEmptyLines} false (the spec default): see {@link #EMPTY_LINE_ADJUSTED}; every other
 * check of that kind is asserted to contain no empty line.
 * <li>different field counts ({@code different-field-count-*}): rejected with line and column.
 * <li>{@link #STRUCTURAL_REJECTS}: checks the spec marks {@code exceptionAllowed: true}, where Tsunagu
 * rejects the file as structurally broken (asserted: each is {@code exceptionAllowed}).
 * </ul>
 * No case is excluded: {@link #everyCaseOfBothSuitesIsRun()} counts them.
 */
@TsunaguTest
// a context of its own: every source of one hub must share one person-key normalisation, and these
// sources need `normalise: none` (their keys are arbitrary text) while the others use zero-pad 10,
// and a hub keeps one person-key form, so this class has a database of its own
@TestPropertySource(properties = {"tsunagu.importing.sources-dir=target/test-sources-conformance",
        "tsunagu.database.data-dir=target/test-pg-conformance"})
class CsvConformanceTests {

    static final Path ROOT = resource("/conformance");

    /** Checks whose expected records change under Tsunagu's skip-empty-lines policy, with the reason. */
    static final Map<String, List<List<String>>> EMPTY_LINE_ADJUSTED = Map.of(
            // spec (skipEmptyLines=false): [''], ['D']. Tsunagu always skips empty lines.
            "line-breaks-3", List.of(List.of("D")));

    /** Checks Tsunagu rejects as structurally broken; the spec allows an exception for each. */
    static final Map<String, String> STRUCTURAL_REJECTS = Map.of(
            "spaces-around-quotes-1", "characters after a closing quote (allowExtraCharsAfterClosingQuote=false)",
            "spaces-around-quotes-2", "characters after a closing quote (allowExtraCharsAfterClosingQuote=false)",
            "open-quotation-1", "a quoted field still open at the end of the file: bad quoting or a truncated export",
            "open-quotation-2", "a quoted field still open at the end of the file: bad quoting or a truncated export");

    /** Cases not run, with the reason. None. */
    static final Map<String, String> EXCLUDED = Map.of();

    @Autowired
    SnapshotImport imports;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    /** One file to import and the records a reader following the suite (and Tsunagu's policy) sees. */
    record Case(String id, String fileName, byte[] bytes, List<List<String>> records, int leadingEmptyLines,
            String structuralReason) {

        @Override
        public String toString() {
            return id;
        }
    }

    @ParameterizedTest(name = "csv-spectrum {0}")
    @MethodSource("csvSpectrumCases")
    void csvSpectrumCase(Case c) {
        runCase(c);
    }

    @ParameterizedTest(name = "fastcsv {0}")
    @MethodSource("fastCsvCases")
    void fastCsvSpecCase(Case c) {
        runCase(c);
    }

    static Stream<Arguments> bomFiles() {
        return Stream.of(Arguments.of("utf8_nobom.csv", "UTF-8"), Arguments.of("utf8_bom.csv", "UTF-8"),
                Arguments.of("utf16le_bom.csv", "UTF-16"), Arguments.of("utf16be_bom.csv", "UTF-16"),
                Arguments.of("utf32le_bom.csv", "UTF-32"), Arguments.of("utf32be_bom.csv", "UTF-32"));
    }

    /** The same small table in six encodings is stored the same, and the byte-order mark never. */
    @ParameterizedTest(name = "fastcsv bom/{0} as {1}")
    @MethodSource("bomFiles")
    void bomFileImportsLikeTheFileWithoutBom(String file, String encoding) throws IOException {
        byte[] bytes = Files.readAllBytes(ROOT.resolve("fastcsv-spec/bom").resolve(file));
        String id = TestSources.uniqueId("conf-bom");
        catalog.register(id, definition(file, 2, encoding));
        ImportReport report = imports.importFile(id, TestSources.write(dir, file, bytes), "test", "conformance");

        assertThat(report.status()).as("%s", report.problems()).isEqualTo(ImportStatus.APPLIED);
        assertThat(report.rowsRead()).isEqualTo(2);
        assertThat(stored(id)).containsExactlyElementsOf(expectedStored(List.of(
                List.of("foo", "üÜß"), List.of("123", "456"))));
        assertThat(jdbc.sql("SELECT count(*) FROM source_record WHERE source_id = :s AND (person_key LIKE '%'"
                + " || chr(65279) || '%' OR data::text LIKE '%' || chr(65279) || '%')").param("s", id)
                .query(Long.class).single()).isZero();
    }

    /** Nothing is silently skipped: every file and check of both suites is a case above. */
    @Test
    void everyCaseOfBothSuitesIsRun() throws IOException {
        long csvFiles;
        long jsonFiles;
        try (Stream<Path> csvs = Files.list(ROOT.resolve("csv-spectrum/csvs"));
                Stream<Path> jsons = Files.list(ROOT.resolve("csv-spectrum/json"))) {
            csvFiles = csvs.count();
            jsonFiles = jsons.count();
        }
        assertThat(csvFiles).isEqualTo(jsonFiles).isEqualTo(12);
        assertThat(csvSpectrumCases().count() + EXCLUDED.size()).isEqualTo(csvFiles);

        int checks = 0;
        int variants = 0;
        for (Map<String, Object> spec : specFiles().values()) {
            for (Map<String, Object> check : checks(spec)) {
                checks++;
                variants += ((String) check.get("input")).contains("⏎") ? 3 : 1;
            }
        }
        assertThat(checks).isEqualTo(60);
        assertThat(fastCsvCases().count() + EXCLUDED.size()).isEqualTo(variants).isEqualTo(108);
        try (Stream<Path> boms = Files.list(ROOT.resolve("fastcsv-spec/bom"))) {
            assertThat(bomFiles().count()).isEqualTo(boms.count()).isEqualTo(6);
        }
        assertThat(EXCLUDED).isEmpty();
        assertThat(EMPTY_LINE_ADJUSTED).hasSize(1);
        assertThat(STRUCTURAL_REJECTS).hasSize(4);
    }

    // ---- running one case ----

    private void runCase(Case c) {
        String id = TestSources.uniqueId("conf");
        catalog.register(id, definition(c.id(), width(c), "UTF-8"));
        ImportReport report = imports.importFile(id, TestSources.write(dir, c.fileName(), c.bytes()), "test",
                "conformance");

        if (c.structuralReason() != null) {
            assertThat(report.status()).as("%s: %s", c.id(), report.problems()).isEqualTo(ImportStatus.REJECTED);
            assertThat(report.problems()).singleElement().asString().startsWith(c.fileName() + ":1")
                    .contains("CSVの構造");
            assertThat(stored(id)).isEmpty();
            return;
        }
        List<String> expectedProblems = expectedProblems(c);
        if (!expectedProblems.isEmpty()) {
            assertThat(report.status()).as("%s: %s", c.id(), report.problems()).isEqualTo(ImportStatus.REJECTED);
            assertThat(report.problems()).containsExactlyElementsOf(expectedProblems);
            assertThat(stored(id)).isEmpty();
            return;
        }
        assertThat(report.status()).as("%s: %s", c.id(), report.problems())
                .isEqualTo(c.records().isEmpty() ? ImportStatus.UNCHANGED : ImportStatus.APPLIED);
        assertThat(report.problems()).isEmpty();
        assertThat(report.rowsRead()).isEqualTo(c.records().size());
        assertThat(report.added()).isEqualTo(c.records().size());
        assertThat(stored(id)).containsExactlyElementsOf(expectedStored(c.records()));
    }

    /** The number of fields defined: the widest expected record. */
    static int width(Case c) {
        return Math.max(1, c.records().stream().mapToInt(List::size).max().orElse(1));
    }

    /** Tsunagu's rules applied to the expected records, in the order Tsunagu reports them. */
    static List<String> expectedProblems(Case c) {
        List<String> problems = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        long line = 1 + c.leadingEmptyLines();
        int columns = c.records().isEmpty() ? 0 : c.records().get(0).size();
        int width = width(c);
        for (List<String> record : c.records()) {
            String at = c.fileName() + ":" + line;
            if (record.size() != columns) {
                problems.add(at + ":" + (Math.min(record.size(), columns) + 1) + ": 列の数が " + record.size()
                        + " です (" + columns + " 列のはずです)");
            } else {
                int before = problems.size();
                String key = personKey(record.get(0));
                if (key.isEmpty()) {
                    problems.add(at + ":1: [c1] 宛名番号が空です");
                }
                for (int i = 0; i < width; i++) {
                    if (i >= record.size()) {
                        problems.add(at + ":" + (i + 1) + ": [c" + (i + 1) + "] 列がありません");
                    } else if (record.get(i).indexOf('\uFFFD') >= 0) {
                        problems.add(at + ":" + (i + 1) + ": [c" + (i + 1) + "] "
                                + "置換文字 (U+FFFD) を含みます。書き出し元で文字化けしています");
                    }
                }
                if (problems.size() == before) {
                    Long first = firstLine.putIfAbsent(key, line);
                    if (first != null) {
                        problems.add(at + ": [1] レコードキーが重複しています (" + first + " 行目と同じ): " + key);
                    }
                }
            }
            line += 1 + record.stream().mapToLong(CsvConformanceTests::lineBreaks).sum();
        }
        return problems;
    }

    static String definition(String caseId, int width, String encoding) {
        StringBuilder yaml = new StringBuilder("""
                name: "CSV適合性 %s"
                program: テスト
                department: {id: test, name: テスト課, contact: 内線 0000}
                encoding: %s
                delimiter: ","
                header: false
                personKey: {column: 1, normalise: none}
                fields:
                """.formatted(caseId, encoding));
        for (int i = 1; i <= width; i++) {
            yaml.append("  - {name: c").append(i).append(", column: ").append(i).append(", label: c").append(i)
                    .append(", type: text}\n");
        }
        return yaml.toString();
    }

    /** What source_record holds, as sorted {@code person_key U+001F data} lines (jsonb's canonical text). */
    List<String> stored(String sourceId) {
        return jdbc.sql("SELECT person_key || chr(31) || data::jsonb::text FROM source_record WHERE source_id = :s")
                .param("s", sourceId).query(String.class).list().stream().sorted().toList();
    }

    /** The expected records in the same form: trimmed, empty values left out, canonicalised by PostgreSQL. */
    List<String> expectedStored(List<List<String>> records) {
        List<String> lines = new ArrayList<>();
        for (List<String> record : records) {
            StringBuilder json = new StringBuilder("{");
            for (int i = 0; i < record.size(); i++) {
                String value = trim(record.get(i));
                if (!value.isEmpty()) {
                    json.append(json.length() > 1 ? "," : "").append("\"c").append(i + 1).append("\":");
                    appendJson(json, value);
                }
            }
            json.append('}');
            String canonical = jdbc.sql("SELECT CAST(:j AS jsonb)::text").param("j", json.toString())
                    .query(String.class).single();
            lines.add(personKey(record.get(0)) + '\u001F' + canonical);
        }
        return lines.stream().sorted().toList();
    }

    /** Tsunagu trims ASCII white space, control characters and U+3000 around a value. */
    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && (s.charAt(start) <= ' ' || s.charAt(start) == '\u3000')) {
            start++;
        }
        while (end > start && (s.charAt(end - 1) <= ' ' || s.charAt(end - 1) == '\u3000')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** A person key with {@code normalise: none}: trimmed and NFKC-normalised. */
    static String personKey(String raw) {
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFKC).strip();
    }

    static void appendJson(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /** CR, LF and CRLF each count as one line break. */
    static long lineBreaks(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == s.length() || s.charAt(i + 1) != '\n')) {
                n++;
            }
        }
        return n;
    }

    static int leadingEmptyLines(String input) {
        int n = 0;
        int i = 0;
        while (i < input.length() && (input.charAt(i) == '\r' || input.charAt(i) == '\n')) {
            i += input.startsWith("\r\n", i) ? 2 : 1;
            n++;
        }
        return n;
    }

    static boolean hasEmptyLine(String input) {
        String lf = input.replace("\r\n", "\n").replace('\r', '\n');
        return lf.startsWith("\n") || lf.contains("\n\n");
    }

    // ---- reading the suites ----

    static Stream<Case> csvSpectrumCases() {
        Path base = ROOT.resolve("csv-spectrum");
        List<Case> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(base.resolve("csvs"))) {
            for (Path csv : files.sorted().toList()) {
                String name = csv.getFileName().toString().replaceFirst("\\.csv$", "");
                Object json;
                try (Reader r = Files.newBufferedReader(base.resolve("json/" + name + ".json"))) {
                    json = yaml().load(r); // JSON is YAML: SnakeYAML keeps the keys' order
                }
                // location_coordinates.json is one object, not an array (as upstream has it)
                List<?> objects = json instanceof List<?> l ? l : List.of(json);
                List<String> header = new ArrayList<>();
                ((Map<?, ?>) objects.get(0)).keySet().forEach(k -> header.add((String) k));
                List<List<String>> records = new ArrayList<>();
                records.add(header);
                for (Object o : objects) {
                    Map<?, ?> object = (Map<?, ?>) o;
                    assertThat(List.copyOf(object.keySet())).as(name).isEqualTo(header);
                    records.add(header.stream().map(h -> (String) object.get(h)).toList());
                }
                byte[] bytes = Files.readAllBytes(csv);
                String text = new String(bytes, StandardCharsets.UTF_8);
                assertThat(hasEmptyLine(text)).as("%s has an empty line", name).isFalse();
                cases.add(new Case(name, name + ".csv", bytes, records, 0, null));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return cases.stream();
    }

    static Stream<Case> fastCsvCases() {
        Map<String, Map<String, Object>> specs = specFiles();
        // the records of the commentMode NONE checks, by expanded input
        Map<String, List<List<String>>> noneByInput = new HashMap<>();
        for (Map<String, Object> spec : specs.values()) {
            if ("NONE".equals(settings(spec).get("commentMode"))) {
                for (Map<String, Object> check : checks(spec)) {
                    for (String[] v : variants((String) check.get("input"))) {
                        noneByInput.put(expand((String) check.get("input"), v[1]), records(check, v[1]));
                    }
                }
            }
        }
        List<Case> cases = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> file : specs.entrySet()) {
            Map<String, Object> spec = file.getValue();
            Map<?, ?> settings = settings(spec);
            Object commentMode = settings.get("commentMode");
            boolean skipsEmptyLines = Boolean.TRUE.equals(settings.get("skipEmptyLines"));
            for (Map<String, Object> check : checks(spec)) {
                String checkId = (String) check.get("id");
                String structural = STRUCTURAL_REJECTS.get(checkId);
                if (structural != null) {
                    assertThat(settings.get("exceptionAllowed")).as(checkId).isEqualTo(true);
                }
                for (String[] v : variants((String) check.get("input"))) {
                    String input = expand((String) check.get("input"), v[1]);
                    List<List<String>> records = records(check, v[1]);
                    if ("READ".equals(commentMode) || "SKIP".equals(commentMode)) {
                        records = noneByInput.get(input);
                        assertThat(records).as("%s: no commentMode NONE check with its input", checkId).isNotNull();
                    }
                    if (!skipsEmptyLines && EMPTY_LINE_ADJUSTED.containsKey(checkId)) {
                        records = EMPTY_LINE_ADJUSTED.get(checkId);
                    } else if (!skipsEmptyLines) {
                        assertThat(hasEmptyLine(input)).as("%s has an empty line", checkId).isFalse();
                    }
                    String id = checkId + v[0];
                    cases.add(new Case(id, id + ".csv", input.getBytes(StandardCharsets.UTF_8), records,
                            leadingEmptyLines(input), structural));
                }
            }
        }
        return cases.stream();
    }

    /** ⏎ runs a check three times; {suffix, replacement}. */
    static List<String[]> variants(String input) {
        return input.contains("⏎")
                ? List.of(new String[] {"-CR", "\r"}, new String[] {"-LF", "\n"}, new String[] {"-CRLF", "\r\n"})
                : List.<String[]>of(new String[] {"", ""});
    }

    static String expand(String s, String lineBreak) {
        return s.replace("⏎", lineBreak).replace("␤", "\r\n").replace("␍", "\r").replace("␊", "\n");
    }

    @SuppressWarnings("unchecked")
    static List<List<String>> records(Map<String, Object> check, String lineBreak) {
        List<List<String>> records = new ArrayList<>();
        for (List<Object> record : (List<List<Object>>) check.getOrDefault("records", List.of())) {
            records.add(record.stream().map(f -> expand(String.valueOf(f), lineBreak)).toList());
        }
        return records;
    }

    static Map<String, Map<String, Object>> specFiles() {
        Map<String, Map<String, Object>> specs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(ROOT.resolve("fastcsv-spec/spec"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    specs.put(file.getFileName().toString(), yaml().load(r));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return specs;
    }

    static Map<?, ?> settings(Map<String, Object> spec) {
        return spec.get("settings") instanceof Map<?, ?> m ? m : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> checks(Map<String, Object> spec) {
        return (List<Map<String, Object>>) spec.get("checks");
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    static Path resource(String name) {
        try {
            return Path.of(CsvConformanceTests.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
