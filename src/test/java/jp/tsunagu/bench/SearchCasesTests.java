package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The search box texts {@code bench search} makes from a person, read without a database. */
class SearchCasesTests {

    @Test
    void anAddressQueryNamesTheTownAfterTheMunicipalityAndNeverABareChome() {
        assertThat(addressTexts("東京都練馬区緑町5丁目3番地")).first().isEqualTo("緑町");
        assertThat(addressTexts("埼玉県狭山市入間川一丁目15番2号")).first().isEqualTo("入間川");
        assertThat(addressTexts("埼玉県狭山市三ケ島二丁目4番1号")).first().isEqualTo("三ケ島");
        assertThat(addressTexts("埼玉県入間郡毛呂山町大字岩井12番地")).first().isEqualTo("岩井");
        assertThat(addressTexts("東京都練馬区緑町5丁目3番地"))
                .as("narrowed by the year, then by the surname's first two characters")
                .containsExactly("緑町", "緑町 S58", "緑町 吉田 S58");
    }

    private static List<String> addressTexts(String address) {
        SearchCases.Sample sample = new SearchCases.Sample("0080356684", "吉田 花子", "ヨシダハナコ",
                LocalDate.of(1983, 5, 6), address, false);
        List<String> texts = new ArrayList<>();
        SearchCases.build(List.of(sample), 1, 1L, (kind, c) -> {
            if (kind.equals("address")) {
                texts.add(c.text());
            }
            return false;
        });
        return texts;
    }
}
