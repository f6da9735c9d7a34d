package jp.tsunagu.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * On first start, creates the administrator {@code admin}. Its password comes from the environment
 * variable {@code TSUNAGU_ADMIN_PASSWORD}, or is generated and printed once.
 */
@Component
@Order(0)
class BootstrapAdministrator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(BootstrapAdministrator.class);
    static final String USERNAME = "admin";

    private final StaffAccounts accounts;
    private final Environment environment;

    BootstrapAdministrator(StaffAccounts accounts, Environment environment) {
        this.accounts = accounts;
        this.environment = environment;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (accounts.countAdministrators() > 0) {
            return;
        }
        String given = environment.getProperty("TSUNAGU_ADMIN_PASSWORD");
        String password = given != null && !given.isBlank() ? given : GeneratedPasswords.next();
        accounts.saveDepartment("system", "情報システム課", null);
        accounts.save(USERNAME, "システム管理者", password, Role.ADMIN, "system");
        String banner = given != null && !given.isBlank()
                ? "管理者 admin を作成しました (パスワードは TSUNAGU_ADMIN_PASSWORD の値)"
                : "管理者 admin を作成しました。初期パスワード (この一度だけ表示): " + password;
        log.warn(banner);
        System.out.println("\n==== Tsunagu ====\n" + banner + "\n=================\n");
    }
}
