package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every CSV and xlsx writer goes through {@link SpreadsheetCells} (表計算のセルの規則): read from the compiled
 * classes (ArchUnit) and the sources, so that a new export that writes its own cells fails the build instead
 * of letting {@code =HYPERLINK(…)} from a departmental file run in a clerk's Excel.
 *
 * <p>The {@code sample} module writes the departmental systems' own files (the hub's input, which must stay
 * as a departmental system writes them) and {@code bench} the benchmarks' inputs: neither is an export to
 * staff.
 */
class SpreadsheetRulesTests {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String CELLS = SpreadsheetCells.class.getName();
    private static final Set<String> NOT_EXPORTS = Set.of("jp.tsunagu.sample", "jp.tsunagu.bench");

    /** RFC 4180 quoting by hand: a quote doubled. */
    private static final Pattern HAND_WRITTEN_CSV = Pattern.compile("replace\\(\\s*\"\\\\\"\"\\s*,\\s*\"\\\\\"\\\\\"\"\\s*\\)");

    static JavaClasses classes;

    @BeforeAll
    static void read() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("jp.tsunagu");
    }

    @Test
    void onlySpreadsheetCellsPutsTextOrAFormulaIntoAnXlsxCell() {
        List<String> offending = new ArrayList<>();
        for (JavaClass type : classes) {
            if (type.getName().equals(CELLS)) {
                continue;
            }
            for (JavaMethodCall call : type.getMethodCallsFromSelf()) {
                if (setsTextOrFormula(call)) {
                    offending.add(call.getDescription());
                }
            }
        }
        assertThat(offending).as("xlsx cells set to text or a formula outside platform.SpreadsheetCells.text").isEmpty();
    }

    @Test
    void everyFileThatWritesCsvOrXlsxCellsAsksSpreadsheetCells() throws IOException {
        Set<String> writers = writerFiles();
        assertThat(writers).as("the writers this rule finds (if one is missing, the rule no longer sees it)")
                .contains("jp/tsunagu/overview/DepartmentExport.java", "jp/tsunagu/audit/AuditExport.java",
                        "jp/tsunagu/procedures/WorklistController.java", "jp/tsunagu/evacuation/ListWorkbook.java");
        Set<String> asking = new TreeSet<>();
        for (JavaClass type : classes) {
            if (type.getMethodCallsFromSelf().stream()
                    .anyMatch(call -> call.getTargetOwner().getName().equals(CELLS))) {
                asking.add(file(type));
            }
        }
        assertThat(writers).as("files that write CSV or xlsx cells without platform.SpreadsheetCells")
                .allMatch(asking::contains, "asks SpreadsheetCells");
    }

    /**
     * Files whose classes write a spreadsheet cell (any POI cell value), use FastCSV's writer, or quote CSV
     * cells by hand.
     */
    private static Set<String> writerFiles() throws IOException {
        Set<String> writers = new TreeSet<>();
        for (JavaClass type : classes) {
            if (NOT_EXPORTS.stream().anyMatch(p -> type.getPackageName().startsWith(p))) {
                continue;
            }
            boolean writes = type.getMethodCallsFromSelf().stream().anyMatch(call -> {
                String owner = call.getTargetOwner().getName();
                return (call.getName().equals("setCellValue") && isCell(call.getTargetOwner()))
                        || owner.startsWith("de.siegmar.fastcsv.writer.");
            });
            if (writes && !type.getName().equals(CELLS)) {
                writers.add(file(type));
            }
        }
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String relative = SOURCES.relativize(f).toString().replace('\\', '/');
                boolean exempt = NOT_EXPORTS.stream().anyMatch(p -> relative.startsWith(p.replace('.', '/') + "/"));
                if (!exempt && HAND_WRITTEN_CSV.matcher(Files.readString(f)).find()) {
                    writers.add(relative);
                }
            }
        }
        return writers;
    }

    private static boolean setsTextOrFormula(JavaMethodCall call) {
        if (!isCell(call.getTargetOwner())) {
            return false;
        }
        if (call.getName().equals("setCellFormula")) {
            return true;
        }
        if (!call.getName().equals("setCellValue") || call.getTarget().getRawParameterTypes().size() != 1) {
            return false;
        }
        String parameter = call.getTarget().getRawParameterTypes().get(0).getName();
        return parameter.equals(String.class.getName())
                || parameter.equals("org.apache.poi.ss.usermodel.RichTextString");
    }

    private static boolean isCell(JavaClass owner) {
        return owner.isAssignableTo("org.apache.poi.ss.usermodel.Cell");
    }

    private static String file(JavaClass type) {
        String top = type.getName().replaceFirst("\\$.*", "");
        return top.replace('.', '/') + ".java";
    }
}
