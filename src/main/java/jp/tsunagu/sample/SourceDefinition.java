package jp.tsunagu.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * A shipped source definition ({@code sample/sources/<id>.yml}) as far as the generator needs it:
 * the file's encoding, delimiter, header and column order. The YAML is the one description of each
 * export: the generator writes exactly the columns it declares, the person-key column first.
 */
record SourceDefinition(String id, String yaml, Charset charset, char delimiter, boolean header, List<String> columns) {

    static SourceDefinition load(String id) {
        String resource = "/sample/sources/" + id + ".yml";
        try (InputStream in = SourceDefinition.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource missing: " + resource);
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, Object> root = new Yaml().load(yaml);
            String encoding = String.valueOf(root.get("encoding"));
            Charset charset = encoding.startsWith("UTF-8") ? StandardCharsets.UTF_8 : Charset.forName("windows-31j");
            char delimiter = String.valueOf(root.get("delimiter")).charAt(0);
            boolean header = Boolean.TRUE.equals(root.get("header"));
            List<String> columns = new ArrayList<>();
            columns.add(String.valueOf(((Map<?, ?>) root.get("personKey")).get("column")));
            for (Object f : (List<?>) root.get("fields")) {
                String column = String.valueOf(((Map<?, ?>) f).get("column"));
                if (!columns.contains(column)) {
                    columns.add(column);
                }
            }
            if (!header) {
                for (int i = 0; i < columns.size(); i++) {
                    if (!columns.contains(Integer.toString(i + 1))) {
                        throw new IllegalStateException(resource + ": 列番号 " + (i + 1) + " がありません");
                    }
                }
                columns.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
            }
            return new SourceDefinition(id, yaml, charset, delimiter, header, List.copyOf(columns));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
