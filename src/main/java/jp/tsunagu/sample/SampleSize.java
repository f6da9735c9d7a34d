package jp.tsunagu.sample;

import java.util.Locale;

/**
 * How many residents the sample city has. {@code small} (about 2,000) is for tests, {@code default}
 * (about 150,000, the population of 狭山市) for the demo, numbers such as 1000000 for benchmarks.
 *
 * @param residents the target number of registered residents on day 1 (the generator fills whole
 *     households, so the actual count is at most a few persons above it)
 */
public record SampleSize(int residents) {

    public static final SampleSize SMALL = new SampleSize(2_000);
    public static final SampleSize DEFAULT = new SampleSize(150_000);

    public SampleSize {
        if (residents < 100 || residents > 10_000_000) {
            throw new IllegalArgumentException(
                    "住民数は100から10,000,000までです / residents must be 100..10,000,000: " + residents);
        }
    }

    /** Parses {@code small}, {@code default} or a number (underscores and commas allowed). */
    public static SampleSize parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "small" -> SMALL;
            case "default" -> DEFAULT;
            default -> {
                try {
                    yield new SampleSize(Integer.parseInt(t.replace("_", "").replace(",", "")));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(
                            "規模は small, default または数値です / size must be small, default or a number: " + text);
                }
            }
        };
    }
}
