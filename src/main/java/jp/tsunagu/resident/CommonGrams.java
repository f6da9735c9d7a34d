package jp.tsunagu.resident;

import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 多くの人に共通の文字片 (the grams most persons have): the prefecture and municipality of an address
 * (埼玉県狭山市) are in the address grams of nearly every resident, so that 「狭山台」's gram 狭山 is the
 * whole city. A search leaves such a gram out of the grams it intersects — reading a list of every
 * person narrows nothing and cost 80 ms at 4,000,000 residents — and checks the fragment itself on
 * the rows the other grams found ({@link TermTiers}). Read from the planner's statistics of
 * {@code person.grams} (the most common elements that {@code ANALYZE} keeps), again after a minute.
 */
final class CommonGrams {

    /** A gram that more than this share of persons has is common. */
    static final double SHARE = 0.2;

    private static final long REFRESH_NANOS = 60_000_000_000L;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommonGrams.class);

    private final JdbcTemplate jdbc;
    private volatile Set<String> grams = Set.of();
    private volatile long readAt;
    private volatile boolean read;

    CommonGrams(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The common grams as the statistics last said (empty before the first {@code ANALYZE}). */
    Set<String> get() {
        long now = System.nanoTime();
        if (!read || now - readAt > REFRESH_NANOS) {
            synchronized (this) {
                if (!read || now - readAt > REFRESH_NANOS) {
                    refresh();
                }
            }
        }
        return grams;
    }

    /** Reads the statistics now. */
    synchronized void refresh() {
        try {
            grams = Set.copyOf(new HashSet<>(jdbc.queryForList("""
                    SELECT e.elem
                      FROM pg_stats s,
                           unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
                     WHERE s.schemaname = current_schema() AND s.tablename = 'person' AND s.attname = 'grams'
                       AND e.elem IS NOT NULL AND e.freq > ?""", String.class, SHARE)));
        } catch (org.springframework.dao.DataAccessException e) {
            // the search works without: every gram is intersected, as before the statistics existed
            log.warn("検索用文字片の統計を読めませんでした（すべての文字片で検索します）: {}", e.getMessage());
        }
        readAt = System.nanoTime();
        read = true;
    }
}
