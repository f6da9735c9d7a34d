package jp.tsunagu.procedures;

import java.io.Reader;
import java.time.DateTimeException;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads and validates one event kind's file of the procedure registry. Every problem is reported as
 * {@code file: key: reason} in Japanese, all at once, so that an administrator fixes a file in one go.
 */
final class RegistryReader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Set<String> TOP = Set.of("event", "order", "detect", "procedures");
    private static final Set<String> DETECT = Set.of("moveReasons", "change", "age", "schoolEntry");
    private static final Set<String> CHANGES = Set.of("address", "household", "removed");
    private static final Set<String> PROCEDURE = Set.of("id", "program", "name", "department", "source",
            "deadlineDays", "dueOn", "place", "documents", "note", "when");
    private static final Set<String> WHEN = Set.of("personIn", "personNotIn", "householdIn", "householdNotIn",
            "minAge", "maxAge", "householdChildUnder");

    private final String file;
    private final List<String> problems = new ArrayList<>();

    private RegistryReader(String file) {
        this.file = file;
    }

    static EventKind read(String id, String file, Reader reader) {
        RegistryReader r = new RegistryReader(file);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (RuntimeException e) {
            throw new ProcedureRegistryException(List.of(file + ": YAMLとして読めません: " + firstLine(e.getMessage())));
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new ProcedureRegistryException(List.of(file + ": 中身が空か、キーと値の形になっていません"));
        }
        EventKind kind = r.parse(id, map);
        if (!r.problems.isEmpty()) {
            throw new ProcedureRegistryException(r.problems);
        }
        return kind;
    }

    private EventKind parse(String id, Map<?, ?> map) {
        if (!ID.matcher(id).matches()) {
            problem("(ファイル名)", "出来事の ID (ファイル名) は英小文字・数字・-・_ で付けてください: " + id);
        }
        unknownKeys("", map, TOP);
        String label = text(map, "event", "event", true);
        Integer order = integer(map.get("order"), "order", 0, 10_000);
        EventKind.Detection detection = detection(map.get("detect"));
        List<ProcedureDefinition> procedures = new ArrayList<>();
        Object list = map.get("procedures");
        if (list == null) {
            problem("procedures", "必須です (手続きがない出来事も procedures: [] と書いてください)");
        } else if (!(list instanceof List<?> items)) {
            problem("procedures", "手続きの一覧 (- で始まる行) で書いてください");
        } else {
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < items.size(); i++) {
                String at = "procedures[" + (i + 1) + "]";
                if (!(items.get(i) instanceof Map<?, ?> p)) {
                    problem(at, "キーと値の形 (id:, program:, name: …) で書いてください");
                    continue;
                }
                ProcedureDefinition definition = procedure(at, p);
                if (definition != null && !ids.add(definition.id())) {
                    problem(at + ".id", "同じ id が2回あります: " + definition.id());
                }
                if (definition != null) {
                    procedures.add(definition);
                }
            }
        }
        return new EventKind(id, label, order == null ? 1_000 : order, detection, List.copyOf(procedures));
    }

    private EventKind.Detection detection(Object value) {
        if (value == null) {
            return new EventKind.Detection(List.of(), null, null, false);
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("detect", "キーと値の形 (moveReasons:, change:, age:, schoolEntry:) で書いてください");
            return new EventKind.Detection(List.of(), null, null, false);
        }
        unknownKeys("detect.", map, DETECT);
        List<String> reasons = texts(map.get("moveReasons"), "detect.moveReasons");
        String change = text(map, "change", "detect.change", false);
        if (change != null && !CHANGES.contains(change)) {
            problem("detect.change", "address・household・removed のいずれかです: " + change);
            change = null;
        }
        Integer age = integer(map.get("age"), "detect.age", 0, 130);
        Object school = map.get("schoolEntry");
        if (school != null && !(school instanceof Boolean)) {
            problem("detect.schoolEntry", "true か false で書いてください");
        }
        boolean schoolEntry = Boolean.TRUE.equals(school);
        int ways = (age != null ? 1 : 0) + (schoolEntry ? 1 : 0) + (reasons.isEmpty() && change == null ? 0 : 1);
        if (ways > 1) {
            problem("detect", "異動 (moveReasons・change)、年齢 (age)、就学 (schoolEntry) のうち一つだけ書いてください");
        }
        return new EventKind.Detection(reasons, change, age, schoolEntry);
    }

    private ProcedureDefinition procedure(String at, Map<?, ?> p) {
        int before = problems.size();
        unknownKeys(at + ".", p, PROCEDURE);
        String id = text(p, "id", at + ".id", true);
        if (id != null && !ID.matcher(id).matches()) {
            problem(at + ".id", "英小文字・数字・-・_ で付けてください: " + id);
        }
        String program = text(p, "program", at + ".program", true);
        String name = text(p, "name", at + ".name", true);
        String department = text(p, "department", at + ".department", true);
        String source = text(p, "source", at + ".source", false);
        Integer days = integer(p.get("deadlineDays"), at + ".deadlineDays", 0, 3_650);
        MonthDay dueOn = null;
        String dueText = text(p, "dueOn", at + ".dueOn", false);
        if (dueText != null) {
            try {
                dueOn = MonthDay.parse("--" + dueText);
            } catch (DateTimeException e) {
                problem(at + ".dueOn", "月-日 (11-30 のように) で書いてください: " + dueText);
            }
        }
        if (days != null && dueOn != null) {
            problem(at, "deadlineDays と dueOn はどちらか一つだけ書いてください");
        }
        String place = text(p, "place", at + ".place", false);
        List<String> documents = texts(p.get("documents"), at + ".documents");
        String note = text(p, "note", at + ".note", false);
        Condition condition = condition(at + ".when", p.get("when"));
        if (problems.size() > before) {
            return null;
        }
        return new ProcedureDefinition(id, program, name, department, source, days, dueOn, place, documents, note,
                condition);
    }

    private Condition condition(String at, Object value) {
        if (value == null) {
            return Condition.ALWAYS;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem(at, "キーと値の形 (householdIn: [kokuho] のように) で書いてください");
            return Condition.ALWAYS;
        }
        unknownKeys(at + ".", map, WHEN);
        return new Condition(texts(map.get("personIn"), at + ".personIn"),
                texts(map.get("personNotIn"), at + ".personNotIn"), texts(map.get("householdIn"), at + ".householdIn"),
                texts(map.get("householdNotIn"), at + ".householdNotIn"),
                integer(map.get("minAge"), at + ".minAge", 0, 130), integer(map.get("maxAge"), at + ".maxAge", 0, 130),
                integer(map.get("householdChildUnder"), at + ".householdChildUnder", 1, 30));
    }

    private void unknownKeys(String prefix, Map<?, ?> map, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problem(prefix + key, "知らないキーです (使えるのは " + String.join(", ", known.stream().sorted().toList())
                        + ")");
            }
        }
    }

    private String text(Map<?, ?> map, String key, String at, boolean required) {
        Object value = map.get(key);
        if (value == null || value instanceof String s && s.isBlank()) {
            if (required) {
                problem(at, "必須です");
            }
            return null;
        }
        if (!(value instanceof String) && !(value instanceof Number)) {
            problem(at, "文字列で書いてください");
            return null;
        }
        return String.valueOf(value).strip();
    }

    private List<String> texts(Object value, String at) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problem(at, "一覧 ([a, b] または - で始まる行) で書いてください");
            return List.of();
        }
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object v = list.get(i);
            if (v == null || String.valueOf(v).isBlank()) {
                problem(at + "[" + (i + 1) + "]", "空の値です");
            } else {
                texts.add(String.valueOf(v).strip());
            }
        }
        return List.copyOf(texts);
    }

    private Integer integer(Object value, String at, int min, int max) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof Integer i) || i < min || i > max) {
            problem(at, min + " から " + max + " までの整数で書いてください: " + value);
            return null;
        }
        return i;
    }

    private void problem(String key, String reason) {
        problems.add(file + ": " + key + ": " + reason);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
