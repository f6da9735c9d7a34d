package jp.tsunagu.importing;

import java.util.List;

/** A source definition that cannot be used; the message names each file and key. */
public class SourceDefinitionException extends RuntimeException {

    private final List<String> problems;

    public SourceDefinitionException(List<String> problems) {
        super("連携元の定義に誤りがあります:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
