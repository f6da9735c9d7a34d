package jp.tsunagu.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import jp.tsunagu.TsunaguApplication;
import jp.tsunagu.platform.CommandLine;

/**
 * Test fixture: runs {@code java -jar tsunagu.jar bench …} as the jar does (its own context and
 * throw-away PostgreSQL, through {@link CommandLine}), in this JVM, and keeps what it printed.
 */
record BenchRun(int exitCode, String output) {

    static BenchRun of(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // a test run need not survive a power cut
        String[] all = Stream.concat(Arrays.stream(args), Stream.of("--tsunagu.database.durable=false"))
                .toArray(String[]::new);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = CommandLine.run(TsunaguApplication.class, all);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.print(text);
        return new BenchRun(code, text);
    }

    /** The lines that start with {@code RESULT }. */
    List<String> resultLines() {
        return output.lines().filter(l -> l.startsWith("RESULT ")).toList();
    }

    /** The key=value pairs of the RESULT line, in order. */
    Map<String, String> result() {
        Map<String, String> values = new LinkedHashMap<>();
        String line = resultLines().get(resultLines().size() - 1);
        for (String pair : line.substring("RESULT ".length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            values.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return values;
    }

    /** The last non-empty line the benchmark printed (log lines of the context's shutdown left out). */
    String lastLine() {
        List<String> lines = output.lines().filter(l -> !l.isBlank())
                .filter(l -> !l.matches("^\\d{4}-\\d\\d-\\d\\dT.*")).toList();
        return lines.get(lines.size() - 1);
    }
}
