package jp.tsunagu.documents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import jp.tsunagu.AuditRows;
import jp.tsunagu.TsunaguTest;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.Blob;
import org.jclouds.blobstore.options.PutOptions;
import org.jclouds.blobstore.util.ForwardingBlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The object storage as the store ({@code tsunagu.documents.store=s3}), against a real S3 API server: S3Proxy,
 * started here on a free port of the loopback address over jclouds' in-memory blob store, speaking the S3 protocol
 * with AWS signatures. The test looks into the bucket with an S3 client of its own, never through the hub: an
 * upload and download through the application round-trip the bytes, the objects are encrypted (no plaintext marker,
 * no JPEG), an upload while the server is down or failing its puts leaves no row and no object and tells the clerk
 * in Japanese, {@code documents check} finds an object without a row and a row without its object by listing the
 * prefix, and credentials the server refuses are a Japanese error at start and on first use.
 */
@TsunaguTest
@AutoConfigureMockMvc
@TestPropertySource(properties = {"tsunagu.database.data-dir=target/test-pg-documents-s3-f${tsunagu.test.fork:1}",
        "tsunagu.documents.store=s3",
        "tsunagu.documents.files-dir=target/test-documents-s3-f${tsunagu.test.fork:1}/files-${random.uuid}",
        "tsunagu.documents.key-file=target/test-documents-s3-f${tsunagu.test.fork:1}/documents.key",
        "tsunagu.documents.s3.bucket=" + S3StoreTests.BUCKET,
        "tsunagu.documents.s3.prefix=" + S3StoreTests.PREFIX,
        "tsunagu.documents.s3.region=ap-northeast-1",
        "tsunagu.documents.s3.path-style=true",
        "tsunagu.documents.s3.access-key=" + S3StoreTests.ACCESS_KEY,
        "tsunagu.documents.s3.secret-key=" + S3StoreTests.SECRET_KEY,
        "tsunagu.documents.s3.timeout=10s"})
class S3StoreTests {

    static final String BUCKET = "tsunagu-city";
    static final String PREFIX = "sayama/files/";
    static final String ACCESS_KEY = "tsunagu-test-access";
    static final String SECRET_KEY = "tsunagu-test-secret-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    static BlobStoreContext blobs;
    static S3Proxy server;
    static int port;
    static S3Client bucket;

    @DynamicPropertySource
    static void objectStorage(DynamicPropertyRegistry registry) throws Exception {
        if (server == null) {
            blobs = ContextBuilder.newBuilder("transient").build(BlobStoreContext.class);
            blobs.getBlobStore().createContainerInLocation(null, BUCKET);
            serve(ACCESS_KEY, SECRET_KEY, false);
            bucket = S3Client.builder().region(Region.AP_NORTHEAST_1).forcePathStyle(true)
                    .endpointOverride(URI.create("http://127.0.0.1:" + port))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        }
        registry.add("tsunagu.documents.s3.endpoint", () -> "http://127.0.0.1:" + port);
    }

    /**
     * (Re)starts the S3 API server on the same port and blob store: with these credentials, and with puts failing
     * in the blob store behind it when asked (the server answers them with an error, as a full disk would).
     */
    static void serve(String accessKey, String secretKey, boolean failPuts) throws Exception {
        if (server != null) {
            server.stop();
        }
        BlobStore store = failPuts ? new FailingPuts(blobs.getBlobStore()) : blobs.getBlobStore();
        S3Proxy started = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey).build();
        started.start();
        await("S3Proxy started").atMost(Duration.ofSeconds(30)).until(() -> "STARTED".equals(started.getState()));
        server = started;
        port = started.getPort();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (bucket != null) {
            bucket.close();
        }
        if (blobs != null) {
            blobs.close();
        }
    }

    /**
     * The blob store behind the server, failing every put as a full disk would (the server answers 500). It reads
     * the body first, as a disk that fills up while writing does: failing before reading it, the server answered
     * and closed the connection while the client was still sending, and the client then saw a broken pipe instead
     * of the 500 now and then (full run r27).
     */
    static final class FailingPuts extends ForwardingBlobStore {

        FailingPuts(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public String putBlob(String container, Blob blob) {
            throw full(blob);
        }

        @Override
        public String putBlob(String container, Blob blob, PutOptions options) {
            throw full(blob);
        }

        private static java.io.UncheckedIOException full(Blob blob) {
            try (java.io.InputStream body = blob.getPayload().openStream()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                return new java.io.UncheckedIOException(e);
            }
            return new java.io.UncheckedIOException(new IOException("No space left on device (the test's blob store)"));
        }
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    StaffAccounts accounts;
    @Autowired
    AccessPolicy access;
    @Autowired
    DocumentUpload upload;
    @Autowired
    StoreCheck check;
    @Autowired
    DocumentsCommand command;
    @Autowired
    FileStore store;
    @Autowired
    DocumentsProperties properties;
    @Autowired
    S3StoreProperties s3Properties;

    final String tag = UUID.randomUUID().toString().substring(0, 8);
    String person;

    @BeforeEach
    void aCaseworkerAndAPerson() {
        accounts.saveDepartment("s3-kaigo", "介護保険課", "2345");
        accounts.save("s3-worker", "介護 花子", "pw-123456789", Role.CASEWORKER, "s3-kaigo");
        person = Residents.add(jdbc, "保存 試子", "狭山市入間川一丁目1番1号", false);
    }

    @Test
    void theStoreIsTheObjectStorage() {
        assertThat(store).isInstanceOf(S3Store.class);
        assertThat(store.describe()).isEqualTo("s3://" + BUCKET + "/" + PREFIX + " (http://127.0.0.1:" + port + ")");
    }

    @Test
    void anUploadAndADownloadThroughTheApplicationRoundTripTheBytesAndTheBucketHoldsThemEncrypted() throws Exception {
        String marker = "secret-phrase-s3-" + tag;
        byte[] memo = ("訪問メモ: 階段に手すりが必要。" + marker + "\n").repeat(3000).getBytes(StandardCharsets.UTF_8);
        byte[] photo = TestFiles.photoWithGps(96, 64, 1, 5);
        Set<String> before = objectKeys();

        long memoId = uploadForm("訪問メモ " + tag, "visit", "memo.txt", memo);
        long photoId = uploadForm("玄関の写真 " + tag, "photo", "door.jpg", photo);

        byte[] memoBack = download(memoId);
        assertThat(memoBack).as("the bytes come back as sent").isEqualTo(memo);
        byte[] photoBack = download(photoId);
        assertThat(ImageIO.read(new ByteArrayInputStream(photoBack)).getWidth()).isEqualTo(96);
        assertThat(new String(photoBack, StandardCharsets.ISO_8859_1)).as("the plaintext is a JPEG").startsWith("\u00ff\u00d8")
                .contains("JFIF");
        assertThat(html("/persons/" + person + "/documents")).as("the thumbnail is read back from the bucket")
                .contains("data:image/jpeg;base64,", "/documents/" + photoId);

        Set<String> added = objectKeys();
        added.removeAll(before);
        String memoKey = PREFIX + storageName(memoId);
        String photoKey = PREFIX + storageName(photoId);
        assertThat(added).as("the memo, the photo and its thumbnail, each one object under the prefix")
                .hasSize(3).contains(memoKey, photoKey).allMatch(k -> k.matches(PREFIX + "[0-9a-f]{64}"));
        for (String key : added) {
            String object = new String(bucket.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray(),
                    StandardCharsets.ISO_8859_1);
            assertThat(object).as(key).startsWith("TSGDOC1\n").doesNotContain(marker)
                    .doesNotContain(new String(marker.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1))
                    .doesNotContain("JFIF").doesNotContain("Exif").doesNotStartWith("\u00ff\u00d8");
        }
        assertThat(bucket.getObjectAsBytes(b -> b.bucket(BUCKET).key(memoKey)).asByteArray().length)
                .isGreaterThan(memo.length);
        assertThat(memoKey).as("the key is no plain hash of the content")
                .doesNotContain(HexFormat.of().formatHex(DocumentKeys.sha256(memo)));
        assertThat(localFiles()).as("nothing of the files stays on the local disk").isEmpty();

        byte[] api = mvc.perform(get("/api/v1/persons/" + person + "/documents/" + memoId + "/content").with(worker()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsByteArray();
        assertThat(api).isEqualTo(memo);
        String sameAgain = mvc.perform(multipart("/api/v1/persons/" + person + "/documents")
                        .file(new MockMultipartFile("file", "memo2.txt", "text/plain", memo)).param("kind", "visit")
                        .with(csrf()).with(worker()))
                .andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JSON.readTree(sameAgain).path("deduplicated").asBoolean()).as("content-addressed over S3 too")
                .isTrue();
        assertThat(objectKeys()).hasSize(before.size() + 3);
    }

    @Test
    void anUploadWhileTheServerIsDownLeavesNoRowNoObjectAndTellsTheClerkInJapanese() throws Exception {
        Counts before = counts();
        long mark = AuditRows.mark(jdbc);
        server.stop();
        try {
            JsonNode result = uploadFormRefused("stairs.jpg", TestFiles.photoWithGps(40, 30, 1, 7));
            assertThat(result.path("message").asString()).contains("stairs.jpg", "保存先に書き込めなかった",
                    "登録していません", "もう一度送ってください").doesNotContain("Exception", "at jp.");

            String api = mvc.perform(multipart("/api/v1/persons/" + person + "/documents")
                            .file(new MockMultipartFile("file", "letter.pdf", "application/pdf", TestFiles.pdf("letter")))
                            .param("kind", "medical").with(csrf()).with(worker()))
                    .andExpect(status().isServiceUnavailable()).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
            assertThat(JSON.readTree(api).path("error").asString()).contains("letter.pdf", "登録していません");
            assertThat(JSON.readTree(api).path("reason").asString()).isEqualTo("store");
        } finally {
            serve(ACCESS_KEY, SECRET_KEY, false);
        }
        assertThat(counts()).as("no row, no object").isEqualTo(before);
        assertThat(localFiles()).as("no temporary file left").isEmpty();
        assertThat(AuditRows.since(jdbc, mark, "s3-worker")).noneMatch(r -> r.action().equals("DOCUMENT_UPLOAD"));
    }

    @Test
    void aPutTheServerFailsLeavesNoRowNoObjectAndTellsTheClerkInJapanese() throws Exception {
        Counts before = counts();
        serve(ACCESS_KEY, SECRET_KEY, true);
        try {
            JsonNode result = uploadFormRefused("memo.txt",
                    ("put failing " + tag).getBytes(StandardCharsets.UTF_8));
            assertThat(result.path("message").asString()).contains("memo.txt", "保存先に書き込めなかった", "登録していません");
            assertThatThrownBy(() -> upload.upload(access.viewer("s3-worker"), new NewDocument(person, "メモ", "visit",
                    null, null, null, false), "memo.txt", ("put failing again " + tag).getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(StoreUnavailableException.class)
                    .cause().hasMessageContaining("添付ファイルを保存できません").hasMessageContaining("HTTP 500");
        } finally {
            serve(ACCESS_KEY, SECRET_KEY, false);
        }
        assertThat(counts()).as("no row, no object").isEqualTo(before);
        assertThat(localFiles()).as("no temporary file left").isEmpty();
    }

    @Test
    void theCheckListsThePrefixAndFindsAnOrphanObjectAndARowWhoseObjectIsMissing() throws Exception {
        long kept = upload.upload(access.viewer("s3-worker"), new NewDocument(person, "申請書写し " + tag, "other",
                null, null, null, false), "form.txt", ("申請書 " + tag).getBytes(StandardCharsets.UTF_8)).id();
        String lostName = storageName(kept);
        byte[] lostObject = bucket.getObjectAsBytes(b -> b.bucket(BUCKET).key(PREFIX + lostName)).asByteArray();
        bucket.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + lostName));
        // an upload killed between its put and its commit leaves exactly this: an object no row names
        String orphanName = HexFormat.of().formatHex(DocumentKeys.sha256(("orphan " + tag).getBytes(StandardCharsets.UTF_8)));
        bucket.putObject(b -> b.bucket(BUCKET).key(PREFIX + orphanName), RequestBody.fromBytes(new byte[] {1, 2, 3}));
        // keys that are not the hub's are left alone: another prefix, or no content address
        bucket.putObject(b -> b.bucket(BUCKET).key("other/" + orphanName), RequestBody.fromString("x"));
        bucket.putObject(b -> b.bucket(BUCKET).key(PREFIX + "README.txt"), RequestBody.fromString("x"));

        StoreCheck.Result found = check.run(false);
        assertThat(found.orphanFiles()).containsExactly(orphanName);
        assertThat(found.missing()).containsExactly(lostName);
        assertThat(check.documentsOf(found.missing())).singleElement().asString().contains("添付 " + kept, person);
        assertThat(command.run(List.of("check"))).as("a row without its object: only a backup brings it back")
                .isEqualTo(DocumentsCommand.EXIT_LOST);
        assertThat(objectKeys()).contains(PREFIX + orphanName);

        StoreCheck.Result repaired = check.run(true);
        assertThat(repaired.orphanFiles()).containsExactly(orphanName);
        assertThat(objectKeys()).doesNotContain(PREFIX + orphanName).contains("other/" + orphanName,
                PREFIX + "README.txt");
        assertThat(check.run(false).missing()).containsExactly(lostName);

        // the object put back from a backup: the check is clean, and the file reads again
        bucket.putObject(b -> b.bucket(BUCKET).key(PREFIX + lostName), RequestBody.fromBytes(lostObject));
        assertThat(check.run(false).clean()).isTrue();
        assertThat(command.run(List.of("check"))).isZero();
        assertThat(download(kept)).isEqualTo(("申請書 " + tag).getBytes(StandardCharsets.UTF_8));
        bucket.deleteObject(b -> b.bucket(BUCKET).key("other/" + orphanName));
        bucket.deleteObject(b -> b.bucket(BUCKET).key(PREFIX + "README.txt"));
    }

    @Test
    void credentialsTheServerRefusesAreAJapaneseErrorAtStartAndOnFirstUse() throws Exception {
        Counts before = counts();
        serve(ACCESS_KEY, "another-secret-than-the-hubs", false);
        try {
            assertThatThrownBy(() -> new DocumentsConfiguration().fileStore(properties, s3Properties, "s3"))
                    .as("at start").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("オブジェクトストレージ s3://" + BUCKET + "/" + PREFIX)
                    .hasMessageContaining("アクセスキーかシークレットキーが正しくないか")
                    .hasMessageContaining("tsunagu.documents.s3.access-key と secret-key を確かめてください");

            JsonNode result = uploadFormRefused("visit.txt", ("visit " + tag).getBytes(StandardCharsets.UTF_8));
            assertThat(result.path("message").asString()).as("on first use").contains("visit.txt",
                    "保存先に書き込めなかった", "システムの管理者に連絡してください");
            assertThatThrownBy(() -> upload.upload(access.viewer("s3-worker"), new NewDocument(person, "メモ", "visit",
                    null, null, null, false), "visit.txt", ("visit again " + tag).getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(StoreUnavailableException.class).cause()
                    .hasMessageContaining("アクセスキーかシークレットキーが正しくないか").hasMessageContaining("HTTP 403");
        } finally {
            serve(ACCESS_KEY, SECRET_KEY, false);
        }
        assertThat(counts()).isEqualTo(before);
        S3StoreProperties noBucket = new S3StoreProperties(s3Properties.endpoint(), null, "no-such-bucket", null,
                ACCESS_KEY, SECRET_KEY, true, null);
        assertThatThrownBy(() -> new DocumentsConfiguration().fileStore(properties, noBucket, "s3"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("バケット「no-such-bucket」がありません");
        assertThatThrownBy(() -> new DocumentsConfiguration().fileStore(properties, s3Properties, "minio"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tsunagu.documents.store は file");
    }

    record Counts(long documents, long contents, int objects) {
    }

    private Counts counts() {
        return new Counts(jdbc.sql("SELECT count(*) FROM document").query(Long.class).single(),
                jdbc.sql("SELECT count(*) FROM document_content").query(Long.class).single(), objectKeys().size());
    }

    private Set<String> objectKeys() {
        return bucket.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    /** Files on the local disk of the store (its temporary folder included): none once an upload is over. */
    private List<Path> localFiles() throws IOException {
        try (Stream<Path> files = Files.walk(properties.filesDir())) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private String storageName(long id) {
        return jdbc.sql("""
                SELECT c.storage_name FROM document d JOIN document_content c ON c.content_hash = d.content_hash
                 WHERE d.id = :id""").param("id", id).query(String.class).single();
    }

    private long uploadForm(String title, String kind, String fileName, byte[] bytes) throws Exception {
        String body = mvc.perform(multipart("/persons/" + person + "/documents")
                        .file(new MockMultipartFile("files", fileName, "application/octet-stream", bytes))
                        .param("title", title).param("kind", kind).header("Accept", "application/json")
                        .with(csrf()).with(worker()))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(body).path("results").get(0);
        assertThat(result.path("stored").asBoolean()).as(body).isTrue();
        return result.path("id").asLong();
    }

    private JsonNode uploadFormRefused(String fileName, byte[] bytes) throws Exception {
        String body = mvc.perform(multipart("/persons/" + person + "/documents")
                        .file(new MockMultipartFile("files", fileName, "application/octet-stream", bytes))
                        .param("title", "写真").param("kind", fileName.endsWith(".jpg") ? "photo" : "visit")
                        .header("Accept", "application/json").with(csrf()).with(worker()))
                .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        JsonNode result = JSON.readTree(body).path("results").get(0);
        assertThat(result.path("stored").asBoolean()).as(body).isFalse();
        return result;
    }

    private byte[] download(long id) throws Exception {
        return mvc.perform(get("/documents/" + id + "/download").with(worker())).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsByteArray();
    }

    private String html(String path) throws Exception {
        return mvc.perform(get(path).with(worker())).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private static RequestPostProcessor worker() {
        return user("s3-worker").roles("CASEWORKER");
    }
}
