package jp.tsunagu.evacuation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One person's row of a list that leaves the hub: the statutory items (災害対策基本法 49条の10 第2項) and
 * nothing else — 氏名, 生年月日, 性別, 住所又は居所, 電話番号その他の連絡先, 避難支援等を必要とする事由. The person
 * key stays inside (it tells the next handover's diff who is who) and is never written to a file.
 */
public record StatutoryRow(String personKey, String name, LocalDate birthDate, String sex, String address,
        String phone, String reasons) {

    /** The items' headings, in the order every export prints them. */
    public static final List<String> HEADINGS = List.of("氏名", "生年月日", "性別", "住所又は居所", "電話番号その他の連絡先",
            "避難支援等を必要とする事由");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static StatutoryRow of(Roster.Entry e) {
        String address = e.person().address() == null ? "" : e.person().address();
        String detail = e.person().addressDetail();
        if (detail != null && !detail.isBlank()) {
            address = address + " " + detail;
        }
        return new StatutoryRow(e.person().personKey(), nz(e.person().name()), e.person().birthDate(),
                nz(e.person().sex()), address, nz(e.phone()), e.reasonText());
    }

    /** The items as printed, in {@link #HEADINGS} order (the birth date in 和暦 with the year). */
    public List<String> cells() {
        return List.of(name, Roster.display(birthDate), sex, address, phone, reasons);
    }

    /** The items as stored with a handover (canonical JSON): what the recipient was given. */
    String items() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("birthDate", birthDate == null ? "" : birthDate.toString());
        m.put("sex", sex);
        m.put("address", address);
        m.put("phone", phone);
        m.put("reasons", reasons);
        return JSON.writeValueAsString(m);
    }

    static StatutoryRow fromItems(String personKey, String items) {
        JsonNode n = JSON.readTree(items);
        String born = n.get("birthDate").asString();
        return new StatutoryRow(personKey, n.get("name").asString(), born.isEmpty() ? null : LocalDate.parse(born),
                n.get("sex").asString(), n.get("address").asString(), n.get("phone").asString(),
                n.get("reasons").asString());
    }

    /** The headings of the items that differ from another version of the same person's row. */
    List<String> changedFrom(StatutoryRow before) {
        List<String> changed = new ArrayList<>();
        List<String> now = cells();
        List<String> then = before.cells();
        for (int i = 0; i < HEADINGS.size(); i++) {
            if (!Objects.equals(now.get(i), then.get(i))) {
                changed.add(HEADINGS.get(i));
            }
        }
        return changed;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
