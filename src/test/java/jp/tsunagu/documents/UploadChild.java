package jp.tsunagu.documents;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import jp.tsunagu.TsunaguApplication;
import jp.tsunagu.access.AccessPolicy;
import jp.tsunagu.access.Role;
import jp.tsunagu.access.StaffAccounts;
import jp.tsunagu.access.Viewer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The process {@link CrashDuringUploadTests} kills (試験用の子プロセス): the application without its web server, which
 * registers three memos to a person, prints {@code stored N} after each, then waits for a line on its standard
 * input before registering a fourth — the upload the test interrupts with {@code kill -9}.
 */
public final class UploadChild {

    private UploadChild() {
    }

    public static void main(String[] args) throws Exception {
        SpringApplication app = new SpringApplication(TsunaguApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setAdditionalProfiles("cli");
        try (ConfigurableApplicationContext context = app.run(args)) {
            StaffAccounts accounts = context.getBean(StaffAccounts.class);
            accounts.saveDepartment("crash-kaigo", "介護保険課", "2345");
            accounts.save("crash-worker", "介護 花子", "pw-123456789", Role.CASEWORKER, "crash-kaigo");
            Viewer viewer = context.getBean(AccessPolicy.class).viewer("crash-worker");
            String person = Residents.add(context.getBean(JdbcClient.class), "中断 試子", "狭山市入間川", false);
            DocumentUpload upload = context.getBean(DocumentUpload.class);
            for (int i = 1; i <= 3; i++) {
                upload.upload(viewer, memo(person, i), "memo-" + i + ".txt", text(i));
                System.out.println("stored " + i);
            }
            System.out.println("waiting");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            upload.upload(viewer, memo(person, 4), "memo-4.txt", text(4));
            System.out.println("stored 4");
        }
    }

    private static NewDocument memo(String person, int i) {
        return new NewDocument(person, "訪問メモ " + i, "visit", null, null, null, false);
    }

    private static byte[] text(int i) {
        return ("訪問メモ " + i + ": 本人と面談。\n").repeat(100).getBytes(StandardCharsets.UTF_8);
    }
}
