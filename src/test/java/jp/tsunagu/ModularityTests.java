package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

class ModularityTests {

    private static final Path DIAGRAMS = Path.of("docs/modules");
    private static final Pattern COMPONENT = Pattern.compile("^\\s*Component\\([^,]+, \"([^\"]+)\"");
    private static final Pattern RELATION = Pattern.compile("^Rel\\([^,]*\\.([^.,]+), [^,]*\\.([^.,]+),");

    /** Computed once for the class: the analysis of the classes takes seconds, and every test reads the same. */
    private static final ApplicationModules modules = ApplicationModules.of(TsunaguApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
        assertThat(modules.getModuleByName("importing")).isPresent();
    }

    /**
     * The person overview's walk goes one way (照会は一方向): overview asks resident, programs, access and
     * audit, and none of them — nor anything they depend on — depends on overview.
     */
    @Test
    void noModuleTheOverviewAsksDependsOnTheOverview() {
        ApplicationModule overview = modules.getModuleByName("overview").orElseThrow();
        List<String> asked = overview.getDirectDependencies(modules).uniqueModules().map(ApplicationModule::getName)
                .toList();
        assertThat(asked).contains("resident", "programs", "access", "audit");
        for (String name : asked) {
            ApplicationModule module = modules.getModuleByName(name).orElseThrow();
            assertThat(module.getAllDependencies(modules).uniqueModules().map(ApplicationModule::getName))
                    .as("what %s depends on", name).doesNotContain("overview");
        }
    }

    /**
     * overview composes; it is never called back (呼び戻しなし): it hands no function to another module, so
     * no module's cursor or transaction stays open while overview asks a third one (the department export
     * once ran programs and access inside resident's cursor).
     */
    @Test
    void theOverviewHandsNoCallbackToAnotherModule() {
        com.tngtech.archunit.core.domain.JavaClasses classes = new com.tngtech.archunit.core.importer.ClassFileImporter()
                .withImportOption(com.tngtech.archunit.core.importer.ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("jp.tsunagu");
        List<String> callbacks = new ArrayList<>();
        for (com.tngtech.archunit.core.domain.JavaClass type : classes) {
            if (!type.getPackageName().startsWith("jp.tsunagu.overview")) {
                continue;
            }
            for (com.tngtech.archunit.core.domain.JavaMethodCall call : type.getMethodCallsFromSelf()) {
                String owner = call.getTargetOwner().getPackageName();
                boolean otherModule = owner.startsWith("jp.tsunagu.") && !owner.startsWith("jp.tsunagu.overview")
                        && !owner.startsWith("jp.tsunagu.platform");
                boolean takesFunction = call.getTarget().getRawParameterTypes().stream()
                        .anyMatch(t -> t.getPackageName().equals("java.util.function")
                                || t.isAnnotatedWith(FunctionalInterface.class));
                if (otherModule && takesFunction) {
                    callbacks.add(call.getDescription());
                }
            }
        }
        assertThat(callbacks).as("calls from overview that hand another module a function").isEmpty();
    }

    @Test
    void theDocumentedModulesAreTheModulesOfTheCode() throws IOException {
        assertThat(documentedModules()).as("the module table of docs/architecture.md")
                .containsExactlyInAnyOrderElementsOf(names());
    }

    @Test
    void writesModuleDiagramsIntoDocsThatShowEveryModuleAndEveryDependency() throws IOException {
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        sortRelations(DIAGRAMS);

        List<String> components = Files.readAllLines(DIAGRAMS.resolve("components.puml"));
        assertThat(matches(components, COMPONENT, 1)).as("the modules drawn in components.puml")
                .containsExactlyInAnyOrderElementsOf(modules.stream().map(ApplicationModule::getDisplayName).toList());
        Set<String> drawn = new TreeSet<>();
        for (String line : components) {
            Matcher m = RELATION.matcher(line);
            if (m.find()) {
                drawn.add(m.group(1) + " → " + m.group(2));
            }
        }
        assertThat(drawn).as("the dependencies drawn in components.puml").isNotEmpty().isEqualTo(dependencies());

        try (var files = Files.list(DIAGRAMS)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("module-")))
                    .as("one diagram per module, none for a module that is gone")
                    .containsExactlyInAnyOrderElementsOf(names().stream().map(n -> "module-" + n + ".puml").toList());
        }
        for (ApplicationModule module : modules) {
            assertThat(matches(Files.readAllLines(DIAGRAMS.resolve("module-" + module.getName() + ".puml")), COMPONENT, 1))
                    .as("module-%s.puml draws the module and what it depends on", module.getName())
                    .contains(module.getDisplayName())
                    .containsAll(module.getDirectDependencies(modules).uniqueModules()
                            .map(ApplicationModule::getDisplayName).toList());
        }
    }

    /** The modules Spring Modulith finds, by name. */
    private List<String> names() {
        return modules.stream().map(ApplicationModule::getName).toList();
    }

    /** Each module's direct dependencies on other modules, as "Access → Audit". */
    private Set<String> dependencies() {
        Set<String> all = new TreeSet<>();
        for (ApplicationModule module : modules) {
            module.getDirectDependencies(modules).uniqueModules().filter(target -> !target.equals(module))
                    .forEach(target -> all.add(module.getDisplayName() + " → " + target.getDisplayName()));
        }
        return all;
    }

    /** The first column of the table under "## Modules" in docs/architecture.md: `platform`, `japanese` … */
    private static List<String> documentedModules() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("docs/architecture.md"));
        int start = lines.indexOf("## Modules");
        assertThat(start).as("docs/architecture.md has a section ## Modules").isNotNegative();
        List<String> names = new ArrayList<>();
        for (String line : lines.subList(start + 1, lines.size())) {
            if (line.startsWith("## ")) {
                break;
            }
            Matcher m = Pattern.compile("^\\| `([a-z]+)` \\|").matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static List<String> matches(List<String> lines, Pattern pattern, int group) {
        return lines.stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.group(group))
                .collect(Collectors.toList());
    }

    /**
     * The documenter writes the relations of a diagram in no fixed order, so each run changed the
     * files under version control without changing the diagrams; each run of relation lines is
     * sorted.
     */
    private static void sortRelations(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                List<String> lines = Files.readAllLines(file);
                List<String> out = new ArrayList<>();
                List<String> run = new ArrayList<>();
                for (String line : lines) {
                    if (line.startsWith("Rel(")) {
                        run.add(line);
                        continue;
                    }
                    Collections.sort(run);
                    out.addAll(run);
                    run.clear();
                    out.add(line);
                }
                Collections.sort(run);
                out.addAll(run);
                Files.write(file, out);
            }
        }
    }
}
