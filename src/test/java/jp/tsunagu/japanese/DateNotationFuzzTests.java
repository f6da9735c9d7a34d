package jp.tsunagu.japanese;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target "dates" (docs/fuzzing.md): any text in any set of notations through
 * {@link JapaneseDates#parse}. The only failure it may report is {@link InvalidValueException}
 * (the clerk's message); a date it reads is one that existed in its era, and it reads back to itself
 * when shown as 和暦 or ISO. Without JAZZER_FUZZ it runs the kept inputs under
 * {@code src/test/resources/jp/tsunagu/japanese/DateNotationFuzzTestsInputs/dates}.
 */
class DateNotationFuzzTests {

    private static final DateNotation[] NOTATIONS = DateNotation.values();
    private static final LocalDate FIRST_THREE_DIGIT_ERA_YEAR = LocalDate.of(2118, 1, 1);

    @FuzzTest(maxDuration = "5m")
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void dates(FuzzedDataProvider data) {
        Set<DateNotation> allowed = EnumSet.noneOf(DateNotation.class);
        int mask = data.consumeInt(1, (1 << NOTATIONS.length) - 1);
        for (DateNotation n : NOTATIONS) {
            if ((mask & 1 << n.ordinal()) != 0) {
                allowed.add(n);
            }
        }
        String text = data.consumeRemainingAsString();

        LocalDate date;
        try {
            date = JapaneseDates.parse(text, allowed);
        } catch (InvalidValueException e) {
            assertThat(e.reason()).isNotBlank();
            if (e.value() != null) {
                assertThat(e.value()).as("the value named is the text as written").isEqualTo(text.strip());
            }
            return;
        }
        // a date read in one notation is one in any notation's terms, and in the search box's
        assertThat(JapaneseDates.parseAny(text)).isEqualTo(date);
        assertThat(JapaneseDates.isDateNotation(text)).isTrue();
        assertThat(JapaneseDates.parse(date.toString(), EnumSet.of(DateNotation.ISO))).isEqualTo(date);
        // 和暦 is written with a year of at most two digits (令和99年 is 2117): later days have no notation to come back in
        if (!date.isBefore(Era.FIRST_GREGORIAN_DAY) && date.isBefore(FIRST_THREE_DIGIT_ERA_YEAR)) {
            String wareki = JapaneseDates.wareki(date);
            assertThat(JapaneseDates.parse(wareki, EnumSet.of(DateNotation.WAREKI))).as(wareki).isEqualTo(date);
            assertThat(JapaneseDates.warekiWithYear(date)).startsWith(wareki).endsWith("(" + date.getYear() + ")");
        }
    }
}
