package jp.tsunagu.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import jp.tsunagu.TsunaguApplication;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code COMMAND --help} answers from the class path alone: no Spring context, no database — the data
 * folder it is pointed at is never created, and no administrator is made for a throw-away database.
 */
class CommandHelpTests {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"sample, --help, sample generate --out DIR", "import, --help, import SOURCE_ID FILE",
            "bench, --help, bench <名前 / name>", "bench, --help, insights      統計", "audit, -h, audit verify",
            "help, '', import --help"})
    void helpAnswersWithoutStartingADatabase(String command, String flag, String expected) {
        Path data = dir.resolve("pg");
        String[] args = flag.isEmpty()
                ? new String[] {command, "--tsunagu.database.data-dir=" + data}
                : new String[] {command, flag, "--tsunagu.database.data-dir=" + data};

        Output out = run(args);

        assertThat(out.code()).isZero();
        assertThat(out.stdout()).contains("使い方").contains(expected).doesNotContain("管理者 admin")
                .doesNotContain("Started");
        assertThat(Files.exists(data)).as("no database folder").isFalse();
    }

    @ParameterizedTest
    @CsvSource({"sample", "import", "audit", "bench"})
    void aCommandWithoutArgumentsPrintsItsUsageAsAnErrorWithoutADatabase(String command) {
        Path data = dir.resolve("pg");
        Output out = run(new String[] {command, "--tsunagu.database.data-dir=" + data});

        assertThat(out.code()).isEqualTo(2);
        assertThat(out.stderr()).contains("使い方").contains(command);
        assertThat(Files.exists(data)).isFalse();
    }

    record Output(int code, String stdout, String stderr) {
    }

    private static Output run(String[] args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
            int code = CommandLine.run(TsunaguApplication.class, args);
            return new Output(code, stdout.toString(StandardCharsets.UTF_8), stderr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
