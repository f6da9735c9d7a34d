package jp.tsunagu.importing;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.platform.BackgroundPriority;
import org.springframework.stereotype.Component;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar tsunagu.jar import SOURCE_ID FILE} for job schedulers: prints the report as JSON
 * and exits 0 applied (or nothing to do), 3 held for confirmation, 2 rejected, 1 other failure.
 * {@code import --confirm RUN_ID} and {@code import --discard RUN_ID} decide a held snapshot.
 */
@Component
class ImportCommand implements jp.tsunagu.platform.Command {

    private final SnapshotImport imports;
    private final JsonMapper json;

    ImportCommand(SnapshotImport imports) {
        this.imports = imports;
        this.json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).findAndAddModules().build();
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String usage() {
        return "import SOURCE_ID FILE | import --confirm RUN_ID | import --discard RUN_ID";
    }

    @Override
    public int run(List<String> args) {
        return run(args, System.out);
    }

    /** Prints the report to {@code out} (the console, or a test's own stream that no log line reaches). */
    int run(List<String> args, PrintStream out) {
        String user = System.getProperty("user.name", "cli");
        ImportReport report;
        if (args.size() == 2 && args.get(0).equals("--confirm")) {
            report = imports.confirm(Long.parseLong(args.get(1)), user);
        } else if (args.size() == 2 && args.get(0).equals("--discard")) {
            report = imports.discard(Long.parseLong(args.get(1)), user);
        } else if (args.size() == 2) {
            Path file = Path.of(args.get(1));
            if (!Files.isReadable(file)) {
                System.err.println("ファイルを読めません: " + file);
                return 1;
            }
            // the night's import yields the cores to staff's requests on the same server (BackgroundPriority)
            report = BackgroundPriority.callInBackground("cli-import",
                    () -> imports.importFile(args.get(0), file, "cli", user));
        } else {
            System.err.println("使い方: java -jar tsunagu.jar " + usage());
            return 1;
        }
        out.println(json.writeValueAsString(report));
        return report.exitCode();
    }
}
