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

    @Test
    void faviconIsServedAsAnIconAndTheLayoutNamesIt() throws Exception {
        var ico = mvc.perform(get("/favicon.ico")).andExpect(status().isOk()).andReturn().getResponse();
        byte[] bytes = ico.getContentAsByteArray();
        assertThat(java.util.Arrays.copyOf(bytes, 4)).as("an ICO header").containsExactly(0, 0, 1, 0);
        assertThat(java.util.Arrays.copyOfRange(bytes, 22, 26)).as("its image, a PNG")
                .containsExactly(0x89, 'P', 'N', 'G');
        assertThat(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes, 22, bytes.length - 22)))
                .as("the PNG decodes").isNotNull().extracting(java.awt.image.BufferedImage::getWidth).isEqualTo(32);
        assertThat(mvc.perform(get("/favicon.svg")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8)).startsWith("<svg").doesNotContain("<script");
    }

    @Test
    void thePrintedTimeIsTheServersNotTheBrowsersClock() throws Exception {
        assertThat(body("/js/tsunagu.js")).as("no script puts the browser's clock on the page")
                .doesNotContain("new Date(").doesNotContain("beforeprint").doesNotContain("print-time");
    }

    @Test
    void noPageTitleCarriesAPersonalName() throws java.io.IOException {
        // the title argument of every page built on the layout: a message key or a literal, never a person's field
        java.util.regex.Pattern title = java.util.regex.Pattern.compile("layout :: page\\((.*?), ~\\{");
        try (var files = java.nio.file.Files.walk(java.nio.file.Path.of("src/main/resources/templates"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".html")).toList()) {
                var m = title.matcher(java.nio.file.Files.readString(file));
                while (m.find()) {
                    assertThat(m.group(1)).as(file + " title").doesNotContainIgnoringCase("person")
                            .doesNotContainPattern("\\b(p|view|member|hit|resident)\\.").doesNotContain("kana");
                }
            }
        }
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("src/main/resources/templates/overview/person.html")))
                .contains("page(#{overview.title}");
    }

    private String body(String path) throws Exception {
        return mvc.perform(get(path).with(user("static-test"))).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }
}
