package jp.tsunagu.consultation;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture (相談記録の試験の市): a registry of its own with a child, a parent, an elder and a 支援措置 person,
 * and four departments with a 担当者 each — こども支援課 and 障害者福祉課 (who record and refer), 介護保険課 (a third
 * department with no grant) and 当直 (the on-call staff, granted every category in detail) — plus a 閲覧者 of
 * こども支援課. Keys and IDs carry a prefix per test class.
 */
final class ConsultationFixture {

    static final String PASSWORD = "pw-consult-12345";
    private static final AtomicLong KEYS = new AtomicLong(8_100_000_000L);

    final String child;
    final String parent;
    final String elder;
    final String victim;
    final Viewer kodomo;
    final Viewer shogai;
    final Viewer kaigo;
    final Viewer oncall;
    final Viewer kodomoViewer;

    private ConsultationFixture(String[] keys, Viewer[] staff) {
        child = keys[0];
        parent = keys[1];
        elder = keys[2];
        victim = keys[3];
        kodomo = staff[0];
        shogai = staff[1];
        kaigo = staff[2];
        oncall = staff[3];
        kodomoViewer = staff[4];
    }

    static ConsultationFixture create(String prefix, SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc,
            StaffAccounts accounts, AccessPolicy access, ConsultationProperties properties, Path dir) {
        String[] keys = new String[4];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = Long.toString(KEYS.incrementAndGet());
        }
        String source = prefix + "-registry";
        catalog.register(source, """
                name: 試験用住民記録 (相談)
                program: 住民基本台帳
                department: {id: shimin, name: 市民課, contact: 内線 1210}
                role: resident-registry
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                recordKey: [宛名番号]
                fields:
                  - {name: name, column: 氏名, label: 氏名}
                  - {name: kana, column: カナ氏名, label: カナ氏名}
                  - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [iso]}
                  - {name: address, column: 住所, label: 住所, kind: address}
                  - {name: support_measure, column: 支援措置, label: 支援措置, type: code, codes: {"0": なし, "1": 支援措置対象}}
                master: {name: name, kana: kana, birthDate: birth_date, address: address, supportMeasure: support_measure}
                """);
        String csv = "宛名番号,氏名,カナ氏名,生年月日,住所,支援措置\n"
                + keys[0] + ",入間 陽向,イルマ ヒナタ,2019-05-10,埼玉県狭山市入間川一丁目1番1号,0\n"
                + keys[1] + ",入間 美咲,イルマ ミサキ,1990-02-03,埼玉県狭山市入間川一丁目1番1号,0\n"
                + keys[2] + ",柏原 トメ,カシワバラ トメ,1938-07-07,埼玉県狭山市柏原二丁目2番2号,0\n"
                + keys[3] + ",堀兼 静香,ホリガネ シズカ,1985-11-11,埼玉県狭山市堀兼三丁目3番3号,1\n";
        try {
            Path file = Files.writeString(dir.resolve(source + ".csv"), csv, StandardCharsets.UTF_8);
            imports.importFile(source, file, "test", "test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.sql(
                "SELECT count(*) FROM person WHERE person_key IN (:k)").param("k", List.of(keys))
                .query(Long.class).single() == keys.length);
        String[][] departments = {
            {prefix + "-kodomo", "こども支援課", "内線 2410"}, {prefix + "-shogai", "障害者福祉課", "内線 2270"},
            {prefix + "-kaigo", "介護保険課", "内線 2345"}, {prefix + "-tochoku", "当直 (福祉総務課)", "内線 1000"}};
        Viewer[] staff = new Viewer[5];
        for (int i = 0; i < departments.length; i++) {
            accounts.saveDepartment(departments[i][0], departments[i][1], departments[i][2]);
            String user = departments[i][0] + "-case";
            accounts.save(user, departments[i][1] + " 担当", PASSWORD, Role.CASEWORKER, departments[i][0]);
            staff[i] = new Viewer(user, Role.CASEWORKER, departments[i][0]);
        }
        accounts.save(prefix + "-kodomo-viewer", "こども 閲覧", PASSWORD, Role.VIEWER, departments[0][0]);
        staff[4] = new Viewer(prefix + "-kodomo-viewer", Role.VIEWER, departments[0][0]);
        for (Category c : properties.categories()) {
            access.grant("test", departments[3][0], c.grantId(), GrantLevel.DETAIL, false);
        }
        return new ConsultationFixture(keys, staff);
    }
}
