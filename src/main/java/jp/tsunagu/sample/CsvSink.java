package jp.tsunagu.sample;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams one export row by row in its dialect. Values are put by column name; a name the
 * definition does not declare is a bug and fails at once. Characters the encoding cannot hold fail
 * too, rather than turning into '?'.
 */
final class CsvSink implements AutoCloseable {

    private final Writer out;
    private final char delimiter;
    private final String lineEnd;
    private final Map<String, Integer> index = new HashMap<>();
    private final String[] values;
    private final String id;
    private int rows;

    CsvSink(SourceDefinition def, Dialect dialect, Path file) throws IOException {
        this.id = def.id();
        OutputStream stream = Files.newOutputStream(file);
        if (dialect.bom()) {
            stream.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        }
        var encoder = def.charset().newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.out = new BufferedWriter(new OutputStreamWriter(stream, encoder), 1 << 16);
        this.delimiter = def.delimiter();
        this.lineEnd = dialect.crlf() ? "\r\n" : "\n";
        List<String> columns = def.columns();
        for (int i = 0; i < columns.size(); i++) {
            index.put(columns.get(i), i);
        }
        this.values = new String[columns.size()];
        Arrays.fill(values, "");
        if (def.header()) {
            writeLine(columns.toArray(String[]::new));
        }
    }

    CsvSink put(String column, String value) {
        Integer i = index.get(column);
        if (i == null) {
            throw new IllegalArgumentException(id + ": 定義にない列です: " + column);
        }
        values[i] = value == null ? "" : value;
        return this;
    }

    CsvSink put(String column, long value) {
        return put(column, Long.toString(value));
    }

    void emit() throws IOException {
        writeLine(values);
        Arrays.fill(values, "");
        rows++;
    }

    int rows() {
        return rows;
    }

    private void writeLine(String[] fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            String v = fields[i];
            if (needsQuotes(v)) {
                out.write('"');
                out.write(v.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(v);
            }
        }
        out.write(lineEnd);
    }

    private boolean needsQuotes(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == delimiter || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    /** What the YAML does not say about a file: BOM, line ends and how the person key is padded. */
    record Dialect(boolean bom, boolean crlf, boolean paddedKeys) {

        String key(long key) {
            return paddedKeys ? PersonKeys.padded(key) : PersonKeys.unpadded(key);
        }

        String describe(SourceDefinition def) {
            String enc = def.charset().equals(StandardCharsets.UTF_8) ? (bom ? "UTF-8 (BOM)" : "UTF-8") : "CP932";
            return enc + ", " + (def.delimiter() == '\t' ? "TAB" : "comma") + ", " + (crlf ? "CRLF" : "LF") + ", "
                    + (def.header() ? "header" : "no header") + ", keys " + (paddedKeys ? "zero-padded" : "unpadded");
        }
    }
}
