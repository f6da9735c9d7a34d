package jp.tsunagu.importing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import jp.tsunagu.TsunaguTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The command line for job schedulers: a JSON report and an exit code per outcome. */
@TsunaguTest
class ImportCommandTests {

    @Autowired
    ImportCommand command;
    @Autowired
    SourceCatalog catalog;
    @TempDir
    Path dir;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    SourceDefinition source;

    @BeforeEach
    void defineSource() {
        source = TestSources.basic(catalog);
    }

    @Test
    void exitCodesSayAppliedRejectedAndHeldAndConfirmApplies() throws Exception {
        assertThat(run(rows("full.csv", 20))).isZero();
        assertThat(lastReport().get("status").asString()).isEqualTo("APPLIED");
        assertThat(lastReport().get("added").asLong()).isEqualTo(20);

        assertThat(run(rows("full.csv", 20))).as("same bytes again").isZero();
        assertThat(lastReport().get("status").asString()).isEqualTo("DUPLICATE");

        Path broken = TestSources.write(dir, "broken.csv", "宛名番号,認定日,状態,備考\n100002,令和元年2月30日,1,x\n",
                StandardCharsets.UTF_8);
        assertThat(run(List.of(source.id(), broken.toString()))).isEqualTo(2);
        assertThat(lastReport().get("problems").get(0).asString()).startsWith("broken.csv:2:2:");

        assertThat(run(rows("half.csv", 10))).isEqualTo(3);
        long held = lastReport().get("runId").asLong();
        assertThat(run(List.of("--confirm", Long.toString(held)))).isZero();
        assertThat(lastReport().get("status").asString()).isEqualTo("APPLIED");
        assertThat(lastReport().get("ended").asLong()).isEqualTo(10);

        assertThat(run(List.of(source.id(), dir.resolve("missing.csv").toString()))).isEqualTo(1);
    }

    private int run(List<String> args) throws Exception {
        // the report goes to the test's own stream: a log line a background listener of the shared context writes
        // to the console meanwhile cannot get into it (seen in the full suite and in CI)
        out.reset();
        return command.run(args, new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    private List<String> rows(String name, int count) {
        StringBuilder sb = new StringBuilder("宛名番号,認定日,状態,備考\n");
        for (int i = 0; i < count; i++) {
            sb.append(100_000 + i).append(",R06.04.01,1,x\n");
        }
        return List.of(source.id(), TestSources.write(dir, name, sb.toString(), StandardCharsets.UTF_8).toString());
    }

    private JsonNode lastReport() {
        return JsonMapper.builder().build().readTree(out.toString(StandardCharsets.UTF_8));
    }
}
