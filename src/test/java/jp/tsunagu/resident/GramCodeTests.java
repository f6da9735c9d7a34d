package jp.tsunagu.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The grams' numbers ({@link GramCode}): one number per gram and back, of every kind the index writes, and the
 * migration's SQL function {@code gram_code} gives the same numbers as the index (migration 5.14.0).
 */
@TsunaguTest
@TestPropertySource(properties = "tsunagu.database.data-dir=target/test-pg-ranking-f${tsunagu.test.fork:1}")
class GramCodeTests {

    @Autowired
    JdbcClient jdbc;

    /** Grams of every kind: names, readings, addresses, of the year, 1 and 2 characters, beyond the BMP, odd names. */
    private static List<String> grams() {
        List<String> grams = new ArrayList<>();
        grams.addAll(List.of(SearchGrams.of("山田 花子", "ヤマダ ハナコ", "埼玉県狭山市入間川三丁目17番27号",
                LocalDate.of(1970, 3, 2))));
        grams.addAll(List.of(SearchGrams.of("𩸽田 𠮷", "ヨシダ", "𩸽1-2", LocalDate.of(1868, 1, 1))));
        grams.addAll(List.of(SearchGrams.of("A:B", "ｱｲｳ", "東京都練馬区:1", LocalDate.of(2026, 12, 5))));
        grams.addAll(List.of(SearchGrams.of("佐藤", null, null, LocalDate.of(1, 1, 1))));
        grams.addAll(List.of(SearchGrams.of("鈴木", "スズキ", "柏原", null)));
        return grams;
    }

    @Test
    void everyGramHasOneNumberAndReadsBackFromIt() {
        List<String> grams = grams();
        assertThat(grams).contains("n:山", "n:山田", "n1970:花子", "k:ヤマ", "a:入間", "a1970:間川", "y:1970", "n:𩸽",
                "n:𩸽田", "n1868:𩸽", "y:1868", "n:A:", "a::1", "y:1", "n1:佐藤", "n:鈴木");
        long[] codes = GramCode.of(grams.toArray(String[]::new));
        assertThat(Arrays.stream(codes).distinct().count()).as("distinct grams, distinct numbers")
                .isEqualTo(grams.stream().distinct().count());
        assertThat(Arrays.stream(codes).allMatch(c -> c > 0)).as("every number positive").isTrue();
        assertThat(GramCode.texts(codes)).containsExactlyElementsOf(grams);
        // the kinds apart, the year apart, one and two characters apart
        assertThat(GramCode.of("n:山")).isNotEqualTo(GramCode.of("a:山")).isNotEqualTo(GramCode.of("n1970:山"));
        assertThat(GramCode.of("n:山田")).isNotEqualTo(GramCode.of("n:山")).isNotEqualTo(GramCode.of("n:田山"));
        assertThat(GramCode.of("y:1970")).isNotEqualTo(GramCode.of("y:1971"));
    }

    /**
     * The index makes a person's numbers straight from the keys ({@link SearchGrams#codesOfKeys}): the same as the
     * numbers of the grams as texts ({@link SearchGrams#ofKeys}), on chosen keys and on random ones of kanji, kana,
     * digits, hyphens, spaces and characters beyond the BMP.
     */
    @Test
    void theIndexsNumbersAreThoseOfTheGramsAsTexts() {
        List<String[]> keys = new ArrayList<>(List.of(new String[] {"山田 花子", "ヤマダハナコ", "埼玉県狭山市入間川3-17-27"},
                new String[] {"𩸽田", null, "𩸽1-2"}, new String[] {null, "ア", "町"}, new String[] {"A", null, null},
                new String[] {"", "", ""}));
        java.util.Random random = new java.util.Random(20261205);
        String alphabet = "山田𩸽𠮷川間入ヤマダア-0123456789 丁目番:";
        int[] points = alphabet.codePoints().toArray();
        for (int i = 0; i < 2_000; i++) {
            String[] k = new String[3];
            for (int j = 0; j < 3; j++) {
                StringBuilder text = new StringBuilder();
                for (int c = random.nextInt(12); c > 0; c--) {
                    text.appendCodePoint(points[random.nextInt(points.length)]);
                }
                k[j] = random.nextInt(8) == 0 ? null : text.toString();
            }
            keys.add(k);
        }
        List<LocalDate> births = new ArrayList<>(List.of(LocalDate.of(1985, 1, 20), LocalDate.of(1, 1, 1),
                LocalDate.of(-5, 1, 1), LocalDate.of(2026, 12, 5)));
        births.add(null);
        int compared = 0;
        for (String[] k : keys) {
            for (LocalDate born : births) {
                long[] direct = SearchGrams.codesOfKeys(k[0], k[1], k[2], born);
                long[] ofTexts = Arrays.stream(GramCode.of(SearchGrams.ofKeys(k[0], k[1], k[2], born))).sorted()
                        .toArray();
                assertThat(direct).as(Arrays.toString(k) + " " + born).containsExactly(ofTexts);
                compared += direct.length;
            }
        }
        assertThat(compared).as("grams compared").isGreaterThan(50_000);
    }

    @Test
    void whatIsNoGramIsRefusedAndAskedAsNothing() {
        for (String notAGram : List.of("山田", "n:", "x:山", "n:山田花", "n-5:山", "n99999:山", "y:abc")) {
            assertThatThrownBy(() -> GramCode.of(notAGram)).as(notAGram).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(GramCode.ofQuery(new String[] {"n:山", "n99999:山"})).containsExactly(GramCode.of("n:山"), 0);
        assertThatThrownBy(() -> GramCode.text(0)).isInstanceOf(IllegalArgumentException.class);
        // a birth date whose year no number holds gets no grams of the year, and the person is still indexed
        assertThat(SearchGrams.of("佐藤", null, null, LocalDate.of(-5, 1, 1))).containsExactly("n:佐", "n:佐藤", "n:藤");
    }

    @Test
    void theMigrationsFunctionGivesTheIndexsNumbers() {
        List<String> grams = grams();
        List<Long> sql = jdbc.sql("SELECT unnest(gram_codes(:g::text[]))").param("g", grams.toArray(String[]::new))
                .query(Long.class).list();
        assertThat(sql).containsExactlyElementsOf(Arrays.stream(GramCode.of(grams.toArray(String[]::new))).boxed()
                .toList());
        assertThat(jdbc.sql("SELECT gram_code('n1985:翔')").query(Long.class).single())
                .isEqualTo(GramCode.of("n1985:翔"));
    }
}
