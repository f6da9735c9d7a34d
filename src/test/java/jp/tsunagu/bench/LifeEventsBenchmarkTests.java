package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench lifeevents} on a small registry, as the jar runs it (its own context and throw-away
 * PostgreSQL): it detects exactly the planted births, deaths and moves, finds none with detection off,
 * fills 市民課's worklist and ends with its RESULT line.
 */
class LifeEventsBenchmarkTests {

    @Test
    void aSmallRunDetectsThePlantedEventsAndEndsWithItsResultLine() {
        BenchRun run = BenchRun.of("bench", "lifeevents", "--residents", "4000", "--runs", "1", "--worklist-items", "100",
                "--requests", "120");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("detection off: re-import and listeners").contains("(0 events)")
                .contains("without detection, every run:").contains("with detection, every run:")
                .contains("(60 events)");
        Map<String, String> result = run.result();
        assertThat(result.keySet()).containsExactly("residents", "events", "detect_ratio", "worklist_p99_ms", "feed_p99_ms");
        assertThat(result).containsEntry("residents", "4000").containsEntry("events", "60");
        assertThat(Double.parseDouble(result.get("detect_ratio"))).isPositive();
        assertThat(run.lastLine()).startsWith("RESULT ");
    }
}
