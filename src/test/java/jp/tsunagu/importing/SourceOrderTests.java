package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Sources are listed 住民記録 first, then 住登外, then the programs in 五十音 order of their names. */
class SourceOrderTests {

    @Test
    void mastersComeFirstWhateverTheirNamesThenProgramsByName() {
        List<SourceDefinition> sources = new ArrayList<>(List.of(
                source("z-program", "あいうえお", SourceRole.PROGRAM),
                source("a-non-resident", "住登外", SourceRole.NON_RESIDENT),
                source("m-registry", "住民記録", SourceRole.RESIDENT_REGISTRY),
                source("b-program", "ようかいご", SourceRole.PROGRAM)));
        Collections.shuffle(sources, new Random(13));

        sources.sort(SourceOrder.FOR_CLERKS);

        assertThat(sources).extracting(SourceDefinition::id)
                .containsExactly("m-registry", "a-non-resident", "z-program", "b-program");
    }

    /** Kana in 五十音 order, whatever their romaji id says (boshi-hoken no longer first). */
    @Test
    void programsFollowTheGojuonOrderOfTheirNamesNotTheirIds() {
        String[][] table = {
            {"a", "わかば手当"},
            {"b", "ひとり親家庭等医療費"},
            {"c", "こども医療費"},
            {"d", "あんしん見守り"},
            {"e", "カナ表記の手当"},
        };
        List<SourceDefinition> sources = new ArrayList<>();
        for (String[] row : table) {
            sources.add(source(row[0], row[1], SourceRole.PROGRAM));
        }
        Collections.shuffle(sources, new Random(7));

        sources.sort(SourceOrder.FOR_CLERKS);

        assertThat(sources).extracting(SourceDefinition::name)
                .containsExactly("あんしん見守り", "カナ表記の手当", "こども医療費", "ひとり親家庭等医療費", "わかば手当");
    }

    /** JIS level 1 kanji follow their readings: 介護 (かいご) before 国民 (こくみん) before 母子 (ぼし) before 要介護 (よう). */
    @Test
    void commonKanjiNamesFollowTheirReadings() {
        String[][] table = {
            {"boshi-hoken", "母子保健"},
            {"yokaigo", "要介護認定"},
            {"kaigo-shikaku", "介護保険資格"},
            {"kokuho", "国民健康保険"},
            {"jido-teate", "児童手当"},
            {"seikatsu-hogo", "生活保護"},
        };
        List<SourceDefinition> sources = new ArrayList<>();
        for (String[] row : table) {
            sources.add(source(row[0], row[1], SourceRole.PROGRAM));
        }
        Collections.shuffle(sources, new Random(3));

        sources.sort(SourceOrder.FOR_CLERKS);

        assertThat(sources).extracting(SourceDefinition::name)
                .containsExactly("介護保険資格", "国民健康保険", "児童手当", "生活保護", "母子保健", "要介護認定");
    }

    private static SourceDefinition source(String id, String name, SourceRole role) {
        return new SourceDefinition(id, name, name, new SourceDefinition.Department("d", "課", "内線"),
                StandardCharsets.UTF_8, ',', true, null, List.of("k"), List.of(), SourceDefinition.InvalidRows.REJECT,
                0, 0.1, 0, role, Map.of(), null);
    }
}
