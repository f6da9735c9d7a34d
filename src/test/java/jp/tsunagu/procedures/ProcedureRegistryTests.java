package jp.tsunagu.procedures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The procedure registry's files (手続きの登録): the sample city's registry is complete and valid, a folder
 * wins over it, and a broken file stops the start with every problem named by file and key in Japanese.
 */
class ProcedureRegistryTests {

    @TempDir
    Path dir;

    @Test
    void theSampleCitysRegistryCoversEveryLifeEventTheCityAskedFor() {
        ProcedureRegistry registry = new ProcedureRegistry(new ProceduresProperties(dir.resolve("absent"), null, null, null));
        assertThat(registry.origin()).contains("サンプル");
        assertThat(registry.kinds()).extracting(EventKind::label).contains("出生", "転入", "転出", "死亡", "転居", "世帯変更",
                "婚姻", "離婚", "3歳到達", "40歳到達", "65歳到達", "75歳到達", "就学", "消除 (事由なし)", "離職", "入院");
        EventKind birth = registry.kind("birth").orElseThrow();
        ProcedureDefinition allowance = birth.procedures().stream().filter(p -> p.id().equals("jido-teate")).findFirst()
                .orElseThrow();
        assertThat(allowance.program()).isEqualTo("児童手当");
        assertThat(allowance.departmentId()).isEqualTo("kodomo");
        assertThat(allowance.deadlineDays()).isEqualTo(15);
        assertThat(allowance.dueFor(LocalDate.of(2026, 4, 2))).isEqualTo(LocalDate.of(2026, 4, 17));
        assertThat(allowance.documents()).isNotEmpty();
        assertThat(birth.procedures().stream().filter(p -> p.id().equals("kokuho-kanyu")).findFirst().orElseThrow()
                .condition().householdIn()).containsExactly("kokuho");
        assertThat(registry.byMoveReason("死亡")).map(EventKind::id).contains("death");
        assertThat(registry.byChange("removed")).map(EventKind::id).contains("removal");
        assertThat(registry.dailyKinds()).extracting(EventKind::id)
                .containsExactlyInAnyOrder("age-3", "age-40", "age-65", "age-75", "school-entry");
        assertThat(registry.kind("job-loss").orElseThrow().detection().manualOnly()).isTrue();
        ProcedureDefinition notice = registry.kind("school-entry").orElseThrow().procedures().get(0);
        assertThat(notice.dueFor(LocalDate.of(2026, 10, 1))).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(registry.kind("school-entry").orElseThrow().procedures().get(1).dueFor(LocalDate.of(2026, 10, 1)))
                .isEqualTo(LocalDate.of(2027, 1, 31));
    }

    @Test
    void aFolderWinsOverTheSampleRegistry() throws IOException {
        write("birth.yml", """
                event: 出生
                detect: {moveReasons: [出生]}
                procedures:
                  - {id: only, program: 児童手当, name: 認定請求, department: kodomo, deadlineDays: 15}
                """);
        ProcedureRegistry registry = new ProcedureRegistry(new ProceduresProperties(dir, null, null, null));
        assertThat(registry.kinds()).extracting(EventKind::id).containsExactly("birth");
        assertThat(registry.origin()).isEqualTo(dir.toAbsolutePath().toString());
    }

    @Test
    void aBrokenFileStopsTheStartNamingEachFileAndKey() throws IOException {
        write("birth.yml", """
                event: 出生
                detect: {moveReasons: [出生], age: 65}
                procedures:
                  - {id: a, program: 児童手当, name: 認定請求, department: kodomo, deadlineDays: -1, colour: red}
                  - {id: a, program: 児童手当, department: kodomo, dueOn: 13-45, when: {householdIn: kokuho}}
                """);
        write("death.yml", "event: 死亡\ndetect: {moveReasons: [出生]}\nprocedures: []\n");
        write("broken.yml", "event: [unclosed\n");
        assertThatThrownBy(() -> new ProcedureRegistry(new ProceduresProperties(dir, null, null, null)))
                .isInstanceOf(ProcedureRegistryException.class)
                .satisfies(e -> {
                    List<String> problems = ((ProcedureRegistryException) e).problems();
                    String birth = dir.resolve("birth.yml").toString();
                    assertThat(problems).contains(
                            birth + ": detect: 異動 (moveReasons・change)、年齢 (age)、就学 (schoolEntry) のうち一つだけ書いてください",
                            birth + ": procedures[1].deadlineDays: 0 から 3650 までの整数で書いてください: -1",
                            birth + ": procedures[2].name: 必須です",
                            birth + ": procedures[2].dueOn: 月-日 (11-30 のように) で書いてください: 13-45",
                            birth + ": procedures[2].when.householdIn: 一覧 ([a, b] または - で始まる行) で書いてください");
                    assertThat(problems).anyMatch(p -> p.startsWith(birth + ": procedures[1].colour: 知らないキーです"));
                    assertThat(problems).anyMatch(p -> p.startsWith(dir.resolve("broken.yml") + ": YAMLとして読めません"));
                });
    }

    @Test
    void twoFilesClaimingOneMoveReasonAreRefused() throws IOException {
        write("birth.yml", "event: 出生\ndetect: {moveReasons: [出生]}\nprocedures: []\n");
        write("newborn.yml", "event: 新生児\ndetect: {moveReasons: [出生]}\nprocedures: []\n");
        assertThatThrownBy(() -> new ProcedureRegistry(new ProceduresProperties(dir, null, null, null)))
                .isInstanceOf(ProcedureRegistryException.class)
                .hasMessageContaining("newborn.yml: detect: 異動事由「出生」 は birth.yml にもあります");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
