package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.tsunagu.japanese.DateNotation;
import jp.tsunagu.japanese.PersonKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Source definitions are validated with messages that name the file and the key. */
class SourceDefinitionTests {

    @TempDir
    Path dir;

    @Test
    void theDocumentedExampleReadsAsDocumented() throws Exception {
        String guide = Files.readString(Path.of("docs/sources.md"));
        String yaml = guide.substring(guide.indexOf("```yaml\n") + 8, guide.indexOf("```", guide.indexOf("```yaml\n") + 8));
        SourceDefinition d = SourceDefinitionReader.read("kaigo-nintei", "kaigo-nintei.yml", new StringReader(yaml));

        assertThat(d.name()).isEqualTo("要介護認定");
        assertThat(d.charset()).isEqualTo(Charset.forName("windows-31j"));
        assertThat(d.department().contact()).isEqualTo("内線 2345");
        assertThat(d.personKey().normalisation()).isEqualTo(PersonKeys.Normalisation.ZERO_PAD);
        assertThat(d.personKey().checkDigit()).isTrue();
        assertThat(d.recordKey()).containsExactly("宛名番号", "被保険者番号");
        assertThat(d.field("care_level").codeLabel("21")).isEqualTo("要介護1");
        assertThat(d.field("care_level").sensitive()).isTrue();
        assertThat(d.field("certified_on").dateFormats())
                .containsExactlyInAnyOrder(DateNotation.WAREKI, DateNotation.ERA_LETTER, DateNotation.ERA_CODE7);
        assertThat(d.holdShare()).isEqualTo(0.10);
    }

    @Test
    void everyProblemIsReportedWithFileAndKeyAtOnce() throws Exception {
        Path file = dir.resolve("kaigo-nintei.yml");
        Files.writeString(file, """
                name: 要介護認定
                department: {id: kaigo, name: 介護保険課}
                encoding: SJIS-X
                delimiter: ";"
                personKey: {column: 宛名番号, normalise: pad}
                fields:
                  - {name: level, column: 要介護度, type: code}
                  - {name: on, column: 認定日, type: dat}
                  - {name: since, column: 開始日, type: date}
                holdShare: 1.5
                colour: blue
                """);

        assertThatThrownBy(() -> SourceDefinitionReader.read(file))
                .isInstanceOf(SourceDefinitionException.class)
                .satisfies(e -> assertThat(((SourceDefinitionException) e).problems()).allMatch(
                        p -> p.startsWith(file + ": ")).anyMatch(p -> p.contains(": program: 必須です"))
                        .anyMatch(p -> p.contains(": encoding: 'SJIS-X' は使えません"))
                        .anyMatch(p -> p.contains(": delimiter: ';' は使えません"))
                        .anyMatch(p -> p.contains(": personKey.normalise:"))
                        .anyMatch(p -> p.contains(": fields[0].codes: type: code にはコード表"))
                        .anyMatch(p -> p.contains(": fields[1].type: 'dat' は使えません"))
                        .anyMatch(p -> p.contains(": fields[2].formats: type: date には日付の書式"))
                        .anyMatch(p -> p.contains(": holdShare: 0 から 1"))
                        .anyMatch(p -> p.contains(": colour: 知らないキーです")));
    }

    @Test
    void aMasterSourceMustMapNameKanaAndBirthDateToItsFields() {
        String yaml = """
                name: 住民記録
                program: 住民基本台帳
                department: {id: shimin, name: 市民課}
                personKey: {column: 宛名番号}
                role: resident-registry
                fields:
                  - {name: name, column: 氏名}
                master: {name: name, kana: kana_name}
                """;
        assertThatThrownBy(() -> SourceDefinitionReader.read("jumin", "jumin.yml", new StringReader(yaml)))
                .isInstanceOf(SourceDefinitionException.class)
                .hasMessageContaining("jumin.yml: master.kana: fields にない項目名です: kana_name")
                .hasMessageContaining("jumin.yml: master.birthDate: 基幹の連携元には必須です");
    }

    @Test
    void headerlessFilesAddressColumnsByPosition() {
        String yaml = """
                name: 特別児童扶養手当
                program: 特別児童扶養手当
                department: {id: kodomo, name: こども課}
                header: false
                personKey: {column: 1}
                fields:
                  - {name: grade, column: 受給区分}
                """;
        assertThatThrownBy(() -> SourceDefinitionReader.read("toku", "toku.yml", new StringReader(yaml)))
                .hasMessageContaining("toku.yml: fields[0].column: header: false のときは列を1から始まる位置で書いてください");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999999999", "2147483647", "300000000", "10001"})
    void aPositionNoFileHasIsRefusedWhenRead(String position) {
        String yaml = """
                name: 特別児童扶養手当
                program: 特別児童扶養手当
                department: {id: kodomo, name: こども課}
                header: false
                personKey: {column: 1}
                fields:
                  - {name: grade, column: %s}
                """.formatted(position);
        assertThatThrownBy(() -> SourceDefinitionReader.read("toku", "toku.yml", new StringReader(yaml)))
                .hasMessageContaining("toku.yml: fields[0].column: 列の位置が大きすぎます (10000 まで): " + position);
    }

    @Test
    void theLastPositionIsRead() {
        String yaml = """
                name: 特別児童扶養手当
                program: 特別児童扶養手当
                department: {id: kodomo, name: こども課}
                header: false
                personKey: {column: 1}
                fields:
                  - {name: grade, column: 10000}
                """;
        assertThat(SourceDefinitionReader.read("toku", "toku.yml", new StringReader(yaml)).field("grade").column())
                .isEqualTo("10000");
    }
}
