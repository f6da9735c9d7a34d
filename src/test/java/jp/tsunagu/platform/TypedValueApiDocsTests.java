package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document shows the one typed-value shape (型付きの値) with examples, and the three JSON
 * endpoints' answers point to it wherever they give a typed value: another system reads one schema,
 * not a copy per endpoint.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedValueApiDocsTests {

    private static final String TYPED = "#/components/schemas/TypedValue";

    @Autowired
    MockMvc mvc;

    JsonNode schemas;

    @BeforeAll
    void fetchTheDocument() throws Exception {
        String body = mvc.perform(get("/v3/api-docs").with(user("t-viewer").roles("VIEWER")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        schemas = JsonMapper.builder().build().readTree(body).path("components").path("schemas");
    }

    @Test
    void theTypedValueIsDocumentedWithAnExampleOfEachPart() {
        JsonNode typed = schemas.path("TypedValue");
        assertThat(typed.path("description").asString()).contains("ISO 8601", "コード", "display");
        JsonNode properties = typed.path("properties");
        assertThat(properties.propertyNames()).containsExactlyInAnyOrder("name", "label", "value", "display");
        assertThat(properties.path("name").path("example").asString()).isEqualTo("birthDate");
        assertThat(properties.path("label").path("example").asString()).isEqualTo("生年月日");
        assertThat(properties.path("value").path("example").asString()).isEqualTo("2019-05-01");
        assertThat(properties.path("display").path("example").asString()).isEqualTo("令和元年5月1日 (2019)");
        assertThat(typed.path("description").asString()).as("the shape of a code").contains("{\"code\", \"label\"}");
    }

    /** The value's four shapes are in the document, the code as its own schema another system can bind. */
    @Test
    void theValueIsADateANumberACodeValueOrText() {
        JsonNode code = schemas.path("CodeValue");
        assertThat(code.path("properties").propertyNames()).containsExactlyInAnyOrder("code", "label");
        assertThat(code.path("properties").path("code").path("example").asString()).isEqualTo("3");
        assertThat(code.path("properties").path("label").path("example").asString()).isEqualTo("要介護1");
        java.util.List<String> shapes = new java.util.ArrayList<>();
        for (JsonNode shape : schemas.path("TypedValue").path("properties").path("value").path("oneOf")) {
            shapes.add(shape.has("$ref") ? shape.path("$ref").asString()
                    : shape.path("type").asString() + (shape.has("format") ? ":" + shape.path("format").asString() : ""));
        }
        assertThat(shapes).as("the value's shapes").hasSize(4)
                .contains("string:date", "#/components/schemas/CodeValue", "string")
                .anyMatch(s -> s.startsWith("number"));
    }

    @Test
    void theSearchGivesBirthDateAgeSexAndStatusAsTypedValues() {
        JsonNode person = schemas.path("PersonSummary").path("properties");
        for (String field : new String[] {"birthDate", "age", "sex", "status"}) {
            assertThat(refersToTyped(person.path(field))).as(field).isTrue();
        }
        JsonNode birth = person.path("birthDate");
        assertThat(birth.path("example").path("value").asString()).as("an ISO date").isEqualTo("1932-01-01");
        assertThat(birth.path("example").path("display").asString()).isEqualTo("昭和7年1月1日 (1932)");
        assertThat(person.path("age").path("example").path("value").isNumber()).isTrue();
        assertThat(person.path("status").path("example").path("value").path("code").asString()).isEqualTo("resident");
        assertThat(person.path("status").path("example").path("value").path("label").asString()).isEqualTo("住民");
        assertThat(refersToTyped(person.path("name"))).as("a name stays a plain string").isFalse();
        assertThat(person.path("name").path("type").asString()).isEqualTo("string");
    }

    @Test
    void theOverviewGivesItsFieldsAsTypedValues() {
        assertThat(refersToTyped(schemas.path("PersonHeader").path("properties").path("fields").path("items")))
                .as("the header's fields").isTrue();
        JsonNode card = schemas.path("ProgramCard").path("properties");
        assertThat(refersToTyped(card.path("records").path("items").path("items"))).as("a card's records").isTrue();
        assertThat(refersToTyped(card.path("asOf"))).as("a card's import time").isTrue();
        assertThat(refersToTyped(schemas.path("HouseholdMember").path("properties").path("birthDate")))
                .as("a household member's birth date").isTrue();
        JsonNode change = schemas.path("OverviewChange").path("properties");
        assertThat(refersToTyped(change.path("at"))).isTrue();
        assertThat(refersToTyped(change.path("kind"))).isTrue();
    }

    @Test
    void theDepartmentRowsGiveTheirFieldsAndProgramsAsTypedValues() {
        JsonNode person = schemas.path("DepartmentPerson").path("properties");
        assertThat(refersToTyped(person.path("fields").path("items"))).as("the person's fields").isTrue();
        assertThat(refersToTyped(person.path("programs").path("additionalProperties").path("items").path("items")))
                .as("each program record's values").isTrue();
        assertThat(refersToTyped(person.path("personKey"))).isFalse();
        assertThat(schemas.path("DepartmentPersons").path("properties").path("persons").path("items").path("$ref")
                .asString()).isEqualTo("#/components/schemas/DepartmentPerson");
    }

    /** A schema that is the typed value: a reference to it, or all of it with its own description. */
    private static boolean refersToTyped(JsonNode schema) {
        if (TYPED.equals(schema.path("$ref").asString())) {
            return true;
        }
        for (JsonNode part : schema.path("allOf")) {
            if (TYPED.equals(part.path("$ref").asString())) {
                return true;
            }
        }
        return false;
    }
}
