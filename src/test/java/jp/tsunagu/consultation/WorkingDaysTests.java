package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The next working day of the city office, and the checks of the category settings at start. */
class WorkingDaysTests {

    private final WorkingDays days = new WorkingDays(List.of(LocalDate.of(2026, 6, 15)));

    @Test
    void afterAFridayComesMonday() {
        assertThat(days.next(LocalDate.of(2026, 12, 4))).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(days.next(LocalDate.of(2026, 12, 7))).isEqualTo(LocalDate.of(2026, 12, 8));
    }

    @Test
    void nationalHolidaysSubstituteHolidaysAndTheYearEndAreNotWorkingDays() {
        // 勤労感謝の日 2026-11-23 is a Monday
        assertThat(days.next(LocalDate.of(2026, 11, 20))).isEqualTo(LocalDate.of(2026, 11, 24));
        // 年末年始: closed from 12/29 to 1/3; 2027-01-04 is a Monday
        assertThat(days.next(LocalDate.of(2026, 12, 28))).isEqualTo(LocalDate.of(2027, 1, 4));
        // 2026-05-03 (憲法記念日) is a Sunday: 5/6 is its 振替休日
        assertThat(WorkingDays.isHoliday(LocalDate.of(2026, 5, 6))).isTrue();
        assertThat(days.next(LocalDate.of(2026, 5, 1))).isEqualTo(LocalDate.of(2026, 5, 7));
        // 2026-09-22 lies between 敬老の日 (9/21) and 秋分の日 (9/23): 国民の休日
        assertThat(WorkingDays.isHoliday(LocalDate.of(2026, 9, 22))).isTrue();
        assertThat(WorkingDays.isHoliday(LocalDate.of(2026, 3, 20))).as("春分の日").isTrue();
        assertThat(WorkingDays.isHoliday(LocalDate.of(2026, 3, 19))).isFalse();
        // a closing day the city adds
        assertThat(days.next(LocalDate.of(2026, 6, 12))).isEqualTo(LocalDate.of(2026, 6, 16));
    }

    @Test
    void aCategoryListThatCannotWorkStopsTheStartWithTheEntryNamed() {
        assertThatThrownBy(() -> new ConsultationProperties(List.of(
                new Category("care", "介護", false, null, null), new Category("care", "介護2", false, null, null),
                new Category("Child Abuse", "", true, Duration.ofHours(48), null)), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("categories[1].code「care」が重複しています")
                .hasMessageContaining("categories[2].code は英小文字")
                .hasMessageContaining("categories[2].label")
                .hasMessageContaining("categories[2].clock-label");
        ConsultationProperties defaults = new ConsultationProperties(null, null, null);
        assertThat(defaults.categories()).extracting(Category::label).containsExactly("介護", "障害", "子育て", "生活困窮",
                "高齢者虐待", "児童虐待", "障害者虐待", "DV", "その他");
        assertThat(defaults.category("child-abuse").orElseThrow().clock()).isEqualTo(Duration.ofHours(48));
    }
}
