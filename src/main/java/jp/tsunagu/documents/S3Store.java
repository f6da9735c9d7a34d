package jp.tsunagu.documents;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Object storage as the store (オブジェクトストレージ, S3 API), chosen by {@code tsunagu.documents.store=s3}
 * ({@link S3StoreProperties}): each encrypted file is one object, {@code <prefix><name>}, its name the same
 * content address as on the file system. What is put is what {@link FileCipher} wrote: the bucket holds only
 * encrypted bytes, so a copied bucket (or a provider's staff) reveals nothing without the master key, which never
 * leaves the hub.
 *
 * <p>The guarantees, as S3 gives them: an object is written with one {@code PutObject} of known length, which S3
 * makes visible only whole — a put that is interrupted (the connection lost, the hub killed, the server stopped)
 * leaves no object at all, never a half one, and S3 answers only once the object is stored durably. So there is no
 * temporary object and no rename: the encrypted file is written whole to a local temporary file first (under
 * {@code files-dir/tmp}, owner-only, the same as for the file system), then put; {@link ContentStore} writes the
 * row only after the put has succeeded, in the same transaction. What can remain after a crash is an object
 * without a row (killed between the put and the commit) or a local temporary file: {@code documents check} lists
 * the prefix and finds both, as it does on the file system.
 *
 * <p>Every failure of the server or of the connection is an {@link IOException} whose message says in Japanese
 * what is wrong (unreachable, the credentials refused, the bucket missing); {@link #verify()} asks once at start.
 */
class S3Store implements FileStore, AutoCloseable {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}");

    private final S3Client s3;
    private final S3StoreProperties settings;
    private final String bucket;
    private final String prefix;
    private final TemporaryFiles temporary;

    S3Store(S3StoreProperties settings, Path filesDir) {
        settings.check();
        this.settings = settings;
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        Path tmp = filesDir.toAbsolutePath().resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("添付ファイルの一時フォルダを作れません: " + tmp, e);
        }
        this.temporary = new TemporaryFiles(tmp);
        AwsCredentialsProvider credentials = settings.accessKey().isEmpty()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        Duration timeout = settings.timeout();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                        .socketTimeout(timeout))
                .overrideConfiguration(c -> c.apiCallTimeout(timeout.multipliedBy(3)).apiCallAttemptTimeout(timeout));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
    }

    /**
     * Asks the server for the bucket once; the exception's message says in Japanese what is wrong (unreachable, the
     * credentials refused, no such bucket).
     */
    void verify() throws IOException {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw failure("バケットを確かめられません", e);
        }
    }

    /** Whether a failure of {@link #verify()} is one of the settings (credentials, bucket) rather than of the network. */
    static boolean refused(IOException failure) {
        return failure.getCause() instanceof S3Exception s3 && (s3.statusCode() == 401 || s3.statusCode() == 403
                || s3.statusCode() == 404);
    }

    @Override
    public Path temporaryFile() throws IOException {
        return temporary.create();
    }

    /**
     * Puts the written file as the object of this name, whole: S3 makes an object visible only once all of it is
     * stored, so a put that fails or is interrupted leaves nothing under the name (or the same content as before,
     * which a content address cannot tell from the new one).
     */
    @Override
    public void put(Path written, String name) throws IOException {
        String key = key(name);
        long size = Files.size(written);
        try {
            s3.putObject(b -> b.bucket(bucket).key(key).contentLength(size)
                    .contentType("application/octet-stream"), RequestBody.fromFile(written));
        } catch (SdkException e) {
            throw failure("添付ファイルを保存できません", e);
        }
    }

    @Override
    public boolean exists(String name) {
        String key = key(name);
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new UncheckedIOException(failure("添付ファイルを確かめられません", e));
        } catch (SdkException e) {
            throw new UncheckedIOException(failure("添付ファイルを確かめられません", e));
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        String key = key(name);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException("s3://" + bucket + "/" + key, null, "添付ファイルがオブジェクトストレージにありません");
            }
            throw failure("添付ファイルを読めません", e);
        } catch (SdkException e) {
            throw failure("添付ファイルを読めません", e);
        }
    }

    @Override
    public byte[] raw(String name) throws IOException {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        }
    }

    @Override
    public void delete(String name) throws IOException {
        String key = key(name);
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("添付ファイルを削除できません", e);
            }
        } catch (SdkException e) {
            throw failure("添付ファイルを削除できません", e);
        }
    }

    /** Every object under the prefix whose name is a content address (other keys there are not the hub's). */
    @Override
    public List<Stored> list() throws IOException {
        List<Stored> stored = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
                String name = object.key().substring(prefix.length());
                if (NAME.matcher(name).matches()) {
                    stored.add(new Stored(name, object.lastModified()));
                }
            }
        } catch (SdkException e) {
            throw failure("オブジェクトの一覧を取れません", e);
        }
        return stored;
    }

    /** Local temporary files left behind: S3 itself never keeps half an object, so there are none in the bucket. */
    @Override
    public List<Stored> leftovers() throws IOException {
        return temporary.leftovers();
    }

    @Override
    public void deleteLeftover(String name) throws IOException {
        temporary.delete(name);
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix + (settings.endpoint() == null ? "" : " (" + settings.endpoint() + ")");
    }

    @Override
    public void close() {
        s3.close();
    }

    private String key(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("保存名が正しくありません: " + name);
        }
        return prefix + name;
    }

    /** The failure as the operator and the clerk can read it: what was being done, and why in plain words. */
    private IOException failure(String doing, SdkException e) {
        String where = "オブジェクトストレージ " + describe();
        String why;
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String detail = " (HTTP " + s3.statusCode() + (code == null ? "" : ", " + code) + ")";
            if (s3.statusCode() == 401 || s3.statusCode() == 403) {
                why = "アクセスキーかシークレットキーが正しくないか、バケットへの権限がありません" + detail
                        + "。tsunagu.documents.s3.access-key と secret-key を確かめてください";
            } else if ("NoSuchBucket".equals(code) || (s3.statusCode() == 404 && code == null)) {
                why = "バケット「" + bucket + "」がありません" + detail + "。tsunagu.documents.s3.bucket を確かめてください";
            } else {
                why = "サーバーが要求を断りました" + detail;
            }
        } else {
            why = "サーバーにつながりません (" + e.getMessage() + ")";
        }
        return new IOException(doing + ": " + where + ": " + why, e);
    }
}
