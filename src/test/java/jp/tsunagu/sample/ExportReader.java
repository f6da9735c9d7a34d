package jp.tsunagu.sample;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Test-side reading of a generated export under its shipped definition, independent of the generator's writer. */
final class ExportReader {

    final Map<String, Object> definition;
    final List<String> header;
    final List<List<String>> rows;
    final boolean bom;
    final boolean crlf;

    @SuppressWarnings("unchecked")
    ExportReader(Path outDir, String id) throws IOException {
        definition = new Yaml().load(Files.readString(outDir.resolve("sources").resolve(id + ".yml")));
        Path csv;
        try (var files = Files.list(outDir.resolve(id))) {
            csv = files.sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(csv);
        String encoding = String.valueOf(definition.get("encoding"));
        Charset charset = encoding.startsWith("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName("windows-31j");
        String text = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        bom = text.startsWith("\uFEFF");
        if (bom) {
            text = text.substring(1);
        }
        crlf = text.contains("\r\n");
        char delimiter = String.valueOf(definition.get("delimiter")).charAt(0);
        List<List<String>> all = parse(text, delimiter);
        if (Boolean.TRUE.equals(definition.get("header"))) {
            header = all.get(0);
            rows = all.subList(1, all.size());
        } else {
            header = new ArrayList<>();
            for (int i = 1; i <= (all.isEmpty() ? 0 : all.get(0).size()); i++) {
                header.add(Integer.toString(i));
            }
            rows = all;
        }
    }

    int column(String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no column " + name + " in " + header);
        }
        return i;
    }

    String personKeyColumn() {
        return String.valueOf(((Map<?, ?>) definition.get("personKey")).get("column"));
    }

    /** The person key of each row, normalised as the definitions say: zero-padded to 10 digits. */
    List<String> personKeys() {
        int c = column(personKeyColumn());
        return rows.stream().map(r -> pad(r.get(c))).toList();
    }

    static String pad(String key) {
        return "0".repeat(Math.max(0, 10 - key.length())) + key;
    }

    /** Rows by normalised person key (first occurrence). */
    Map<String, List<String>> byKey() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        List<String> keys = personKeys();
        for (int i = 0; i < rows.size(); i++) {
            m.putIfAbsent(keys.get(i), rows.get(i));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> fields() {
        return (List<Map<String, Object>>) definition.get("fields");
    }

    /** RFC 4180 with the given delimiter; CRLF or LF line ends. */
    static List<List<String>> parse(String text, char delimiter) {
        List<List<String>> result = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == delimiter) {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\r') {
                continue;
            } else if (c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                result.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            result.add(row);
        }
        return result;
    }
}
