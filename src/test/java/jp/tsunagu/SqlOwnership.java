package jp.tsunagu;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The rule that a module's SQL names only its own tables (表の所有): each module owns the tables, views,
 * sequences and schemas its own Flyway folder ({@code db/migration/<module>/}) creates — and the
 * partitions of a partitioned table, named {@code <table>_<x>} — and a string literal or text block
 * in a module's Java source that names another module's table after {@code FROM}, {@code JOIN},
 * {@code INTO}, {@code UPDATE}, {@code TABLE}, {@code COPY} or {@code TRUNCATE} breaks it.
 *
 * <p>The Java sources are read as text (comments, character literals, strings and text blocks told
 * apart), so that a query is found wherever it is written, not only where a test happens to run it.
 */
final class SqlOwnership {

    /** A place where a module's SQL names another module's table. */
    record Violation(String file, int line, String module, String table, String owner) {

        @Override
        public String toString() {
            return file + ":" + line + ": module " + module + " names " + table + " (owned by " + owner + ")";
        }
    }

    /** A string literal or text block of a Java source, with the line it starts on. */
    record Literal(int line, String text) {
    }

    private static final Pattern CREATE = Pattern.compile(
            "(?is)\\bcreate\\s+(?:or\\s+replace\\s+)?(?:unlogged\\s+|temp(?:orary)?\\s+)?"
                    + "(table|view|materialized\\s+view|sequence|schema|function)"
                    + "\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_.]*)([^;]*)");
    private static final Pattern NAMED = Pattern.compile(
            "(?i)\\b(?:from|join|into|update|table|copy|truncate)\\s+(?:only\\s+|if\\s+exists\\s+)?"
                    + "([a-z_][a-z0-9_]*(?:\\.[a-z_][a-z0-9_]*)?)");
    private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+jp\\.tsunagu\\.([a-z]+)");

    /**
     * Who owns which table, schema and partition prefix, and which SQL functions each module publishes.
     * A function named after its module ({@code programs_involved}) is that module's published SQL: other
     * modules may call it, as they may call its Java API; its tables stay its own.
     */
    record Owners(Map<String, String> tables, Map<String, String> prefixes, Map<String, String> schemas,
            Map<String, String> functions) {

        Owners(Map<String, String> tables, Map<String, String> prefixes, Map<String, String> schemas) {
            this(tables, prefixes, schemas, Map.of());
        }

        /** The module that created this function, if one did. */
        Optional<String> functionOwner(String name) {
            return Optional.ofNullable(functions.get(name.toLowerCase(Locale.ROOT)));
        }

        /** Whether the function is published: named after the module that owns it. */
        boolean published(String name) {
            return functionOwner(name).map(m -> name.toLowerCase(Locale.ROOT).startsWith(m + "_")).orElse(false);
        }

        /** The module that owns this name as SQL writes it, if any module does. */
        Optional<String> owner(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            int dot = n.indexOf('.');
            if (dot > 0) {
                String schema = n.substring(0, dot);
                if (schemas.containsKey(schema)) {
                    return Optional.of(schemas.get(schema));
                }
                n = schema.equals("public") ? n.substring(dot + 1) : n;
            }
            if (tables.containsKey(n)) {
                return Optional.of(tables.get(n));
            }
            for (Map.Entry<String, String> prefix : prefixes.entrySet()) {
                if (n.startsWith(prefix.getKey())) {
                    return Optional.of(prefix.getValue());
                }
            }
            return Optional.empty();
        }
    }

    private SqlOwnership() {
    }

    /** Reads every module's Flyway folder under {@code root} ({@code db/migration}). */
    static Owners owners(Path root) throws IOException {
        Map<String, String> scripts = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).sorted().toList()) {
                scripts.put(root.relativize(file).getName(0).toString() + "/" + file.getFileName(), Files.readString(file));
            }
        }
        return owners(scripts);
    }

    /** Owners from migration scripts, keyed {@code module/V…sql}. */
    static Owners owners(Map<String, String> scripts) {
        Map<String, String> tables = new LinkedHashMap<>();
        Map<String, String> prefixes = new LinkedHashMap<>();
        Map<String, String> schemas = new LinkedHashMap<>();
        Map<String, String> functions = new LinkedHashMap<>();
        scripts.forEach((name, sql) -> {
            String module = name.substring(0, name.indexOf('/'));
            Matcher m = CREATE.matcher(withoutSqlComments(sql));
            while (m.find()) {
                String kind = m.group(1).toLowerCase(Locale.ROOT);
                String object = m.group(2).toLowerCase(Locale.ROOT);
                if (kind.equals("schema")) {
                    schemas.put(object, module);
                    continue;
                }
                if (kind.equals("function")) {
                    functions.put(object, module);
                    continue;
                }
                tables.put(object, module);
                if (m.group(3).toLowerCase(Locale.ROOT).contains("partition by")) {
                    prefixes.put(object + "_", module);
                }
            }
        });
        return new Owners(tables, prefixes, schemas, functions);
    }

    /** The module a Java source belongs to (its package under {@code jp.tsunagu}), if any. */
    static Optional<String> module(String javaSource) {
        Matcher m = PACKAGE.matcher(javaSource);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Checks one Java source: every literal that names a table some other module owns. */
    static List<Violation> check(String file, String javaSource, Owners owners) {
        List<Violation> violations = new ArrayList<>();
        Optional<String> module = module(javaSource);
        if (module.isEmpty()) {
            return violations;
        }
        for (Literal literal : literals(javaSource)) {
            Matcher m = NAMED.matcher(literal.text());
            while (m.find()) {
                String table = m.group(1);
                Optional<String> owner = owners.owner(table);
                Optional<String> function = owners.functionOwner(table);
                if (owner.isEmpty() && function.isPresent() && !owners.published(table)) {
                    // a function another module made for itself is as private as its tables
                    owner = function;
                }
                if (owner.isPresent() && !owner.get().equals(module.get())) {
                    int line = literal.line() + (int) literal.text().substring(0, m.start(1)).chars()
                            .filter(c -> c == '\n').count();
                    violations.add(new Violation(file, line, module.get(), table.toLowerCase(Locale.ROOT),
                            owner.get()));
                }
            }
        }
        return violations;
    }

    /** The string literals and text blocks of a Java source, comments and character literals skipped. */
    static List<Literal> literals(String source) {
        List<Literal> literals = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (source.startsWith("//", i)) {
                while (i < n && source.charAt(i) != '\n') {
                    i++;
                }
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(source, i, end);
                i = end;
            } else if (source.startsWith("\"\"\"", i)) {
                int start = i + 3;
                int end = start;
                while (end < n && !(source.startsWith("\"\"\"", end) && source.charAt(end - 1) != '\\')) {
                    end++;
                }
                literals.add(new Literal(line, source.substring(start, Math.min(end, n))));
                line += count(source, i, Math.min(end, n));
                i = Math.min(end + 3, n);
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                StringBuilder text = new StringBuilder();
                while (j < n && source.charAt(j) != c && source.charAt(j) != '\n') {
                    if (source.charAt(j) == '\\' && j + 1 < n) {
                        text.append(source.charAt(j)).append(source.charAt(j + 1));
                        j += 2;
                    } else {
                        text.append(source.charAt(j++));
                    }
                }
                if (c == '"') {
                    literals.add(new Literal(line, text.toString()));
                }
                i = j + 1;
            } else {
                i++;
            }
        }
        return literals;
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int k = from; k < to; k++) {
            if (s.charAt(k) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private static String withoutSqlComments(String sql) {
        return sql.replaceAll("--[^\n]*", "");
    }
}
