package jp.tsunagu.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;

/**
 * Small statistics over repeated measurements. A tail percentile comes with its sample count, and
 * there is no p99 of fewer than {@link #MIN_FOR_P99} samples: with fewer, the 99th percentile is
 * simply the slowest sample, so it is reported and named as {@code max}.
 */
final class Stats {

    /** The fewest samples of which a p99 is reported. */
    static final int MIN_FOR_P99 = 100;

    private Stats() {
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** The summary of some latencies in milliseconds. */
    static Summary of(double[] millis) {
        return new Summary(millis.clone());
    }

    /**
     * The worst tail over several series (query classes, request types): the largest p99 when every
     * series has {@link #MIN_FOR_P99} samples, otherwise the slowest sample of them all, named max.
     */
    static Summary.Tail worst(Collection<Summary> series) {
        boolean allFull = series.stream().allMatch(s -> s.n() >= MIN_FOR_P99);
        double value = series.stream().mapToDouble(s -> allFull ? s.percentile(99) : s.max()).max().orElse(Double.NaN);
        return new Summary.Tail(allFull ? "p99" : "max", value);
    }

    /** Latencies with their count: p50 and the tail (p99, or max below {@link #MIN_FOR_P99} samples). */
    record Summary(double[] millis) {

        /** The tail of a series: {@code p99} or {@code max}, and its value. */
        record Tail(String name, double value) {

            /** A RESULT key for this tail: {@code prefix + "p99_ms"} or {@code prefix + "max_ms"}. */
            String key(String prefix) {
                return prefix + name + "_ms";
            }
        }

        int n() {
            return millis.length;
        }

        double percentile(double p) {
            return millis.length == 0 ? Double.NaN : Stats.percentile(millis, p);
        }

        double p50() {
            return percentile(50);
        }

        double max() {
            return Arrays.stream(millis).max().orElse(Double.NaN);
        }

        Tail tail() {
            return n() >= MIN_FOR_P99 ? new Tail("p99", percentile(99)) : new Tail("max", max());
        }

        /** {@code p50 1.23 ms  p99 4.56 ms (n=200)}, or {@code max} in place of p99 below 100 samples. */
        String text() {
            Tail tail = tail();
            return String.format(Locale.ROOT, "p50 %7.2f ms  %s %7.2f ms (n=%d)", p50(), tail.name(), tail.value(), n());
        }

        /** {@code key=value} for RESULT: {@code prefix} + p99_ms or max_ms. */
        String resultTail(String prefix) {
            Tail tail = tail();
            return String.format(Locale.ROOT, "%s=%.2f", tail.key(prefix), tail.value());
        }
    }
}
