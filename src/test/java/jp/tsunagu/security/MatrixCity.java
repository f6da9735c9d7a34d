package jp.tsunagu.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.SampleCity;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.FieldDefinition;
import jp.tsunagu.importing.FieldType;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import jp.tsunagu.japanese.JapaneseDates;
import org.awaitility.Awaitility;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The city every matrix test asks about (行列試験の市): day 1 of the small sample city (2,000 residents, 23
 * sources, 支援措置 persons with their households), the {@link Staff} in their departments, and the grants:
 * こども支援課 may see 要介護認定 in detail but not its sensitive fields, 総合窓口課 may not see 介護保険 at all
 * (explicit NONE); every other department sees its own sources in detail and the others' as involvement only.
 * Beside the sample, two small sources of the test's own: 訪問記録 of 介護保険課 (a record of a person the index
 * does not know, and a rejected file that names a resident's key) and a 住登外 master with a person of the same
 * kana and birth date as a 支援措置 person (a suspected duplicate). Built once per database (the matrix classes share one).
 *
 * <p>The expectations are worked out here from the rules as documented (docs/architecture.md, need-to-know
 * and 支援措置), not by asking the application's own access classes.
 */
final class MatrixCity {

    static final String KAIGO = "kaigo";
    static final String KODOMO = "kodomo";
    static final String MADOGUCHI = "matrix-madoguchi";
    static final String KANRI = "matrix-kanri";
    static final String KANSA = "matrix-kansa";
    static final String HOUMON = "matrix-houmon";
    static final String JUTOGAI = "matrix-jutogai";
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    static final String HIDDEN = "（支援措置のため非表示）";
    static final String MASKED = "＊＊＊ (要配慮情報)";

    /** A department's explicit grant for a source. */
    record Grant(GrantLevel level, boolean sensitive) {
    }

    /** A resident as the registry and the sources have them: what the routes must show or withhold. */
    record Resident(String key, String name, String kana, String address, LocalDate birthDate,
            String householdKey, boolean addressProtected, Map<String, List<Map<String, String>>> records) {

        /** Age today in Japan. */
        int age() {
            return JapaneseDates.age(birthDate, LocalDate.now(TOKYO));
        }

        @Override
        public String toString() {
            return key;
        }
    }

    /** The explicit grants the city sets: department → source → grant. */
    static final Map<String, Map<String, Grant>> GRANTS = Map.of(
            KODOMO, Map.of("kaigo-nintei", new Grant(GrantLevel.DETAIL, false)),
            MADOGUCHI, Map.of("kaigo-shikaku", new Grant(GrantLevel.NONE, false),
                    "kaigo-nintei", new Grant(GrantLevel.NONE, false)));

    /**
     * The city of each matrix database (by its folder): built once in it. A context Spring's cache let go of and
     * made again (with two test JVMs the classes' order differs) finds the city in the database and is handed the
     * same residents, with its own beans.
     */
    private static final Map<String, Built> BUILT = new java.util.HashMap<>();

    private record Built(Map<String, Resident> residents, String unindexedKey, long rejectedRun) {
    }

    final ApplicationContext context;
    final SourceCatalog catalog;
    final JdbcClient jdbc;
    /** In 要介護認定 and 介護保険資格 (介護保険課) and the test's 訪問記録. */
    final Resident elder;
    /** In 児童手当 (こども支援課), not protected. */
    final Resident parent;
    /** A 支援措置 person in 児童手当. */
    final Resident victim;
    /** Registered in a 支援措置 person's household, in a source of こども支援課. */
    final Resident companion;
    /** A 住登外 person with the victim's kana and birth date. */
    final Resident twin;
    /** A person key in 訪問記録 that the index does not know. */
    final String unindexedKey;
    /** A rejected run of 訪問記録 whose errors name the elder's key. */
    final long rejectedRun;

    private MatrixCity(ApplicationContext context, Map<String, Resident> residents, String unindexedKey,
            long rejectedRun) {
        this.context = context;
        this.catalog = context.getBean(SourceCatalog.class);
        this.jdbc = context.getBean(JdbcClient.class);
        this.elder = residents.get("elder");
        this.parent = residents.get("parent");
        this.victim = residents.get("victim");
        this.companion = residents.get("companion");
        this.twin = residents.get("twin");
        this.unindexedKey = unindexedKey;
        this.rejectedRun = rejectedRun;
    }

    /** The city of this application context, built on first use. */
    static synchronized MatrixCity of(ApplicationContext context) {
        String database = context.getEnvironment().getProperty("tsunagu.database.data-dir", "") + "|"
                + context.getEnvironment().getProperty("spring.datasource.url", "");
        Built built = BUILT.computeIfAbsent(database, d -> build(context));
        return new MatrixCity(context, built.residents(), built.unindexedKey(), built.rejectedRun());
    }

    /** The residents the personal-data routes are asked about. */
    List<Resident> residents() {
        return List.of(elder, parent, victim, companion);
    }

    /** Every fixture person, and the unindexed key: none may show on a route without the marker. */
    List<String> personalValues() {
        java.util.Set<String> values = new java.util.LinkedHashSet<>();
        for (Resident r : List.of(elder, parent, victim, companion, twin)) {
            values.add(r.key());
            values.add(r.name());
            values.add(r.kana());
        }
        values.add(unindexedKey);
        return List.copyOf(values);
    }

    SourceDefinition source(String id) {
        return catalog.get(id);
    }

    /** How much of a source the staff member's department sees: the explicit grant, else detail for the owner. */
    GrantLevel level(Staff staff, SourceDefinition source) {
        Grant grant = GRANTS.getOrDefault(staff.department, Map.of()).get(source.id());
        if (grant != null) {
            return grant.level();
        }
        return source.department().id().equals(staff.department) ? GrantLevel.DETAIL : GrantLevel.SUMMARY;
    }

    /** Whether sensitive fields are shown: the explicit grant says, else only to the owner. */
    boolean sensitive(Staff staff, SourceDefinition source) {
        Grant grant = GRANTS.getOrDefault(staff.department, Map.of()).get(source.id());
        return grant != null ? grant.sensitive() : source.department().id().equals(staff.department);
    }

    /** No department of the matrix holds the 支援措置 permission: a protected person's whereabouts are withheld. */
    boolean withholdsWhereabouts(Resident resident) {
        return resident.addressProtected();
    }

    /**
     * What a page about this resident may rightly show besides the program values: the registry's values of the
     * person and of their household (in 和暦 too), and the staff member's own name and department. For a 支援措置
     * person only who they are: their address, household and relation are withheld, so none of them is allowed.
     */
    List<String> pageValues(Resident resident, Staff staff) {
        boolean whoOnly = withholdsWhereabouts(resident);
        List<String> values = new ArrayList<>();
        jdbc.sql("""
                SELECT name, kana, birth_date, sex, status, address, address_detail, household_key, relation
                  FROM person WHERE person_key = :k
                    OR (household_key = :h AND household_key IS NOT NULL AND NOT :whoOnly)""")
                .param("k", resident.key()).param("h", resident.householdKey()).param("whoOnly", whoOnly)
                .query((rs, i) -> {
                    for (int c = 1; c <= (whoOnly ? 5 : 9); c++) {
                        Object value = rs.getObject(c);
                        if (value instanceof java.sql.Date date) {
                            values.add(date.toLocalDate().toString());
                            values.add(JapaneseDates.warekiWithYear(date.toLocalDate()));
                        } else if (value != null) {
                            values.add(value.toString());
                        }
                    }
                    return null;
                }).list();
        values.add(staff.displayName);
        values.add(staff.username);
        jdbc.sql("SELECT name FROM department WHERE department_id = :d").param("d", staff.department)
                .query(String.class).optional().ifPresent(values::add);
        return values;
    }

    /** A value as a person reads it: a code's label, a date in 和暦 with the year (or without, in lists). */
    static String shown(FieldDefinition field, String raw, boolean withYear) {
        if (field.type() == FieldType.CODE) {
            return field.codeLabel(raw);
        }
        if (field.type() == FieldType.DATE) {
            LocalDate date = LocalDate.parse(raw);
            return withYear ? JapaneseDates.warekiWithYear(date) : JapaneseDates.wareki(date);
        }
        return raw;
    }

    private static Built build(ApplicationContext context) {
        SourceCatalog catalog = context.getBean(SourceCatalog.class);
        SnapshotImport imports = context.getBean(SnapshotImport.class);
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        StaffAccounts accounts = context.getBean(StaffAccounts.class);
        AccessPolicy access = context.getBean(AccessPolicy.class);
        Path dir;
        try {
            dir = Files.createTempDirectory("matrix-city");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SampleCity.importSmall(catalog, imports, jdbc, dir);

        SourceDefinition.Department kaigo = catalog.get("kaigo-shikaku").department();
        SourceDefinition.Department kodomo = catalog.get("jido-teate").department();
        accounts.saveDepartment(KAIGO, kaigo.name(), kaigo.contact());
        accounts.saveDepartment(KODOMO, kodomo.name(), kodomo.contact());
        accounts.saveDepartment(MADOGUCHI, "総合窓口課", "内線 1100");
        accounts.saveDepartment(KANRI, "情報政策課", "内線 1500");
        accounts.saveDepartment(KANSA, "監査室", "内線 1600");
        for (Staff staff : Staff.values()) {
            accounts.save(staff.username, staff.displayName, "matrix-password-1234", staff.role, staff.department);
        }
        GRANTS.forEach((department, grants) -> grants.forEach((source, grant) -> access.grant(
                Staff.ADMIN.username, department, source, grant.level(), grant.sensitive())));

        String elder = one(jdbc, """
                SELECT p.person_key FROM person p
                 WHERE p.registered AND NOT p.address_protected AND p.address IS NOT NULL
                   AND EXISTS (SELECT 1 FROM source_record r
                                WHERE r.person_key = p.person_key AND r.source_id = 'kaigo-nintei')
                   AND EXISTS (SELECT 1 FROM source_record r
                                WHERE r.person_key = p.person_key AND r.source_id = 'kaigo-shikaku')
                 ORDER BY p.person_key LIMIT 1""");
        String parent = one(jdbc, """
                SELECT p.person_key FROM person p
                 WHERE p.registered AND NOT p.address_protected AND p.address IS NOT NULL
                   AND EXISTS (SELECT 1 FROM source_record r
                                WHERE r.person_key = p.person_key AND r.source_id = 'jido-teate')
                 ORDER BY p.person_key LIMIT 1""");
        String victim = one(jdbc, """
                SELECT p.person_key FROM person p
                 WHERE p.support_measure AND p.address IS NOT NULL AND p.birth_date IS NOT NULL
                   AND EXISTS (SELECT 1 FROM source_record r
                                WHERE r.person_key = p.person_key AND r.source_id = 'jido-teate')
                 ORDER BY p.person_key LIMIT 1""");
        List<String> kodomoSources = catalog.all().stream().filter(s -> s.department().id().equals(KODOMO))
                .map(SourceDefinition::id).toList();
        String companion = jdbc.sql("""
                SELECT p.person_key FROM person p
                 WHERE p.address_protected AND NOT p.support_measure AND p.registered AND p.address IS NOT NULL
                   AND EXISTS (SELECT 1 FROM source_record r WHERE r.person_key = p.person_key AND r.source_id IN (:s))
                 ORDER BY p.person_key LIMIT 1""").param("s", kodomoSources).query(String.class).optional()
                .orElseThrow(() -> new AssertionError("the sample city has a 支援措置 household member in a program"));

        String twinKey = "0000999901";
        String unindexedKey = "0000999902";
        assertThat(jdbc.sql("SELECT count(*) FROM person WHERE person_key IN (:k)")
                .param("k", List.of(twinKey, unindexedKey)).query(Long.class).single()).isZero();
        Map<String, Object> victimRow = jdbc.sql("SELECT name, kana, birth_date, sex FROM person WHERE person_key = :k")
                .param("k", victim).query().singleRow();

        SourceDefinition.Department shimin = catalog.get("jutogai").department();
        catalog.register(JUTOGAI, """
                name: 住登外 (行列試験)
                program: 住登外者管理
                department: {id: %s, name: %s, contact: %s}
                role: non-resident
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号]
                holdShare: 1.0
                fields:
                  - {name: name, column: 氏名, label: 氏名}
                  - {name: kana, column: カナ氏名, label: カナ氏名}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [iso]}
                  - {name: sex, column: 性別, label: 性別}
                  - {name: address, column: 住所, label: 住所, kind: address}
                master: {name: name, kana: kana, birthDate: birth_date, sex: sex, address: address}
                """.formatted(shimin.id(), shimin.name(), shimin.contact()));
        importOk(imports, JUTOGAI, write(dir, "matrix-jutogai.csv", "宛名番号,氏名,カナ氏名,生年月日,性別,住所\n"
                + twinKey + "," + victimRow.get("name") + "," + victimRow.get("kana") + ","
                + victimRow.get("birth_date") + "," + victimRow.get("sex") + ",埼玉県狭山市行列町一丁目1番1号\n"));

        catalog.register(HOUMON, """
                name: 訪問記録 (行列試験)
                program: 訪問支援
                department: {id: %s, name: %s, contact: %s}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号]
                holdShare: 1.0
                fields:
                  - {name: note, column: 訪問メモ, label: 訪問メモ}
                  - {name: visited_on, column: 訪問日, label: 訪問日, type: date, formats: [iso]}
                  - {name: health, column: 健康状態, label: 健康状態, sensitive: true}
                """.formatted(kaigo.id(), kaigo.name(), kaigo.contact()));
        importOk(imports, HOUMON, write(dir, "matrix-houmon-1.csv", "宛名番号,訪問メモ,訪問日,健康状態\n"
                + elder + ",行列試験の訪問メモ甲,2026-03-02,行列試験の体調所見甲\n"
                + unindexedKey + ",行列試験の訪問メモ乙,2026-03-03,行列試験の体調所見乙\n"));
        // the same key twice: the file is rejected, and its report keeps the rejected key apart from the reason
        ImportReport rejected = imports.importFile(HOUMON, write(dir, "matrix-houmon-2.csv",
                "宛名番号,訪問メモ,訪問日,健康状態\n" + elder + ",行列試験の再訪メモ丙,2026-03-04,行列試験の所見丙\n"
                        + elder + ",行列試験の再訪メモ丁,2026-03-05,行列試験の所見丁\n"), "test", "test");
        assertThat(rejected.status()).isEqualTo(ImportStatus.REJECTED);
        assertThat(jdbc.sql("SELECT string_agg(rejected_value, ' ') FROM import_error WHERE run_id = :r")
                .param("r", rejected.runId()).query(String.class).single())
                .as("the rejected run keeps the key (shown to administrators only, masked)").contains(elder);

        // the person index follows the master imports through the event registry; the import audit rows too
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.sql(
                "SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0
                && jdbc.sql("SELECT count(*) FROM person WHERE person_key = :k").param("k", twinKey)
                        .query(Long.class).single() == 1);

        // every file is imported and every definition stored: the generated folder (a few MB) is not needed
        FileSystemUtils.deleteRecursively(dir.toFile());

        Map<String, Resident> residents = new LinkedHashMap<>();
        residents.put("elder", resident(jdbc, elder));
        residents.put("parent", resident(jdbc, parent));
        residents.put("victim", resident(jdbc, victim));
        residents.put("companion", resident(jdbc, companion));
        residents.put("twin", resident(jdbc, twinKey));
        assertThat(residents.get("victim").addressProtected()).isTrue();
        assertThat(residents.get("companion").addressProtected()).isTrue();
        return new Built(residents, unindexedKey, rejected.runId());
    }

    private static String one(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(String.class).optional()
                .orElseThrow(() -> new AssertionError("the sample city has no person for: " + sql));
    }

    private static Resident resident(JdbcClient jdbc, String key) {
        Map<String, Object> row = jdbc.sql("""
                SELECT name, kana, address, birth_date, household_key, address_protected OR support_measure AS protected
                  FROM person WHERE person_key = :k""").param("k", key).query().singleRow();
        JsonMapper json = JsonMapper.builder().build();
        Map<String, List<Map<String, String>>> records = new LinkedHashMap<>();
        jdbc.sql("SELECT source_id, data::text FROM source_record WHERE person_key = :k ORDER BY source_id, record_key")
                .param("k", key).query((rs, i) -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    JsonNode data = json.readTree(rs.getString(2));
                    data.properties().forEach(e -> {
                        if (!e.getValue().isNull()) {
                            values.put(e.getKey(), e.getValue().asString());
                        }
                    });
                    records.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(values);
                    return null;
                }).list();
        return new Resident(key, (String) row.get("name"), (String) row.get("kana"), (String) row.get("address"),
                row.get("birth_date") == null ? null : ((java.sql.Date) row.get("birth_date")).toLocalDate(),
                (String) row.get("household_key"), (Boolean) row.get("protected"), records);
    }

    private static void importOk(SnapshotImport imports, String source, Path file) {
        ImportReport report = imports.importFile(source, file, "test", "test");
        assertThat(report.status()).as(source + ": " + report.problems()).isEqualTo(ImportStatus.APPLIED);
    }

    private static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
