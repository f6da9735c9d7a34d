package jp.tsunagu.importing;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the intake, bound under {@code tsunagu.importing}.
 *
 * @param sourcesDir the folder of source definitions (one YAML file per source)
 * @param inboxDir the folder with one inbox sub-folder per source
 * @param inboxPollInterval how often the inboxes are looked at; zero turns the watcher off
 * @param maxReportedErrors how many errors a report lists before it only counts
 * @param encodingMismatch what to do with a file declared Shift_JIS whose bytes are UTF-8 (warn by
 *     default), for the sources whose definition does not say
 */
@Validated
@ConfigurationProperties("tsunagu.importing")
public record ImportingProperties(Path sourcesDir, Path inboxDir, Duration inboxPollInterval, int maxReportedErrors,
        SourceDefinition.EncodingMismatch encodingMismatch) {

    public ImportingProperties {
        sourcesDir = sourcesDir == null ? Path.of("sources") : sourcesDir;
        inboxDir = inboxDir == null ? Path.of("inbox") : inboxDir;
        inboxPollInterval = inboxPollInterval == null ? Duration.ofMinutes(1) : inboxPollInterval;
        maxReportedErrors = maxReportedErrors <= 0 ? 1000 : maxReportedErrors;
        encodingMismatch = encodingMismatch == null ? SourceDefinition.EncodingMismatch.WARN : encodingMismatch;
    }
}
