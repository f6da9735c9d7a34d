package jp.tsunagu.procedures;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The life events in number order from a cursor (ライフイベントの配信): the cursor is the number of the
 * last event a client has; the next page starts after it. Numbers are handed out and committed in
 * order ({@link LifeEvents}), so a page never passes an event that is still being written: no event is
 * skipped, none repeated, while imports run.
 */
@Component
class LifeEventFeed {

    static final int MAX_PAGE = 1_000;

    private final JdbcClient jdbc;
    private final ItemStore store;

    LifeEventFeed(JdbcClient jdbc, ItemStore store) {
        this.jdbc = jdbc;
        this.store = store;
    }

    /** Up to {@code limit} events after the cursor, in number order. */
    List<LifeEvent> after(long cursor, int limit) {
        return jdbc.sql("SELECT " + ItemStore.EVENT_COLUMNS + " FROM life_event WHERE seq > :c ORDER BY seq LIMIT :n")
                .param("c", cursor).param("n", Math.min(Math.max(limit, 1), MAX_PAGE)).query(store::mapEvent).list();
    }
}
