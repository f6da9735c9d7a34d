package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bench consultation} at a small size, as the jar runs it (its own context, throw-away PostgreSQL and web
 * server): the search finds the same newest records as the ILIKE reference for every query, the board shows every
 * open record, every push arrives, the plans printed by {@code --explain} are answered by the search rows' GIN
 * index, and the run ends with its RESULT line; its end is not held by the board's event stream it opened (the web
 * server's graceful shutdown finds no request still active).
 */
class ConsultationBenchmarkTests {

    @Test
    void aSmallRunFindsWhatIlikeFindsThroughTheIndexAndEndsWithItsResultLine() {
        BenchRun run = BenchRun.of("bench", "consultation", "--residents", "5000", "--entries", "20000", "--clients",
                "2", "--queries", "10", "--ilike-queries", "2", "--boards", "10", "--pushes", "5", "--warmup", "40",
                "--explain");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("the search and ILIKE found the same newest 50 (or fewer) records for each "
                + "of the 20 queries").contains("Bitmap Index Scan on consultation_search_words")
                .contains("Bitmap Index Scan on consultation_search_marks")
                .contains("warm-up: 40 searches by 2 clients").contains("per query (p50 / max ms, n):")
                .contains("plan of the hand-over board (on-call):")
                .doesNotContain("CHECK FAILED").doesNotContain("Graceful shutdown aborted");
        Map<String, String> result = run.result();
        assertThat(result.keySet()).startsWith("entries", "search_p99_ms", "ilike_p99_ms", "board_p99_ms",
                "board_push_ms");
        assertThat(Long.parseLong(result.get("entries"))).isGreaterThanOrEqualTo(20000);
        assertThat(Integer.parseInt(result.get("board_records"))).isPositive();
        assertThat(Double.parseDouble(result.get("board_push_ms"))).isPositive();
        assertThat(run.lastLine()).startsWith("RESULT ");
    }
}
