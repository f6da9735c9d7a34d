package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The lists that page by number answer with the one paging type, {@link PageSlice}, through {@link PageNumbers}. */
class PageNumbersTests {

    @Test
    void aPageAskedBeyondEitherEndIsTheNearestPageOfTheList() {
        assertThat(PageNumbers.of(9, 2, 5)).isEqualTo(new PageNumbers(3, 2, 5));
        assertThat(PageNumbers.of(0, 2, 5).number()).isEqualTo(1);
        assertThat(PageNumbers.of(4, 30, 0)).as("an empty list has one, empty page").isEqualTo(new PageNumbers(1, 30, 0));
        assertThat(PageNumbers.of(2, 2, 5).offset()).isEqualTo(2);
        assertThat(PageNumbers.of(2, 2, 5).pages()).isEqualTo(3);
        assertThatThrownBy(() -> new PageNumbers(4, 2, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSliceCarriesTheExactTotalAndThePageNumbersAsCursors() {
        PageSlice<String> middle = PageNumbers.of(2, 2, 5).slice(List.of("c", "d"));
        assertThat(middle.items()).containsExactly("c", "d");
        assertThat(middle.total()).isEqualTo(new PageSlice.Total(5, true, 5));
        assertThat(middle.number()).isEqualTo(2);
        assertThat(middle.pages()).isEqualTo(3);
        assertThat(middle.next()).isEqualTo("3");
        assertThat(middle.previous()).isEqualTo("1");
        assertThat(middle.hasNext()).isTrue();
        assertThat(middle.hasPrevious()).isTrue();

        PageSlice<String> last = PageNumbers.of(3, 2, 5).slice(List.of("e"));
        assertThat(last.hasNext()).isFalse();
        assertThat(last.next()).isNull();
        PageSlice<String> only = PageNumbers.of(1, 2, 1).slice(List.of("a"));
        assertThat(only.hasPrevious()).isFalse();
        assertThat(only.more()).as("one page: nothing to narrow").isFalse();
    }
}
