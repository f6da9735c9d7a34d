package jp.tsunagu.security;

import java.util.ArrayList;
import java.util.List;

/** What the matrix found wrong, one line each, naming the route, the request and who asked. */
final class Findings {

    private final List<String> lines = new ArrayList<>();
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

    List<String> lines() {
        return lines;
    }

    /** The findings whose line starts with this route. */
    List<String> of(String route) {
        return lines.stream().filter(l -> l.startsWith(route + " ")).toList();
    }
}
