package jp.tsunagu.evacuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The list's configuration is read whole or refused with the file and the key named in Japanese. */
class EvacuationSetupTests {

    @TempDir
    Path dir;

    @Test
    void theSampleCityShipsEveryCriterionOfTheIssueAndDistrictsCoveringItsTowns() {
        EvacuationSetup setup = EvacuationSetup.load(dir.resolve("none"));

        assertThat(setup.origin()).contains("サンプル自治体");
        assertThat(setup.criteria()).extracting(Criterion::reason).contains("要介護3以上",
                "身体障害者手帳1・2級 (視覚・聴覚・肢体)", "療育手帳A", "精神障害者保健福祉手帳1級", "指定難病",
                "65歳以上のみの世帯", "妊産婦", "本人からの申出");
        assertThat(setup.criterion("care-level-3").orElseThrow().codes()).containsEntry("care_level",
                java.util.List.of("23", "24", "25"));
        assertThat(setup.districts()).hasSize(8);
        assertThat(setup.districts().stream().mapToInt(d -> d.towns().size()).sum()).isEqualTo(57);
        assertThat(setup.sources()).contains("kaigo-nintei", "shintai-techo", "kaigo-shikaku")
                .doesNotContain("jido-teate");
    }

    @Test
    void aFolderWithItsOwnCriteriaIsReadInsteadOfTheSample() throws Exception {
        Files.writeString(dir.resolve("criteria.yml"), """
                criteria:
                  - {id: care-4, reason: 要介護4以上, source: kaigo-nintei, where: {care_level: ["24", "25"]}}
                """);

        EvacuationSetup setup = EvacuationSetup.load(dir);

        assertThat(setup.origin()).isEqualTo(dir.toString()).doesNotContain("サンプル");
        assertThat(setup.criteria()).extracting(Criterion::id).containsExactly("care-4");
        assertThat(setup.districts()).isEmpty();
    }

    @Test
    void aMissingSourceIsNamedByItsKey() {
        assertThatThrownBy(() -> parse("""
                criteria:
                  - {id: a, reason: 要介護3以上, source: kaigo-nintei}
                  - {id: b, reason: 療育手帳A, where: {grade: [A]}}
                """)).hasMessage("criteria.yml: criteria[1] (基準): source (連携元)、household (世帯)、request (申出) のどれか一つを指定してください");
    }

    @Test
    void aReasonLeftOutIsNamedByItsKey() {
        assertThatThrownBy(() -> parse("""
                criteria:
                  - {id: a, source: kaigo-nintei}
                """)).hasMessage("criteria.yml: criteria[0].reason (事由)がありません");
    }

    @Test
    void anAgeThatIsNoNumberIsNamedByItsKey() {
        assertThatThrownBy(() -> parse("""
                criteria:
                  - {id: a, reason: 高齢世帯, household: {minAge: 六十五}}
                """)).hasMessage("criteria.yml: criteria[0].household.minAge (年齢の下限): 0 から 150 までの整数で書いてください");
    }

    @Test
    void anUnknownKeyAndATwiceUsedIdAreRefused() {
        assertThatThrownBy(() -> parse("""
                criteria:
                  - {id: a, reason: 指定難病, source: shitei-nanbyo, whre: {x: [1]}}
                """)).hasMessageStartingWith("criteria.yml: criteria[0].whre (whre): 知らない項目です");
        assertThatThrownBy(() -> parse("""
                criteria:
                  - {id: a, reason: 指定難病, source: shitei-nanbyo}
                  - {id: a, reason: 申出, request: true}
                """)).hasMessage("criteria.yml: criteria[1].id (基準のID): 「a」が二度あります");
    }

    @Test
    void aTownInTwoDistrictsIsRefused() {
        assertThatThrownBy(() -> EvacuationSetup.parse("t", "criteria.yml", """
                criteria:
                  - {id: a, reason: 申出, request: true}
                """, "districts.yml", """
                city: 埼玉県狭山市
                districts:
                  - {id: one, name: 一, towns: [入間川, 祇園]}
                  - {id: two, name: 二, towns: [祇園]}
                """)).hasMessage("districts.yml: districts[1].towns (町丁目): 「祇園」は地区「one」にもあります");
    }

    @Test
    void brokenYamlIsRefusedWithTheFileNamed() {
        assertThatThrownBy(() -> parse("criteria: [\n")).hasMessageStartingWith("criteria.yml: YAML として読めません");
    }

    private static EvacuationSetup parse(String criteria) {
        return EvacuationSetup.parse("t", "criteria.yml", criteria, "districts.yml", "districts: []\n");
    }
}
