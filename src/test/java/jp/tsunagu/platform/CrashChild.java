package jp.tsunagu.platform;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import jp.tsunagu.TsunaguApplication;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import jp.tsunagu.documents.DocumentUpload;
import jp.tsunagu.documents.Documents;
import jp.tsunagu.documents.NewDocument;
import jp.tsunagu.importing.ImportReport;
import jp.tsunagu.importing.SnapshotImport;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The process {@link CrashCampaignTests} kills (クラッシュ試験の子プロセス): the application without its web server,
 * on the test's database (given by URL), which prints {@code ready} once started and then does what each line of
 * its standard input asks, printing {@code done …} when it is complete — an import together with everything its
 * listeners do after it (the person index, life events), an upload, a read-back of every stored file. The test
 * kills it with {@code kill -9} at a chosen moment of one of these, and the next child is the restart.
 */
public final class CrashChild {

    /** The staff member who uploads, and the department and person the files belong to. */
    static final String WORKER = "crash-worker";
    static final String DEPARTMENT = "crash-kaigo";
    static final String PERSON = "0097000001";

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        SpringApplication app = new SpringApplication(TsunaguApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        // the inbox watcher stays off: the test gives every file itself
        app.setAdditionalProfiles("cli");
        try (ConfigurableApplicationContext context = app.run(args)) {
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            say("ready");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.trim().split(" ");
                try {
                    switch (w[0]) {
                        case "import" -> {
                            ImportReport report = context.getBean(SnapshotImport.class)
                                    .importFile(w[1], Path.of(w[2]), "cli", "crash-campaign");
                            awaitListeners(jdbc);
                            say("done " + report.status() + " " + report.runId());
                        }
                        case "await" -> {
                            awaitListeners(jdbc);
                            say("done await");
                        }
                        case "setup-uploads" -> {
                            setUpUploads(context, jdbc);
                            say("done setup");
                        }
                        case "upload" -> {
                            int n = Integer.parseInt(w[1]);
                            var uploaded = context.getBean(DocumentUpload.class).upload(viewer(context),
                                    new NewDocument(PERSON, title(n), "visit", null, null, null, false),
                                    "memo-" + n + ".txt", memo(n, Integer.parseInt(w[2])));
                            say("done upload " + uploaded.id());
                        }
                        case "uploads" -> {
                            readBack(context, jdbc);
                            say("done uploads");
                        }
                        case "exit" -> {
                            say("done exit");
                            return;
                        }
                        default -> say("failed unknown command " + line);
                    }
                } catch (RuntimeException e) {
                    say("failed " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
        }
    }

    /** The title of the n-th file of the upload scenario. */
    static String title(int n) {
        return "crash-" + n;
    }

    /** The n-th file's bytes: text (kept as it is, so that its SHA-256 is the stored content's), of about size bytes. */
    static byte[] memo(int n, int size) {
        StringBuilder text = new StringBuilder(size + 100);
        for (int i = 0; text.length() < size / 3; i++) {
            text.append("訪問記録 ").append(n).append(" 行 ").append(i).append(": 本人と面談。\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void setUpUploads(ConfigurableApplicationContext context, JdbcClient jdbc) {
        StaffAccounts accounts = context.getBean(StaffAccounts.class);
        accounts.saveDepartment(DEPARTMENT, "介護保険課", "2345");
        accounts.save(WORKER, "介護 花子", "pw-123456789", Role.CASEWORKER, DEPARTMENT);
        // the person as the index writes them (as the documents tests' fixture does): no registry needed
        jdbc.sql("""
                INSERT INTO person (person_key, master_source, registered, status, name, kana, kana_key, kana_loose,
                                    name_key, birth_date, address, support_measure, address_protected, grams,
                                    updated_run)
                VALUES (:k, 'jumin-kiroku', true, '住民', '中断 試子', 'テスト', 'テスト', 'テスト', '中断 試子',
                        DATE '1950-04-01', '狭山市入間川', false, false, '{}', 0)""").param("k", PERSON).update();
    }

    private static Viewer viewer(ConfigurableApplicationContext context) {
        return context.getBean(AccessPolicy.class).viewer(WORKER);
    }

    /** Prints {@code doc <id> <title> <sha-256 of the content as read back>} for every file row. */
    private static void readBack(ConfigurableApplicationContext context, JdbcClient jdbc) throws RuntimeException {
        Documents documents = context.getBean(Documents.class);
        Viewer viewer = viewer(context);
        List<Object[]> rows = jdbc.sql("SELECT id, title FROM document ORDER BY id")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        for (Object[] row : rows) {
            long id = (Long) row[0];
            String sha;
            try {
                var content = documents.open(viewer, id, Documents.Use.DOWNLOAD);
                if (content.isEmpty()) {
                    sha = "UNREADABLE";
                } else {
                    try (InputStream stream = content.get().stream()) {
                        sha = sha256(stream.readAllBytes());
                    }
                }
            } catch (Exception e) {
                sha = "MISSING";
            }
            say("doc " + id + " " + row[1] + " " + sha);
        }
    }

    /** Until every listener has taken in every applied import (as SampleCity.awaitListeners). */
    private static void awaitListeners(JdbcClient jdbc) {
        await("every listener took in every applied import").pollInterval(Duration.ofMillis(50))
                .atMost(Duration.ofMinutes(10))
                .until(() -> jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL")
                        .query(Long.class).single() == 0);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
