package jp.tsunagu.documents;

import java.util.List;

/** The life events a file can be tied to (関連するライフイベント), as the city's procedures name them. */
final class LifeEvents {

    static final List<String> ALL = List.of("妊娠", "出生", "入学", "転入", "転居", "転出", "婚姻", "離婚", "死亡",
            "65歳到達", "75歳到達");

    private LifeEvents() {
    }
}
