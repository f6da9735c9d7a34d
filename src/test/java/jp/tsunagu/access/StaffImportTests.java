package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@TsunaguTest
@AutoConfigureMockMvc
@Import(TestClock.class)
class StaffImportTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aFileWithAnyBadLineImportsNothingAndNamesEveryBadLine() throws Exception {
        String p = prefix();
        String csv = """
                職員ID,氏名,所属ID,所属名,役割
                %1$s-a,山田 太郎,%1$s-shogai,障害福祉課,閲覧者
                %1$s-b,佐藤 花子,%1$s-shogai,障害福祉課,課長
                %1$s-c,,%1$s-kaigo,介護保険課,CASEWORKER
                %1$s-a,鈴木 一郎,%1$s-kaigo,介護保険課,担当者
                %1$s-d,高橋 次郎,%1$s-shogai,障害者福祉課,管理者
                %1$s-e,田中 三郎
                """.formatted(p);

        String page = upload(csv.getBytes(StandardCharsets.UTF_8));

        assertThat(page).contains("誤りがあるため、何も登録していません (5 件)");
        assertThat(problemLines(page)).containsExactly("3", "4", "5", "6", "7");
        assertThat(page).contains("役割「課長」", "氏名がありません", "職員ID「" + p + "-a」は 2 行目にもあります",
                "所属名が 2 行目 (「障害福祉課」) と違います", "項目の数が 2 個です");
        assertThat(accounts.exists(p + "-a")).isFalse();
        assertThat(accounts.department(p + "-shogai")).isEmpty();
    }

    @Test
    void aGoodFileCreatesEveryoneWithPasswordsShownOnceAndUpdatesKnownStaff() throws Exception {
        String p = prefix();
        TestStaff known = TestStaff.create(accounts, p + "-known", Role.VIEWER);
        String csv = """
                職員ID,氏名,所属ID,所属名,役割
                %1$s-a,山田 太郎,%1$s-shogai,障害福祉課,閲覧者
                %1$s-b,佐藤 花子,%1$s-kaigo,介護保険課,caseworker
                %2$s,変わった 名前,%1$s-kaigo,介護保険課,担当者
                """.formatted(p, known.username());

        String page = upload(csv.getBytes(StandardCharsets.UTF_8));

        assertThat(page).contains("取り込みました: 追加 2 人、変更 1 人、変更なし 0 人、所属の追加・変更 2 件 (UTF-8)");
        String password = passwordOf(page, p + "-a");
        mvc.perform(formLogin("/login").user(p + "-a").password(password)).andExpect(redirectedUrl("/"));
        assertThat(accounts.find(p + "-b").orElseThrow().role()).isEqualTo(Role.CASEWORKER);
        StaffAccount updated = accounts.find(known.username()).orElseThrow();
        assertThat(updated.role()).isEqualTo(Role.CASEWORKER);
        assertThat(updated.departmentName()).isEqualTo("介護保険課");
        mvc.perform(formLogin("/login").user(known.username()).password(known.password())).andExpect(redirectedUrl("/"));

        assertThat(jdbc.sql("SELECT password_hash FROM staff_account WHERE username = :u").param("u", p + "-a")
                .query(String.class).single()).startsWith("{bcrypt}").doesNotContain(password);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE detail LIKE :pw").param("pw", "%" + password + "%")
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("""
                SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT' AND actor = 'kanri'
                   AND detail LIKE '%"via":"staff-import"%' AND detail LIKE :p
                """).param("p", "%" + p + "%").query(Long.class).single())
                .as("two departments, two new accounts and one changed account").isEqualTo(5);

        String again = upload(csv.getBytes(StandardCharsets.UTF_8));
        assertThat(again).contains("追加 0 人、変更 0 人、変更なし 3 人");
    }

    @Test
    void shiftJisFilesAreReadToo() throws Exception {
        String p = prefix();
        String csv = "職員ID,氏名,所属ID,所属名,役割\r\n" + p + "-sj,髙橋 ①子," + p + "-d,障害福祉課,監査者\r\n";

        String page = upload(csv.getBytes(Charset.forName("windows-31j")));

        assertThat(page).contains("追加 1 人", "(Shift_JIS)");
        assertThat(accounts.find(p + "-sj").orElseThrow().displayName()).isEqualTo("髙橋 ①子");
        assertThat(accounts.find(p + "-sj").orElseThrow().role()).isEqualTo(Role.AUDITOR);
    }

    @Test
    void aWrongHeaderIsRejectedOnLineOne() throws Exception {
        String page = upload("ID,name\nx,y\n".getBytes(StandardCharsets.UTF_8));
        assertThat(page).contains("見出し行は「職員ID,氏名,所属ID,所属名,役割」にしてください");
        assertThat(problemLines(page)).containsExactly("1");
    }

    @Test
    void onlyAdministratorsImport() throws Exception {
        mvc.perform(multipart("/admin/staff/import").file(file("x".getBytes(StandardCharsets.UTF_8)))
                .with(user("u").roles("CASEWORKER")).with(csrf())).andExpect(status().isForbidden());
        mvc.perform(multipart("/admin/staff/import").file(file("x".getBytes(StandardCharsets.UTF_8)))
                .with(user("kanri").roles("ADMIN"))).andExpect(status().isForbidden());
    }

    private String upload(byte[] bytes) throws Exception {
        return mvc.perform(multipart("/admin/staff/import").file(file(bytes)).with(user("kanri").roles("ADMIN"))
                .with(csrf())).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private static MockMultipartFile file(byte[] bytes) {
        return new MockMultipartFile("file", "staff.csv", "text/csv", bytes);
    }

    private static java.util.List<String> problemLines(String page) {
        Matcher m = Pattern.compile("<td class=\"num\">(\\d+)</td>").matcher(page);
        java.util.List<String> lines = new java.util.ArrayList<>();
        while (m.find()) {
            lines.add(m.group(1));
        }
        return lines.stream().distinct().toList();
    }

    private static String passwordOf(String page, String username) {
        Matcher m = Pattern.compile("<td>" + Pattern.quote(username) + "</td>\\s*<td>[^<]*</td>\\s*<td class=\"mono\">([^<]+)</td>")
                .matcher(page);
        assertThat(m.find()).as("password of " + username + " on the page").isTrue();
        return m.group(1);
    }

    private static String prefix() {
        return "imp" + UUID.randomUUID().toString().substring(0, 6);
    }
}
