package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import jp.tsunagu.TestTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The crash campaign (クラッシュ試験, issue 19 point 5): {@code kill -9} of the application at moments drawn from a
 * seeded random generator, uniformly over the latest uncrashed run of each operation (the timed run, then each
 * re-run that applied the operation whole, or a victim that answered before its kill: a moment after the end of
 * the work kills nothing under way) — (a) the first snapshot of a
 * registry with its first person index, (b) a next-day snapshot of a program (adds, changes, ends), (c) a document
 * upload, (d) a next-day registry snapshot with its life events — and after each kill, a restart that holds either
 * the old or the new state, never a mix, with no row lost, no import left 実行中, and a re-run that completes.
 *
 * <p>The test owns the database server (as {@code CrashDuringApplyTests}): the application runs in child JVMs
 * ({@link CrashChild}) that connect to it by URL, so the database outlives each killed JVM, as the embedded server
 * outlives a killed Tsunagu (docs/architecture.md, crash safety); a kill of the server too is
 * {@code StopAndStartTests}'. Each scenario has a database of its own on that server. One child at a time: the
 * child that restarts after a kill is checked, re-runs the operation and is the next kill's victim.
 *
 * <p>By default 1 kill a scenario, to keep .ci/run within its 20 minutes (a child start costs 5 to 15 s, and each
 * kill needs one); {@code
 * -Dtsunagu.crash.kills=20} is the full campaign, {@code -Dtsunagu.crash.seed=…} another draw. The table of every
 * kill goes to {@code target/crash-campaign.md} and to standard output (docs/crash-campaign.md keeps a campaign's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashCampaignTests {

    static final long SEED = Long.getLong("tsunagu.crash.seed", 20261203L);
    static final int KILLS = Integer.getInteger("tsunagu.crash.kills", 1);
    /** Rows of the registries (a, d) and of the program (b). */
    static final int REGISTRY_ROWS = Integer.getInteger("tsunagu.crash.registry-rows", 4_000);
    static final int PROGRAM_ROWS = Integer.getInteger("tsunagu.crash.program-rows", 30_000);
    /** The size of each uploaded file (c). */
    static final int UPLOAD_BYTES = 4_000_000;
    /**
     * A registry's first index is a bulk build while it adds at least an eighth of the persons indexed
     * (ResidentIndex.BULK_RATIO): nine registries of one size per database, the first measured, then eight kills.
     */
    static final int FIRST_IMPORTS_PER_DATABASE = 8;

    static final Path DIR = Path.of("target/crash-campaign");
    static EmbeddedDatabase server;
    static final List<Row> table = Collections.synchronizedList(new ArrayList<>());
    static final Map<String, Long> measured = Collections.synchronizedMap(new TreeMap<>());

    /** One kill: what was killed when, what the restart held, and whether the re-run completed. */
    record Row(String scenario, int kill, long momentMs, long durationMs, String phase, String outcome, String rows,
            String rerun) {
    }

    /** The children alive, killed after each test (a failed test leaves its child otherwise). */
    static final List<Process> LIVE = Collections.synchronizedList(new ArrayList<>());
    /** How long each child took to start (ms). */
    static final List<Long> startMillis = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void killLeftChildren() throws InterruptedException {
        for (Process p : new ArrayList<>(LIVE)) {
            p.destroyForcibly();
            p.waitFor(1, TimeUnit.MINUTES);
        }
        LIVE.clear();
    }

    @BeforeAll
    static void server() throws IOException {
        deleteRecursively(DIR);
        Files.deleteIfExists(Path.of("target/crash-campaign-rows.md"));
        Files.createDirectories(DIR);
        // not in a temporary folder: the server runs until the JVM ends (see CrashDuringApplyTests)
        server = EmbeddedDatabase.start(new DatabaseProperties(Path.of("target/test-pg-crash-campaign"), true, false,
                0, 0, TestTemplate.folder()));
        System.out.printf("CrashCampaignTests: seed %d, %d kills a scenario%n", SEED, KILLS);
    }

    @AfterAll
    static void writeTable() throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("seed ").append(SEED).append(", ").append(KILLS).append(" kills a scenario; uncrashed runs (ms): ")
                .append(measured).append("; child starts: ").append(startMillis.size()).append(", median ")
                .append(median(startMillis)).append(" ms\n\n");
        md.append("| scenario | kill | moment ms | of ms | phase at the kill | after the restart | rows | re-run |\n");
        md.append("|---|---|---|---|---|---|---|---|\n");
        List<Row> rows = new ArrayList<>(table);
        rows.sort((x, y) -> x.scenario().equals(y.scenario()) ? Integer.compare(x.kill(), y.kill())
                : x.scenario().compareTo(y.scenario()));
        for (Row r : rows) {
            md.append("| ").append(r.scenario()).append(" | ").append(r.kill()).append(" | ").append(r.momentMs())
                    .append(" | ").append(r.durationMs()).append(" | ").append(r.phase()).append(" | ")
                    .append(r.outcome()).append(" | ").append(r.rows()).append(" | ").append(r.rerun()).append(" |\n");
        }
        Files.writeString(Path.of("target/crash-campaign.md"), md, StandardCharsets.UTF_8);
        System.out.println("CrashCampaignTests: the campaign's table (target/crash-campaign.md)\n" + md);
    }

    /** Keeps a kill's row, and prints it at once: a long campaign stopped early still has its rows. */
    private static void record(Row r) throws IOException {
        table.add(r);
        String line = "| " + r.scenario() + " | " + r.kill() + " | " + r.momentMs() + " | " + r.durationMs() + " | "
                + r.phase() + " | " + r.outcome() + " | " + r.rows() + " | " + r.rerun() + " |";
        System.out.println("CrashCampaignTests row: " + line);
        Files.writeString(Path.of("target/crash-campaign-rows.md"), line + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }

    // ---------------------------------------------------------------- (a) first import and first index

    @Test
    @Order(1)
    void aKillDuringAFirstRegistryImportAndItsFirstIndexLeavesNoSnapshotOrTheWholeOneAndTheRerunCompletesIt()
            throws Exception {
        Random random = new Random(SEED ^ 0xA);
        long duration = 0;
        int kill = 0;
        for (int group = 0; kill < KILLS; group++) {
            Scenario a = new Scenario("a" + group, "a");
            int first = kill;
            int registries = group == 0 ? FIRST_IMPORTS_PER_DATABASE + 1 : FIRST_IMPORTS_PER_DATABASE;
            List<String> ids = new ArrayList<>();
            for (int r = 0; r < registries; r++) {
                String id = "reg-" + group + "-" + r;
                ids.add(id);
                Files.writeString(a.sources.resolve(id + ".yml"), registryDefinition(id));
            }
            a.start();
            int next = 0;
            if (group == 0) {
                // one uncrashed run: the span the kills are drawn from
                Registry registry = Registry.first(REGISTRY_ROWS, 1_000_000L * (group * 10 + 1));
                Path file = registry.write(a.folder.resolve(ids.get(0) + ".csv"));
                long t0 = System.nanoTime();
                assertThat(a.command("import " + ids.get(0) + " " + file)).startsWith("done APPLIED");
                duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                measured.put("a first import + first index", duration);
                assertThat(a.snapshot(ids.get(0), Registry.FIELDS)).isEqualTo(registry.digest());
                assertThat(a.persons(ids.get(0))).isEqualTo(REGISTRY_ROWS);
                assertThat(a.count("SELECT count(*) FROM person_index_build")).isZero();
                next = 1;
            }
            for (int r = next; r < registries && kill < KILLS; r++, kill++) {
                String id = ids.get(r);
                Registry registry = Registry.first(REGISTRY_ROWS, 1_000_000L * (group * 10 + r + 1));
                Path file = registry.write(a.folder.resolve(id + ".csv"));
                String empty = a.snapshot(id, Registry.FIELDS);
                long moment = random.nextLong(duration + 1);
                a.send("import " + id + " " + file);
                String answer = a.killAt(moment);
                String phase = a.phase(id) + a.indexPhase(id) + (answer == null ? "" : ", done before the kill");
                long span = duration;
                duration = answer == null ? duration : a.answeredMillis;
                a.restart();

                a.assertNoImportRunning(id);
                String held = a.snapshot(id, Registry.FIELDS);
                String outcome = outcome(held, empty, registry.digest());
                long records = a.count("SELECT count(*) FROM source_record WHERE source_id = '" + id + "'");
                long persons = a.persons(id);
                assertThat(records).as("rows after the restart").isIn(0L, (long) REGISTRY_ROWS);
                assertThat(persons).as("the index agrees with the snapshot").isEqualTo(records);
                assertThat(a.count("SELECT count(*) FROM person_index_source WHERE source_id = '" + id + "'"))
                        .isEqualTo(records == 0 ? 0 : 1);

                long r0 = System.nanoTime();
                String rerun = a.command("import " + id + " " + file);
                duration = rerun.startsWith("done APPLIED") ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0)
                        : duration;
                assertThat(rerun).startsWith(outcome.equals("old") ? "done APPLIED" : "done DUPLICATE");
                assertThat(a.snapshot(id, Registry.FIELDS)).as("the re-run's snapshot").isEqualTo(registry.digest());
                assertThat(a.persons(id)).isEqualTo(REGISTRY_ROWS);
                a.assertNoImportRunning(id);
                assertThat(a.count("SELECT count(*) FROM person_index_build")).as("no first index left half done")
                        .isZero();
                record(new Row("a first import + index", kill + 1, moment, span, phase, outcome,
                        records + " rows, " + persons + " persons", rerun.split(" ")[1] + ", " + a.persons(id)
                                + " persons" + a.leftovers()));
            }
            a.close();
            assertThat(kill).as("kills in this database").isGreaterThan(first);
        }
    }

    // ---------------------------------------------------------------- (b) next-day import of a program

    @Test
    @Order(3)
    void aKillDuringANextDayImportLeavesTheOldOrTheNewSnapshotAndTheRerunCompletesIt() throws Exception {
        Random random = new Random(SEED ^ 0xB);
        Scenario b = new Scenario("b", "b");
        String id = "kaigo-crash";
        Files.writeString(b.sources.resolve(id + ".yml"), programDefinition(id));
        b.start();
        Path day0 = Program.day(0).write(b.folder.resolve("day0.csv"));
        assertThat(b.command("import " + id + " " + day0)).startsWith("done APPLIED");
        // day 1 warms the JVM up (the first next-day import of a child took five times the next ones); day 2 is timed
        Path day1 = Program.day(1).write(b.folder.resolve("day1.csv"));
        assertThat(b.command("import " + id + " " + day1)).startsWith("done APPLIED");
        Program two = Program.day(2);
        Path day2 = two.write(b.folder.resolve("day2.csv"));
        long t0 = System.nanoTime();
        assertThat(b.command("import " + id + " " + day2)).startsWith("done APPLIED");
        long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        measured.put("b next-day import", duration);
        assertThat(b.snapshot(id, Program.FIELDS)).isEqualTo(two.digest());

        for (int kill = 0; kill < KILLS; kill++) {
            Program before = Program.day(kill + 2);
            Program after = Program.day(kill + 3);
            Path file = after.write(b.folder.resolve("day" + (kill + 3) + ".csv"));
            long moment = random.nextLong(duration + 1);
            b.send("import " + id + " " + file);
            String answer = b.killAt(moment);
            String phase = b.phase(id) + (answer == null ? "" : ", done before the kill");
            long span = duration;
            duration = answer == null ? duration : b.answeredMillis;
            b.restart();

            b.assertNoImportRunning(id);
            String outcome = outcome(b.snapshot(id, Program.FIELDS), before.digest(), after.digest());
            long records = b.count("SELECT count(*) FROM source_record WHERE source_id = '" + id + "'");
            assertThat(records).as("no row lost").isEqualTo(outcome.equals("old") ? before.size() : after.size());
            assertThat(b.count("SELECT record_count FROM source WHERE source_id = '" + id + "'")).isEqualTo(records);
            long r0 = System.nanoTime();
            String rerun = b.command("import " + id + " " + file);
            duration = rerun.startsWith("done APPLIED") ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0)
                    : duration;
            assertThat(rerun).startsWith(outcome.equals("old") ? "done APPLIED" : "done DUPLICATE");
            assertThat(b.snapshot(id, Program.FIELDS)).as("the re-run's snapshot").isEqualTo(after.digest());
            b.assertNoImportRunning(id);
            record(new Row("b next-day import", kill + 1, moment, span, phase, outcome, records + " rows",
                    rerun.split(" ")[1] + ", " + b.count("SELECT count(*) FROM source_record WHERE source_id = '" + id
                            + "'") + " rows" + b.leftovers()));
        }
        b.close();
    }

    // ---------------------------------------------------------------- (c) document upload

    @Test
    @Order(4)
    void aKillDuringAnUploadLeavesTheWholeFileOrNoneAndNoRowWithoutItsFile() throws Exception {
        Random random = new Random(SEED ^ 0xC);
        Scenario c = new Scenario("c", "c");
        c.start();
        assertThat(c.command("setup-uploads")).isEqualTo("done setup");
        // upload 0 warms the JVM up, upload 1 is timed
        assertThat(c.command("upload 0 " + UPLOAD_BYTES)).startsWith("done upload");
        long t0 = System.nanoTime();
        assertThat(c.command("upload 1 " + UPLOAD_BYTES)).startsWith("done upload");
        long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        measured.put("c upload", duration);
        assertThat(c.uploads()).containsExactly(Map.entry(CrashChild.title(0), expectedSha(0)),
                Map.entry(CrashChild.title(1), expectedSha(1)));

        for (int kill = 2; kill <= KILLS + 1; kill++) {
            long moment = random.nextLong(duration + 1);
            long rowsBefore = c.count("SELECT count(*) FROM document");
            c.send("upload " + kill + " " + UPLOAD_BYTES);
            String answer = c.killAt(moment);
            long span = duration;
            duration = answer == null ? duration : c.answeredMillis;
            String phase = (c.count("SELECT count(*) FROM document") > rowsBefore ? "row committed" : "no row yet")
                    + ", " + c.storedFiles() + " files, " + c.count("SELECT count(*) FROM document_content")
                    + " contents" + (answer == null ? "" : ", done before the kill");
            c.restart();

            Map<String, String> held = c.uploads();
            for (int earlier = 0; earlier < kill; earlier++) {
                assertThat(held).as("every file registered before").containsEntry(CrashChild.title(earlier),
                        expectedSha(earlier));
            }
            String title = CrashChild.title(kill);
            String outcome;
            if (held.containsKey(title)) {
                assertThat(held.get(title)).as("the killed upload, registered: whole").isEqualTo(expectedSha(kill));
                outcome = "new";
            } else {
                outcome = "old";
            }
            assertThat(held).hasSize(kill + (outcome.equals("new") ? 1 : 0));
            long orphans = c.storedFiles() - c.count("SELECT count(*) FROM document_content");
            assertThat(orphans).as("files without a row (documents check --repair deletes them)").isBetween(0L, 1L);
            String rows = held.size() + " files, " + orphans + " without a row";
            String rerun = "not needed";
            if (outcome.equals("old")) {
                long r0 = System.nanoTime();
                assertThat(c.command("upload " + kill + " " + UPLOAD_BYTES)).startsWith("done upload");
                duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0);
                rerun = "uploaded";
            }
            Map<String, String> after = c.uploads();
            assertThat(after).hasSize(kill + 1).containsEntry(title, expectedSha(kill));
            record(new Row("c upload", kill - 1, moment, span, phase, outcome, rows, rerun + ", "
                    + after.size() + " files readable"));
        }
        c.close();
    }

    // ---------------------------------------------------------------- (d) life events of a next-day registry

    @Test
    @Order(2)
    void aKillDuringANextDayRegistryImportDetectsEachLifeEventExactlyOnceAfterTheRerun() throws Exception {
        Random random = new Random(SEED ^ 0xD);
        Scenario d = new Scenario("d", "d");
        String id = "jumin-crash";
        Files.writeString(d.sources.resolve(id + ".yml"), registryDefinition(id));
        d.start();
        Registry registry = Registry.first(REGISTRY_ROWS, 1_000_000L);
        Path day0 = registry.write(d.folder.resolve("day0.csv"));
        assertThat(d.command("import " + id + " " + day0)).startsWith("done APPLIED");
        Map<String, Integer> expected = new TreeMap<>();
        // day 1 warms the JVM up, day 2 is timed
        Registry one = registry.nextDay(1, expected);
        Path day1 = one.write(d.folder.resolve("day1.csv"));
        assertThat(d.command("import " + id + " " + day1)).startsWith("done APPLIED");
        Registry two = one.nextDay(2, expected);
        Path day2 = two.write(d.folder.resolve("day2.csv"));
        long t0 = System.nanoTime();
        assertThat(d.command("import " + id + " " + day2)).startsWith("done APPLIED");
        long duration = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        measured.put("d next-day registry import + life events", duration);
        assertThat(d.events(id)).isEqualTo(expected);
        registry = two;

        for (int kill = 0; kill < KILLS; kill++) {
            Map<String, Integer> before = new TreeMap<>(expected);
            Registry after = registry.nextDay(kill + 3, expected);
            Path file = after.write(d.folder.resolve("day" + (kill + 3) + ".csv"));
            long moment = random.nextLong(duration + 1);
            d.send("import " + id + " " + file);
            String answer = d.killAt(moment);
            long span = duration;
            duration = answer == null ? duration : d.answeredMillis;
            String phase = d.phase(id) + ", " + d.count("SELECT count(*) FROM life_event WHERE source_id = '" + id
                    + "'") + " events" + (answer == null ? "" : ", done before the kill");
            d.restart();

            d.assertNoImportRunning(id);
            String outcome = outcome(d.snapshot(id, Registry.FIELDS), registry.digest(), after.digest());
            Map<String, Integer> events = d.events(id);
            assertThat(events).as("life events after the restart (each once)")
                    .isEqualTo(outcome.equals("old") ? before : expected);
            assertThat(d.unindexed(id)).as("current records the index lacks or holds otherwise").isZero();
            long records = d.count("SELECT count(*) FROM source_record WHERE source_id = '" + id + "'");
            assertThat(records).as("no row lost").isEqualTo(outcome.equals("old") ? registry.size() : after.size());
            long r0 = System.nanoTime();
            String rerun = d.command("import " + id + " " + file);
            duration = rerun.startsWith("done APPLIED") ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - r0)
                    : duration;
            assertThat(rerun).startsWith(outcome.equals("old") ? "done APPLIED" : "done DUPLICATE");
            assertThat(d.snapshot(id, Registry.FIELDS)).isEqualTo(after.digest());
            assertThat(d.events(id)).as("every event of every day, each exactly once").isEqualTo(expected);
            assertThat(d.unindexed(id)).isZero();
            assertThat(d.persons(id)).as("persons: every key the registry ever had").isEqualTo(after.everKeys());
            d.assertNoImportRunning(id);
            record(new Row("d registry next day + life events", kill + 1, moment, span, phase, outcome,
                    records + " rows, "
                            + events.values().stream().mapToInt(Integer::intValue).sum() + " events",
                    rerun.split(" ")[1] + ", " + expected.values().stream().mapToInt(Integer::intValue).sum()
                            + " events" + d.leftovers()));
            registry = after;
        }
        d.close();
    }

    // ---------------------------------------------------------------- the pieces

    private static String outcome(String held, String old, String now) {
        if (held.equals(old)) {
            return "old";
        }
        if (held.equals(now)) {
            return "new";
        }
        return fail("a mix: the restart holds neither the old snapshot (" + old + ") nor the new one (" + now
                + "), but " + held);
    }

    private static String expectedSha(int n) {
        return CrashChild.sha256(CrashChild.memo(n, UPLOAD_BYTES));
    }

    static String registryDefinition(String id) {
        return """
                name: 住民記録（クラッシュ試験 %s）
                program: 住民基本台帳
                department: {id: shimin, name: 市民課, contact: 内線 1210}
                role: resident-registry
                encoding: UTF-8
                header: true
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号]
                fields:
                  - {name: household, column: 世帯番号, label: 世帯番号, type: text, kind: household}
                  - {name: name, column: 氏名, label: 氏名, type: text}
                  - {name: kana, column: カナ氏名, label: カナ氏名, type: text}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [yyyyMMdd]}
                  - {name: address, column: 住所, label: 住所, type: text, kind: address}
                  - {name: moved_on, column: 異動日, label: 異動日, type: date, formats: [yyyyMMdd]}
                  - name: move_reason
                    column: 異動事由
                    label: 異動事由
                    type: code
                    codes: {"01": 出生, "02": 転入, "03": 転居, "04": 世帯変更, "11": 転出, "12": 死亡}
                master: {name: name, kana: kana, birthDate: birth_date, address: address, householdKey: household,
                         movedOn: moved_on, moveReason: move_reason}
                holdShare: 0.10
                """.formatted(id);
    }

    static String programDefinition(String id) {
        return """
                name: 介護保険（クラッシュ試験）
                program: 介護保険
                department: {id: kaigo, name: 介護保険課, contact: 内線 2345}
                encoding: UTF-8
                header: true
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号]
                fields:
                  - {name: grade, column: 要介護度, label: 要介護度, type: text}
                  - {name: since, column: 認定日, label: 認定日, type: date, formats: [yyyyMMdd]}
                  - {name: note, column: 備考, label: 備考, type: text}
                holdShare: 0.10
                """;
    }

    /** A snapshot's rows as the hub should hold them: the record key and the fields in order, joined by |. */
    abstract static class Snapshot {
        final TreeMap<String, String[]> rows = new TreeMap<>();

        abstract String header();

        int size() {
            return rows.size();
        }

        Path write(Path file) throws IOException {
            try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write(header() + "\n");
                for (Map.Entry<String, String[]> row : rows.entrySet()) {
                    out.write(row.getKey() + "," + String.join(",", row.getValue()) + "\n");
                }
            }
            return file;
        }

        /** What {@link Scenario#snapshot} answers for the database holding exactly this snapshot. */
        String digest() {
            List<String> lines = new ArrayList<>();
            for (Map.Entry<String, String[]> row : rows.entrySet()) {
                StringBuilder line = new StringBuilder(row.getKey());
                for (String v : row.getValue()) {
                    line.append('|').append(v.matches("[0-9]{8}") && !v.startsWith("0") ? iso(v) : v);
                }
                lines.add(line.toString());
            }
            return digestOf(lines);
        }
    }

    private static String iso(String yyyymmdd) {
        return LocalDate.parse(yyyymmdd, DateTimeFormatter.BASIC_ISO_DATE).toString();
    }

    static String digestOf(List<String> lines) {
        Collections.sort(lines);
        return lines.size() + ":" + CrashChild.sha256(String.join("\n", lines).getBytes(StandardCharsets.UTF_8))
                .substring(0, 16);
    }

    /** A program's snapshot of day d: a window of keys that moves by 1 % a day, 2 % of the rest changed. */
    static final class Program extends Snapshot {
        static final String[] FIELDS = {"grade", "since", "note"};

        static Program day(int d) {
            Program p = new Program();
            int step = PROGRAM_ROWS / 100;
            for (int j = d * step; j < d * step + PROGRAM_ROWS; j++) {
                int version = (d + j % 50) / 50;
                p.rows.put(String.format("%010d", 5_000_000 + j), new String[] {"要介護" + (1 + (j + version) % 5),
                        String.valueOf(20200101 + version * 100 + j % 28), "更新" + version});
            }
            return p;
        }

        @Override
        String header() {
            return "宛名番号,要介護度,認定日,備考";
        }
    }

    /**
     * A registry: its first snapshot, and each next day with births, move-ins, deaths, relocations, household
     * changes and removals — each a life event of known kind.
     */
    static final class Registry extends Snapshot {
        static final String[] FIELDS = {"household", "name", "kana", "birth_date", "address", "moved_on",
                "move_reason"};
        /** Every key the registry had on some day (the index keeps a removed person, marked 消除). */
        final java.util.Set<String> ever = new java.util.HashSet<>();
        long nextKey;

        static Registry first(int rows, long firstKey) {
            Registry r = new Registry();
            for (int j = 0; j < rows; j++) {
                long key = firstKey + j;
                r.put(key, new String[] {String.format("%010d", 9_000_000_000L + key / 3), "山田 太郎" + j, "ヤマダ タロウ",
                        String.valueOf(19300101 + (j % 90) * 10000 + (j % 12) * 100 + j % 28),
                        "埼玉県狭山市入間川" + (1 + j % 4) + "丁目" + (1 + j % 30) + "番" + (1 + j % 20) + "号", "", ""});
            }
            r.nextKey = firstKey + rows;
            return r;
        }

        private void put(long key, String[] values) {
            String k = String.format("%010d", key);
            rows.put(k, values);
            ever.add(k);
        }

        long everKeys() {
            return ever.size();
        }

        /** The next day's snapshot; adds each event it makes to {@code events} (person key + kind → count). */
        Registry nextDay(int day, Map<String, Integer> events) {
            Registry n = new Registry();
            n.rows.putAll(rows);
            n.ever.addAll(ever);
            n.nextKey = nextKey;
            String on = String.valueOf(LocalDate.of(2026, 4, 1).plusDays(day).format(DateTimeFormatter.BASIC_ISO_DATE));
            List<String> living = rows.entrySet().stream().filter(e -> e.getValue()[6].isEmpty()
                    || e.getValue()[6].equals("01") || e.getValue()[6].equals("02") || e.getValue()[6].equals("03")
                    || e.getValue()[6].equals("04")).map(Map.Entry::getKey).toList();
            // distinct persons for each change of the day, spread over the registry
            Random pick = new Random(day);
            List<String> chosen = new ArrayList<>();
            while (chosen.size() < 12) {
                String k = living.get(pick.nextInt(living.size()));
                if (!chosen.contains(k)) {
                    chosen.add(k);
                }
            }
            for (int i = 0; i < 2; i++) {
                String born = String.format("%010d", n.nextKey++);
                n.put(Long.parseLong(born), new String[] {"9100000000", "新生 花子" + day, "シンセイ ハナコ", on,
                        "埼玉県狭山市入間川1丁目1番1号", on, "01"});
                events.merge(born + " birth", 1, Integer::sum);
                String moved = String.format("%010d", n.nextKey++);
                n.put(Long.parseLong(moved), new String[] {"9100000001", "転入 一郎" + day, "テンニュウ イチロウ",
                        "19800515", "埼玉県狭山市狭山台2丁目3番4号", on, "02"});
                events.merge(moved + " move-in", 1, Integer::sum);
            }
            for (int i = 0; i < 2; i++) {
                int nth = i + 1;
                change(n, chosen.get(i), v -> {
                    v[5] = on;
                    v[6] = "12";
                });
                events.merge(chosen.get(i) + " death", 1, Integer::sum);
                change(n, chosen.get(2 + i), v -> {
                    v[4] = "埼玉県狭山市新狭山" + day + "丁目" + nth + "番1号";
                    v[5] = on;
                    v[6] = "03";
                });
                events.merge(chosen.get(2 + i) + " relocation", 1, Integer::sum);
                change(n, chosen.get(4 + i), v -> {
                    v[0] = String.format("%010d", 9_200_000_000L + day * 10 + nth);
                    v[5] = on;
                    v[6] = "04";
                });
                events.merge(chosen.get(4 + i) + " household-change", 1, Integer::sum);
                n.rows.remove(chosen.get(6 + i));
                events.merge(chosen.get(6 + i) + " removal", 1, Integer::sum);
            }
            return n;
        }

        private static void change(Registry n, String key, java.util.function.Consumer<String[]> edit) {
            String[] v = n.rows.get(key).clone();
            edit.accept(v);
            n.rows.put(key, v);
        }

        @Override
        String header() {
            return "宛名番号,世帯番号,氏名,カナ氏名,生年月日,住所,異動日,異動事由";
        }
    }

    /**
     * One scenario's database on the test's server, its folders, and the one child JVM that works on it: started,
     * asked line by line, killed at a moment, started again.
     */
    static final class Scenario implements AutoCloseable {
        final String database;
        final String name;
        final Path folder;
        final Path sources;
        Process child;
        /** When the last command was sent, and how long the last one killed after its answer had taken. */
        long sentAt;
        long answeredMillis = -1;
        BlockingQueue<String> answers;
        int starts;

        Scenario(String database, String name) throws IOException, SQLException {
            this.database = "crash_" + database;
            this.name = name;
            this.folder = Files.createDirectories(DIR.resolve(database));
            this.sources = Files.createDirectories(folder.resolve("sources"));
            try (Connection c = server.connect(); Statement st = c.createStatement()) {
                st.execute("DROP DATABASE IF EXISTS " + this.database);
                st.execute("CREATE DATABASE " + this.database);
            }
        }

        void start() throws IOException, InterruptedException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("-Xmx512m");
            // the client compiler and the serial collector start the application sooner (see CrashDuringUploadTests)
            // and change nothing of what is checked
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-XX:+UseSerialGC");
            command.add("-Dfile.encoding=UTF-8");
            command.addAll(jp.tsunagu.ChildJvm.classPath());
            command.add(CrashChild.class.getName());
            command.add("--spring.datasource.url=jdbc:postgresql://localhost:" + server.port() + "/" + database
                    + "?user=postgres");
            // the audit key ring and checkpoints beside the scenario's folder, not in the working folder
            command.add("--tsunagu.database.data-dir=" + folder.resolve("pg"));
            command.add("--tsunagu.importing.sources-dir=" + sources);
            command.add("--tsunagu.importing.inbox-dir=" + folder.resolve("inbox"));
            command.add("--tsunagu.importing.inbox-poll-interval=0");
            command.add("--tsunagu.procedures.dir=" + folder.resolve("no-procedures"));
            command.add("--tsunagu.procedures.age-job-cron=-");
            command.add("--tsunagu.audit.checkpoint-interval=0");
            command.add("--tsunagu.documents.files-dir=" + folder.resolve("files"));
            command.add("--tsunagu.documents.key-file=" + folder.resolve("documents.key"));
            command.add("--logging.level.root=WARN");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            // through the environment rather than the command line, which every local user can read
            builder.environment().put("SPRING_DATASOURCE_PASSWORD", server.password());
            Process started = builder.start();
            BlockingQueue<String> lines = new LinkedBlockingQueue<>();
            Path log = folder.resolve("child-" + starts++ + ".log");
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(started.getInputStream(),
                        StandardCharsets.UTF_8)); BufferedWriter out = Files.newBufferedWriter(log)) {
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        out.write(line + "\n");
                        out.flush();
                        if (line.startsWith("ready") || line.startsWith("done") || line.startsWith("failed")
                                || line.startsWith("doc ")) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    lines.add("failed reading the child: " + e.getMessage());
                }
            }, "crash-child-" + database);
            reader.setDaemon(true);
            reader.start();
            child = started;
            answers = lines;
            LIVE.add(started);
            long t0 = System.nanoTime();
            String ready = null;
            for (int waited = 0; ready == null && waited < 10 && child.isAlive(); waited++) {
                ready = next(TimeUnit.SECONDS.toMillis(30));
                if (ready == null) {
                    // a start that takes this long waits for something: say what, while it waits
                    System.out.println("CrashCampaignTests: the child on " + database + " is not ready after "
                            + (waited + 1) * 30 + " s\n" + activity() + "\n" + threads(started));
                }
            }
            assertThat(ready).as("the child's start (%s)", log).isEqualTo("ready");
            startMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        }

        /** The server's sessions that are not idle (all databases): who waits for what. */
        static String activity() {
            StringBuilder out = new StringBuilder();
            try (Connection c = server.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT pid, datname, application_name, state, wait_event_type || ':' || wait_event,
                           now() - xact_start, left(regexp_replace(query, '\\s+', ' ', 'g'), 160),
                           pg_blocking_pids(pid)
                      FROM pg_stat_activity WHERE state IS DISTINCT FROM 'idle' AND pid <> pg_backend_pid()
                       AND backend_type = 'client backend'""")) {
                while (rs.next()) {
                    out.append("  ").append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ')
                            .append(rs.getString(3)).append(' ').append(rs.getString(4)).append(' ')
                            .append(rs.getString(5)).append(" xact ").append(rs.getString(6)).append(" blocked by ")
                            .append(rs.getString(8)).append(": ").append(rs.getString(7)).append('\n');
                }
            } catch (SQLException e) {
                out.append(e.getMessage());
            }
            return out.toString();
        }

        /** The child's threads (jcmd Thread.print), where they wait. */
        static String threads(Process child) {
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(child.pid()), "Thread.print").redirectErrorStream(true).start();
                String dump = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                jcmd.waitFor(1, TimeUnit.MINUTES);
                return dump;
            } catch (IOException e) {
                return e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e.getMessage();
            }
        }

        /** The child's next answer line, or null when none came within the time (the child may have died). */
        String next(long millis) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            while (true) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                String line = answers.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (line != null) {
                    return line;
                }
                if (!child.isAlive()) {
                    return answers.poll();
                }
            }
        }

        /** The last run before the command being killed: {@link #phase} tells that command's run. */
        long runsBefore;

        void send(String command) throws IOException, SQLException {
            sentAt = System.nanoTime();
            if (command.startsWith("import ")) {
                runsBefore = count("SELECT coalesce(max(run_id), 0) FROM import_run");
            }
            OutputStream in = child.getOutputStream();
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }

        /** Sends a command and waits for its answer ({@code done …}). */
        String command(String command) throws IOException, InterruptedException, SQLException {
            send(command);
            String answer = null;
            for (int waited = 0; answer == null && waited < 10 && child.isAlive(); waited++) {
                answer = next(TimeUnit.MINUTES.toMillis(1));
                if (answer == null) {
                    System.out.println("CrashCampaignTests: no answer to " + command + " on " + database + " after "
                            + (waited + 1) + " min\n" + activity() + "\n" + threads(child));
                }
            }
            assertThat(answer).as("the child's answer to %s", command).isNotNull().startsWith("done");
            return answer;
        }

        /**
         * Waits for the answer to the command just sent until the moment (ms after now), then kills the child with
         * SIGKILL ({@code Process.destroyForcibly} on Linux); the answer if it came first, else null.
         */
        String killAt(long moment) throws InterruptedException {
            String answer = next(moment);
            answeredMillis = answer == null ? -1 : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
            child.destroyForcibly();
            assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            return answer;
        }

        /** The next child on the same database, once every listener has taken in what was applied. */
        void restart() throws IOException, InterruptedException, SQLException {
            start();
            assertThat(command("await")).isEqualTo("done await");
        }

        @Override
        public void close() throws IOException, InterruptedException, SQLException {
            if (child != null && child.isAlive()) {
                send("exit");
                if (!child.waitFor(1, TimeUnit.MINUTES)) {
                    child.destroyForcibly();
                }
            }
        }

        Connection connect() throws SQLException {
            java.util.Properties credentials = new java.util.Properties();
            credentials.setProperty("user", "postgres");
            credentials.setProperty("password", server.password());
            return java.sql.DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/"
                    + database, credentials);
        }

        long count(String sql) throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        }

        /** The digest of the source's current records (key and fields), as {@link Snapshot#digest} computes it. */
        String snapshot(String source, String[] fields) throws SQLException {
            StringBuilder sql = new StringBuilder("SELECT record_key");
            for (String f : fields) {
                sql.append(" || '|' || coalesce(data->>'").append(f).append("', '')");
            }
            sql.append(" FROM source_record WHERE source_id = ?");
            List<String> lines = new ArrayList<>();
            try (Connection c = connect(); PreparedStatement st = c.prepareStatement(sql.toString())) {
                st.setString(1, source);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        lines.add(rs.getString(1));
                    }
                }
            }
            return digestOf(lines);
        }

        void assertNoImportRunning(String source) throws SQLException {
            assertThat(count("SELECT count(*) FROM import_run WHERE status = 'RUNNING' AND source_id = '" + source
                    + "'")).as("imports of %s left 実行中", source).isZero();
        }

        long persons(String source) throws SQLException {
            return count("SELECT count(*) FROM person WHERE master_source = '" + source + "'");
        }

        /** Current records of a master whose person is missing, or holds another address or household. */
        long unindexed(String source) throws SQLException {
            return count("""
                    SELECT count(*) FROM source_record r
                      LEFT JOIN person p ON p.person_key = r.person_key AND p.master_source = r.source_id
                     WHERE r.source_id = '%s' AND (p.person_key IS NULL OR p.address IS DISTINCT FROM r.data->>'address'
                           OR p.household_key IS DISTINCT FROM r.data->>'household')""".formatted(source));
        }

        /** The source's life events: person key and kind, and how many times each was recorded. */
        Map<String, Integer> events(String source) throws SQLException {
            Map<String, Integer> events = new TreeMap<>();
            try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT person_key || ' ' || kind, count(*) FROM life_event WHERE source_id = '" + source
                            + "' GROUP BY 1")) {
                while (rs.next()) {
                    events.put(rs.getString(1), rs.getInt(2));
                }
            }
            return events;
        }

        /** Where the source's last import stood when the child was killed. */
        String phase(String source) throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("""
                    SELECT r.status, coalesce(r.phase, '-'), r.rows_read, s.current_run = r.run_id,
                           (SELECT count(*) FROM event_publication WHERE completion_date IS NULL)
                      FROM import_run r JOIN source s USING (source_id)
                     WHERE r.source_id = '%s' AND r.run_id > %d ORDER BY r.run_id DESC LIMIT 1"""
                    .formatted(source, runsBefore))) {
                if (!rs.next()) {
                    return "no run yet";
                }
                String status = rs.getString(1);
                if (status.equals("RUNNING")) {
                    return "RUNNING " + rs.getString(2) + " (" + rs.getLong(3) + " rows read)";
                }
                return status + (rs.getBoolean(4) ? " (current)" : "") + ", " + rs.getLong(5) + " events pending";
            }
        }

        /** The first index's progress, if one was under way. */
        String indexPhase(String source) throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT percent, indexes_done FROM person_index_build WHERE source_id = '" + source + "'")) {
                return rs.next() ? ", index " + rs.getInt(1) + "% (" + rs.getInt(2) + " indexes)" : "";
            }
        }

        /** Tables of import_stage that belong to no run still held or running (none expected). */
        String leftovers() throws SQLException {
            long left = count("""
                    SELECT count(*) FROM pg_tables t WHERE t.schemaname = 'import_stage'
                       AND NOT EXISTS (SELECT 1 FROM import_run r WHERE r.status IN ('HELD', 'RUNNING')
                                          AND t.tablename IN ('run_' || r.run_id, 'load_' || r.run_id))""");
            return left == 0 ? "" : ", " + left + " stage tables left";
        }

        /** The stored files of the scenario's file store (not its temporary folder). */
        long storedFiles() throws IOException {
            Path files = folder.resolve("files");
            if (!Files.exists(files)) {
                return 0;
            }
            try (Stream<Path> walk = Files.walk(files)) {
                return walk.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString()
                        .equals("tmp")).count();
            }
        }

        /** Every file row and the SHA-256 of its content as the application reads it back. */
        Map<String, String> uploads() throws IOException, InterruptedException, SQLException {
            send("uploads");
            Map<String, String> found = new LinkedHashMap<>();
            Map<String, Integer> times = new HashMap<>();
            for (String line = next(TimeUnit.MINUTES.toMillis(5)); line != null && !line.equals("done uploads");
                    line = next(TimeUnit.MINUTES.toMillis(5))) {
                assertThat(line).startsWith("doc ");
                String[] w = line.split(" ");
                assertThat(w[3]).as("the content of file %s (%s) reads back", w[1], w[2]).matches("[0-9a-f]{64}");
                found.put(w[2], w[3]);
                times.merge(w[2], 1, Integer::sum);
            }
            assertThat(times.values()).as("each file once").allMatch(n -> n == 1);
            return found;
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
