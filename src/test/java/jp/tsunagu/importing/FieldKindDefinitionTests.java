package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import jp.tsunagu.sample.SampleMunicipality;
import org.junit.jupiter.api.Test;

/**
 * The kinds of field that tell where a person can be found (住所, 方書, 電話, 郵便番号, 世帯, 学校, 勤務先):
 * read from a source definition, refused when unknown, documented, marked on every such column of the
 * sample city, and a column that looks like one but has no kind is reported naming the file and column.
 */
class FieldKindDefinitionTests {

    private static final String SOURCE = """
            name: 児童手当
            program: 児童手当
            department: {id: kodomo, name: こども支援課}
            encoding: UTF-8
            personKey: {column: 宛名番号}
            recordKey: [宛名番号]
            fields:
            %s
            """;

    private static SourceDefinition read(String fields) {
        return SourceDefinitionReader.read("jido-teate", "jido-teate.yml", new StringReader(SOURCE.formatted(fields)));
    }

    @Test
    void everyKindOfTheClosedListIsReadFromItsYamlName() {
        SourceDefinition d = read("""
                  - {name: address, column: 住所, kind: address}
                  - {name: katagaki, column: 方書, kind: address-detail}
                  - {name: phone, column: 電話番号, kind: phone}
                  - {name: postcode, column: 郵便番号, kind: postcode}
                  - {name: household, column: 世帯番号, kind: household}
                  - {name: workplace, column: 勤務先, kind: workplace}
                  - {name: school, column: 学校名, kind: SCHOOL}
                  - {name: amount, column: 月額, type: integer}
                """);
        assertThat(d.fields().stream().map(FieldDefinition::kind).toList()).containsExactly(FieldKind.ADDRESS,
                FieldKind.ADDRESS_DETAIL, FieldKind.PHONE, FieldKind.POSTCODE, FieldKind.HOUSEHOLD,
                FieldKind.WORKPLACE, FieldKind.SCHOOL, null);
        assertThat(d.field("address").revealsWhereabouts()).isTrue();
        assertThat(d.field("amount").revealsWhereabouts()).isFalse();
        assertThat(d.unmarkedWhereabouts()).isEmpty();
    }

    @Test
    void anUnknownKindIsRefusedWithTheFileTheFieldAndTheKindsThereAre() {
        assertThatThrownBy(() -> read("  - {name: address, column: 住所, kind: adress}"))
                .isInstanceOf(SourceDefinitionException.class)
                .satisfies(e -> assertThat(((SourceDefinitionException) e).problems()).anySatisfy(p -> assertThat(p)
                        .startsWith("jido-teate.yml: fields[0].kind: ").contains("'adress'")
                        .contains("address, address-detail, phone, postcode, household, workplace, school")));
    }

    @Test
    void aColumnThatLooksLikeAnAddressButHasNoKindIsReportedWithFileAndColumn() {
        SourceDefinition d = read("""
                  - {name: address, column: 現住所, label: 住所}
                  - {name: contact, column: 緊急連絡先}
                  - {name: office, column: 勤務先名称, kind: workplace}
                  - {name: school, column: 通学先, label: 学校名}
                  - {name: amount, column: 月額, type: integer}
                """);
        assertThat(d.unmarkedWhereabouts().stream().map(FieldDefinition::name)).containsExactly("address", "contact",
                "school");
        List<String> warnings = SourceCatalog.whereaboutsWarnings(d, "/etc/tsunagu/sources/jido-teate.yml");
        assertThat(warnings).hasSize(3);
        assertThat(warnings.get(0)).startsWith("/etc/tsunagu/sources/jido-teate.yml: 列「現住所」(住所)")
                .contains("kind: address");
        assertThat(warnings.get(1)).contains("列「緊急連絡先」");
        assertThat(warnings.get(2)).contains("列「通学先」(学校名)");
    }

    @Test
    void everySampleSourceMarksEveryColumnThatTellsWhereAPersonIs() throws IOException {
        for (String id : SampleMunicipality.sourceIds()) {
            SourceDefinition d;
            try (InputStream in = getClass().getResourceAsStream("/sample/sources/" + id + ".yml")) {
                d = SourceDefinitionReader.read(id, id + ".yml",
                        new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
            assertThat(SourceCatalog.whereaboutsWarnings(d, id + ".yml")).as(id).isEmpty();
        }
        // the columns the 支援措置 probe found shown: 児童手当's 住所, 生活保護's 居所 and phone, こども医療's guardian
        assertThat(kind("jido-teate", "address")).isEqualTo(FieldKind.ADDRESS);
        assertThat(kind("seikatsu-hogo", "address")).isEqualTo(FieldKind.ADDRESS);
        assertThat(kind("seikatsu-hogo", "phone")).isEqualTo(FieldKind.PHONE);
        assertThat(kind("kodomo-iryo", "guardian_key")).isEqualTo(FieldKind.HOUSEHOLD);
        assertThat(kind("shugaku-enjo", "school")).isEqualTo(FieldKind.SCHOOL);
        assertThat(kind("jumin-kiroku", "postcode")).isEqualTo(FieldKind.POSTCODE);
        assertThat(kind("jumin-kiroku", "katagaki")).isEqualTo(FieldKind.ADDRESS_DETAIL);
        assertThat(kind("jumin-kiroku", "household")).isEqualTo(FieldKind.HOUSEHOLD);
    }

    @Test
    void theSourceGuideDocumentsEveryKind() throws IOException {
        String guide = Files.readString(Path.of("docs/sources.md"));
        Arrays.stream(FieldKind.values()).forEach(k -> assertThat(guide).as(k.yamlName())
                .contains("`" + k.yamlName() + "`"));
        FieldKind.HINTS.forEach(hint -> assertThat(guide).contains(hint));
    }

    private FieldKind kind(String source, String field) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/sample/sources/" + source + ".yml")) {
            return SourceDefinitionReader.read(source, source + ".yml",
                    new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8))).field(field).kind();
        }
    }
}
