package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.ImportStatus;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.sample.GenerationResult;
import jp.tsunagu.sample.SampleMunicipality;
import jp.tsunagu.sample.SampleSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * From the commit of a master's first snapshot until its index is in place, search gives no result and
 * says 「索引を作成中です（n%）」 (page, API and Java API) instead of an empty or partial list that would look
 * complete; afterwards it finds the persons. A later snapshot is taken in person by person: the person
 * table stays the same table. The index task is held back here by taking its lock, so that the state
 * between the import and the index lasts as long as the test needs.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-indexbuilding")
class IndexBuildingSearchTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    PersonSearch search;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    Path dir;

    @Test
    void searchSaysTheIndexIsBeingBuiltUntilTheFirstIndexIsInPlaceAndLaterSnapshotsAreIncremental() throws Exception {
        accounts.saveDepartment("s-shimin", "市民課", "内線 1210");
        accounts.save("s-shimin", "市民 一郎", SampleCity.PASSWORD, Role.CASEWORKER, "s-shimin");
        GenerationResult day1 = SampleMunicipality.generate(SampleSize.SMALL, 1, 21L, dir.resolve("d1"));
        GenerationResult day2 = SampleMunicipality.generate(SampleSize.SMALL, 2, 21L, dir.resolve("d2"));
        // a search before the masters are registered: the master ids it was answered with are kept, and must
        // not hide the master registered next
        assertThat(catalog.masterIds()).doesNotContain("jumin-kiroku");
        assertThat(search.search("さとう", PersonSearch.Filters.NONE, 50)).isEmpty();
        catalog.registerFolder(dir.resolve("d1").resolve("sources"));
        assertThat(catalog.masterIds()).contains("jumin-kiroku", "jutogai");
        String key;
        String name;
        try (Connection holder = dataSource.getConnection(); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + ResidentIndex.INDEX_LOCK + ")");
            imported(day1, "jumin-kiroku");
            key = jdbc.sql("""
                    SELECT person_key FROM source_record WHERE source_id = 'jumin-kiroku' ORDER BY person_key LIMIT 1""")
                    .query(String.class).single();
            name = jdbc.sql("SELECT data->>'name' FROM source_record WHERE source_id = 'jumin-kiroku' AND person_key = :k")
                    .param("k", key).query(String.class).single();

            assertThatThrownBy(() -> search.search(key, PersonSearch.Filters.NONE, 50))
                    .isInstanceOf(IndexBuildingException.class).hasMessageStartingWith("索引を作成中です（0%）");
            String api = body("/api/v1/persons", key, 503);
            assertThat(api).contains("索引を作成中です（0%）").contains("\"percent\":0").doesNotContain(name)
                    .doesNotContain("\"items\"");
            String page = body("/search", key, 503);
            // the query stays in the search box; the person's name would be a result
            assertThat(page).contains("索引を作成中です（0%）").doesNotContain(name).doesNotContain("0人");
            st.execute("SELECT pg_advisory_unlock(" + ResidentIndex.INDEX_LOCK + ")");
        }
        SampleCity.awaitListeners(jdbc);
        assertThat(search.search(key, PersonSearch.Filters.NONE, 50)).extracting(PersonSearch.Hit::personKey)
                .contains(key);
        assertThat(body("/api/v1/persons", key, 200)).contains(key).contains(name).doesNotContain("索引を作成中");

        long table = jdbc.sql("SELECT 'person'::regclass::oid::bigint").query(Long.class).single();
        ImportReport next = imported(day2, "jumin-kiroku");
        SampleCity.awaitListeners(jdbc);
        assertThat(jdbc.sql("SELECT 'person'::regclass::oid::bigint").query(Long.class).single())
                .as("a later snapshot changes the index in place").isEqualTo(table);
        assertThat(jdbc.sql("SELECT count(*) FROM person_history WHERE replaced_by_run = :r")
                .param("r", next.runId()).query(Long.class).single()).as("moves of day 2 kept in history").isPositive();
        assertThat(jdbc.sql("SELECT count(*) FROM person WHERE updated_run = :r").param("r", next.runId())
                .query(Long.class).single()).isEqualTo(next.added() + next.changed() + next.ended());
        assertThat(search.search(key, PersonSearch.Filters.NONE, 50)).isNotEmpty();
    }

    private ImportReport imported(GenerationResult day, String source) {
        GenerationResult.SourceFile file = day.sources().stream().filter(f -> f.id().equals(source)).findFirst()
                .orElseThrow();
        ImportReport report = imports.importFile(source, file.file(), "test", "test");
        assertThat(report.status()).as(report.message()).isIn(List.of(ImportStatus.APPLIED));
        return report;
    }

    private String body(String path, String q, int expected) throws Exception {
        return mvc.perform(get(path).param("q", q).with(user("s-shimin")))
                .andExpect(status().is(expected)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
