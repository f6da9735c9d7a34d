package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grams a person is indexed by, and their rows in COPY's text format (the first index's bulk load). */
class SearchGramsTests {

    @Test
    void aNameAReadingAnAddressAndABirthYearGiveTheirGrams() {
        String[] grams = SearchGrams.of("山田 花子", "ヤマダ ハナコ", "狭山市入間川三丁目17番", LocalDate.of(1970, 3, 2));

        assertThat(grams).contains("n:山", "n:山田", "n:花子", "n1970:山田", "k:ヤマ", "a:入間", "a:3-", "y:1970")
                .doesNotContain("k:ヤ").doesNotHaveDuplicates();
        // the address's 2-grams with the birth year, without the block numbers' (3-17-): what the search asks for
        assertThat(grams).filteredOn(g -> g.startsWith("a1970:")).containsExactlyInAnyOrder(
                SearchGrams.addressOfTheYear(SearchGrams.query("a:", SearchGrams.addressKey("狭山市入間川三丁目17番")), 1970))
                .contains("a1970:入間", "a1970:間川", "a1970:狭山").noneMatch(g -> g.matches("a1970:.*[0-9-].*"));
        assertThat(SearchGrams.of("山田 花子", null, "狭山市入間川", null)).noneMatch(g -> g.startsWith("a1"));
        assertThat(SearchGrams.ofKeys("山田花子", "ヤマダハナコ", SearchGrams.addressKey("狭山市入間川三丁目17番"),
                LocalDate.of(1970, 3, 2))).containsExactly(SearchGrams.of("山田花子", "ヤマダハナコ",
                        "狭山市入間川三丁目17番", LocalDate.of(1970, 3, 2)));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsOneCharacterOfItsGrams() {
        // 𩸽 (U+29E3D) is two chars in Java: a gram never splits it (the key as folded: 𠮷 would be folded to 吉)
        String[] grams = SearchGrams.ofKeys("𩸽田", null, "𩸽1-2", null);

        assertThat(grams).containsExactly("n:𩸽", "n:𩸽田", "n:田", "a:𩸽", "a:𩸽1", "a:1", "a:1-", "a:-", "a:-2",
                "a:2");
    }

    @Test
    void aValueWithATabOrABackslashIsEscapedInItsCopyLineAndPlainTextIsCopiedAsItIs() {
        Object[] row = new Object[23];
        row[0] = "0000001";
        row[4] = "山田\t花子\\";
        row[15] = Boolean.TRUE;
        row[21] = GramCode.of(new String[] {"n:山", "n:山田"});

        String line = new String(PersonCopy.encode(List.<Object[]>of(row)), StandardCharsets.UTF_8);

        String[] columns = line.substring(0, line.length() - 1).split("\t", -1);
        assertThat(columns).hasSize(24);
        assertThat(columns[0]).isEqualTo("0000001");
        assertThat(columns[4]).isEqualTo("山田\\t花子\\\\");
        // the grams as the numbers of the gram index (GramCode), an array of bigint
        assertThat(columns[21]).isEqualTo("{" + GramCode.of("n:山") + "," + GramCode.of("n:山田") + "}");
        row[21] = new String[] {"n:山"};
        assertThatThrownBy(() -> PersonCopy.encode(List.<Object[]>of(row))).as("grams as texts are no longer written")
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(columns[23]).isEqualTo("t");
        assertThat(line).endsWith("\n");
    }
}
