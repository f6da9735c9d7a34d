package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.StaffAccounts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The imports screen lists the sample city's sources as a clerk looks for them: 住民記録 first, then
 * 住登外, then the programs by their Japanese names — not by the romaji id (boshi-hoken first).
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-import-order")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportScreenOrderTests {

    private static final Pattern ROW = Pattern.compile("<tr id=\"source-([a-z0-9-]+)\"");

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    static Path dir;

    @BeforeAll
    void sampleCity() {
        jp.tsunagu.SampleCity.started(catalog, imports, jdbc, accounts, dir);
    }

    @Test
    void theRegistryComesFirstThenTheNonResidentsThenTheProgramsInTheirJapaneseOrder() throws Exception {
        String page = mvc.perform(get("/imports").with(user("viewer").roles("VIEWER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        List<String> listed = new ArrayList<>();
        Matcher m = ROW.matcher(page);
        while (m.find()) {
            listed.add(m.group(1));
        }
        List<String> sample = List.of("jumin-kiroku", "jutogai", "kaigo-nintei", "boshi-hoken", "jido-teate");
        assertThat(listed).as("the sample city's sources are on the page").containsAll(sample);
        assertThat(listed.subList(0, 2)).containsExactly("jumin-kiroku", "jutogai");
        assertThat(listed).as("in the clerks' order, not by id")
                .isEqualTo(catalog.all().stream().filter(s -> listed.contains(s.id()))
                        .sorted(SourceOrder.FOR_CLERKS).map(SourceDefinition::id).toList())
                .isNotEqualTo(listed.stream().sorted().toList());
    }
}
