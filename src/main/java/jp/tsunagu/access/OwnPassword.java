package jp.tsunagu.access;

import java.util.Map;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A staff member changes their own password (パスワードの変更): the current one first, the new one
 * twice, under the same rules as every password ({@link AccountRules#password}). Recorded in the
 * audit trail inside the change's transaction (without the password): no record, no change.
 */
@Service
class OwnPassword {

    private final JdbcClient jdbc;
    private final PasswordEncoder encoder;
    private final AuditTrail audit;

    OwnPassword(JdbcClient jdbc, PasswordEncoder encoder, AuditTrail audit) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.audit = audit;
    }

    /** @throws AccountChangeRejected with the reason in Japanese; nothing is changed then */
    @Transactional
    void change(String username, String current, String replacement, String repeated) {
        String hash = jdbc.sql("SELECT password_hash FROM staff_account WHERE username = :u AND enabled")
                .param("u", username).query(String.class).optional()
                .orElseThrow(() -> new AccountChangeRejected("このアカウントのパスワードは変更できません"));
        if (current == null || current.isEmpty() || !encoder.matches(current, hash)) {
            throw new AccountChangeRejected("現在のパスワードが違います");
        }
        AccountRules.password(replacement, username).ifPresent(problem -> {
            throw new AccountChangeRejected(problem);
        });
        if (!replacement.equals(repeated)) {
            throw new AccountChangeRejected("新しいパスワードが確認用と一致しません");
        }
        if (encoder.matches(replacement, hash)) {
            throw new AccountChangeRejected("新しいパスワードが現在のものと同じです");
        }
        jdbc.sql("UPDATE staff_account SET password_hash = :p WHERE username = :u")
                .param("p", encoder.encode(replacement)).param("u", username).update();
        audit.record(AuditEvent.of(username, AuditAction.ACCOUNT, Map.of("change", "password-change",
                "account", username, "password", "set")));
    }
}
