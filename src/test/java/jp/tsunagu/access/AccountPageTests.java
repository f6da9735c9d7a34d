package jp.tsunagu.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.util.HtmlUtils;

/**
 * My account: the name in the header opens it; a staff member changes their own password (current
 * once, new twice, the same rules as every password, audited); the second factor is set up from a QR
 * code that carries exactly the enrolment URI, with the key shown for typing in.
 */
@TsunaguTest
@AutoConfigureMockMvc
class AccountPageTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theNameInTheHeaderOpensTheAccountPageNotTheSecondFactorSetup() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "acct", Role.CASEWORKER);

        String page = page("/account", staff);
        String header = page.substring(page.indexOf("<header"), page.indexOf("</header>"));
        assertThat(header).contains("href=\"/account\"").doesNotContain("href=\"/account/totp\"")
                .contains(staff.username());
        String main = page.substring(page.indexOf("<main"));
        assertThat(main).contains("試験 acct").contains(staff.username()).contains("テスト課").contains("担当者")
                .contains("パスワードの変更").contains("name=\"current\"").contains("name=\"repeated\"")
                .contains("二段階認証はまだ設定していません").contains("href=\"/account/totp\"")
                .doesNotContain("otpauth://").doesNotContain("<svg");
    }

    @Test
    void staffChangeTheirOwnPasswordAndTheChangeIsAudited() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "pwd", Role.VIEWER);
        String replacement = "新しい合言葉-" + System.nanoTime();
        long before = lastSeq();

        mvc.perform(post("/account/password").param("current", staff.password()).param("password", replacement)
                        .param("repeated", replacement).with(user(staff.username()).roles("VIEWER")).with(csrf()))
                .andExpect(redirectedUrl("/account"));

        mvc.perform(formLogin().user(staff.username()).password(replacement)).andExpect(authenticated());
        mvc.perform(formLogin().user(staff.username()).password(staff.password())).andExpect(unauthenticated());
        List<String> details = jdbc.sql("""
                SELECT detail FROM audit_event WHERE action = 'ACCOUNT' AND actor = :u AND seq > :s""")
                .param("u", staff.username()).param("s", before).query(String.class).list();
        assertThat(details).singleElement().satisfies(d -> assertThat(d).contains("\"change\":\"password-change\"")
                .contains("\"password\":\"set\"").doesNotContain(replacement));
    }

    @Test
    void aWrongCurrentPasswordAWeakOneOrAMismatchIsRefusedInJapaneseAndChangesNothing() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "pwbad", Role.CASEWORKER);
        String good = "とても長い合言葉です-" + System.nanoTime();
        String hash = hash(staff);
        long before = lastSeq();

        assertRefused(staff, "wrong-password-1", good, good, "現在のパスワードが違います");
        assertRefused(staff, staff.password(), "short-1", "short-1", "12 文字以上");
        assertRefused(staff, staff.password(), staff.username() + "-long-enough", staff.username() + "-long-enough",
                "職員IDを含めないで");
        assertRefused(staff, staff.password(), good, good + "x", "確認用と一致しません");
        assertRefused(staff, staff.password(), staff.password(), staff.password(), "現在のものと同じです");

        assertThat(hash(staff)).as("the password is as it was").isEqualTo(hash);
        assertThat(jdbc.sql("SELECT count(*) FROM audit_event WHERE action = 'ACCOUNT' AND actor = :u AND seq > :s")
                .param("u", staff.username()).param("s", before).query(Long.class).single()).isZero();
    }

    @Test
    void generatedPasswordsMeetTheSameRules() {
        for (int i = 0; i < 50; i++) {
            assertThat(AccountRules.password(GeneratedPasswords.next(), "someone")).isEmpty();
        }
        assertThat(AccountRules.password("x".repeat(73), "someone")).hasValueSatisfying(p -> assertThat(p).contains("長すぎます"));
        assertThat(AccountRules.password("あ".repeat(25), "someone")).as("25 × 3 bytes is over bcrypt's 72").isPresent();
    }

    @Test
    void secondFactorSetupShowsAQrCodeThatDecodesToTheEnrolmentUriAndTheKeyForTyping() throws Exception {
        TestStaff staff = TestStaff.create(accounts, "qr", Role.CASEWORKER);

        String page = page("/account/totp", staff);

        Matcher link = Pattern.compile("href=\"(otpauth://[^\"]+)\"").matcher(page);
        assertThat(link.find()).isTrue();
        String uri = HtmlUtils.htmlUnescape(link.group(1));
        Matcher key = Pattern.compile("id=\"totp-secret\">([A-Z2-7 ]+)<").matcher(page);
        assertThat(key.find()).as("the key for typing in").isTrue();
        assertThat(uri).startsWith("otpauth://totp/Tsunagu:" + staff.username() + "?secret="
                + key.group(1).replace(" ", "") + "&issuer=Tsunagu");

        String svg = page.substring(page.indexOf("<svg"), page.indexOf("</svg>") + 6);
        assertThat(decode(svg)).isEqualTo(uri);
    }

    /** Draws the SVG's modules (one path of 1×1 squares) at 4 pixels each and reads it with ZXing. */
    private static String decode(String svg) throws Exception {
        Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertThat(box.find()).isTrue();
        int width = Integer.parseInt(box.group(1));
        int height = Integer.parseInt(box.group(2));
        int scale = 4;
        int[] pixels = new int[width * scale * height * scale];
        Arrays.fill(pixels, 0xFFFFFFFF);
        Matcher module = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(svg);
        int modules = 0;
        while (module.find()) {
            int x = Integer.parseInt(module.group(1));
            int y = Integer.parseInt(module.group(2));
            for (int dy = 0; dy < scale; dy++) {
                Arrays.fill(pixels, (y * scale + dy) * width * scale + x * scale,
                        (y * scale + dy) * width * scale + x * scale + scale, 0xFF000000);
            }
            modules++;
        }
        assertThat(modules).as("dark modules drawn").isGreaterThan(100);
        var source = new RGBLuminanceSource(width * scale, height * scale, pixels);
        // read as a pure code (upright, unscaled modules, its quiet zone): ZXing's finder-pattern detector, meant for
        // camera pictures, misses about 1 in 130 perfectly drawn codes (15 of 2,000 random enrolment URIs, each read
        // whole with this hint); CI met one (NotFoundException)
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(source)),
                java.util.Map.of(com.google.zxing.DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    }

    private void assertRefused(TestStaff staff, String current, String password, String repeated, String message)
            throws Exception {
        String body = mvc.perform(post("/account/password").param("current", current).param("password", password)
                        .param("repeated", repeated).with(user(staff.username()).roles("CASEWORKER")).with(csrf()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains(message).contains("パスワードの変更").doesNotContain("パスワードを変更しました")
                .doesNotContain(password.length() > 3 ? "value=\"" + password : "\u0000");
    }

    private String hash(TestStaff staff) {
        return jdbc.sql("SELECT password_hash FROM staff_account WHERE username = :u").param("u", staff.username())
                .query(String.class).single();
    }

    private long lastSeq() {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM audit_event").query(Long.class).single();
    }

    private String page(String path, TestStaff staff) throws Exception {
        return mvc.perform(get(path).with(user(staff.username()).roles(staff.role().name()))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
