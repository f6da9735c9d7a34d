package jp.tsunagu.platform;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * 入力の制限: what any parameter, parameter name and path of a request must be, whatever route it
 * goes to. Percent-encoding must be UTF-8; no C0 control character (NUL and the like; tab, CR and LF
 * are allowed in parameter values, since a text area sends them); no U+FFFD (what a decoder leaves
 * for bytes that were not UTF-8); no value longer than its maximum. The numbers with a range of
 * their own are in {@link #RANGES}. docs/operations.md lists the same limits for operators.
 */
final class InputRules {

    /** Characters of one parameter value, unless {@link #LONGER} says otherwise. */
    static final int MAX_LENGTH = 1_000;

    /** Parameters that carry lists (the API token form's endpoints and sources, one per line). */
    static final Map<String, Integer> LONGER = Map.of("endpoints", 4_000, "sources", 4_000);

    /** Characters of a parameter name. */
    static final int MAX_NAME_LENGTH = 100;

    /** Characters of one path segment (a person key, a user ID, …) once decoded. */
    static final int MAX_SEGMENT_LENGTH = 1_000;

    /** Whole numbers with a range: ages in years, page numbers counted from 1. */
    static final Map<String, Range> RANGES = Map.of(
            "page", new Range(1, 1_000_000, "input.page"),
            "minAge", new Range(0, 150, "input.age"),
            "maxAge", new Range(0, 150, "input.age"));

    /** What the path is called in a message. */
    static final String PATH = "URL";

    /** The reason for a refusal: a message code of {@code messages.properties} and its arguments. */
    record Problem(String code, Object... args) {
    }

    /** An inclusive range of whole numbers and the message that states it. */
    record Range(long min, long max, String code) {

        Optional<Problem> check(String name, String value) {
            String text = value.strip();
            if (text.isEmpty()) {
                return Optional.empty(); // absent: the parameter's default applies
            }
            if (text.matches("[+-]?\\d{1,18}")) {
                long number = Long.parseLong(text);
                if (number >= min && number <= max) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Problem(code, name, max));
        }
    }

    private InputRules() {
    }

    /** The path as sent (still percent-encoded): well encoded, no control character, no over-long segment. */
    static Optional<Problem> checkPath(String rawPath) {
        String path = decode(rawPath, false);
        if (path == null) {
            return Optional.of(new Problem("input.encoding", PATH));
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(new Problem("input.control", PATH));
            }
        }
        if (path.indexOf('\uFFFD') >= 0) {
            return Optional.of(new Problem("input.encoding", PATH));
        }
        for (String segment : path.split("/")) {
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                return Optional.of(new Problem("input.tooLong", PATH, MAX_SEGMENT_LENGTH));
            }
        }
        return Optional.empty();
    }

    /** The query string as sent: each run of %XX escapes must be UTF-8. */
    static Optional<Problem> checkQuery(String rawQuery) {
        if (rawQuery == null || decode(rawQuery, true) != null) {
            return Optional.empty();
        }
        return Optional.of(new Problem("input.encoding", nameOfBrokenPair(rawQuery)));
    }

    /** One parameter as decoded by the servlet container. */
    static Optional<Problem> checkParameter(String name, String value) {
        String shownName = name.length() > MAX_NAME_LENGTH ? name.substring(0, 20) + "…" : name;
        if (!allowed(name, false)) {
            return Optional.of(new Problem(name.indexOf('\uFFFD') >= 0 ? "input.encoding" : "input.control",
                    printable(shownName)));
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of(new Problem("input.tooLong", shownName, MAX_NAME_LENGTH));
        }
        if (!allowed(value, true)) {
            return Optional.of(new Problem(value.indexOf('\uFFFD') >= 0 ? "input.encoding" : "input.control", name));
        }
        int max = LONGER.getOrDefault(name, MAX_LENGTH);
        if (value.length() > max) {
            return Optional.of(new Problem("input.tooLong", name, max));
        }
        return Optional.empty();
    }

    /** No C0 control character (tab, CR, LF allowed in values) and no replacement character. */
    private static boolean allowed(String text, boolean value) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || c < 0x20 && !(value && (c == '\t' || c == '\r' || c == '\n'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Percent-decodes {@code raw} strictly: every {@code %} starts an escape of two hexadecimal digits
     * and every run of escapes is UTF-8. {@code null} when it is not.
     */
    static String decode(String raw, boolean plusIsSpace) {
        StringBuilder out = new StringBuilder(raw.length());
        ByteArrayOutputStream run = new ByteArrayOutputStream();
        int i = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int high = Character.digit(raw.charAt(i + 1), 16);
                int low = Character.digit(raw.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                run.write(high << 4 | low);
                i += 3;
                continue;
            }
            if (!flush(run, out)) {
                return null;
            }
            out.append(plusIsSpace && c == '+' ? ' ' : c);
            i++;
        }
        return flush(run, out) ? out.toString() : null;
    }

    private static boolean flush(ByteArrayOutputStream run, StringBuilder out) {
        if (run.size() == 0) {
            return true;
        }
        try {
            out.append(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(run.toByteArray())));
        } catch (CharacterCodingException e) {
            return false;
        }
        run.reset();
        return true;
    }

    /** The name of the first pair of a query string whose escapes are broken, for the message. */
    private static String nameOfBrokenPair(String rawQuery) {
        for (String pair : rawQuery.split("&")) {
            if (decode(pair, true) == null) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String decoded = decode(name, true);
                if (decoded != null && !decoded.isEmpty() && decoded.length() <= MAX_NAME_LENGTH
                        && allowed(decoded, false)) {
                    return decoded;
                }
                return PATH;
            }
        }
        return PATH;
    }

    /** A name shown in a message: its control characters replaced, so that the message stays text. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 || c == '\uFFFD' ? '?' : c));
        return out.toString();
    }
}
