package jp.tsunagu.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the matrix found wrong, one line each, naming the route, the request and who asked. */
final class Findings {

    private final List<String> lines = new ArrayList<>();
    private final Map<String, Integer> cases = new TreeMap<>();
    private String context = "";

    /** The route, request and staff member that the next findings are about. */
    Findings about(String context) {
        this.context = context;
        return this;
    }

    void that(boolean holds, String what) {
        if (!holds) {
            lines.add(context + ": " + what);
        }
    }

    /** Counts a kind of case the checks went through, so that a test can tell it was there to check. */
    void checked(String kind) {
        cases.merge(kind, 1, Integer::sum);
    }

    /** How often each kind of case was checked. */
    Map<String, Integer> cases() {
        return cases;
    }

    List<String> lines() {
        return lines;
    }

    /** The findings whose line starts with this route. */
    List<String> of(String route) {
        return lines.stream().filter(l -> l.startsWith(route + " ")).toList();
    }
}
