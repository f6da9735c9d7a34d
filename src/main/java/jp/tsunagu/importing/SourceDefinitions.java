package jp.tsunagu.importing;

import java.nio.file.Path;

/** Reading a source definition file without registering it (tools, benchmarks). */
public final class SourceDefinitions {

    private SourceDefinitions() {
    }

    /** Reads and validates one YAML file; the id is the file name without {@code .yml}. */
    public static SourceDefinition read(Path file) {
        return SourceDefinitionReader.read(file);
    }
}
