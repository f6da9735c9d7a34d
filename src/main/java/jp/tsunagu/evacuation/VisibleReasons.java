package jp.tsunagu.evacuation;

import java.util.List;
import jp.tsunagu.access.GrantLevel;
import jp.tsunagu.access.ViewerAccess;
import jp.tsunagu.programs.Programs;
import org.springframework.stereotype.Component;

/**
 * Which reasons a viewer is shown (事由の表示範囲): a reason decided from a program's records tells that
 * program's value (要介護3以上 says the care level), so it is shown only where the viewer's department — or the
 * API token's source list — does not stand at {@code NONE} for that source; a household or request reason is
 * always shown. Lists that leave the hub carry every reason, as the law has them.
 */
@Component
class VisibleReasons {

    static final String WITHHELD = "（閲覧範囲外の事由）";

    private final EvacuationSetup setup;
    private final Programs programs;

    VisibleReasons(EvacuationSetup setup, Programs programs) {
        this.setup = setup;
        this.programs = programs;
    }

    /** The reasons, each shown or replaced by {@link #WITHHELD}. */
    List<String> of(Roster.Entry entry, ViewerAccess sees) {
        return entry.reasons().stream().map(r -> shown(r, entry.person().personKey(), sees) ? r.reason() : WITHHELD)
                .toList();
    }

    String text(Roster.Entry entry, ViewerAccess sees) {
        return String.join("、", of(entry, sees).stream().distinct().toList());
    }

    boolean shown(Roster.Reason reason, String personKey, ViewerAccess sees) {
        String source = setup.criterion(reason.criterionId()).map(Criterion::source).orElse(null);
        if (source == null) {
            return true;
        }
        String owner = programs.source(source).map(s -> s.department().id()).orElse(null);
        return sees.level(source, owner, personKey) != GrantLevel.NONE;
    }
}
