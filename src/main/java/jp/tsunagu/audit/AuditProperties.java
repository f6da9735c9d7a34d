package jp.tsunagu.audit;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the audit trail, bound under {@code tsunagu.audit}. The key itself is never a setting
 * here: it is read from {@code TSUNAGU_AUDIT_KEY} or the key file ({@link AuditKeys}).
 *
 * @param keyFile the key ring (HMAC keys), owner-only; default {@code tsunagu-data/audit.key}, beside
 *     the embedded database's folder, never inside the database
 * @param checkpointFile where signed checkpoints of the chain's head are appended; default
 *     {@code tsunagu-data/audit-checkpoints.log}
 * @param checkpointInterval how often the head is checkpointed (default 5 minutes); {@code 0} writes
 *     checkpoints only when asked ({@code audit checkpoint}, {@code audit rotate-key})
 */
@Validated
@ConfigurationProperties("tsunagu.audit")
record AuditProperties(Path keyFile, Path checkpointFile, Duration checkpointInterval) {

    AuditProperties {
        keyFile = (keyFile == null ? Path.of("tsunagu-data", "audit.key") : keyFile).normalize();
        checkpointFile = (checkpointFile == null ? Path.of("tsunagu-data", "audit-checkpoints.log") : checkpointFile)
                .normalize();
        checkpointInterval = checkpointInterval == null ? Duration.ofMinutes(5) : checkpointInterval;
        if (checkpointInterval.isNegative()) {
            throw new IllegalArgumentException("tsunagu.audit.checkpoint-interval は 0 以上にしてください");
        }
    }

    boolean checkpointsScheduled() {
        return !checkpointInterval.isZero();
    }
}
