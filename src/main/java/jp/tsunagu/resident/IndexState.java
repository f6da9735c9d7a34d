package jp.tsunagu.resident;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import jp.tsunagu.importing.RecordReader;
import jp.tsunagu.importing.SourceCatalog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Whether the person index holds every master snapshot applied (索引の状態): a master source whose
 * snapshot was applied and whose first index is not yet in place makes every search answer
 * {@link IndexBuildingException} with the share done, from the moment its import commits (in this
 * process or another, before the index task has even started) until the built index is swapped in.
 *
 * <p>Once a master source is indexed it stays so (a later snapshot changes the index in place), so the
 * sources known to be indexed are remembered: a city whose masters are all indexed pays no query for
 * this; one with a master never imported pays one small query a search.
 */
@Component
class IndexState {

    private final JdbcClient jdbc;
    private final SourceCatalog catalog;
    private final RecordReader records;
    private final FirstIndexProgress progress;
    private final Set<String> indexed = ConcurrentHashMap.newKeySet();

    IndexState(JdbcClient jdbc, SourceCatalog catalog, RecordReader records, FirstIndexProgress progress) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.records = records;
        this.progress = progress;
    }

    /** @throws IndexBuildingException while a first index is being built */
    void requireComplete() {
        Optional<Integer> building = building();
        if (building.isPresent()) {
            throw new IndexBuildingException(building.get());
        }
    }

    /** The share done of the first index being built, or empty when the index holds every applied master. */
    Optional<Integer> building() {
        List<String> pending = pending();
        if (pending.isEmpty() || records.importedSources(pending) == 0) {
            return Optional.empty();
        }
        indexed.addAll(jdbc.sql("SELECT source_id FROM person_index_source WHERE source_id IN (:ids)")
                .param("ids", pending).query(String.class).list());
        pending = pending();
        if (pending.isEmpty() || records.importedSources(pending) == 0) {
            return Optional.empty();
        }
        return Optional.of(progress.current().map(IndexBuilding::percent).orElse(0));
    }

    /** The master sources not known to be indexed. */
    private List<String> pending() {
        List<String> masters = catalog.masterIds();
        return indexed.containsAll(masters) ? List.of() : masters.stream().filter(id -> !indexed.contains(id)).toList();
    }
}
