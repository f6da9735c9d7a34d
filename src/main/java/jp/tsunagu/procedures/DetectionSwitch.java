package jp.tsunagu.procedures;

import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * Whether applied master snapshots are turned into life events now (検出の入切): starts as the setting
 * {@code tsunagu.procedures.detect} says. {@code bench lifeevents} turns it off to measure the same
 * re-import without detection in the same run; nothing else should.
 */
@Component
public class DetectionSwitch {

    private final AtomicBoolean on;

    DetectionSwitch(ProceduresProperties properties) {
        this.on = new AtomicBoolean(properties.detect());
    }

    public boolean on() {
        return on.get();
    }

    public void set(boolean detect) {
        on.set(detect);
    }
}
