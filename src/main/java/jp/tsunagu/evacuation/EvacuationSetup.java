package jp.tsunagu.evacuation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The list's configuration as read at start (名簿の設定): the criteria and where telephone numbers come from
 * ({@code criteria.yml}), the city's address prefix and its districts ({@code districts.yml}). A mistake stops
 * the start with the file and the key named ({@link SetupException}).
 *
 * @param origin where it was read from (the folder, or the shipped sample city's files)
 * @param criteriaYaml the criteria file as read (shown on the admin screen)
 * @param districtsYaml the districts file as read
 */
public record EvacuationSetup(String origin, List<Criterion> criteria, List<ContactField> contacts, String city,
        List<District> districts, String criteriaYaml, String districtsYaml) {

    static final String SAMPLE = "evacuation/sample-city/";
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    /** A configuration mistake: the file, the key and what is wrong, in Japanese. */
    public static class SetupException extends RuntimeException {
        SetupException(String message) {
            super(message);
        }
    }

    /** Reads the folder's files, or the shipped sample city's when the folder has no {@code criteria.yml}. */
    static EvacuationSetup load(Path dir) {
        Path criteria = dir.resolve("criteria.yml");
        if (Files.isRegularFile(criteria)) {
            Path districts = dir.resolve("districts.yml");
            String districtsYaml = Files.isRegularFile(districts) ? read(districts) : "districts: []\n";
            return parse(dir.toString(), criteria.toString(), read(criteria), districts.toString(), districtsYaml);
        }
        return parse("サンプル自治体の設定 (組込み: " + dir.toAbsolutePath() + "/criteria.yml がないため)",
                "criteria.yml", resource(SAMPLE + "criteria.yml"), "districts.yml", resource(SAMPLE + "districts.yml"));
    }

    static EvacuationSetup parse(String origin, String criteriaName, String criteriaYaml, String districtsName,
            String districtsYaml) {
        Map<String, Object> c = root(criteriaName, criteriaYaml);
        Map<String, Object> d = root(districtsName, districtsYaml);
        List<Criterion> criteria = criteria(criteriaName, c);
        List<ContactField> contacts = contacts(criteriaName, c);
        String city = d.get("city") == null ? "" : String.valueOf(d.get("city"));
        List<District> districts = districts(districtsName, d);
        return new EvacuationSetup(origin, criteria, contacts, city, districts, criteriaYaml, districtsYaml);
    }

    /** The criterion with this id. */
    public Optional<Criterion> criterion(String id) {
        return criteria.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The district with this id. */
    public Optional<District> district(String id) {
        return districts.stream().filter(d -> d.id().equals(id)).findFirst();
    }

    /** The program sources the criteria and contacts read: an import of one of them changes the list. */
    public Set<String> sources() {
        Set<String> sources = new HashSet<>();
        criteria.stream().filter(c -> c.source() != null).forEach(c -> sources.add(c.source()));
        contacts.forEach(f -> sources.add(f.source()));
        return sources;
    }

    private static List<Criterion> criteria(String file, Map<String, Object> root) {
        List<Criterion> criteria = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<?> items = list(file, "criteria", "基準の一覧", root.get("criteria"), true);
        for (int i = 0; i < items.size(); i++) {
            String at = "criteria[" + i + "]";
            Map<String, Object> m = map(file, at, "基準", items.get(i));
            String id = id(file, at + ".id", m.get("id"));
            if (!ids.add(id)) {
                throw problem(file, at + ".id", "基準のID", "「" + id + "」が二度あります");
            }
            String reason = text(file, at + ".reason", "事由", m.get("reason"));
            boolean request = Boolean.TRUE.equals(m.get("request"));
            Object household = m.get("household");
            Object source = m.get("source");
            int kinds = (request ? 1 : 0) + (household != null ? 1 : 0) + (source != null ? 1 : 0);
            if (kinds != 1) {
                throw problem(file, at, "基準",
                        "source (連携元)、household (世帯)、request (申出) のどれか一つを指定してください");
            }
            if (request) {
                criteria.add(new Criterion(id, reason, Criterion.Kind.REQUEST, null, Map.of(), Map.of(), List.of(), 0));
            } else if (household != null) {
                Map<String, Object> h = map(file, at + ".household", "世帯", household);
                int minAge = integer(file, at + ".household.minAge", "年齢の下限", h.get("minAge"), 0, 150);
                criteria.add(new Criterion(id, reason, Criterion.Kind.HOUSEHOLD, null, Map.of(), Map.of(), List.of(),
                        minAge));
            } else {
                String sourceId = id(file, at + ".source", source);
                Map<String, List<String>> codes = new LinkedHashMap<>();
                if (m.get("where") != null) {
                    map(file, at + ".where", "条件", m.get("where")).forEach((field, values) -> {
                        List<?> listed = list(file, at + ".where." + field, "コードの一覧", values, true);
                        codes.put(field, listed.stream().map(String::valueOf).toList());
                    });
                }
                Map<String, Integer> within = new LinkedHashMap<>();
                if (m.get("withinDays") != null) {
                    map(file, at + ".withinDays", "日数の条件", m.get("withinDays")).forEach((field, days) ->
                            within.put(field, integer(file, at + ".withinDays." + field, "日数", days, 1, 36_500)));
                }
                List<String> valid = new ArrayList<>();
                if (m.get("validUntil") != null) {
                    list(file, at + ".validUntil", "有効期限の項目", m.get("validUntil"), true)
                            .forEach(f -> valid.add(String.valueOf(f)));
                }
                criteria.add(new Criterion(id, reason, Criterion.Kind.PROGRAM, sourceId, Map.copyOf(codes),
                        Map.copyOf(within), List.copyOf(valid), 0));
            }
            Set<String> known = Set.of("id", "reason", "source", "where", "withinDays", "validUntil", "household",
                    "request");
            for (String key : m.keySet()) {
                if (!known.contains(key)) {
                    throw problem(file, at + "." + key, key, "知らない項目です (使えるのは " + String.join("、", known) + ")");
                }
            }
        }
        return List.copyOf(criteria);
    }

    private static List<ContactField> contacts(String file, Map<String, Object> root) {
        List<ContactField> contacts = new ArrayList<>();
        List<?> items = list(file, "contact", "電話番号の取得元", root.get("contact"), false);
        for (int i = 0; i < items.size(); i++) {
            String at = "contact[" + i + "]";
            Map<String, Object> m = map(file, at, "電話番号の取得元", items.get(i));
            contacts.add(new ContactField(id(file, at + ".source", m.get("source")),
                    text(file, at + ".field", "項目名", m.get("field"))));
        }
        return List.copyOf(contacts);
    }

    private static List<District> districts(String file, Map<String, Object> root) {
        List<District> districts = new ArrayList<>();
        Map<String, String> townOwner = new LinkedHashMap<>();
        List<?> items = list(file, "districts", "地区の一覧", root.get("districts"), false);
        for (int i = 0; i < items.size(); i++) {
            String at = "districts[" + i + "]";
            Map<String, Object> m = map(file, at, "地区", items.get(i));
            String id = id(file, at + ".id", m.get("id"));
            if (districts.stream().anyMatch(d -> d.id().equals(id))) {
                throw problem(file, at + ".id", "地区のID", "「" + id + "」が二度あります");
            }
            String name = text(file, at + ".name", "地区名", m.get("name"));
            String kind = m.get("kind") == null ? "自治会" : String.valueOf(m.get("kind"));
            List<String> towns = list(file, at + ".towns", "町丁目の一覧", m.get("towns"), true).stream()
                    .map(String::valueOf).toList();
            for (String town : towns) {
                String before = townOwner.putIfAbsent(town, id);
                if (before != null && !before.equals(id)) {
                    throw problem(file, at + ".towns", "町丁目", "「" + town + "」は地区「" + before + "」にもあります");
                }
            }
            districts.add(new District(id, name, kind, towns.stream().distinct().toList()));
        }
        return List.copyOf(districts);
    }

    private static Map<String, Object> root(String file, String yaml) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
            return map(file, "(ファイル全体)", "設定", loaded == null ? Map.of() : loaded);
        } catch (YAMLException e) {
            throw new SetupException(file + ": YAML として読めません: " + firstLine(e.getMessage()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(String file, String key, String label, Object value) {
        if (!(value instanceof Map<?, ?> m)) {
            throw problem(file, key, label, "「キー: 値」の形で書いてください");
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        ((Map<Object, Object>) m).forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static List<?> list(String file, String key, String label, Object value, boolean required) {
        if (value == null) {
            if (required) {
                throw problem(file, key, label, "がありません");
            }
            return List.of();
        }
        if (!(value instanceof List<?> l) || (required && l.isEmpty())) {
            throw problem(file, key, label, "「- 値」の一覧で書いてください");
        }
        return l;
    }

    private static String text(String file, String key, String label, Object value) {
        if (value == null || String.valueOf(value).isBlank()) {
            throw problem(file, key, label, "がありません");
        }
        return String.valueOf(value).strip();
    }

    private static String id(String file, String key, Object value) {
        String id = text(file, key, "ID", value);
        if (!ID.matcher(id).matches()) {
            throw problem(file, key, "ID", "「" + id + "」は英小文字・数字・ハイフンで書いてください");
        }
        return id;
    }

    private static int integer(String file, String key, String label, Object value, int min, int max) {
        if (!(value instanceof Integer n) || n < min || n > max) {
            throw problem(file, key, label, min + " から " + max + " までの整数で書いてください");
        }
        return n;
    }

    private static SetupException problem(String file, String key, String label, String what) {
        String sep = what.startsWith("が") ? "" : ": ";
        return new SetupException(file + ": " + key + " (" + label + ")" + sep + what);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = EvacuationSetup.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
