package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** The style sheet, the script and htmx are served from their own paths; nothing else is a static file. */
@TsunaguTest
@AutoConfigureMockMvc
class StaticFilesTests {

    @Autowired
    MockMvc mvc;

    @Test
    void styleScriptAndHtmxAreServed() throws Exception {
        assertThat(body("/css/tsunagu.css")).contains("@media print");
        assertThat(body("/js/tsunagu.js")).contains("keydown");
        assertThat(body("/webjars/htmx.org/dist/htmx.min.js")).contains("htmx");
    }

    @Test
    void otherClassPathFilesAreNotServed() throws Exception {
        mvc.perform(get("/static/css/tsunagu.css").with(user("x"))).andExpect(status().isNotFound());
        mvc.perform(get("/application.properties").with(user("x"))).andExpect(status().isNotFound());
    }

    private String body(String path) throws Exception {
        return mvc.perform(get(path).with(user("static-test"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
