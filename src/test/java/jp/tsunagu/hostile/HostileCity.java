package jp.tsunagu.hostile;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import jp.tsunagu.SampleCity;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test fixture (敵対的な値のサンプル): a 住民記録 of its own and a departmental program whose names, addresses
 * and fields hold every hostile value — markup, a {@code javascript:} link, spreadsheet formulas, bidi
 * overrides — imported as a department would send them, on top of the small sample city (whose evacuation
 * criteria and procedure registry the hostile persons then meet). The residents come in a second snapshot of
 * the registry as 転入 (moved in), so the worklist has their procedures; each is also on the evacuation list
 * (申出, recorded by the test through the screens).
 *
 * <p>Every URL planted in a value points at {@link #PLANTED}, a host that does not exist: a browser test fails
 * when any request goes there.
 */
public final class HostileCity {

    /** The host every planted URL names (RFC 6761: .invalid never resolves). */
    public static final String PLANTED = "hostile.invalid";

    public static final String SCRIPT = "<script>alert('xss-script');fetch('http://hostile.invalid/script')</script>";
    public static final String IMG = "\"><img src=http://hostile.invalid/img.png onerror=alert('xss-img')>";
    public static final String SVG = "'><svg onload=alert('xss-svg')></svg>";
    public static final String JS_LINK = "javascript:alert('xss-link')";
    public static final String HYPERLINK = "=HYPERLINK(\"http://hostile.invalid/f\",\"詳細\")";
    public static final String CMD = "+cmd|' /C calc'!A0";
    public static final String MINUS = "-1+1";
    public static final String AT_SUM = "@SUM(1+1)*cmd|' /C calc'!A0";
    public static final String TAB = "\t=1+1";
    /** A right-to-left override: 「狭山 exe.txt」 would be drawn 「狭山 txt.exe」. */
    public static final String BIDI = "狭山\u202Etxt.exe";
    public static final String ISOLATE = "入間\u2067川\u2069\u200B\u200E\u200F\u061C";

    /** The formulas, which CSV and xlsx must neutralise. */
    public static final List<String> FORMULAS = List.of(HYPERLINK, CMD, MINUS, AT_SUM, TAB);
    /** The markup, which every HTML page must show as text. */
    public static final List<String> MARKUP = List.of(SCRIPT, IMG, SVG, JS_LINK);

    public static final String REGISTRY = "hostile-registry";
    public static final String PROGRAM = "hostile-program";
    public static final String DEPARTMENT = "x-hostile";
    /** Every account's password. */
    public static final String PASSWORD = SampleCity.PASSWORD;
    /** A caseworker of the department that owns {@link #PROGRAM} (sees its cards in detail, its list). */
    public static final String CLERK = "hostile-clerk";
    /** A caseworker of 市民課 (the 転入届 procedures are theirs). */
    public static final String SHIMIN = "hostile-shimin";
    /** A caseworker of 福祉課, which holds the evacuation list. */
    public static final String FUKUSHI = "hostile-fukushi";

    /** One hostile resident: each field as imported. */
    public record Resident(String key, String name, String kana, String address, String katagaki, String memo,
            String link) {
    }

    /** The hostile residents: every value somewhere in a name, an address, a 方書 and a program's fields. */
    public static final List<Resident> RESIDENTS = List.of(
            new Resident("9300000001", SCRIPT, "テキタイ イチ", "埼玉県狭山市入間川一丁目1番1号" + IMG, JS_LINK, HYPERLINK, JS_LINK),
            new Resident("9300000002", IMG, "テキタイ ニ", "埼玉県狭山市入間川一丁目2番2号" + SVG, SCRIPT, CMD, SCRIPT),
            new Resident("9300000003", HYPERLINK, "テキタイ サン", "埼玉県狭山市入間川一丁目3番3号" + MINUS, AT_SUM, MINUS, IMG),
            new Resident("9300000004", BIDI, "テキタイ ヨン", "埼玉県狭山市入間川一丁目4番4号" + ISOLATE, CMD, AT_SUM, SVG),
            new Resident("9300000005", CMD + " " + SVG, "テキタイ ゴ", "埼玉県狭山市入間川一丁目5番5号" + BIDI, MINUS, TAB,
                    HYPERLINK));

    /** The resident of the registry's first snapshot: the hostile ones move in on the next. */
    static final String FIRST = "9300000009";

    static final String REGISTRY_DEFINITION = """
            name: 敵対値住民記録
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
              - {name: birth_date, column: 生年月日, label: 生年月日, type: date, formats: [iso]}
              - {name: sex, column: 性別, label: 性別, type: code, codes: {"1": 男, "2": 女}}
              - {name: address, column: 住所, label: 住所, type: text, kind: address}
              - {name: katagaki, column: 方書, label: 方書, type: text, kind: address-detail}
              - {name: moved_on, column: 異動日, label: 異動日, type: date, formats: [iso]}
              - {name: move_reason, column: 異動事由, label: 異動事由, type: code, codes: {"01": 出生, "02": 転入, "11": 転出}}
            master: {name: name, kana: kana, birthDate: birth_date, sex: sex, address: address, addressDetail: katagaki,
                     householdKey: household, movedOn: moved_on, moveReason: move_reason}
            holdShare: 1.0
            """;

    static final String PROGRAM_DEFINITION = """
            name: 敵対値制度
            program: 敵対値制度
            department: {id: x-hostile, name: 敵対値課, contact: 内線 0666}
            encoding: UTF-8
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            recordKey: [宛名番号]
            fields:
              - {name: memo, column: 備考, label: 備考, type: text}
              - {name: link, column: 連絡先URL, label: 連絡先URL, type: text}
              - {name: amount, column: 月額, label: 月額, type: integer}
            holdShare: 1.0
            """;

    private HostileCity() {
    }

    /**
     * The small sample city, then the hostile registry (a first snapshot with one ordinary resident, a second
     * in which the hostile residents move in) and the hostile program, with the staff of this fixture; waits
     * until every listener has taken in every import.
     */
    public static void build(SourceCatalog catalog, SnapshotImport imports, JdbcClient jdbc, StaffAccounts accounts,
            Path dir) {
        SampleCity.started(catalog, imports, jdbc, accounts, dir)
                .staff(CLERK, "敵対 試験", Role.CASEWORKER, DEPARTMENT, "敵対値課", "内線 0666")
                .staff(SHIMIN, "市民 試験", Role.CASEWORKER, "shimin", "市民課", "内線 1210")
                .staff(FUKUSHI, "福祉 試験", Role.CASEWORKER, "fukushi", "福祉課", "内線 2100");
        catalog.register(REGISTRY, REGISTRY_DEFINITION);
        catalog.register(PROGRAM, PROGRAM_DEFINITION);
        LocalDate movedIn = LocalDate.now(jp.tsunagu.platform.TokyoTime.ZONE).minusDays(2);
        StringBuilder first = new StringBuilder("宛名番号,世帯番号,氏名,カナ氏名,生年月日,性別,住所,方書,異動日,異動事由\n")
                .append(FIRST).append(",8000000009,普通 一郎,フツウ イチロウ,1950-01-01,1,埼玉県狭山市入間川一丁目9番9号,,,\n");
        applied(imports.importFile(REGISTRY, write(dir, "registry-1.csv", first.toString()), "test", "test"));
        StringBuilder second = new StringBuilder(first);
        StringBuilder program = new StringBuilder("宛名番号,備考,連絡先URL,月額\n");
        int n = 0;
        for (Resident r : RESIDENTS) {
            n++;
            second.append(String.join(",", r.key(), "800000000" + n, csv(r.name()), r.kana(), "1940-0" + n + "-01", "2",
                    csv(r.address()), csv(r.katagaki()), movedIn.toString(), "02")).append('\n');
            program.append(String.join(",", r.key(), csv(r.memo()), csv(r.link()), "-1")).append('\n');
        }
        applied(imports.importFile(REGISTRY, write(dir, "registry-2.csv", second.toString()), "test", "test"));
        applied(imports.importFile(PROGRAM, write(dir, "program.csv", program.toString()), "test", "test"));
        await("the hostile residents are indexed").pollInterval(SampleCity.POLL).atMost(Duration.ofMinutes(2))
                .until(() -> jdbc.sql("SELECT count(*) FROM person WHERE master_source = :s AND person_key IN (:k)")
                        .param("s", REGISTRY).param("k", keys()).query(Long.class).single() == RESIDENTS.size());
        SampleCity.awaitListeners(jdbc);
    }

    /** The hostile residents' keys. */
    public static List<String> keys() {
        return RESIDENTS.stream().map(Resident::key).toList();
    }

    /** Every hostile value, once. */
    public static List<String> all() {
        List<String> all = new ArrayList<>(MARKUP);
        all.addAll(FORMULAS);
        all.add(BIDI);
        all.add(ISOLATE);
        return all;
    }

    /** RFC 4180: every field quoted, a quote doubled (the values hold commas, quotes and tabs). */
    static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static Path write(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void applied(ImportReport report) {
        if (!report.status().name().equals("APPLIED")) {
            throw new IllegalStateException("the hostile import was not applied: " + report);
        }
    }
}
