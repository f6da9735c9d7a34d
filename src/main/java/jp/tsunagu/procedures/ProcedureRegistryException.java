package jp.tsunagu.procedures;

import java.util.List;

/** A procedure registry that cannot be used (手続きの登録の誤り); each problem names its file and key. */
public class ProcedureRegistryException extends RuntimeException {

    private final List<String> problems;

    public ProcedureRegistryException(List<String> problems) {
        super("手続きの登録に誤りがあります:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
