package jp.tsunagu.importing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import jp.tsunagu.japanese.DateNotation;
import jp.tsunagu.japanese.PersonKeys;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads and validates one source definition file. Every problem is reported as
 * {@code file: key: reason}, all of them at once, so that an operator fixes a file in one go.
 */
final class SourceDefinitionReader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,62}");
    /**
     * The last column a headerless file may be read at: the parser keeps a name per position up to the
     * highest one, and a position past int (99999999999) could not be read at all.
     */
    static final int MAX_POSITION = 10_000;
    static final Set<String> MASTER_KEYS = Set.of("name", "kana", "birthDate", "sex", "address", "addressDetail",
            "householdKey", "relation", "status", "movedOn", "moveReason", "supportMeasure");

    private final String file;
    private final List<String> problems = new ArrayList<>();

    private SourceDefinitionReader(String file) {
        this.file = file;
    }

    /** Reads a definition; the id is the file name without extension. */
    static SourceDefinition read(Path path) {
        String fileName = path.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            return read(fileName.replaceFirst("\\.ya?ml$", ""), path.toString(), reader);
        } catch (IOException e) {
            throw new SourceDefinitionException(List.of(path + ": 読めません (" + e.getMessage() + ")"));
        }
    }

    static SourceDefinition read(String id, String file, Reader reader) {
        SourceDefinitionReader r = new SourceDefinitionReader(file);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (RuntimeException e) {
            throw new SourceDefinitionException(List.of(file + ": YAMLとして読めません: " + e.getMessage()));
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new SourceDefinitionException(List.of(file + ": 中身が空か、キーと値の形になっていません"));
        }
        SourceDefinition definition = r.parse(id, map);
        if (!r.problems.isEmpty()) {
            throw new SourceDefinitionException(r.problems);
        }
        return definition;
    }

    private SourceDefinition parse(String id, Map<?, ?> map) {
        if (!ID.matcher(id).matches()) {
            problem("(ファイル名)", "連携元IDは英小文字・数字・-・_ で付けてください: " + id);
        }
        Set<String> known = Set.of("name", "program", "department", "encoding", "delimiter", "header", "personKey",
                "recordKey", "fields", "invalidRows", "maxSkippedRows", "holdShare", "staleAfterDays", "role",
                "encodingMismatch", "master");
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problem(String.valueOf(key), "知らないキーです (綴りを確認してください)");
            }
        }
        String name = text(map, "name", true);
        String program = text(map, "program", true);
        SourceDefinition.Department department = department(map.get("department"));
        Charset charset = charset(text(map, "encoding", false));
        char delimiter = delimiter(map.get("delimiter"));
        boolean header = bool(map, "header", true);
        SourceRole role = SourceRole.PROGRAM;
        try {
            role = SourceRole.fromName(text(map, "role", false));
        } catch (IllegalArgumentException e) {
            problem("role", e.getMessage());
        }
        List<FieldDefinition> fields = fields(map.get("fields"), header);
        SourceDefinition.PersonKeyColumn personKey = personKey(map.get("personKey"), header);
        List<String> recordKey = recordKey(map.get("recordKey"), personKey, header);
        SourceDefinition.InvalidRows invalidRows = SourceDefinition.InvalidRows.REJECT;
        String invalid = text(map, "invalidRows", false);
        if ("skip".equals(invalid)) {
            invalidRows = SourceDefinition.InvalidRows.SKIP;
        } else if (invalid != null && !"reject".equals(invalid)) {
            problem("invalidRows", "'" + invalid + "' は使えません (reject, skip)");
        }
        int maxSkipped = integer(map, "maxSkippedRows", 0);
        SourceDefinition.EncodingMismatch encodingMismatch = null;
        String mismatch = text(map, "encodingMismatch", false);
        if ("warn".equals(mismatch)) {
            encodingMismatch = SourceDefinition.EncodingMismatch.WARN;
        } else if ("reject".equals(mismatch)) {
            encodingMismatch = SourceDefinition.EncodingMismatch.REJECT;
        } else if (mismatch != null) {
            problem("encodingMismatch", "'" + mismatch + "' は使えません (warn, reject)");
        }
        double holdShare = decimal(map, "holdShare", 0.10);
        if (holdShare < 0 || holdShare > 1) {
            problem("holdShare", "0 から 1 の割合で書いてください (例: 0.10)");
        }
        int staleAfterDays = integer(map, "staleAfterDays", 3);
        Map<String, String> master = master(map.get("master"), role, fields);
        return new SourceDefinition(id, name, program, department, charset, delimiter, header, personKey, recordKey,
                fields, invalidRows, maxSkipped, holdShare, staleAfterDays, role, master, encodingMismatch);
    }

    private SourceDefinition.Department department(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            problem("department", "所管課 (id, name, contact) を書いてください");
            return new SourceDefinition.Department("?", "?", null);
        }
        String id = textAt(map, "department.id", "id", true);
        String name = textAt(map, "department.name", "name", true);
        String contact = textAt(map, "department.contact", "contact", false);
        return new SourceDefinition.Department(id, name, contact);
    }

    private Charset charset(String encoding) {
        if (encoding == null) {
            return StandardCharsets.UTF_8;
        }
        String normalised = switch (encoding.trim().toUpperCase()) {
            case "SHIFT_JIS", "SJIS", "SHIFT-JIS", "CP932", "MS932", "WINDOWS-31J" -> "windows-31j";
            case "UTF-8", "UTF8", "UTF-8-BOM", "UTF-8 BOM" -> "UTF-8";
            case "EUC-JP", "EUCJP", "EUC_JP" -> "EUC-JP";
            case "UTF-16" -> "UTF-16";
            case "UTF-32" -> "UTF-32";
            default -> null;
        };
        if (normalised == null) {
            problem("encoding", "'" + encoding + "' は使えません (UTF-8, Shift_JIS, windows-31j, EUC-JP, UTF-16, UTF-32)");
            return StandardCharsets.UTF_8;
        }
        return Charset.forName(normalised);
    }

    private char delimiter(Object value) {
        if (value == null) {
            return ',';
        }
        String s = String.valueOf(value);
        if (s.equals(",")) {
            return ',';
        }
        if (s.equals("\t") || s.equalsIgnoreCase("tab") || s.equals("\\t")) {
            return '\t';
        }
        problem("delimiter", "'" + s + "' は使えません (\",\" または \"\\t\")");
        return ',';
    }

    private List<FieldDefinition> fields(Object value, boolean header) {
        List<FieldDefinition> fields = new ArrayList<>();
        if (!(value instanceof List<?> list) || list.isEmpty()) {
            problem("fields", "項目を1つ以上書いてください");
            return fields;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "fields[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> map)) {
                problem(at, "name, column, label, type を持つ項目にしてください");
                continue;
            }
            String name = textAt(map, at + ".name", "name", true);
            if (name != null && !FIELD_NAME.matcher(name).matches()) {
                problem(at + ".name", "英字で始まる英数字と _ にしてください: " + name);
            }
            if (name != null && !names.add(name)) {
                problem(at + ".name", "同じ名前の項目が2つあります: " + name);
            }
            String column = column(map.get("column"), at + ".column", header);
            String label = textAt(map, at + ".label", "label", false);
            FieldType type = FieldType.TEXT;
            String typeName = textAt(map, at + ".type", "type", false);
            if (typeName != null) {
                try {
                    type = FieldType.fromName(typeName);
                } catch (IllegalArgumentException e) {
                    problem(at + ".type", e.getMessage());
                }
            }
            Map<String, String> codes = null;
            if (type == FieldType.CODE) {
                if (map.get("codes") instanceof Map<?, ?> codeMap && !codeMap.isEmpty()) {
                    codes = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : codeMap.entrySet()) {
                        codes.put(String.valueOf(e.getKey()), String.valueOf(e.getValue()));
                    }
                } else {
                    problem(at + ".codes", "type: code にはコード表 (codes) が必要です");
                }
            }
            Set<DateNotation> formats = null;
            if (type == FieldType.DATE) {
                formats = EnumSet.noneOf(DateNotation.class);
                if (map.get("formats") instanceof List<?> fl && !fl.isEmpty()) {
                    for (Object f : fl) {
                        try {
                            formats.add(DateNotation.fromName(String.valueOf(f)));
                        } catch (IllegalArgumentException e) {
                            problem(at + ".formats", e.getMessage());
                        }
                    }
                } else {
                    problem(at + ".formats", "type: date には日付の書式 (formats) が必要です");
                }
            }
            boolean sensitive = Boolean.TRUE.equals(map.get("sensitive"));
            boolean required = Boolean.TRUE.equals(map.get("required"));
            FieldKind kind = null;
            String kindName = textAt(map, at + ".kind", "kind", false);
            if (kindName != null) {
                try {
                    kind = FieldKind.fromName(kindName);
                } catch (IllegalArgumentException e) {
                    problem(at + ".kind", e.getMessage());
                }
            }
            fields.add(new FieldDefinition(name, column, label == null ? name : label, type, codes, formats,
                    sensitive, required, kind));
        }
        return fields;
    }

    private String column(Object value, String at, boolean header) {
        if (value == null) {
            problem(at, "列 (column) を書いてください");
            return null;
        }
        String column = String.valueOf(value);
        if (!header && !column.matches("[1-9][0-9]*")) {
            problem(at, "header: false のときは列を1から始まる位置で書いてください: " + column);
        } else if (!header && (column.length() > 5 || Integer.parseInt(column) > MAX_POSITION)) {
            problem(at, "列の位置が大きすぎます (" + MAX_POSITION + " まで): " + column);
        }
        return column;
    }

    private SourceDefinition.PersonKeyColumn personKey(Object value, boolean header) {
        if (!(value instanceof Map<?, ?> map)) {
            problem("personKey", "宛名番号の列 (personKey.column) を書いてください");
            return new SourceDefinition.PersonKeyColumn(null, PersonKeys.Normalisation.ZERO_PAD, 10, false);
        }
        String column = column(map.get("column"), "personKey.column", header);
        PersonKeys.Normalisation normalisation = PersonKeys.Normalisation.ZERO_PAD;
        Object n = map.get("normalise");
        if (n != null) {
            try {
                normalisation = PersonKeys.Normalisation.fromName(String.valueOf(n));
            } catch (IllegalArgumentException e) {
                problem("personKey.normalise", e.getMessage());
            }
        }
        int digits = 10;
        if (map.get("digits") instanceof Integer d && d > 0 && d <= 20) {
            digits = d;
        } else if (map.get("digits") != null) {
            problem("personKey.digits", "1 から 20 の桁数を書いてください");
        }
        boolean checkDigit = Boolean.TRUE.equals(map.get("checkDigit"));
        return new SourceDefinition.PersonKeyColumn(column, normalisation, digits, checkDigit);
    }

    private List<String> recordKey(Object value, SourceDefinition.PersonKeyColumn personKey, boolean header) {
        List<String> columns = new ArrayList<>();
        if (value == null) {
            if (personKey.column() != null) {
                columns.add(personKey.column());
            }
            return columns;
        }
        List<?> list = value instanceof List<?> l ? l : List.of(value);
        for (int i = 0; i < list.size(); i++) {
            columns.add(column(list.get(i), "recordKey[" + i + "]", header));
        }
        if (columns.isEmpty()) {
            problem("recordKey", "レコードを特定する列を1つ以上書いてください");
        }
        return columns;
    }

    private Map<String, String> master(Object value, SourceRole role, List<FieldDefinition> fields) {
        if (!role.isMaster()) {
            if (value != null) {
                problem("master", "master は role: resident-registry または non-resident のときだけ書けます");
            }
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problem("master", "基幹の連携元には master (name, kana, birthDate …) の対応付けが必要です");
            return Map.of();
        }
        Map<String, String> master = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            String field = String.valueOf(e.getValue());
            if (!MASTER_KEYS.contains(key)) {
                problem("master." + key, "知らないキーです (" + String.join(", ", MASTER_KEYS) + ")");
            } else if (fields.stream().noneMatch(f -> field.equals(f.name()))) {
                problem("master." + key, "fields にない項目名です: " + field);
            } else {
                master.put(key, field);
            }
        }
        for (String required : List.of("name", "kana", "birthDate")) {
            if (!master.containsKey(required)) {
                problem("master." + required, "基幹の連携元には必須です");
            }
        }
        return master;
    }

    private String text(Map<?, ?> map, String key, boolean required) {
        return textAt(map, key, key, required);
    }

    private String textAt(Map<?, ?> map, String at, String key, boolean required) {
        Object value = map.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            if (required) {
                problem(at, "必須です");
            }
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            problem(at, "文字列で書いてください");
            return null;
        }
        return String.valueOf(value).trim();
    }

    private boolean bool(Map<?, ?> map, String key, boolean defaultValue) {
        Object value = map.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        problem(key, "true か false で書いてください");
        return defaultValue;
    }

    private int integer(Map<?, ?> map, String key, int defaultValue) {
        Object value = map.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer i && i >= 0) {
            return i;
        }
        problem(key, "0 以上の整数で書いてください");
        return defaultValue;
    }

    private double decimal(Map<?, ?> map, String key, double defaultValue) {
        Object value = map.get(key);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        problem(key, "数で書いてください (例: 0.10)");
        return defaultValue;
    }

    private void problem(String key, String reason) {
        problems.add(file + ": " + key + ": " + reason);
    }
}
