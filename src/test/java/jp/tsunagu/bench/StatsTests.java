package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A tail percentile comes with its sample count, and there is no p99 of fewer than 100 samples. */
class StatsTests {

    private static double[] oneTo(int n) {
        return IntStream.rangeClosed(1, n).asDoubleStream().toArray();
    }

    @Test
    void belowOneHundredSamplesTheTailIsTheMaximumAndIsCalledSo() {
        Stats.Summary summary = Stats.of(oneTo(99));

        assertThat(summary.tail().name()).isEqualTo("max");
        assertThat(summary.tail().value()).isEqualTo(99.0);
        assertThat(summary.text()).contains("max", "(n=99)").doesNotContain("p99");
        assertThat(summary.resultTail("trgm_")).isEqualTo("trgm_max_ms=99.00");
    }

    @Test
    void fromOneHundredSamplesTheTailIsTheNinetyNinthPercentile() {
        Stats.Summary summary = Stats.of(oneTo(200));

        assertThat(summary.tail().name()).isEqualTo("p99");
        assertThat(summary.tail().value()).isEqualTo(198.0);
        assertThat(summary.text()).contains("p50  100.00 ms", "p99  198.00 ms", "(n=200)").doesNotContain("max");
        assertThat(summary.resultTail("concurrent_")).isEqualTo("concurrent_p99_ms=198.00");
    }

    @Test
    void theWorstOfSeveralSeriesIsAMaximumWhenAnyOfThemIsShort() {
        Stats.Summary full = Stats.of(oneTo(200));
        Stats.Summary shortOne = Stats.of(new double[] {5, 7, 300});

        Stats.Summary.Tail allFull = Stats.worst(List.of(full, Stats.of(oneTo(100))));
        Stats.Summary.Tail mixed = Stats.worst(List.of(full, shortOne));

        assertThat(allFull.name()).isEqualTo("p99");
        assertThat(allFull.value()).isEqualTo(198.0);
        assertThat(mixed.name()).isEqualTo("max");
        assertThat(mixed.value()).as("the slowest sample of them all").isEqualTo(300.0);
    }
}
