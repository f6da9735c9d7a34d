package jp.tsunagu.audit;

import java.util.Map;
import jp.tsunagu.importing.SnapshotApplied;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/** Logins, logouts, failed logins and applied imports go into the audit trail. */
@Component
class SecurityEventRecorder {

    private final AuditTrail trail;

    SecurityEventRecorder(AuditTrail trail) {
        this.trail = trail;
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        trail.record(AuditEvent.of(event.getAuthentication().getName(), AuditAction.LOGIN, Map.of()));
    }

    @EventListener
    void on(AbstractAuthenticationFailureEvent event) {
        trail.record(AuditEvent.of(String.valueOf(event.getAuthentication().getName()), AuditAction.LOGIN_FAILED,
                Map.of("reason", event.getException().getClass().getSimpleName())));
    }

    @EventListener
    void on(LogoutSuccessEvent event) {
        trail.record(AuditEvent.of(event.getAuthentication().getName(), AuditAction.LOGOUT, Map.of()));
    }

    @ApplicationModuleListener
    void on(SnapshotApplied event) {
        trail.record(AuditEvent.of("system", AuditAction.IMPORT, Map.of("source", event.sourceId(),
                "run", Long.toString(event.runId()), "added", Long.toString(event.added()),
                "changed", Long.toString(event.changed()), "ended", Long.toString(event.ended()))));
    }
}
