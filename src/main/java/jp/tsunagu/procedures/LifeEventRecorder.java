package jp.tsunagu.procedures;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Records life events and, for those that are new, their checklists, in one transaction. */
@Component
class LifeEventRecorder {

    /** What one batch added. */
    record Added(List<LifeEvents.Recorded> events, int items) {
    }

    private final LifeEvents events;
    private final Checklists checklists;

    LifeEventRecorder(LifeEvents events, Checklists checklists) {
        this.events = events;
        this.checklists = checklists;
    }

    @Transactional
    Added record(List<LifeEvents.NewEvent> batch) {
        List<LifeEvents.Recorded> recorded = events.record(batch);
        int items = checklists.build(recorded);
        return new Added(recorded, items);
    }
}
