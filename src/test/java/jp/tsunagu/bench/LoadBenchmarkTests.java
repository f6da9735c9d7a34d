package jp.tsunagu.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code bench load} at a tiny size: the web server starts in the command's context, staff log in
 * through the form and use the screens without a single error while the next day's 住民記録 is
 * imported. The test checks that the work was done and counted (logins, requests of every kind, the
 * imports under load), never how fast: times on a shared machine are noise.
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
        assertThat(result).containsKeys("users", "logged_in", "requests", "errors", "p50_ms", "import_s",
                "import_alone_s", "requests_alone", "errors_alone", "requests_warmup", "errors_warmup", "requests_load",
                "errors_load", "requests_import", "errors_import");
        assertThat(result.get("users")).isEqualTo("6");
        assertThat(result.get("logged_in")).as("the users who really logged in").isEqualTo("6");
        assertThat(result.get("errors")).as(run.output()).isEqualTo("0");
        assertThat(result.get("errors_alone")).as(run.output()).isEqualTo("0");
        assertThat(result.get("errors_warmup")).as(run.output()).isEqualTo("0");
        assertThat(result.get("errors_load")).as(run.output()).isEqualTo("0");
        assertThat(result.get("errors_import")).as(run.output()).isEqualTo("0");
        // --alone 3: one warm-up request and three timed ones of each of the three types
        assertThat(result.get("requests_alone")).isEqualTo("12");
        assertThat(Long.parseLong(result.get("requests_import"))).as("requests made while the registry was imported")
                .isPositive().isLessThanOrEqualTo(Long.parseLong(result.get("requests_load")));
        boolean full = Long.parseLong(result.get("requests")) >= 100;
        assertThat(result).as("a p99 of 100 requests or more, otherwise a max and never a p99")
                .containsKey(full ? "p99_ms" : "max_ms").doesNotContainKey(full ? "max_ms" : "p99_ms");
        assertThat(result.get("import_failed")).as("the imports under load all applied").isEqualTo("0");
        assertThat(run.output()).as("every user logged in through the form")
                .containsPattern("\\b6 of 6 users logged in \\(.*, 0 failed\\)");
        assertThat(number(run.output(), "(\\d+) imports of day 2 \\(and as many back to day 1\\) ran under load"))
                .as("the registry was imported while the users worked").isPositive();

        long search = requests(run.output(), "search");
        long overview = requests(run.output(), "overview");
        long department = requests(run.output(), "department");
        assertThat(search).as("searches made, none failed").isPositive();
        assertThat(overview).as("overviews opened, none failed").isPositive();
        assertThat(department).as("department lists opened, none failed").isPositive();
        assertThat(Long.parseLong(result.get("requests"))).as("the requests counted are those of the three screens")
                .isEqualTo(search + overview + department)
                .isEqualTo(Long.parseLong(result.get("requests_load")));
    }

    /** The count of one kind of request in the report's table, after checking that none of them failed. */
    private static long requests(String output, String type) {
        Matcher m = Pattern.compile("(?m)^ +" + type + " +(\\d+) +(\\d+) ").matcher(output);
        assertThat(m.find()).as("a line for %s in %s", type, output).isTrue();
        assertThat(m.group(2)).as("errors of %s", type).isEqualTo("0");
        return Long.parseLong(m.group(1));
    }

    private static long number(String output, String pattern) {
        Matcher m = Pattern.compile(pattern).matcher(output);
        assertThat(m.find()).as("%s in %s", pattern, output).isTrue();
        return Long.parseLong(m.group(1));
    }
}
