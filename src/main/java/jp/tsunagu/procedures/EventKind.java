package jp.tsunagu.procedures;

import java.util.List;

/**
 * A kind of life event (ライフイベントの種類) as the registry defines it: one YAML file under
 * {@code ./procedures}, its id the file name.
 *
 * @param id the file name without {@code .yml} ({@code birth}, {@code death} …)
 * @param label the event's Japanese name (出生, 死亡 …)
 * @param order where the kind comes in lists (the registry's own order)
 * @param detection how the hub finds events of this kind
 * @param procedures what the event calls for, per program
 */
public record EventKind(String id, String label, int order, Detection detection, List<ProcedureDefinition> procedures) {

    /**
     * How events of a kind are found (検出方法). At most one way besides {@code moveReasons}, which may
     * go with {@code change}: a registry record with one of these 異動事由 is the event; without a new
     * 異動事由, a changed address or household is.
     *
     * @param moveReasons the 異動事由 (labels of the master's code) that mean this event
     * @param change {@code address}, {@code household} or {@code removed} (a record gone without a reason)
     * @param age the age whose reaching is the event (the daily job), or {@code null}
     * @param schoolEntry the event is the 就学 of the children who start school next April (the daily job)
     */
    public record Detection(List<String> moveReasons, String change, Integer age, boolean schoolEntry) {

        /** Found only when staff record it (離職, 入院 …). */
        public boolean manualOnly() {
            return moveReasons.isEmpty() && change == null && age == null && !schoolEntry;
        }

        /** How it is found, in words for the administration screen. */
        public String describe() {
            StringBuilder s = new StringBuilder();
            if (!moveReasons.isEmpty()) {
                s.append("住民記録の異動事由が「").append(String.join("」「", moveReasons)).append("」");
            }
            if (change != null) {
                if (!s.isEmpty()) {
                    s.append("、または ");
                }
                s.append(switch (change) {
                    case "address" -> "住所の変更 (異動事由なし)";
                    case "household" -> "世帯番号の変更 (異動事由なし)";
                    default -> "レコードが事由なく無くなった (消除)";
                });
            }
            if (age != null) {
                s.append(age).append("歳の誕生日 (日次処理)");
            }
            if (schoolEntry) {
                s.append("翌年4月に小学校に入学する子 (日次処理、就学通知の基準日)");
            }
            return s.isEmpty() ? "職員が記録したときだけ" : s.toString();
        }
    }
}
