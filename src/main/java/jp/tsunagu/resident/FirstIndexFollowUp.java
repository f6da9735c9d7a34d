package jp.tsunagu.resident;

import java.util.Map;
import jp.tsunagu.importing.FollowUpProgress;
import org.springframework.stereotype.Component;

/** The first index being built, for the import screen (beside the master source whose snapshot it takes in). */
@Component
class FirstIndexFollowUp implements FollowUpProgress {

    private final FirstIndexProgress progress;

    FirstIndexFollowUp(FirstIndexProgress progress) {
        this.progress = progress;
    }

    @Override
    public Map<String, Step> underWay() {
        return progress.current().map(b -> Map.of(b.sourceId(), new Step(label(b.phase()), b.percent(), b.rowsDone(),
                b.rowsTotal(), b.rate(), b.remainingSeconds()))).orElse(Map.of());
    }

    private static String label(String phase) {
        return switch (phase) {
            case "rows" -> "宛名索引を作成中（人を書き込んでいます）";
            case "indexes" -> "宛名索引を作成中（検索用の索引を作っています）";
            default -> "宛名索引を作成中（切り替えています）";
        };
    }
}
