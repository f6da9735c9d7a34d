package jp.tsunagu.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.platform.TokyoTime;
import jp.tsunagu.japanese.JapaneseDates;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The auditor's screens: who viewed a person, what a user did, entries by day, the CSV export and the
 * chain check; only auditors reach them, and their own reads are recorded.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-auditui")
@DirtiesContext
class AuditScreenTests {

    static final String JAPANESE_BROWSER = "ja,en;q=0.5";

    @Autowired
    MockMvc mvc;
    @Autowired
    AuditTrail trail;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    SourceCatalog catalog;

    static RequestPostProcessor auditor() {
        return user("kansa").roles("AUDITOR");
    }

    /** Each test works on its own names, so that tests sharing the trail do not see each other's entries. */
    private final String tag = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void auditorSeesWhoViewedAPersonWithDateActionAndDetail() throws Exception {
        String person = "00001" + tag;
        trail.record(new AuditEvent("kaigo-" + tag, AuditAction.VIEW_PERSON, person,
                Map.of("sections", "header,programs"), false));
        trail.record(new AuditEvent("shogai-" + tag, AuditAction.BREAK_GLASS, person,
                Map.of("reason", "安否確認"), true));
        trail.record(new AuditEvent("kaigo-" + tag, AuditAction.VIEW_PERSON, "other-" + tag, Map.of(), false));

        String body = page("/audit/persons/" + person);

        assertThat(body).contains("宛名番号 " + person + " を見た職員").contains("該当 2 件")
                .contains("kaigo-" + tag).contains("shogai-" + tag)
                .contains("個人の閲覧").contains("緊急閲覧")
                .contains("<li>表示した項目: 基本情報, 制度</li>").contains("<li>理由: 安否確認</li>")
                .contains(JapaneseDates.warekiWithYear(LocalDate.now(jp.tsunagu.platform.TokyoTime.ZONE)))
                .contains("href=\"/audit/users/shogai-" + tag + "\"")
                .doesNotContain("other-" + tag);
        assertThat(body.indexOf("shogai-" + tag)).as("newest first").isLessThan(body.indexOf("kaigo-" + tag));
        assertThat(row(body, "shogai-" + tag)).contains("要確認");
        assertThat(body).containsPattern("\\d{2}:\\d{2}:\\d{2}");

        String again = page("/audit/persons/" + person);
        assertThat(again).as("the auditor's own look is on this person's record").contains("該当 3 件");
        assertThat(row(again, "画面: この人を見た職員")).contains("kansa").contains("検索").contains("件数: 2");
    }

    @Test
    void auditorSeesWhatAUserDidAndTheViewingIsItselfRecorded() throws Exception {
        String staff = "fukushi-" + tag;
        trail.record(new AuditEvent(staff, AuditAction.SEARCH, null, Map.of("q", "やまざき", "results", "3"), false));
        trail.record(new AuditEvent(staff, AuditAction.VIEW_PERSON, "0000100002", Map.of(), false));
        trail.record(new AuditEvent("someone-else-" + tag, AuditAction.SEARCH, null, Map.of(), false));

        String body = page("/audit/users/" + staff);

        assertThat(body).contains("職員 " + staff + " の操作").contains("該当 2 件")
                .contains("<li>検索語: やまざき</li>").contains("href=\"/audit/persons/0000100002\"")
                .doesNotContain("someone-else-" + tag);
        Map<String, Object> own = jdbc.sql("""
                SELECT actor, action, detail FROM audit_event WHERE action = 'SEARCH' AND detail LIKE :d
                ORDER BY seq DESC LIMIT 1""").param("d", "%\"actor\":\"" + staff + "\"%").query().singleRow();
        assertThat(own.get("actor")).isEqualTo("kansa");
        assertThat((String) own.get("detail")).contains("\"screen\":\"user\"").contains("\"results\":\"2\"");
    }

    @Test
    void pagesHoldFiftyEntriesNewestFirstAndLeadToOlderAndBackToNewer() throws Exception {
        String staff = "pager-" + tag;
        for (int i = 1; i <= 55; i++) {
            trail.record(AuditEvent.of(staff, AuditAction.SEARCH, Map.of("q", String.format("doc-%03d", i))));
        }

        String first = page("/audit/users/" + staff);
        assertThat(first).contains("該当 55 件").contains("doc-055").contains("doc-006").doesNotContain("doc-005");
        assertThat(first.split("<tr id=\"entry-", -1)).hasSize(51);
        String older = link(first, "next");
        assertThat(older).startsWith("/audit/users/" + staff + "?before=");

        String second = page(older);
        assertThat(second).contains("doc-005").contains("doc-001").doesNotContain("doc-006");
        assertThat(second).doesNotContain("rel=\"next\"");
        String newer = link(second, "prev");
        assertThat(page(newer)).contains("doc-055").contains("doc-006").doesNotContain("doc-005");
    }

    @Test
    void dateFilterKeepsOnlyEntriesOfTheChosenDaysInJapaneseTime() throws Exception {
        String staff = "dates-" + tag;
        trail.record(AuditEvent.of(staff, AuditAction.EXPORT, Map.of("file", "a.csv")));
        trail.record(AuditEvent.of(staff, AuditAction.SEARCH, Map.of("q", "x")));
        LocalDate today = LocalDate.now(jp.tsunagu.platform.TokyoTime.ZONE);

        assertThat(page("/audit/events?actor=" + staff + "&from=" + today + "&to=" + today))
                .contains("該当 2 件").contains("a.csv");
        assertThat(page("/audit/events?actor=" + staff + "&from=" + today.plusDays(1)))
                .contains("該当 0 件").contains("該当する記録はありません。").doesNotContain("a.csv");
        assertThat(page("/audit/events?actor=" + staff + "&to=" + today.minusDays(1)))
                .contains("該当 0 件").doesNotContain("a.csv");
        assertThat(page("/audit/events?actor=" + staff + "&from=" + today + "&action=EXPORT"))
                .contains("該当 1 件").contains("a.csv").doesNotContain("<li>検索語: x</li>");
        assertThat(page("/audit/events?from=2024-13-01")).contains("開始日を日付として読めません")
                .doesNotContain("該当");
    }

    @Test
    void csvExportHasTheBomTheHeaderAndTheRowsAndIsRecordedBeforeItsRows() throws Exception {
        String person = "00002" + tag;
        long first = trail.record(new AuditEvent("kaigo-" + tag, AuditAction.VIEW_PERSON, person,
                Map.of("sections", "header"), false));
        long second = trail.record(new AuditEvent("=cmd|'/c calc'!A0", AuditAction.LOGIN_FAILED, person,
                Map.of("reason", "BadCredentials, \"x\""), true));

        MvcResult result = mvc.perform(get("/audit/events.csv?person=" + person).with(auditor()))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "text/csv;charset=UTF-8"))
                .andReturn();
        byte[] bytes = result.getResponse().getContentAsByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(result.getResponse().getHeader("Content-Disposition")).startsWith("attachment;")
                .contains(".csv");
        String csv = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("連番,日時,日時 (表示),職員ID,職員名,操作,宛名番号,内容,要確認");
        assertThat(csv).contains("\r\n");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith(first + ",").contains(",kaigo-" + tag + ",,個人の閲覧," + person
                + ",表示した項目: 基本情報,");
        assertThat(lines.get(2)).startsWith(second + ",").contains("'=cmd|'/c calc'!A0")
                .contains("\"理由: BadCredentials, \"\"x\"\"\"").endsWith(",要確認");

        assertThat(row(page("/audit/persons/" + person), "calc")).as("a name no path can carry")
                .contains("href=\"/audit/events?actor=%3Dcmd%7C");

        Map<String, Object> export = jdbc.sql("""
                SELECT seq, actor, person_key, detail FROM audit_event WHERE action = 'EXPORT' AND person_key = :p""")
                .param("p", person).query().singleRow();
        assertThat(export.get("actor")).isEqualTo("kansa");
        assertThat((String) export.get("detail")).contains("\"person\":\"" + person + "\"").contains("\"rows\":\"2\"");
        assertThat((Long) export.get("seq")).as("the export is not part of itself").isGreaterThan(second);
    }

    @Test
    void exportThatCannotBeRecordedAnswers503WithoutData() throws Exception {
        String person = "00003" + tag;
        trail.record(new AuditEvent("kaigo-" + tag, AuditAction.VIEW_PERSON, person, Map.of(), false));
        // a real write failure in PostgreSQL, for exports only, so that the rest of the trail keeps working
        jdbc.sql("ALTER TABLE audit_event ADD CONSTRAINT test_no_export CHECK (action <> 'EXPORT') NOT VALID")
                .update();
        try {
            MvcResult result = mvc.perform(get("/audit/events.csv?person=" + person).with(auditor())
                            .header("Accept-Language", JAPANESE_BROWSER))
                    .andExpect(status().isServiceUnavailable()).andReturn();
            String body = result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(body).contains("アクセス記録を書けないため、表示と出力を中止しました")
                    .doesNotContain("kaigo-" + tag).doesNotContain("連番,日時");
            assertThat(result.getResponse().getContentType()).doesNotContain("csv");
        } finally {
            jdbc.sql("ALTER TABLE audit_event DROP CONSTRAINT test_no_export").update();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'EXPORT' AND person_key = :p")
                .param("p", person).query(Long.class).single()).isZero();
    }

    @Test
    void startPageShowsTheLatestFlaggedEntriesAndTheVerifyButtonReportsAnIntactChain() throws Exception {
        trail.record(new AuditEvent("kaigo-" + tag, AuditAction.VIEW_PERSON, "00004" + tag,
                Map.of("protected", "true"), true));
        trail.record(new AuditEvent("quiet-" + tag, AuditAction.VIEW_PERSON, "00004" + tag, Map.of(), false));

        String start = page("/audit");
        assertThat(start).contains("要確認の記録").contains("kaigo-" + tag).doesNotContain("quiet-" + tag)
                .contains("action=\"/audit/verify\"").contains("name=\"_csrf\"").contains("hx-post=\"/audit/verify\"")
                .contains("href=\"/audit\">アクセス記録</a>");

        MvcResult verified = mvc.perform(post("/audit/verify").with(auditor()).with(csrf()))
                .andExpect(status().isFound()).andExpect(redirectedUrl("/audit")).andReturn();
        AuditController.Check check = (AuditController.Check) verified.getFlashMap().get("check");
        assertThat(check.intact()).as(check.reason()).isTrue();
        String shown = mvc.perform(get("/audit").with(auditor()).header("Accept-Language", JAPANESE_BROWSER)
                        .flashAttrs(verified.getFlashMap()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(shown).contains("改ざんは見つかりませんでした ("
                + NumberFormat.getIntegerInstance(Locale.JAPANESE).format(check.checked()) + " 行)");

        String fragment = mvc.perform(post("/audit/verify").header("HX-Request", "true").with(auditor()).with(csrf()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(fragment.strip()).startsWith("<div").contains("改ざんは見つかりませんでした").doesNotContain("<html");
    }

    @Test
    void verifyNamesTheFirstBrokenRowAndItsReason() throws Exception {
        long victim = trail.record(new AuditEvent("kaigo-" + tag, AuditAction.VIEW_PERSON, "00005" + tag,
                Map.of("sections", "header"), false));
        tamper(victim, "header", "heaaer");
        try {
            String fragment = mvc.perform(post("/audit/verify").header("HX-Request", "true").with(auditor())
                            .with(csrf()).header("Accept-Language", JAPANESE_BROWSER))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(fragment).contains("行 " + victim + " で改ざんを検出しました")
                    .contains("理由: 内容がハッシュと合いません").contains("role=\"alert\"")
                    .contains("id=\"entry-" + victim + "\"").contains("表示した項目: heaaer");
        } finally {
            tamper(victim, "heaaer", "header");
        }
    }

    @Test
    void viewersAndAdministratorsAreForbiddenAndAnonymousIsSentToLogin() throws Exception {
        for (RequestPostProcessor who : List.of(user("viewer").roles("VIEWER"), user("admin").roles("ADMIN"),
                user("worker").roles("CASEWORKER"))) {
            mvc.perform(get("/audit").with(who)).andExpect(status().isForbidden());
            mvc.perform(get("/audit/events.csv").with(who)).andExpect(status().isForbidden());
            mvc.perform(get("/audit/persons/0000100002").with(who)).andExpect(status().isForbidden());
            mvc.perform(post("/audit/verify").with(who).with(csrf())).andExpect(status().isForbidden());
        }
        mvc.perform(get("/audit")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(get("/audit/events.csv")).andExpect(status().isFound()).andExpect(redirectedUrl("/login"));
        mvc.perform(post("/audit/verify").with(auditor())).andExpect(status().isForbidden());
        assertThat(page("/audit")).contains("改ざん検査");
        String asViewer = mvc.perform(get("/imports").with(user("viewer").roles("VIEWER"))).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(asViewer).doesNotContain("href=\"/audit\"");
    }

    /** A source with a Japanese name, registered for one test. */
    static final String SOURCE = """
            name: 試験児童手当
            program: 児童手当
            department: {id: %s, name: 試験こども支援課, contact: 内線 2410}
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: status, column: 状態, label: 状態, type: text}
            """;

    @Test
    void screensAndCsvSpeakPlainJapaneseWithStaffNamesAndTokyoTimes() throws Exception {
        String person = "00006" + tag;
        String clerk = "kodomo-" + tag;
        String source = "jt-" + tag;
        accounts.saveDepartment("d-" + tag, "試験こども支援課 " + tag, "内線 2410");
        accounts.save(clerk, "子供 三郎" + tag, "pw-" + UUID.randomUUID(), Role.CASEWORKER, "d-" + tag);
        catalog.register(source, SOURCE.formatted("d-" + tag));
        long viewed = trail.record(new AuditEvent(clerk, AuditAction.VIEW_PERSON, person,
                Map.of("sections", "header,programs", "summary", source), false));
        trail.record(new AuditEvent("svc-" + tag, AuditAction.LOGIN_FAILED, person,
                Map.of("reason", "endpoint-not-allowed"), false));
        trail.record(new AuditEvent(clerk, AuditAction.ACCOUNT, person,
                Map.of("change", "password-change", "account", clerk, "department", "d-" + tag), false));
        java.time.Instant at = jdbc.sql("SELECT at FROM audit_event WHERE seq = :s").param("s", viewed)
                .query(java.time.OffsetDateTime.class).single().toInstant();

        String body = page("/audit/persons/" + person);
        assertThat(body).contains("<li>表示した項目: 基本情報, 制度</li>")
                .contains("<li>関わりのみ表示した制度: 試験児童手当</li>")
                .contains("<li>理由: 許可されていないAPIへのアクセス</li>")
                .contains("<li>変更: 本人によるパスワードの変更</li>")
                .contains("<li>アカウント: 子供 三郎" + tag + " (" + clerk + ")</li>")
                .contains("<li>所属: 試験こども支援課 " + tag + " (d-" + tag + ")</li>")
                .contains(">子供 三郎" + tag + " (" + clerk + ")</a>")
                .contains(TokyoTime.seconds(at)).contains("datetime=\"" + TokyoTime.iso(at) + "\"")
                .doesNotContain("sections:").doesNotContain("summary:").doesNotContain(">" + source + "<")
                .doesNotContain("endpoint-not-allowed").doesNotContain("reason:");
        assertThat(TokyoTime.iso(at)).endsWith("+09:00");
        assertThat(page("/audit/users/" + clerk)).contains("職員 子供 三郎" + tag + " (" + clerk + ") の操作");

        assertThat(page("/audit/events?actor=" + clerk + "&flagged=true")).contains("該当 0 件");
        assertThat(page("/audit/users/kansa")).as("the auditor's own search, filtered to flagged entries")
                .contains("<li>要確認のみ</li>").doesNotContain("flagged: true");

        byte[] bytes = mvc.perform(get("/audit/events.csv?person=" + person).with(auditor()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        List<String> lines = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).as("three entries and the auditor's own look at the person").hasSize(5);
        assertThat(lines.get(1)).startsWith(viewed + "," + TokyoTime.iso(at) + "," + TokyoTime.seconds(at) + ","
                + clerk + ",子供 三郎" + tag + ",個人の閲覧," + person + ",").contains("表示した項目: 基本情報, 制度")
                .contains("関わりのみ表示した制度: 試験児童手当").doesNotContain("sections").doesNotContain(source);
        assertThat(lines.get(2)).contains(",svc-" + tag + ",,ログイン失敗,").contains("理由: 許可されていないAPIへのアクセス")
                .doesNotContain("endpoint-not-allowed");
    }

    private void tamper(long seq, String from, String to) {
        jdbc.sql("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update").update();
        try {
            jdbc.sql("UPDATE audit_event SET detail = replace(detail, :f, :t) WHERE seq = :s").param("f", from)
                    .param("t", to).param("s", seq).update();
        } finally {
            jdbc.sql("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update").update();
        }
    }

    private String page(String url) throws Exception {
        return mvc.perform(get(url).with(auditor()).header("Accept-Language", JAPANESE_BROWSER))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The href of the pager link with this rel, as the browser would follow it. */
    private static String link(String page, String rel) {
        Matcher m = Pattern.compile("rel=\"" + rel + "\" href=\"([^\"]+)\"").matcher(page);
        assertThat(m.find()).as("link rel=%s", rel).isTrue();
        return m.group(1).replace("&amp;", "&");
    }

    /** The table row that mentions {@code text}. */
    private static String row(String page, String text) {
        int at = page.indexOf(text);
        return page.substring(page.lastIndexOf("<tr", at), page.indexOf("</tr>", at));
    }
}
