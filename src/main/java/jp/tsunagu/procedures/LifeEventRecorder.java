package jp.tsunagu.procedures;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records life events and, for those that are new, their checklists, in one transaction. */
@Component
class LifeEventRecorder {

    /** What one batch added, and how long its events, its checklists' facts and their items took (ms). */
    record Added(List<LifeEvents.Recorded> events, int items, long eventsMillis, long factsMillis, long itemsMillis) {
    }

    private final LifeEvents events;
    private final Checklists checklists;

    LifeEventRecorder(LifeEvents events, Checklists checklists) {
        this.events = events;
        this.checklists = checklists;
    }

    @Transactional
    Added record(List<LifeEvents.NewEvent> batch) {
        long t0 = System.nanoTime();
        List<LifeEvents.Recorded> recorded = events.record(batch);
        long t1 = System.nanoTime();
        Checklists.Built built = checklists.build(recorded);
        return new Added(recorded, built.items(), (t1 - t0) / 1_000_000, built.factsNanos() / 1_000_000,
                built.writeNanos() / 1_000_000);
    }
}
