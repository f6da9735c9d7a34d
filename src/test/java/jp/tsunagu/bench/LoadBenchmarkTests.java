package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench load} at a tiny size: the web server starts in the command's context, staff log in
 * through the form and use the screens without a single error while the next day's 住民記録 is
 * imported.
 */
class LoadBenchmarkTests {

    @Test
    void staffUseTheScreensWithoutErrorsWhileTheRegistryIsImported() {
        BenchRun run = BenchRun.of("bench", "load", "--residents", "2000", "--users", "6", "--seconds", "5", "--alone", "3",
                "--warmup-seconds", "1", "--think-ms", "100");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.resultLines()).hasSize(1);
        assertThat(run.lastLine()).startsWith("RESULT ");
        Map<String, String> result = run.result();
        assertThat(result).containsKeys("users", "requests", "errors", "p99_ms", "import_s", "import_alone_s");
        assertThat(result.get("users")).isEqualTo("6");
        assertThat(result.get("errors")).as(run.output()).isEqualTo("0");
        assertThat(Integer.parseInt(result.get("requests"))).as("requests in 5 s of 6 users").isGreaterThan(20);
        assertThat(Double.parseDouble(result.get("p99_ms"))).isPositive();
        assertThat(Double.parseDouble(result.get("import_s"))).isPositive();
        assertThat(run.output()).contains("6 users logged in").containsPattern("search +[1-9][0-9]* +0 ")
                .containsPattern("overview +[1-9][0-9]* +0 ").containsPattern("department +[1-9][0-9]* +0 ");
    }
}
