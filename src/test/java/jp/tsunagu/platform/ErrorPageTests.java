package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.RequestDispatcher;
import java.nio.charset.StandardCharsets;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Error pages keep the menu, say what happened in plain Japanese and lead back where the viewer's
 * role works. The container forwards a {@code sendError} to {@code /error} with the status in a
 * request attribute; MockMvc does not forward, so those tests set the attribute as the container does.
 */
@TsunaguTest
@AutoConfigureMockMvc
class ErrorPageTests {

    static final String RETRY = "時間をおいて再度お試しください";

    @Autowired
    MockMvc mvc;

    static RequestPostProcessor clerk() {
        return user("err-clerk").roles("CASEWORKER");
    }

    @Test
    void a400KeepsTheMenuNamesTheProblemAndLeadsAClerkBackToTheSearch() throws Exception {
        MvcResult result = mvc.perform(get("/search").param("q", "佐藤").param("minAge", "abc").with(clerk())).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(400);
        String body = body(result);
        assertThat(body).contains("aria-label=\"メインメニュー\"").contains("href=\"/department\">課の一覧</a>")
                .contains("年齢").contains("前の画面に戻り、入力を確かめて").doesNotContain(RETRY);
        assertThat(wayBack(body)).contains("href=\"/search\"").contains("人の検索へ戻る")
                .doesNotContain("/admin/staff").doesNotContain("連携取込の画面へ戻る").doesNotContain("/audit");
    }

    @Test
    void a404SaysThePageIsNotThereWithTheMenu() throws Exception {
        MvcResult result = mvc.perform(forwarded(404, "/no-such-page").with(clerk())).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        String body = body(result);
        assertThat(body).contains("<h1>ページが見つかりません。</h1>").contains("aria-label=\"メインメニュー\"")
                .contains("エラーコード 404").doesNotContain(RETRY);
        assertThat(wayBack(body)).contains("人の検索へ戻る").doesNotContain("連携取込の画面へ戻る");
    }

    @Test
    void a403LeadsAnAdministratorToAdministrationAndImportsAndAnAuditorToTheTrail() throws Exception {
        String admin = body(mvc.perform(forwarded(403, "/audit").with(user("err-admin").roles("ADMIN"))).andReturn());
        assertThat(admin).contains("この操作の権限がありません。").contains("aria-label=\"メインメニュー\"");
        assertThat(wayBack(admin)).contains("href=\"/admin/staff\"").contains("href=\"/imports\"")
                .doesNotContain("人の検索へ戻る").doesNotContain("href=\"/audit\"");

        String auditor = body(mvc.perform(forwarded(403, "/admin/staff").with(user("err-audit").roles("AUDITOR")))
                .andReturn());
        assertThat(wayBack(auditor)).contains("href=\"/audit\"").doesNotContain("/admin/staff")
                .doesNotContain("連携取込の画面へ戻る");
    }

    @Test
    void a500SaysSomethingWentWrongWithoutAnyDetail() throws Exception {
        MvcResult result = mvc.perform(forwarded(500, "/search")
                .requestAttr(RequestDispatcher.ERROR_EXCEPTION, new IllegalStateException("secret-detail"))
                .with(clerk())).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(500);
        assertThat(body(result)).contains("エラーが発生しました").contains("aria-label=\"メインメニュー\"")
                .doesNotContain("secret-detail").doesNotContain("IllegalStateException").doesNotContain("at jp.");
    }

    @Test
    void getErrorDirectlyIsA404NotA500() throws Exception {
        MvcResult result = mvc.perform(get("/error").with(clerk())).andReturn();

        assertThat(result.getResponse().getStatus()).isEqualTo(404);
        assertThat(body(result)).contains("ページが見つかりません。").doesNotContain(RETRY);
        assertThat(mvc.perform(get("/error")).andReturn().getResponse().getStatus()).as("not logged in")
                .isEqualTo(404);
    }

    @Test
    void anApiErrorIsJson() throws Exception {
        MvcResult result = mvc.perform(forwarded(404, "/api/v1/nothing").with(clerk())).andReturn();

        assertThat(result.getResponse().getContentType()).startsWith("application/json");
        assertThat(body(result)).isEqualTo("{\"status\":404,\"error\":\"ページが見つかりません。\"}");
    }

    private static MockHttpServletRequestBuilder forwarded(int status, String uri) {
        return get("/error").requestAttr(RequestDispatcher.ERROR_STATUS_CODE, status)
                .requestAttr(RequestDispatcher.ERROR_REQUEST_URI, uri);
    }

    private static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The error page's own links back, without the menu's. */
    private static String wayBack(String body) {
        int at = body.indexOf("class=\"way-back\"");
        assertThat(at).as("the way back").isPositive();
        return body.substring(at, body.indexOf("</nav>", at));
    }
}
