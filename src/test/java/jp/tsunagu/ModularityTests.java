package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(TsunaguApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.getModuleByName("importing")).isPresent();
    }

    @Test
    void writesModuleDiagramsIntoDocs() throws java.io.IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder("docs/modules"))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        assertThat(new java.io.File("docs/modules/components.puml")).exists();
        sortRelations(java.nio.file.Path.of("docs/modules"));
    }

    /**
     * The documenter writes the relations of a diagram in no fixed order, so each run changed the
     * files under version control without changing the diagrams; each run of relation lines is
     * sorted.
     */
    private static void sortRelations(java.nio.file.Path folder) throws java.io.IOException {
        try (var files = java.nio.file.Files.list(folder)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                java.util.List<String> lines = java.nio.file.Files.readAllLines(file);
                java.util.List<String> out = new java.util.ArrayList<>();
                java.util.List<String> run = new java.util.ArrayList<>();
                for (String line : lines) {
                    if (line.startsWith("Rel(")) {
                        run.add(line);
                        continue;
                    }
                    java.util.Collections.sort(run);
                    out.addAll(run);
                    run.clear();
                    out.add(line);
                }
                java.util.Collections.sort(run);
                out.addAll(run);
                java.nio.file.Files.write(file, out);
                assertThat(out).hasSameSizeAs(lines);
            }
        }
    }
}
