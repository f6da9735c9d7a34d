package jp.tsunagu.consultation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-over board's order: persons with something alarming first, then by their earliest due item. */
class HandoverBoardOrderTests {

    private static final Instant T = Instant.parse("2026-12-04T08:15:00Z");

    @Test
    void alarmingPersonsFirstThenByTheirEarliestDueAndEachPersonsItemsInTheSameOrder() {
        List<HandoverBoard.Item> items = new ArrayList<>(List.of(
                item(1, "A", T.plusSeconds(300), false),
                item(2, "A", T.plusSeconds(100), false),
                item(3, "B", T.plusSeconds(900), true),
                item(4, "B", T.plusSeconds(50), false),
                item(5, "C", null, false),
                item(6, "D", T.plusSeconds(200), true),
                item(7, null, T.plusSeconds(10), false)));
        Collections.shuffle(items, new Random(7));

        List<HandoverBoard.Group> groups = HandoverBoard.group(items, Map.of("A", "甲", "B", "乙"),
                Map.of(7L, "未特定: 男性・80代"));

        // B (alarming, earliest due 50 s) before D (alarming, 200 s); then the unidentified (10 s), A (100 s), C (none)
        assertThat(groups).extracting(HandoverBoard.Group::title).containsExactly("乙 (B)", "(宛名にありません) (D)",
                "未特定: 男性・80代", "甲 (A)", "(宛名にありません) (C)");
        assertThat(groups.get(0).items()).extracting(i -> i.record().id()).containsExactly(3L, 4L);
        assertThat(groups.get(3).items()).extracting(i -> i.record().id()).containsExactly(2L, 1L);
        assertThat(groups.get(2).personKey()).isNull();
        assertThat(groups).extracting(HandoverBoard.Group::alarming).containsExactly(true, true, false, false, false);
    }

    private static HandoverBoard.Item item(long id, String person, Instant due, boolean alarming) {
        ConsultationSummary record = new ConsultationSummary(id, T.minusSeconds(3600), null, null, null, null,
                "kodomo", null, false, null, person == null ? List.of() : List.of(person));
        return new HandoverBoard.Item(HandoverBoard.ItemKind.FOLLOW_UP, record, due, alarming, null);
    }
}
