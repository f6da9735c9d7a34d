package jp.tsunagu.procedures;

import java.util.ArrayList;
import java.util.List;

/**
 * When a procedure applies (条件), all parts together; an empty condition always holds. Program
 * membership is by source id (the source definitions' file names): a person "in" a source holds a
 * current record there, or held one until the event's day.
 *
 * @param personIn the person is in at least one of these sources
 * @param personNotIn the person is in none of these
 * @param householdIn someone of the household (the person included) is in at least one of these
 * @param householdNotIn no one of the household is in any of these
 * @param minAge the person is at least this old on the event's day
 * @param maxAge the person is at most this old
 * @param householdChildUnder the household has a child younger than this (other than the person)
 */
public record Condition(List<String> personIn, List<String> personNotIn, List<String> householdIn,
        List<String> householdNotIn, Integer minAge, Integer maxAge, Integer householdChildUnder) {

    static final Condition ALWAYS = new Condition(List.of(), List.of(), List.of(), List.of(), null, null, null);

    /** The condition in words: 「世帯が 国民健康保険 に加入」. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (!personIn.isEmpty()) {
            parts.add("本人が " + String.join("・", personIn) + " のいずれかに該当");
        }
        if (!personNotIn.isEmpty()) {
            parts.add("本人が " + String.join("・", personNotIn) + " に該当しない");
        }
        if (!householdIn.isEmpty()) {
            parts.add("世帯の誰かが " + String.join("・", householdIn) + " のいずれかに該当");
        }
        if (!householdNotIn.isEmpty()) {
            parts.add("世帯の誰も " + String.join("・", householdNotIn) + " に該当しない");
        }
        if (minAge != null) {
            parts.add(minAge + "歳以上");
        }
        if (maxAge != null) {
            parts.add(maxAge + "歳以下");
        }
        if (householdChildUnder != null) {
            parts.add("世帯に" + householdChildUnder + "歳未満の子がいる");
        }
        return parts.isEmpty() ? "常に" : String.join("、", parts);
    }
}
