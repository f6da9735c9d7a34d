package jp.tsunagu.audit;

import java.io.IOException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Rotates the audit trail's key (記録鍵の更新): a new key is appended to the key ring and signs every
 * later row and checkpoint; the older keys stay for the rows they signed. The rotation is itself an
 * entry of the trail, the first one under the new key, and is checkpointed at once.
 */
@Component
class AuditKeyRotation {

    /** The keys before and after, and the entry that records the rotation. */
    record Rotated(String previousKeyId, String keyId, long entry) {
    }

    private final AuditKeys keys;
    private final AuditTrail trail;
    private final AuditCheckpoints checkpoints;

    AuditKeyRotation(AuditKeys keys, AuditTrail trail, AuditCheckpoints checkpoints) {
        this.keys = keys;
        this.trail = trail;
        this.checkpoints = checkpoints;
    }

    Rotated rotate(String actor) throws IOException {
        String previous = keys.current().id();
        AuditKeys.Key key = keys.rotate();
        long entry = trail.record(AuditEvent.of(actor, AuditAction.KEY_ROTATION,
                Map.of("previousKey", previous, "key", key.id())));
        checkpoints.write();
        return new Rotated(previous, key.id(), entry);
    }
}
