package jp.tsunagu.resident;

import java.util.List;
import java.util.Optional;
import jp.tsunagu.importing.RecordReader;
import jp.tsunagu.importing.SnapshotApplied;
import jp.tsunagu.importing.SourceCatalog;
import jp.tsunagu.importing.SourceDefinition;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether the person index holds every master snapshot applied (索引の状態): a master source whose
 * snapshot was applied and whose first index is not yet in place makes every search answer
 * {@link IndexBuildingException} with the share done, from the moment its import commits (before the
 * index task has even started) until the built index is swapped in.
 *
 * <p>A complete answer is kept for {@value #KEEP_COMPLETE_MILLIS} ms, so that a search costs no query
 * for it; an import of a master in this process forgets it at once. An import by another process (the
 * command line) is seen within that time.
 */
@Component
class IndexState {

    static final long KEEP_COMPLETE_MILLIS = 1_000;
    static final long LOOK_EACH_TIME_MILLIS = 60_000;

    private final JdbcClient jdbc;
    private final SourceCatalog catalog;
    private final RecordReader records;
    private final FirstIndexProgress progress;
    private volatile long completeUntil;
    /** After a master import in this process, until when a complete answer is not kept (its commit may follow). */
    private volatile long lookEachTimeUntil;

    IndexState(JdbcClient jdbc, SourceCatalog catalog, RecordReader records, FirstIndexProgress progress) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.records = records;
        this.progress = progress;
    }

    /** @throws IndexBuildingException while a first index is being built */
    void requireComplete() {
        if (System.currentTimeMillis() < completeUntil) {
            return;
        }
        Optional<Integer> building = building();
        if (building.isPresent()) {
            throw new IndexBuildingException(building.get());
        }
        long now = System.currentTimeMillis();
        if (now >= lookEachTimeUntil) {
            completeUntil = now + KEEP_COMPLETE_MILLIS;
        }
    }

    /** The share done of the first index being built, or empty when the index holds every applied master. */
    Optional<Integer> building() {
        List<String> masters = catalog.all().stream().filter(s -> s.role().isMaster()).map(SourceDefinition::id)
                .toList();
        if (masters.isEmpty()) {
            return Optional.empty();
        }
        long imported = records.importedSources(masters);
        long indexed = jdbc.sql("SELECT count(*) FROM person_index_source WHERE source_id IN (:ids)")
                .param("ids", masters).query(Long.class).single();
        if (indexed >= imported) {
            return Optional.empty();
        }
        return Optional.of(progress.current().map(IndexBuilding::percent).orElse(0));
    }

    /**
     * In this process, before the import commits: searches look each time for a minute, since the commit
     * (which makes the master count as applied) follows this event.
     */
    @EventListener
    void on(SnapshotApplied applied) {
        if (applied.role().isMaster()) {
            lookEachTimeUntil = System.currentTimeMillis() + LOOK_EACH_TIME_MILLIS;
            completeUntil = 0;
        }
    }
}
