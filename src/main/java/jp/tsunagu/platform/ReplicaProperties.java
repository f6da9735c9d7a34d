package jp.tsunagu.platform;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the read replica (読み取りレプリカ, {@link ReadReplica}).
 *
 * @param replicaUrl JDBC URL of a streaming replica of the primary; empty: every read goes to the primary
 * @param replicaUsername the replica's user; empty: the primary's
 * @param replicaPassword the replica's password; empty: the primary's
 * @param replicaMaxLag a replica further behind the primary than this is bypassed (default 30 s)
 * @param replicaCheckInterval how long one look at the replica's lag is trusted (default 1 s); while the
 *     replica is down it is looked at every 5 s at most often
 * @param replicaConnections the size of the replica's pool for the overview, department lists and
 *     statistics (default 10; the person search has a pool of its own there, as on the primary)
 */
@Validated
@ConfigurationProperties("tsunagu.database")
public record ReplicaProperties(String replicaUrl, String replicaUsername, String replicaPassword,
        Duration replicaMaxLag, Duration replicaCheckInterval, Integer replicaConnections) {

    public ReplicaProperties {
        if (replicaMaxLag == null) {
            replicaMaxLag = Duration.ofSeconds(30);
        }
        if (replicaCheckInterval == null) {
            replicaCheckInterval = Duration.ofSeconds(1);
        }
        if (replicaConnections == null) {
            replicaConnections = 10;
        }
        if (replicaConnections < 1) {
            throw new IllegalArgumentException(
                    "tsunagu.database.replica-connections は 1 以上にしてください: " + replicaConnections);
        }
        if (replicaMaxLag.isNegative() || replicaMaxLag.isZero()) {
            throw new IllegalArgumentException("tsunagu.database.replica-max-lag は 0 より長くしてください: " + replicaMaxLag);
        }
        if (replicaCheckInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "tsunagu.database.replica-check-interval は 0 以上にしてください: " + replicaCheckInterval);
        }
    }

    boolean configured() {
        return replicaUrl != null && !replicaUrl.isBlank();
    }
}
