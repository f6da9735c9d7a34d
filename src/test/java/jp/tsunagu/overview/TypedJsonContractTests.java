package jp.tsunagu.overview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import jp.tsunagu.SampleCity;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.importing.SnapshotImport;
import jp.tsunagu.importing.SourceCatalog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON contract of the overview and the department list (型付きの値): every value is
 * {@code {name, label, value, display}}, a date's value is ISO 8601, a number's a JSON number, a code's
 * {@code {code, label}}, and display the Japanese rendering the screen shows.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-typed-json")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedJsonContractTests {

    private static final String SOURCE = "typed-contract";

    @Autowired
    MockMvc mvc;
    @Autowired
    SourceCatalog catalog;
    @Autowired
    SnapshotImport imports;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    JdbcClient jdbc;
    @TempDir
    static Path dir;

    private String key;

    @BeforeAll
    void aCityAndASourceOfEveryType() throws Exception {
        SampleCity.importSmall(catalog, imports, jdbc, dir);
        catalog.register(SOURCE, """
                name: 型の試験
                program: 型の試験
                department: {id: typed-owner, name: 型試験課, contact: 内線 0303}
                personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
                fields:
                  - {name: decided, column: 決定日, label: 決定日, type: date, formats: [iso]}
                  - {name: amount, column: 月額, label: 月額, type: integer}
                  - {name: grade, column: 等級, label: 等級, type: code, codes: {"1": 一級, "2": 二級}}
                  - {name: note, column: 備考, label: 備考}
                """);
        accounts.saveDepartment("typed-owner", "型試験課", "内線 0303");
        accounts.save("t-owner", "型 試験", "pw-123456789", Role.CASEWORKER, "typed-owner");
        access.grant("test", "typed-owner", SOURCE, GrantLevel.DETAIL, true);
        key = jdbc.sql("""
                SELECT person_key FROM person WHERE status = '住民' AND NOT support_measure AND NOT address_protected
                   AND birth_date IS NOT NULL ORDER BY person_key LIMIT 1""").query(String.class).single();
        imports.importFile(SOURCE, Files.writeString(dir.resolve("typed.csv"),
                "宛名番号,決定日,月額,等級,備考\n" + key + ",2019-05-01,45600,2,確認済み\n"), "test", "test");
        SampleCity.awaitListeners(jdbc);
    }

    @Test
    void theOverviewGivesDatesAsIsoNumbersAsNumbersAndCodesWithTheirLabel() throws Exception {
        JsonNode overview = json("/api/v1/persons/" + key + "/overview");

        JsonNode person = overview.path("person");
        assertThat(person.path("personKey").asString()).isEqualTo(key);
        LocalDateCheck.iso(field(person.path("fields"), "birthDate"));
        JsonNode age = field(person.path("fields"), "age");
        assertThat(age.path("value").isNumber()).as("age is a number").isTrue();
        assertThat(age.path("display").asString()).isEqualTo(age.path("value").asInt() + "歳");

        JsonNode card = StreamSupport.stream(overview.path("cards").spliterator(), false)
                .filter(c -> c.path("sourceId").asString().equals(SOURCE)).findFirst().orElseThrow();
        JsonNode record = card.path("records").get(0);
        JsonNode decided = field(record, "decided");
        assertThat(decided.path("label").asString()).isEqualTo("決定日");
        assertThat(decided.path("value").asString()).isEqualTo("2019-05-01");
        assertThat(decided.path("display").asString()).isEqualTo("令和元年5月1日 (2019)");
        JsonNode amount = field(record, "amount");
        assertThat(amount.path("value").isNumber()).as("an integer field's value is a JSON number").isTrue();
        assertThat(amount.path("value").asLong()).isEqualTo(45600);
        JsonNode grade = field(record, "grade");
        assertThat(grade.path("value").path("code").asString()).isEqualTo("2");
        assertThat(grade.path("value").path("label").asString()).isEqualTo("二級");
        assertThat(grade.path("display").asString()).isEqualTo("二級");
        assertThat(field(record, "note").path("value").asString()).isEqualTo("確認済み");
        assertThat(card.path("asOf").path("value").asString()).as("the import time, ISO 8601 with offset")
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?\\+09:00");
        assertThat(card.path("asOf").path("display").asString()).startsWith("令和");
        assertThat(overview.toString()).as("no display text where a typed value belongs")
                .doesNotContain("\"value\":\"令和元年");
    }

    @Test
    void theDepartmentListGivesTheSameTypedValues() throws Exception {
        JsonNode list = json("/api/v1/department/persons?source=" + SOURCE);
        assertThat(list.path("total").isNumber()).isTrue();
        assertThat(list.path("total").asLong()).isEqualTo(1);
        JsonNode person = list.path("persons").get(0);
        assertThat(person.path("personKey").asString()).isEqualTo(key);
        LocalDateCheck.iso(field(person.path("fields"), "birthDate"));
        assertThat(field(person.path("fields"), "age").path("value").isNumber()).isTrue();
        JsonNode record = person.path("programs").path(SOURCE).get(0);
        assertThat(field(record, "decided").path("value").asString()).isEqualTo("2019-05-01");
        assertThat(field(record, "decided").path("display").asString()).isEqualTo("令和元年5月1日");
        assertThat(field(record, "amount").path("value").isNumber()).isTrue();
        assertThat(field(record, "grade").path("value").path("code").asString()).isEqualTo("2");
        assertThat(field(record, "grade").path("value").path("label").asString()).isEqualTo("二級");
        assertThat(record.toString()).as("the first three fields only").doesNotContain("確認済み");
    }

    /** The one entry of a list of typed values with this name; each entry has all four keys. */
    private static JsonNode field(JsonNode values, String name) {
        List<JsonNode> found = StreamSupport.stream(values.spliterator(), false)
                .filter(v -> v.path("name").asString().equals(name)).toList();
        assertThat(found).as("the value %s in %s", name, values).hasSize(1);
        assertThat(found.get(0).propertyNames()).containsExactlyInAnyOrder("name", "label", "value", "display");
        return found.get(0);
    }

    private JsonNode json(String url) throws Exception {
        return JsonMapper.builder().build().readTree(mvc.perform(get(url).with(user("t-owner")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /** A birth date: ISO in value, 和暦 with the year in display. */
    private static final class LocalDateCheck {

        static void iso(JsonNode birth) {
            String value = birth.path("value").asString();
            assertThat(value).matches("\\d{4}-\\d{2}-\\d{2}");
            assertThat(birth.path("display").asString()).endsWith("(" + value.substring(0, 4) + ")")
                    .doesNotContain("-");
        }
    }
}
