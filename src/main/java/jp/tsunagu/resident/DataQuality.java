package jp.tsunagu.resident;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jp.tsunagu.platform.PageNumbers;
import jp.tsunagu.platform.PageSlice;
import jp.tsunagu.programs.ProgramSource;
import jp.tsunagu.programs.Programs;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Data quality of the person index (データ品質): records of the program sources whose person key the
 * index does not know (so they cannot be linked to anyone), and suspected duplicates, persons with
 * the same normalised kana and birth date under different person keys, for a clerk to review.
 *
 * <p>The records come from the programs module (who is involved in a source, with how many records,
 * in person key order), checked a batch of 5,000 persons at a time against the primary key of
 * {@code person}: the person index and the program records belong to different modules, so neither
 * names the other's table. A page of groups reads {@code person_by_kana_birth} in order and stops
 * after the page. The counts must see every row.
 */
@Service
public class DataQuality {

    /** One program source and how many of its current records point at no person of the index. */
    public record SourceCount(String sourceId, String name, String program, long records, long unindexed) {
    }

    /** A record whose person key is not in the index. */
    public record UnindexedRecord(String personKey, String recordKey) {
    }

    /** A person of a suspected duplicate group, as stored (access rules are the screen's). */
    public record Candidate(String personKey, String name, String kana, LocalDate birthDate, String address,
            String addressDetail, String status, String masterSource, boolean addressProtected) {
    }

    /** Persons with the same normalised kana and birth date: two or more keys. */
    public record DuplicateGroup(String kanaKey, LocalDate birthDate, List<Candidate> persons) {
    }

    // person_key is the primary key, so two rows of a group always have different keys
    private static final String GROUPS = """
            SELECT kana_key COLLATE "C" AS kana_key, birth_date FROM person
             WHERE kana_key <> '' AND birth_date IS NOT NULL
             GROUP BY kana_key COLLATE "C", birth_date
            HAVING count(*) > 1""";

    private static final int BATCH = 5_000;

    private final JdbcClient jdbc;
    private final Programs programs;

    DataQuality(JdbcClient jdbc, Programs programs) {
        this.jdbc = jdbc;
        this.programs = programs;
    }

    /** Every program source (the masters build the index and are left out), in catalog order. */
    public List<SourceCount> unindexedBySource() {
        List<ProgramSource> sources = programs.programSources();
        if (sources.isEmpty()) {
            return List.of();
        }
        List<String> ids = sources.stream().map(ProgramSource::id).toList();
        Map<String, Long> records = programs.recordCounts(ids);
        Map<String, Long> unindexed = new LinkedHashMap<>();
        forEachUnindexed(ids, i -> unindexed.merge(i.sourceId(), (long) i.records(), Long::sum));
        return sources.stream().map(s -> new SourceCount(s.id(), s.name(), s.program(),
                records.getOrDefault(s.id(), 0L), unindexed.getOrDefault(s.id(), 0L))).toList();
    }

    /** The program source with this id, if there is one (a master source has no such list). */
    public java.util.Optional<ProgramSource> programSource(String sourceId) {
        return programs.source(sourceId).filter(s -> !s.master());
    }

    /** One page of a source's records whose person key is not in the index, by person key and record key. */
    public PageSlice<UnindexedRecord> unindexed(String sourceId, int requestedPage, int size) {
        List<Programs.Involved> persons = new ArrayList<>();
        forEachUnindexed(List.of(sourceId), persons::add);
        long total = persons.stream().mapToLong(Programs.Involved::records).sum();
        PageNumbers numbers = PageNumbers.of(requestedPage, size, total);
        long from = numbers.offset();
        // the persons whose records fall on this page, and where the page starts in the first one's
        List<String> onPage = new ArrayList<>();
        long before = 0;
        long skip = 0;
        for (Programs.Involved p : persons) {
            if (before + p.records() > from && before < from + size) {
                if (onPage.isEmpty()) {
                    skip = from - before;
                }
                onPage.add(p.personKey());
            }
            before += p.records();
        }
        Map<String, List<String>> keys = programs.recordKeys(sourceId, onPage);
        List<UnindexedRecord> items = onPage.stream()
                .flatMap(k -> keys.getOrDefault(k, List.of()).stream().map(r -> new UnindexedRecord(k, r)))
                .skip(skip).limit(size).toList();
        return numbers.slice(items);
    }

    /**
     * Hands over, by source and person key, every person involved in these sources whom the index does not
     * know, checked a batch of persons at a time against the index's primary key.
     */
    private void forEachUnindexed(List<String> sourceIds, java.util.function.Consumer<Programs.Involved> consumer) {
        List<Programs.Involved> batch = new ArrayList<>(BATCH);
        programs.forEachInvolved(sourceIds, involved -> {
            batch.add(involved);
            if (batch.size() == BATCH) {
                unknown(batch).forEach(consumer);
                batch.clear();
            }
        });
        unknown(batch).forEach(consumer);
    }

    private List<Programs.Involved> unknown(List<Programs.Involved> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        java.util.Set<String> missing = new java.util.HashSet<>(jdbc.sql("""
                SELECT k FROM unnest(:keys::text[]) AS k
                 WHERE NOT EXISTS (SELECT 1 FROM person p WHERE p.person_key = k)""")
                .param("keys", batch.stream().map(Programs.Involved::personKey).distinct().toArray(String[]::new))
                .query(String.class).list());
        return batch.stream().filter(i -> missing.contains(i.personKey())).toList();
    }

    /** How many suspected duplicate groups there are. */
    public long duplicateGroups() {
        return jdbc.sql("SELECT count(*) FROM (" + GROUPS + ") g").query(Long.class).single();
    }

    /** One page of suspected duplicate groups, by kana and birth date; each group's persons by key. */
    public PageSlice<DuplicateGroup> duplicates(int requestedPage, int size) {
        long total = duplicateGroups();
        PageNumbers numbers = PageNumbers.of(requestedPage, size, total);
        Map<String, DuplicateGroup> groups = new LinkedHashMap<>();
        jdbc.sql("""
                WITH g AS (%s ORDER BY 1, 2 LIMIT :limit OFFSET :offset)
                SELECT g.kana_key, g.birth_date, p.person_key, p.name, p.kana, p.address, p.address_detail,
                       p.status, p.master_source, p.address_protected OR p.support_measure
                  FROM g JOIN person p ON p.kana_key COLLATE "C" = g.kana_key AND p.birth_date = g.birth_date
                 ORDER BY g.kana_key, g.birth_date, p.person_key""".formatted(GROUPS))
                .param("limit", size).param("offset", numbers.offset())
                .query(rs -> {
                    String kana = rs.getString(1);
                    LocalDate born = rs.getObject(2, LocalDate.class);
                    groups.computeIfAbsent(kana + '\u0000' + born, k -> new DuplicateGroup(kana, born, new ArrayList<>()))
                            .persons().add(new Candidate(rs.getString(3), rs.getString(4), rs.getString(5), born,
                                    rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                                    rs.getBoolean(10)));
                });
        return numbers.slice(List.copyOf(groups.values()));
    }
}
