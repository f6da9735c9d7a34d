package jp.tsunagu.documents;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the object storage (オブジェクトストレージ, S3 API) as the store of the encrypted files, bound under
 * {@code tsunagu.documents.s3}; used only when {@code tsunagu.documents.store=s3} ({@link S3Store}). The secret
 * belongs in the environment ({@code TSUNAGU_DOCUMENTS_S3_SECRET_KEY}), not in a file beside the program.
 *
 * @param endpoint the S3 API's address ({@code https://s3.example.lg.jp}); empty: AWS's own endpoint of the region
 * @param region the region the requests are signed for (default {@code ap-northeast-1}); an S3-compatible server
 *        usually accepts any
 * @param bucket the bucket; it must exist (the hub never creates or deletes buckets)
 * @param prefix what every object's key starts with (default {@code tsunagu/files/}), so that one bucket can hold
 *        other things, or the files of several installations
 * @param accessKey the access key; empty: the SDK's default chain (environment, profile, the machine's role)
 * @param secretKey the secret of the access key
 * @param pathStyle address the bucket in the path ({@code endpoint/bucket/key}) rather than in the host name, as
 *        most S3-compatible servers need
 * @param timeout how long one request may take before the store counts as unreachable (default 30 s)
 */
@ConfigurationProperties("tsunagu.documents.s3")
public record S3StoreProperties(URI endpoint, String region, String bucket, String prefix, String accessKey,
        String secretKey, boolean pathStyle, Duration timeout) {

    public S3StoreProperties {
        endpoint = endpoint == null || endpoint.toString().isBlank() ? null : endpoint;
        region = region == null || region.isBlank() ? "ap-northeast-1" : region.strip();
        bucket = bucket == null ? "" : bucket.strip();
        prefix = prefix == null ? "tsunagu/files/" : prefix.strip();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        if (prefix.startsWith("/")) {
            prefix = prefix.substring(1);
        }
        accessKey = accessKey == null ? "" : accessKey.strip();
        secretKey = secretKey == null ? "" : secretKey;
        timeout = timeout == null ? Duration.ofSeconds(30) : timeout;
    }

    /** Whether the settings are enough to use the store; the message names what is missing. */
    void check() {
        if (bucket.isEmpty()) {
            throw new IllegalStateException("tsunagu.documents.store=s3 にはバケット名 tsunagu.documents.s3.bucket が必要です");
        }
        if (accessKey.isEmpty() != secretKey.isEmpty()) {
            throw new IllegalStateException("tsunagu.documents.s3.access-key と secret-key は両方とも指定するか、"
                    + "両方とも空にしてください (空なら環境変数などの既定の認証情報を使います)");
        }
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw new IllegalStateException("tsunagu.documents.s3.endpoint は http:// か https:// で始まるアドレスにしてください: "
                    + endpoint);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalStateException("tsunagu.documents.s3.timeout は 0 より長くしてください: " + timeout);
        }
    }
}
