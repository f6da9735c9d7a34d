package jp.tsunagu.importing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Small fixtures: a uniquely named source definition and CSV files written in a chosen encoding. */
final class TestSources {

    private static final AtomicInteger SEQ = new AtomicInteger();

    /** A 児童手当-like source: person key, a date, a code and a text, keyed by the person key. */
    static final String BASIC = """
            name: テスト児童手当
            program: 児童手当
            department: {id: kodomo, name: こども課, contact: 内線 1234}
            encoding: %s
            delimiter: "%s"
            header: true
            personKey: {column: 宛名番号, normalise: zero-pad, digits: 10}
            fields:
              - {name: started_on, column: 認定日, label: 認定日, type: date, formats: [wareki, era-letter, era-code7, yyyyMMdd, yyyy/M/d, iso]}
              - {name: status, column: 状態, label: 受給状態, type: code, codes: {"1": 受給中, "2": 停止}}
              - {name: note, column: 備考, label: 備考, type: text}
            holdShare: %s
            """;

    private TestSources() {
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }

    static SourceDefinition basic(SourceCatalog catalog, String encoding, String delimiter, double holdShare) {
        String id = uniqueId("basic");
        return catalog.register(id, BASIC.formatted(encoding, delimiter, holdShare));
    }

    static SourceDefinition basic(SourceCatalog catalog) {
        return basic(catalog, "UTF-8", ",", 0.10);
    }

    static Path write(Path dir, String name, String content, Charset charset) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, content.getBytes(charset));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] content) {
        try {
            Path file = dir.resolve(name);
            Files.write(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
