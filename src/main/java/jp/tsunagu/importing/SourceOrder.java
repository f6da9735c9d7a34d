package jp.tsunagu.importing;

import com.ibm.icu.text.Collator;
import com.ibm.icu.util.ULocale;
import java.util.Comparator;

/**
 * 連携元の並び順: the order in which screens list sources. The masters come first (住民記録, then
 * 住登外), because every other source is read against them; then the programs in the order of their
 * names under the Japanese collation (ICU's, which puts kana in 五十音 order and the common kanji of
 * JIS level 1 in the order of their readings), the id breaking ties.
 */
final class SourceOrder {

    static final Comparator<SourceDefinition> FOR_CLERKS = Comparator
            .comparingInt((SourceDefinition s) -> rank(s.role()))
            .thenComparing(SourceDefinition::name, japanese())
            .thenComparing(SourceDefinition::id);

    private SourceOrder() {
    }

    private static int rank(SourceRole role) {
        return switch (role) {
            case RESIDENT_REGISTRY -> 0;
            case NON_RESIDENT -> 1;
            case PROGRAM -> 2;
        };
    }

    private static Comparator<String> japanese() {
        Collator collator = Collator.getInstance(ULocale.JAPANESE);
        collator.freeze();
        return collator::compare;
    }
}
