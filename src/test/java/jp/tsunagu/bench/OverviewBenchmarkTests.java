package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench overview} at a tiny size: the machinery runs through, views what it says it viewed and
 * reports what it measured (the test checks the work, never the times).
 */
class OverviewBenchmarkTests {

    @Test
    void viewsTheWholeSmallCityAndEndsWithOneResultLine() throws java.io.IOException {
        java.util.Set<String> before = benchFolders();
        BenchRun run = BenchRun.of("bench", "overview", "--residents", "2000", "--views", "30", "--warmup", "10",
                "--clients", "2", "--count", "0");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.resultLines()).hasSize(1);
        assertThat(run.lastLine()).startsWith("RESULT ");
        Map<String, String> result = run.result();
        // 60 views with one client (fewer than 100: a max), 120 with two clients (a p99)
        assertThat(result).containsKeys("residents", "sources", "max_ms", "p50_ms", "concurrent_p99_ms", "ref_max_ms",
                "audit_max_ms", "views", "checked_views").doesNotContainKeys("p99_ms", "ref_p99_ms");
        assertThat(result.get("views")).isEqualTo("60");
        // the first index's time, the database's size and the heap's peak (issue 21)
        assertThat(Double.parseDouble(result.get("index_s"))).as("index_s").isPositive();
        assertThat(Long.parseLong(result.get("db_mib"))).as("db_mib").isPositive();
        assertThat(Long.parseLong(result.get("heap_peak_mib"))).as("heap_peak_mib").isPositive();
        assertThat(Integer.parseInt(result.get("checked_views"))).as("every view checked: warm-up, 1 and 2 clients")
                .isEqualTo(10 + 60 + 120);
        assertThat(Integer.parseInt(result.get("residents"))).isBetween(2000, 2010);
        assertThat(Integer.parseInt(result.get("sources"))).isEqualTo(jp.tsunagu.sample.SampleMunicipality.sourceIds().size());
        for (String measured : new String[] {"p50_ms", "max_ms", "concurrent_p99_ms", "ref_max_ms"}) {
            // reported, whatever the value: times on a shared machine are not the test's business
            assertThat(Double.parseDouble(result.get(measured))).as(measured).isFinite();
        }
        assertThat(run.output()).as("persons with several programs were viewed, as a detail viewer")
                .containsPattern("1 client, many programs p50 +[0-9.]+ ms  max +[0-9.]+ ms \\(n=30\\)  \\([2-9]\\.[0-9] cards each\\)");
        // /tmp is shared with other processes on the machine, whose bench commands have folders of their
        // own for as long as they run: every folder that appeared during this run must go (one of this
        // command's that was left behind never does)
        java.util.Set<String> appeared = new java.util.TreeSet<>(benchFolders());
        appeared.removeAll(before);
        org.awaitility.Awaitility.await("the command's temporary folder is gone").atMost(java.time.Duration.ofMinutes(10))
                .pollInterval(java.time.Duration.ofSeconds(2))
                .until(() -> appeared.stream().noneMatch(name -> java.nio.file.Files.exists(
                        java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), name))));
    }

    private static java.util.Set<String> benchFolders() throws java.io.IOException {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("tsunagu-bench-"))
                    .collect(java.util.stream.Collectors.toSet());
        }
    }
}
