package jp.tsunagu.access;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import jp.tsunagu.audit.AuditAction;
import jp.tsunagu.audit.AuditEvent;
import jp.tsunagu.audit.AuditTrail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff members' second factors (二段階認証): enrolment and checking a typed code. */
@Service
class TotpSecrets {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditTrail audit;

    TotpSecrets(JdbcClient jdbc, Clock clock, AuditTrail audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
    }

    boolean enrolled(String username) {
        return secret(username).isPresent();
    }

    /**
     * Stores a secret once the staff member has typed a code it makes, proving their app has it.
     *
     * @return whether the code matched and the secret was stored
     */
    @Transactional
    boolean enrol(String username, byte[] secret, String typed) {
        OptionalLong step = Totp.matchingStep(secret, typed, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        jdbc.sql("UPDATE staff_account SET totp_secret = :s, totp_last_step = :step WHERE username = :u")
                .param("s", Base32.encode(secret)).param("step", step.getAsLong()).param("u", username).update();
        audit.record(AuditEvent.of(username, AuditAction.ACCOUNT, Map.of("change", "totp-enrol",
                "account", username)));
        return true;
    }

    /**
     * Checks a typed code. A code is good once: a step at or before the last accepted one is refused,
     * so a code seen over someone's shoulder cannot be replayed.
     */
    boolean verify(String username, String typed) {
        Optional<byte[]> secret = secret(username);
        if (secret.isEmpty()) {
            return false;
        }
        OptionalLong step = Totp.matchingStep(secret.get(), typed, clock.instant());
        if (step.isEmpty()) {
            return false;
        }
        return jdbc.sql("""
                UPDATE staff_account SET totp_last_step = :step
                 WHERE username = :u AND (totp_last_step IS NULL OR totp_last_step < :step)
                """).param("step", step.getAsLong()).param("u", username).update() == 1;
    }

    private Optional<byte[]> secret(String username) {
        return jdbc.sql("SELECT totp_secret FROM staff_account WHERE username = :u AND totp_secret IS NOT NULL")
                .param("u", username).query(String.class).optional().map(Base32::decode);
    }
}
