package jp.tsunagu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One place for what every module shares (共通の一箇所): the Tokyo zone, the wording of a withheld value and
 * the audit-unavailable answer. Each rule reads {@code src/main/java} and names the files that define their
 * own copy, so a new module that copies one instead of asking the shared one fails the build.
 */
class SourceRulesTests {

    private static final Path SOURCES = Path.of("src/main/java");

    @Test
    void onlyTokyoTimeNamesTheTimeZone() throws IOException {
        assertThat(filesMatching(Pattern.compile("ZoneId\\.of\\(\\s*\"Asia/Tokyo\"")))
                .as("files that build the Tokyo zone themselves (use platform.TokyoTime.ZONE)")
                .containsExactly("jp/tsunagu/platform/TokyoTime.java");
    }

    @Test
    void onlyWithheldSpellsTheWithheldWordings() throws IOException {
        assertThat(filesMatching(Pattern.compile("\"（支援措置のため非表示）\"|\"＊＊＊ \\(要配慮情報\\)\"")))
                .as("files that spell a withheld value's wording themselves (use access.Withheld)")
                .containsExactly("jp/tsunagu/access/Withheld.java");
    }

    /**
     * The login-refusal page keeps its own handler on purpose: lifting a refusal that cannot be recorded
     * leaves the refusal standing, which the shared answer ("nothing was shown") would not say. The API token
     * filter answers before Spring MVC is reached, where no {@code @ControllerAdvice} is asked.
     */
    @Test
    void onlyTheAdviceAnswersWhenTheAuditTrailCannotBeWritten() throws IOException {
        assertThat(filesMatching(Pattern.compile(
                "@ExceptionHandler\\(\\s*AuditUnavailableException\\.class|catch \\(AuditUnavailableException")))
                .as("files with their own audit-unavailable answer (audit.AuditUnavailableAdvice answers)")
                .containsExactlyInAnyOrder("jp/tsunagu/audit/AuditUnavailableAdvice.java",
                        "jp/tsunagu/administration/LoginThrottleAdminController.java",
                        "jp/tsunagu/access/ApiTokenFilter.java");
    }

    private static List<String> filesMatching(Pattern pattern) throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).filter(f -> {
                try {
                    return pattern.matcher(Files.readString(f)).find();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).map(f -> SOURCES.relativize(f).toString().replace('\\', '/')).sorted().toList();
        }
    }
}
