package jp.tsunagu.resident;

import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * 多くの人に共通の文字片 (the grams most persons have): the prefecture and municipality of an address
 * (埼玉県狭山市) are in the address grams of nearly every resident, so that 「狭山台」's gram 狭山 is the
 * whole city. A search leaves such a gram out of the grams it intersects — reading a list of every
 * person narrows nothing and cost 80 ms at 4,000,000 residents — and checks the fragment itself on
 * the rows the other grams found ({@link TermTiers}). Read from the planner's statistics of
 * {@code person.grams} (the most common elements that {@code ANALYZE} keeps), again after a minute.
 * The same statistics tell the lead tier which of a combination's address grams cost more to intersect
 * than the few rows they would rule out ({@link SearchStatement}).
 */
final class CommonGrams {

    /** A gram that more than this share of persons has is common. */
    static final double SHARE = 0.2;

    private static final long REFRESH_NANOS = 60_000_000_000L;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CommonGrams.class);

    private final JdbcTemplate jdbc;
    private volatile Shares shares = Shares.NONE;
    private volatile long readAt;
    private volatile boolean read;

    CommonGrams(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * 文字片の割合 (the shares of persons the grams have), as the statistics of {@code person.grams} give them:
     * each of the most common elements with its share, and the smallest of those shares, which no gram the
     * statistics leave out exceeds. The common grams (more than {@link #SHARE}) are worked out once, when the
     * statistics are read, not at each search.
     */
    static final class Shares {

        /** Before any statistics: nothing is known, nothing is common. */
        static final Shares NONE = new Shares(java.util.Map.of(), 1);

        private final java.util.Map<String, Double> shares;
        private final double floor;
        private final Set<String> common;

        /**
         * @param shares the listed grams' shares
         * @param floor what a gram not listed is taken to have at most (1 without statistics: any gram may be in
         *     every person)
         */
        Shares(java.util.Map<String, Double> shares, double floor) {
            this.shares = java.util.Map.copyOf(shares);
            this.floor = floor;
            this.common = Set.copyOf(shares.entrySet().stream().filter(e -> e.getValue() > SHARE)
                    .map(java.util.Map.Entry::getKey).toList());
        }

        /** The given grams as common (each in every person), nothing else known (for the plan checks). */
        static Shares common(Set<String> grams) {
            return new Shares(grams.stream().collect(java.util.stream.Collectors.toMap(g -> g, g -> 1.0)), 1);
        }

        /** The grams more than {@link #SHARE} of the persons have. */
        Set<String> common() {
            return common;
        }

        /** Whether the statistics list the gram (its share is known, not only bounded). */
        boolean listed(String gram) {
            return shares.containsKey(gram);
        }

        /**
         * The share of persons who have the gram: a listed gram's, else at most the smallest listed share. A name's
         * gram of the year that the statistics do not list ({@code n1972:森田}) is taken as the share of the persons
         * born that year ({@code y:1972}) times that of the name's gram ({@code n:森田}), as independent as
         * {@link SearchStatement} takes a combination's grams: at 4,000,000 residents 147 persons have
         * {@code n1972:森田}, where the smallest listed share is 16,000 persons, and taken at that size it kept
         * 入間川's 445,000 entries in 「入間川 森田 S47」's combination of the town with the name (3.5 ms warm; 2.1 ms
         * without 入間).
         */
        double of(String gram) {
            Double listed = shares.get(gram);
            if (listed != null) {
                return listed;
            }
            SearchGrams.NameOfTheYear name = SearchGrams.nameOfTheYear(gram);
            return name == null ? floor
                    : Math.min(floor, of(SearchGrams.yearGram(name.year())) * of(name.nameGram()));
        }
    }

    /** The common grams as the statistics last said (empty before the first {@code ANALYZE}). */
    Set<String> get() {
        return shares().common();
    }

    /** The grams' shares as the statistics last said ({@link Shares#NONE} before the first {@code ANALYZE}). */
    Shares shares() {
        long now = System.nanoTime();
        if (!read || now - readAt > REFRESH_NANOS) {
            synchronized (this) {
                if (!read || now - readAt > REFRESH_NANOS) {
                    refresh();
                }
            }
        }
        return shares;
    }

    /** Reads the statistics now. */
    synchronized void refresh() {
        try {
            java.util.Map<String, Double> listed = new java.util.HashMap<>();
            jdbc.query("""
                    SELECT e.elem, e.freq
                      FROM pg_stats s,
                           unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS e(elem, freq)
                     WHERE s.schemaname = current_schema() AND s.tablename = 'person' AND s.attname = 'grams'
                       AND e.elem IS NOT NULL""", rs -> {
                // the grams' numbers (GramCode) as the statistics list them, read back as grams; a number that is
                // no gram (written by hand) is left out
                try {
                    listed.put(GramCode.text(Long.parseLong(rs.getString(1))), rs.getDouble(2));
                } catch (IllegalArgumentException e) {
                    log.debug("検索用文字片の統計に文字片でない値があります: {}", rs.getString(1));
                }
            });
            shares = listed.isEmpty() ? Shares.NONE
                    : new Shares(listed, listed.values().stream().mapToDouble(Double::doubleValue).min().orElse(1));
        } catch (org.springframework.dao.DataAccessException e) {
            // the search works without: every gram is intersected, as before the statistics existed
            log.warn("検索用文字片の統計を読めませんでした（すべての文字片で検索します）: {}", e.getMessage());
        }
        readAt = System.nanoTime();
        read = true;
    }
}
