package jp.tsunagu.insights;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's arithmetic made fast (one pass for every pair of programs, separators by hand) against
 * the plain way it replaced: the same figures for random combinations and numbers.
 */
class FigureSumsTests {

    @Test
    void everyPairHoldsThePersonsOfTheCombinationsThatHoldBothPrograms() {
        Random random = new Random(20261202);
        List<Figures.Source> programs = new ArrayList<>();
        for (int bit = 0; bit < 15; bit++) {
            // every third source counts as not welfare and is left out of the programs asked about
            programs.add(new Figures.Source("s" + bit, bit, "制度" + bit, "d", "課", bit % 3 != 0));
        }
        List<Figures.Source> welfare = programs.stream().filter(Figures.Source::welfare).toList();
        Map<Long, Long> masks = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            masks.merge(random.nextLong() & 0x7fffL & random.nextLong(), (long) random.nextInt(1000), Long::sum);
        }
        long[][] together = Overlaps.together(masks, welfare);
        for (int a = 0; a < welfare.size(); a++) {
            for (int b = 0; b < welfare.size(); b++) {
                long both = welfare.get(a).mask() | welfare.get(b).mask();
                long plain = masks.entrySet().stream().filter(e -> (e.getKey() & both) == both)
                        .mapToLong(Map.Entry::getValue).sum();
                assertThat(together[a][b]).as(welfare.get(a).id() + " × " + welfare.get(b).id()).isEqualTo(plain);
            }
        }
        assertThat(together[0][0]).isPositive();
    }

    @Test
    void countsAreGroupedAsJapaneseScreensWriteThem() {
        NumberFormat japanese = NumberFormat.getIntegerInstance(Locale.JAPAN);
        Random random = new Random(7);
        List<Long> values = new ArrayList<>(List.of(0L, 1L, 12L, 123L, 999L, 1000L, 9999L, 100000L, 999999L,
                1000000L, -1L, -1000L, -123456789L, Long.MAX_VALUE));
        for (int i = 0; i < 1000; i++) {
            values.add(random.nextLong() >> random.nextInt(63));
        }
        for (long v : values) {
            assertThat(Shown.grouped(v)).as(Long.toString(v)).isEqualTo(japanese.format(v));
        }
    }
}
